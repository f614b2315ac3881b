"""HTTP load: the site as the Procfile serves it, under wrk, beside a bare Flask "hello".

    .venv/bin/python bench/bench_http.py [--seconds 60] [--connections 32] [--threads 2]

Starts gunicorn exactly as the Procfile does (``gunicorn -c gunicorn.conf.py``, so the same
worker class, threads, ``WEB_CONCURRENCY`` and timeouts) on a free loopback port, and runs
``wrk --latency`` for the given time against:

1. ``GET /hello`` of ``bench/hello_app.py`` (a bare Flask app, same gunicorn settings): the
   baseline;
2. ``GET /`` of the site;
3. the add-conviction POST (a valid form, CSRF token and sealed cookie) alternating with
   ``GET /results`` for a person with three convictions;
4. ``GET /download/0/packet.pdf`` (a filled CR-400 + CR-401 + CR-403 packet);
5. (the JSON API, issue 11) ``POST /api/v1/assessments`` with five convictions of two people,
   and ``POST /api/v1/packets`` giving one packet (the rate limits raised for the run).

``--only api [--rounds 3]`` runs the bare endpoint and the API rows alone, alternated.

It prints requests per second, median and 99th-percentile latency, errors (socket errors and
non-2xx/3xx answers) and the workers' memory (RSS) before and after each run. Needs ``wrk``
(Debian package ``wrk``). Synthetic answers only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-that-is-long-enough-for-the-check-0123456789"  # noqa: S105 - a benchmark


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: str, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PROP64_"))}
    env.update(PORT=str(port), SECRET_KEY=SECRET, PROP64_SECURE_COOKIES="false")
    env.update(extra_env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = int(env.get("WEB_CONCURRENCY") or 2)
    for _ in range(600):
        try:
            # An HTTP answer, not just an open port: the workers are forked after the master
            # has warmed the court forms, and their memory is measured from then.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            # Each worker listens on its own socket (gunicorn.conf.py: reuse_port): a run that
            # starts before the last worker listens puts every connection on the first ones.
            if listening(port) >= workers or env.get("GUNICORN_REUSE_PORT") in ("0", "false"):
                return proc
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"gunicorn did not start for {app}")


def listening(port: int) -> int:
    """How many sockets listen on ``port`` (from /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            count += 1
    return count


def workers_rss_kib(master: int) -> int:
    path = Path(f"/proc/{master}/task/{master}/children")
    total = 0
    for pid in path.read_text().split():
        status = Path(f"/proc/{pid}/status").read_text()
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m.group(1)) if m else 0
    return total


class Browser:
    """Just enough of a browser to fill in the site's forms: cookie and CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        location = response.getheader("Location") or ""
        conn.close()
        return response.status, text, location

    def token(self, path: str) -> tuple[str, str]:
        status, text, location = self.request("GET", path)
        if status == 302:
            path = location
            status, text, location = self.request("GET", path)
        m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text)
        assert m, path
        return path, m.group(1)

    def submit(self, path: str, form: dict[str, str]) -> str:
        path, token = self.token(path)
        status, _text, location = self.request("POST", path, {"csrf_token": token, **form})
        assert status == 302, (path, status)
        return location


CONVICTION = {
    "county": "Fresno", "case_number": "F-2002", "section": "HS 11358", "offense_month": "5",
    "offense_day": "1", "offense_year": "2014", "level": "F", "status": "p",
}  # fmt: skip


def prepare(port: int) -> dict[str, str]:
    """A person with three convictions and petition details; the add form's request."""
    b = Browser(port)
    b.submit("/about-you", {"dob_month": "4", "dob_day": "3", "dob_year": "1980",
                            "juvenile": "n", "superstrike": "n", "pc290": "n"})  # fmt: skip
    for section in ("HS 11357(b)", "HS 11359", "HS 11358"):
        b.submit("/convictions/new", {**CONVICTION, "section": section})
    b.submit("/petition", {"name": "Maria Lopez", "street": "1 Main St", "city": "Oakland",
                           "state": "CA", "zip": "94612", "signature": "typed"})  # fmt: skip
    path, token = b.token("/convictions/new")
    body = urllib.parse.urlencode({"csrf_token": token, **CONVICTION})
    return {"cookie": b.cookie, "post_path": path, "post_body": body}


