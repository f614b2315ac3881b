"""How close can a page of this stack come to the bare endpoint? The floor, measured.

    .venv/bin/python bench/bench_floor.py [--seconds 20] [--rounds 3]

Issues 9 and 11 ask pages for at least half the requests per second of a bare Flask "hello"
under the same gunicorn settings. This runs, alternated ``--rounds`` times under wrk (32
connections, as ``bench_http.py``), against servers started as the Procfile starts the site
(``gunicorn -c gunicorn.conf.py``):

- the bare endpoint (``bench/hello_app.py``);
- ``bench/floor_app.py``: ``/csrf`` (a CSRF token in a new session cookie, what every page
  with a form needs) and ``/page`` (that, plus a small Jinja page translated by Flask-Babel);
- the site's ``GET /`` for a new visitor.

and prints the requests per second of each and its ratio to the bare endpoint of the same round.
If the floor's ``/page`` is under one half, no page of a site built on Flask, Flask-WTF, Jinja
and Flask-Babel (the stack this project is told to use) can meet the target.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import API_ENV, api_bodies, free_port, lua, print_rounds, start, wrk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    ports = {name: free_port() for name in ("hello", "floor", "api", "site")}
    folder = Path(tempfile.mkdtemp())
    body = api_bodies()["assessments"].replace("\\", "\\\\").replace('"', '\\"')
    post = lua(
        folder,
        "post.lua",
        f'wrk.method = "POST"\nwrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n',
    )
    servers = [
        start("bench.hello_app:app", ports["hello"]),
        start("bench.floor_app:app", ports["floor"]),
        start("bench.floor_app:api", ports["api"]),
        start("webapp:create_app()", ports["site"], API_ENV),
    ]
    hello, floor, api, site = (f"http://127.0.0.1:{ports[k]}" for k in ports)
    plans = [
        ("bare Flask GET /hello", f"{hello}/hello", None),
        ("floor: CSRF token + new session cookie", f"{floor}/csrf", None),
        ("floor: that + a small Jinja page", f"{floor}/jinja", None),
        ("floor: that + its strings through Flask-Babel", f"{floor}/page", None),
        ("site GET / (new visitor)", f"{site}/", None),
        ("API floor: JSON body in, JSON out", f"{api}/json", post),
        ("API floor: that + Flask-Limiter", f"{api}/limited", post),
        ("site POST /api/v1/assessments", f"{site}/api/v1/assessments", post),
    ]
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in plans}
    try:
        for _ in range(args.rounds):
            for label, url, script in plans:
                runs[label].append(wrk(url, args.seconds, args.connections, args.threads, script))
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait()
        shutil.rmtree(folder)
    print(f"wrk {args.seconds} s x {args.rounds} rounds (alternating), {args.connections} "
          f"connections; gunicorn -c gunicorn.conf.py; medians of the rounds")  # fmt: skip
    print_rounds(runs, [label for label, _, _ in plans])
    return 0


if __name__ == "__main__":
    sys.exit(main())
