"""CPU time per request of bench_http.py's requests, in one process (no server, no wrk).

    .venv/bin/python bench/bench_http_cpu.py [PROJECT_ROOT]

Runs the site of PROJECT_ROOT (default: this checkout; give an exported older commit to compare,
alternating runs) in-process and prints the median over 5 rounds of ``time.process_time`` per
request for: ``GET /`` without a cookie, the add-conviction POST, ``GET /results`` and the packet
download, each with the same cookie every time, as wrk sends them. CPU time is steadier than wall
time on a shared machine. Synthetic answers only.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[1])
HOST = "http://127.0.0.1:8000"
CONVICTION = {
    "county": "Fresno", "case_number": "F-2002", "section": "HS 11358", "offense_month": "5",
    "offense_day": "1", "offense_year": "2014", "level": "F", "status": "p",
}  # fmt: skip


def main() -> int:
    sys.path.insert(0, ROOT)
    os.environ.update(
        SECRET_KEY="bench-secret-that-is-long-enough-for-the-check-0123456789",  # noqa: S106
        PROP64_SECURE_COOKIES="false",
    )
    for key in [k for k in os.environ if k.startswith("FLASK_")]:
        del os.environ[key]
    from werkzeug.test import EnvironBuilder

    from webapp import create_app

    app = create_app()
    client = app.test_client()

    def token(path: str) -> tuple[str, str]:
        response = client.get(path)
        if response.status_code == 302:
            path = response.headers["Location"]
            response = client.get(path)
        m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.text)
        assert m, path
        return path, m.group(1)

    def submit(path: str, form: dict[str, str]) -> None:
        path, csrf = token(path)
        response = client.post(
            path, data={"csrf_token": csrf, **form}, headers={"Origin": "http://localhost"}
        )
        assert response.status_code == 302, (path, response.status_code)

    submit("/about-you", {"dob_month": "4", "dob_day": "3", "dob_year": "1980",
                          "juvenile": "n", "superstrike": "n", "pc290": "n"})  # fmt: skip
    for section in ("HS 11357(b)", "HS 11359", "HS 11358"):
        submit("/convictions/new", {**CONVICTION, "section": section})
    submit("/petition", {"name": "Maria Lopez", "street": "1 Main St", "city": "Oakland",
                         "state": "CA", "zip": "94612", "signature": "typed"})  # fmt: skip
    post_path, csrf = token("/convictions/new")
    stored = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert stored is not None
    cookie = f"{app.config['SESSION_COOKIE_NAME']}={stored.value}"
    body = {"csrf_token": csrf, **CONVICTION}

    def run(method: str, path: str, with_cookie: bool = True, data: object = None) -> str:
        headers = {"Host": "127.0.0.1:8000", "Origin": HOST}
        if with_cookie:
            headers["Cookie"] = cookie
        env = EnvironBuilder(method=method, path=path, headers=headers, data=data).get_environ()
        status: list[str] = []
        b"".join(app.wsgi_app(env, lambda s, h, e=None: status.append(s)))
        return status[0]

    cases: dict[str, tuple[int, Callable[[], str]]] = {
        "GET / (no cookie)": (400, lambda: run("GET", "/", with_cookie=False)),
        "add-conviction POST": (200, lambda: run("POST", post_path, data=body)),
        "GET /results": (200, lambda: run("GET", "/results")),
        "GET /download/0/packet.pdf": (40, lambda: run("GET", "/download/0/packet.pdf")),
    }
    print("| request | CPU ms per request (median of 5) |\n|---|---:|")
    for name, (count, request) in cases.items():
        assert request()[:3] in ("200", "302"), name
        rounds = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(count):
                request()
            rounds.append((time.process_time() - started) / count * 1000)
        print(f"| {name} | {statistics.median(rounds):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
