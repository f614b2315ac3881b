"""Abuse of the JSON API (issue 11): truncated and malformed JSON, deep nesting, wrong types,
100,000 convictions in one body, an oversized body, huge numbers, NUL and text-direction
characters. Each gets a clear 4xx (never a 5xx), memory stays bounded (measured in a separate
process), and nothing is written to disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import make_app
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[2]
ONE = {"person_id": "1", "code_section": "HS 11357(b)", "level": "M", "offense_date": "2010-01-01"}


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return make_app(API_RATE_LIMIT="1000000 per minute").test_client()


def send(client: FlaskClient, body: str | bytes, path: str = "assessments") -> Any:
    return client.post(f"/api/v1/{path}", data=body, content_type="application/json")


def abusive_bodies() -> dict[str, tuple[bytes, int, str]]:
    """name: (body, expected status, expected error)."""
    good = json.dumps({"convictions": [ONE] * 3})
    many = json.dumps({"convictions": [ONE] * 100_000}, separators=(",", ":"))
    small_many = '{"convictions":[' + ",".join(["{}"] * 100_000) + "]}"
    return {
        "truncated at every tenth byte": (good[: len(good) // 10].encode(), 400, "malformed_json"),
        "truncated one byte short": (good[:-1].encode(), 400, "malformed_json"),
        "not JSON at all": (b"<xml/>", 400, "malformed_json"),
        "binary": (bytes(range(256)), 400, "malformed_json"),
        "deep arrays": (b"[" * 200_000 + b"]" * 200_000, 400, "malformed_json"),
        "deep objects": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 400, "malformed_json"),
        "deep inside a field": (
            ('{"convictions":[{"person_id":' + "[" * 50_000 + "]" * 50_000 + "}]}").encode(),
            400,
            "malformed_json",
        ),
        "nesting a JSON parser takes, in a field": (
            (
                '{"convictions":[{"person_id":1,"code_section":' + "[" * 500 + "]" * 500 + "}]}"
            ).encode(),
            422,
            "invalid_field",
        ),
        "wrong types everywhere": (
            json.dumps(
                {
                    "convictions": [
                        {
                            "person_id": [],
                            "code_section": {},
                            "sold": 3,
                            "level": True,
                            "plant_count": False,
                        }
                    ]
                }
            ).encode(),
            422,
            "invalid_field",
        ),
        "100,000 convictions (over 2 MB)": (many.encode(), 413, "too_large"),
        "100,000 empty objects (under 2 MB)": (small_many.encode(), 413, "too_many_convictions"),
        "a 3 MB string": (
            ('{"convictions":[{"person_id":"' + "x" * 3_000_000 + '"}]}').encode(),
            413,
            "too_large",
        ),
        "a huge integer": (
            (
                '{"convictions":[{"person_id":' + "9" * 1_000_000 + ',"code_section":"HS 11359",'
                '"plant_count":' + "9" * 500_000 + "}]}"
            ).encode(),
            200,
            "",
        ),
        "NUL in a value": (
            b'{"convictions":[{"person_id":"a\\u0000b","code_section":"x"}]}',
            422,
            "invalid_field",
        ),
        "a raw NUL byte": (
            b'{"convictions":[{"person_id":"a\x00b","code_section":"x"}]}',
            400,
            "malformed_json",
        ),
        "a right-to-left override": (
            '{"convictions":[{"person_id":"1","code_section":"HS 11359\u202e"}]}'.encode(),
            422,
            "invalid_field",
        ),
        "a lone surrogate": (
            b'{"convictions":[{"person_id":"\\ud800","code_section":"x"}]}',
            422,
            "invalid_field",
        ),
        "duplicate keys": (b'{"convictions":[],"convictions":[]}', 200, ""),
    }


@pytest.mark.parametrize("name", list(abusive_bodies()))
def test_abuse_gets_a_clear_answer(client: FlaskClient, name: str) -> None:
    body, status, error = abusive_bodies()[name]
    for path in ("assessments", "packets"):
        r = send(client, body, path)
        expected = status if not (path == "packets" and status == 200) else 422
        assert r.status_code == expected, (name, path, r.get_data(as_text=True)[:300])
        assert r.mimetype == "application/json"
        if error:
            assert r.get_json()["error"] == error
            assert r.get_json()["message"]


def test_a_body_without_content_length_is_still_limited(client: FlaskClient) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b" " * 100_000

    r = client.post(
        "/api/v1/assessments",
        input_stream=None,
        data=b"".join(chunks()),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert r.status_code in (400, 413)


MEASURE = textwrap.dedent(
    """
    import json, os, resource, sys, tempfile
    from webapp import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                      "API_RATE_LIMIT": "1000000 per minute",
                      "API_PACKETS_RATE_LIMIT": "1000000 per minute"})
    client = app.test_client()
    one = {"person_id": "1", "code_section": "HS 11357(b)", "level": "M",
           "offense_date": "2010-01-01"}
    packet = {**one, "county": "Alameda", "case_number": "A-1", "name": "Maria Lopez",
              "street": "1 Main St", "city": "Oakland", "zip": "94612"}
    def post(path, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return client.post("/api/v1/" + path, data=data, content_type="application/json")
    # warm up: every code path once, then measure
    for _ in range(3):
        post("assessments", {"convictions": [one] * 1000})
        post("packets", {"convictions": [packet]})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    statuses = []
    bodies = [
        json.dumps({"convictions": [one] * 100_000}).encode(),
        ('{"convictions":[' + ",".join(["{}"] * 100_000) + "]}").encode(),
        b"[" * 1_000_000,
        ('{"convictions":[{"person_id":"' + "x" * 1_900_000 + '"}]}').encode(),
    ]
    for _ in range(5):
        for body in bodies:
            statuses.append(post("assessments", body).status_code)
            statuses.append(post("packets", body).status_code)
        statuses.append(post("assessments", {"convictions": [one] * 1000}).status_code)
        statuses.append(post("packets", {"convictions": [packet]}).status_code)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kib": before, "after_kib": after, "statuses": sorted(set(statuses)),
                      "tmp": os.listdir(tempfile.gettempdir())}))
    """
)


def test_memory_is_bounded_and_no_file_is_left_behind(tmp_path: Path) -> None:
    """Peak memory (RSS) of a fresh process after warming up, then after sending the abusive
    bodies five times each and the largest accepted requests: it grows by less than the size of
    a few bodies, and the process's temporary folder (a fresh one) stays empty."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("PROP64_CONFIG", None)
    out = subprocess.run(
        [sys.executable, "-c", MEASURE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    assert got["statuses"] == [200, 400, 413, 422], got["statuses"]
    growth_mib = (got["after_kib"] - got["before_kib"]) / 1024
    print(f"peak RSS growth {growth_mib:.1f} MiB", got)
    assert growth_mib < 40, got
    assert got["tmp"] == [] and list(tmp.iterdir()) == []
