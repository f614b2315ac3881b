"""Benchmark: a clinic upload (``POST /clinic``) against ``prop64 evaluate`` on the same file.

    .venv/bin/python bench/bench_clinic.py [--repeat 5] [--rows 60000]

A synthetic contract file (``prop64 synth``, seed 1; synthetic data only) in a temporary folder,
then, alternating in the same run, ``repeat`` timings of
- ``prop64 evaluate FILE -o OUT`` (a fresh process, its default two processes),
- the clinic page's "Show the results" (the upload evaluated, counted, the first page of the
  table rendered, the sealed copy of the file put in the page), and
- the clinic's "Download the results (CSV)" (the same output as ``evaluate``, one process),
each clinic request sent as a browser sends it (multipart, CSRF token) to the site built by
``create_app`` in this process (the app is built once, as a server worker holds it). Prints
medians (wall seconds) and the ratios to ``evaluate`` as Markdown table rows for the README.
The target (issue 11): a clinic upload of 60,000 rows answers within 3x the evaluate time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BOUNDARY = "bench-clinic-boundary"


def multipart(fields: dict[str, str], data: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; '
        'filename="clients.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return b"".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=60_000)
    args = parser.parse_args()

    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-that-is-long-enough-for-the-check",
            "SESSION_COOKIE_SECURE": False,
        }
    )
    client = app.test_client()
    page = client.get("/clinic").get_data(as_text=True)
    m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert m, "no CSRF token on /clinic"
    token = m.group(1)
    prop64 = str(Path(sys.executable).with_name("prop64"))

    with tempfile.TemporaryDirectory(prefix="bench-clinic-") as tmp:
        src, out = os.path.join(tmp, "in.csv"), os.path.join(tmp, "out.csv")
        subprocess.run(
            [prop64, "synth", "--rows", str(args.rows), "--seed", "1", "-o", src], check=True
        )
        data = Path(src).read_bytes()
        timings: dict[str, list[float]] = {"evaluate": [], "show": [], "csv": []}
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([prop64, "evaluate", src, "-o", out], check=True, capture_output=True)
            timings["evaluate"].append(time.perf_counter() - started)
            for action in ("show", "csv"):
                body = multipart({"csrf_token": token, "action": action}, data)
                started = time.perf_counter()
                response = client.post(
                    "/clinic",
                    data=body,
                    content_type=f"multipart/form-data; boundary={BOUNDARY}",
                )
                body_bytes = response.get_data()
                timings[action].append(time.perf_counter() - started)
                assert response.status_code == 200, body_bytes[:500]
        base = statistics.median(timings["evaluate"])
        print(
            f"{args.rows:,} rows ({len(data) / 1e6:.1f} MB), {args.repeat} runs each, alternating"
        )
        print("| what | median s | × evaluate |")
        print("|---|---:|---:|")
        for label, key in (
            ("`prop64 evaluate` (fresh process)", "evaluate"),
            ("clinic: show the results", "show"),
            ("clinic: download the results CSV", "csv"),
        ):
            med = statistics.median(timings[key])
            print(f"| {label} | {med:.2f} | {med / base:.2f}× |")


if __name__ == "__main__":
    main()