def lua(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def wrk(
    url: str, seconds: int, connections: int, threads: int, script: Path | None
) -> dict[str, float]:
    cmd = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    cmd += ["--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * units[m.group(2)] if m else float("nan")

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


# --- The JSON API (issue 11) ----------------------------------------------------------------
# Kept apart from the site's rows above so that the two parts merge cleanly.

API_ENV = {
    # The benchmark is one client: raise its rate limits so that they are checked, not hit.
    "PROP64_API_RATE_LIMIT": "100000000 per minute",
    "PROP64_API_PACKETS_RATE_LIMIT": "100000000 per minute",
}
API_CONVICTION = {
    "date_of_birth": "1970-03-15", "offense_date": "2012-05-01", "conviction_date": "2012-07-01",
    "level": "F", "sentence_status": "completed", "court": "adult", "county": "Alameda",
}  # fmt: skip


def api_bodies() -> dict[str, str]:
    """The JSON bodies: five convictions of two people; one person's packet."""
    import json

    five = [
        {**API_CONVICTION, "person_id": "A", "code_section": "HS 11357(b)", "cannabis_grams": 20,
         "case_number": "A-1"},
        {**API_CONVICTION, "person_id": "A", "code_section": "HS 11359", "case_number": "A-2"},
        {**API_CONVICTION, "person_id": "A", "code_section": "PC 459", "case_number": "A-3"},
        {**API_CONVICTION, "person_id": "B", "code_section": "HS 11358", "plant_count": 12,
         "case_number": "B-1"},
        {**API_CONVICTION, "person_id": "B", "code_section": "HS 11360(a)", "sold": True,
         "case_number": "B-2"},
    ]  # fmt: skip
    packet = [
        {**API_CONVICTION, "person_id": "A", "code_section": "HS 11359", "case_number": "A-2",
         "name": "Maria Lopez", "street": "1 Main St", "city": "Oakland", "state": "CA",
         "zip": "94612"},
    ]  # fmt: skip
    return {
        "assessments": json.dumps({"convictions": five}),
        "packets": json.dumps({"convictions": packet}),
    }


def api_plans(folder: Path, port: int) -> list[tuple[str, str, Path | None]]:
    """(label, path, wrk script) of the API rows; checks each answer once first."""
    plans = []
    for name, body in api_bodies().items():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", f"/api/v1/{name}", body, {"Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        conn.close()
        assert answer.status == 200, (name, answer.status)
        quoted = body.replace("\\", "\\\\").replace('"', '\\"')
        script = lua(
            folder,
            f"api_{name}.lua",
            f'wrk.method = "POST"\nwrk.body = "{quoted}"\n'
            'wrk.headers["Content-Type"] = "application/json"\n',
        )
        label = (
            "API POST /api/v1/assessments (5 convictions)"
            if name == "assessments"
            else ("API POST /api/v1/packets (1 packet)")
        )
        plans.append((label, f"/api/v1/{name}", script))
    return plans


def print_rounds(
    runs: dict[str, list[dict[str, float]]],
    labels: list[str],
    extra: tuple[str, Callable[[str], str]] | None = None,
) -> None:
    """The Markdown table of alternated rounds: medians, and each round's ratio to the first
    label's (the bare endpoint's) rate in the same round; ``extra``: (title, cell of a label)."""
    title = f" {extra[0]} |" if extra else ""
    print(f"| endpoint | req/s | vs bare (each round) | p50 ms | p99 ms | errors |{title}")
    print("|---|---:|---|---:|---:|---:|" + ("---|" if extra else ""))
    bare = [r["rps"] for r in runs[labels[0]]]
    for label in labels:
        rs = runs[label]
        ratios = ", ".join(f"{r['rps'] / b:.2f}" for r, b in zip(rs, bare, strict=True))
        cell = f" {extra[1](label)} |" if extra else ""
        print(f"| {label} | {statistics.median(r['rps'] for r in rs):.0f} | {ratios} | "
              f"{statistics.median(r['p50'] for r in rs):.1f} | "
              f"{statistics.median(r['p99'] for r in rs):.1f} | "
              f"{sum(r['errors'] for r in rs):.0f} |{cell}")  # fmt: skip


def api_alternating(seconds: int, connections: int, threads: int, rounds: int) -> int:
    """``--only api``: the bare endpoint and the API rows, alternated ``rounds`` times against
    two servers started once (medians; on a shared machine the load changes from one minute
    to the next, and alternating puts the baseline beside each measurement)."""

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hello_port, site_port = free_port(), free_port()
        hello = start("bench.hello_app:app", hello_port)
        site = start("webapp:create_app()", site_port, API_ENV)
        try:
            plans = [("bare Flask GET /hello", f"http://127.0.0.1:{hello_port}/hello", None)]
            plans += [
                (label, f"http://127.0.0.1:{site_port}{path}", script)
                for label, path, script in api_plans(folder, site_port)
            ]
            rss = {"hello": [workers_rss_kib(hello.pid)], "site": [workers_rss_kib(site.pid)]}
            runs: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in plans}
            for _ in range(rounds):
                for label, url, script in plans:
                    runs[label].append(wrk(url, seconds, connections, threads, script))
            rss["hello"].append(workers_rss_kib(hello.pid))
            rss["site"].append(workers_rss_kib(site.pid))
        finally:
            for proc in (hello, site):
                proc.terminate()
                proc.wait()
    print(f"wrk {seconds} s x {rounds} rounds (alternating), {connections} connections, "
          f"{threads} threads; gunicorn -c gunicorn.conf.py; medians of the rounds")  # fmt: skip

    def rss_cell(label: str) -> str:
        before, after = rss["hello"] if label == plans[0][0] else rss["site"]
        growth = (after - before) / before * 100 if before else 0.0
        return f"{before / 1024:.0f} → {after / 1024:.0f} ({growth:+.0f} %)"

    print_rounds(runs, [label for label, _, _ in plans], ("worker RSS", rss_cell))
    return 0


# --- end of the JSON API part ---------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", choices=["api"], help="the bare endpoint and the API rows only")
    parser.add_argument("--rounds", type=int, default=3, help="with --only api: alternations")
    args = parser.parse_args()
    if args.only == "api" and shutil.which("wrk"):
        return api_alternating(args.seconds, args.connections, args.threads, args.rounds)
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        hello = start("bench.hello_app:app", port)
        try:
            before = workers_rss_kib(hello.pid)
            r = wrk(
                f"http://127.0.0.1:{port}/hello", args.seconds, args.connections, args.threads, None
            )
            rows.append(("bare Flask GET /hello", r, before, workers_rss_kib(hello.pid)))
        finally:
            hello.terminate()
            hello.wait()
        port = free_port()
        site = start("webapp:create_app()", port, API_ENV)
        try:
            base = f"http://127.0.0.1:{port}"
            state = prepare(port)
            cookie = state["cookie"]
            with_cookie = lua(folder, "cookie.lua", f'wrk.headers["Cookie"] = "{cookie}"\n')
            post_then_results = lua(
                folder,
                "post.lua",
                f"""
local n = 0
local cookie = "{cookie}"
local body = "{state["post_body"]}"
request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", "{state["post_path"]}", {{
      ["Cookie"] = cookie, ["Origin"] = "{base}",
      ["Content-Type"] = "application/x-www-form-urlencoded"}}, body)
  end
  return wrk.format("GET", "/results", {{["Cookie"] = cookie}})
end
""",
            )
            plans = [
                ("site GET /", "/", None),
                ("add-conviction POST + GET /results", "/", post_then_results),
                ("packet download", "/download/0/packet.pdf", with_cookie),
            ]
            plans += api_plans(folder, port)  # the JSON API (issue 11)
            for label, path, script in plans:
                before = workers_rss_kib(site.pid)
                r = wrk(base + path, args.seconds, args.connections, args.threads, script)
                rows.append((label, r, before, workers_rss_kib(site.pid)))
        finally:
            site.terminate()
            site.wait()
    baseline = rows[0][1]["rps"]
    workers = os.environ.get("WEB_CONCURRENCY", 2)
    print(f"wrk {args.seconds} s, {args.connections} connections, {args.threads} threads; "
          f"gunicorn -c gunicorn.conf.py (WEB_CONCURRENCY={workers})")  # fmt: skip
    print("| endpoint | req/s | vs bare | p50 ms | p99 ms | errors | worker RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, r, before, after in rows:
        growth = (after - before) / before * 100 if before else 0.0
        print(f"| {label} | {r['rps']:.0f} | {r['rps'] / baseline:.2f} | {r['p50']:.1f} | "
              f"{r['p99']:.1f} | {r['errors']:.0f} | {before / 1024:.0f} → {after / 1024:.0f} "
              f"({growth:+.0f} %) |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
