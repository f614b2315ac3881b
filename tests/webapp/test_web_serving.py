"""The site as the Procfile serves it: gunicorn with threads, started from gunicorn.conf.py."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


@pytest.fixture(scope="module")
def gunicorn() -> Iterator[tuple[int, int]]:
    """gunicorn exactly as the Procfile runs it, with one worker (the hardest case for a slow
    client) chosen through WEB_CONCURRENCY; yields (port, master pid)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PROP64_"))}
    env.update(
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SECRET_KEY="a-test-secret-that-is-long-enough-for-the-check",
        PROP64_SECURE_COOKIES="false",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "webapp:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("gunicorn did not start")
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(port: int, path: str = "/") -> tuple[int, dict[str, str], float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, dict(response.getheaders()), time.monotonic() - started


def test_web_concurrency_sets_the_number_of_workers(gunicorn: tuple[int, int]) -> None:
    """This test ensures that gunicorn starts as many workers as WEB_CONCURRENCY says."""
    port, master = gunicorn
    assert _get(port)[0] == 200
    assert len(_children(master)) == 1


def test_a_slow_client_does_not_block_another(gunicorn: tuple[int, int]) -> None:
    """This test ensures that while one connection sends its request a byte a second (it used
    to block the single sync worker for 30 s), another visitor's page loads in under a second,
    even with a single worker."""
    port, _master = gunicorn
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 20
    stop = threading.Event()
    sent: list[int] = []

    def trickle() -> None:
        with socket.create_connection(("127.0.0.1", port)) as s:
            for byte in request:
                if stop.is_set():
                    return
                s.sendall(bytes([byte]))
                sent.append(byte)
                time.sleep(1)

    slow = threading.Thread(target=trickle, daemon=True)
    slow.start()
    try:
        time.sleep(2.5)  # the slow request is now in the worker
        assert sent
        timings = [_get(port) for _ in range(3)]
        assert all(status == 200 for status, _h, _t in timings)
        assert max(t for _s, _h, t in timings) < 1.0, timings
    finally:
        stop.set()
        slow.join(timeout=5)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET /" + b"a" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
        (b"NOT A REQUEST\r\n\r\n", 400),
    ],
)
def test_gunicorns_own_errors_carry_the_security_headers(
    gunicorn: tuple[int, int], raw: bytes, status: int
) -> None:
    """This test ensures that the errors gunicorn answers itself, before the app sees the
    request (URI too long, a header too large, a broken request line), carry the same security
    headers as the site's pages and do not echo the request."""
    port, _master = gunicorn
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), head[:80]
    assert b"Content-Security-Policy: default-src 'none'" in head
    assert b"X-Content-Type-Options: nosniff" in head
    assert b"aaaa" not in body and b"bbbb" not in body
