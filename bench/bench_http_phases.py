"""Does one kind of request make the next ones slower? Phases of load against one server.

    .venv/bin/python bench/bench_http_phases.py [PHASE ...]

Starts the site as ``bench_http.py`` does (gunicorn as the Procfile starts it, the API's rate
limits raised), then runs wrk (32 connections, 2 threads) for: ``POST /api/v1/assessments``
(8 s), then for each PHASE (``results``: ``GET /results`` with a person's cookie, 20 s; ``post``:
the add-conviction POST alternating with ``GET /results``, 20 s; ``packet``: the packet
download, 20 s) that phase and the assessments
again. Prints requests per second and the workers' CPU time per request (user + system from
``/proc``, so wrk's own CPU is not counted). ``WEB_CONCURRENCY`` and ``GUNICORN_THREADS`` are
passed on. Synthetic answers only; needs ``wrk``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http as b


def main() -> int:
    phases = sys.argv[1:] or ["results", "results"]
    folder = Path(tempfile.mkdtemp())
    port = b.free_port()
    site = b.start("webapp:create_app()", port, b.API_ENV)

    def cpu_ticks() -> int:
        found = subprocess.run(
            ["pgrep", "-P", str(site.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        total = 0
        for pid in found:
            fields = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()
            total += int(fields[11]) + int(fields[12])
        return total

    def measure(label: str, path: str, script: Path | None, seconds: int) -> None:
        before = cpu_ticks()
        args = ["wrk", "-t2", "-c32", f"-d{seconds}s"]
        args += ["-s", str(script)] if script else []
        out = subprocess.run(
            [*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
        after = cpu_ticks()
        m = re.search(r"(\d+) requests in", out)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        assert m and rps, out
        per = 10 * (after - before) / int(m.group(1))  # ticks are 10 ms
        print(f"| {label} | {float(rps.group(1)):.0f} | {per:.3f} |", flush=True)

    try:
        state = b.prepare(port)
        cookie, base = state["cookie"], f"http://127.0.0.1:{port}"
        post = b.lua(
            folder,
            "post.lua",
            f"""
local n = 0
request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", "{state["post_path"]}", {{
      ["Cookie"] = "{cookie}", ["Origin"] = "{base}",
      ["Content-Type"] = "application/x-www-form-urlencoded"}}, "{state["post_body"]}")
  end
  return wrk.format("GET", "/results", {{["Cookie"] = "{cookie}"}})
end
""",
        )
        results = b.lua(folder, "cookie.lua", f'wrk.headers["Cookie"] = "{cookie}"\n')
        _, api_path, api_script = b.api_plans(folder, port)[0]
        print("| phase | req/s | worker CPU ms per request |\n|---|---:|---:|")
        measure("assessments (fresh workers)", api_path, api_script, 8)
        for phase in phases:
            if phase == "post":
                measure("add-conviction POST + GET /results", "/", post, 20)
            elif phase == "packet":
                measure("packet download", "/download/0/packet.pdf", results, 20)
            else:
                measure("GET /results", "/results", results, 20)
            measure(f"assessments after {phase}", api_path, api_script, 8)
    finally:
        site.terminate()
        site.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
