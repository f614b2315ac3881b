"""gunicorn settings for the site (the Procfile runs ``gunicorn -c gunicorn.conf.py``).

Threads, so that a slow or stalled client holds one thread, not the whole worker: with the
default 2 workers x 16 threads, 32 connections can be in progress at once, and a client that
sends its request a byte a second only ever ties up one of them. Each step of a client's request
or response must make progress within ``timeout`` seconds.

A reverse proxy that buffers whole requests (Heroku's router does) is the defence against
*many* slow clients at once; gunicorn's documentation recommends one in front of it.

Every value can come from the environment: ``WEB_CONCURRENCY`` (workers, as Heroku sets it),
``GUNICORN_THREADS``, ``GUNICORN_TIMEOUT``, ``GUNICORN_REUSE_PORT`` (``false`` to share one
listening socket between the workers), ``PORT``.
"""

from __future__ import annotations

import os

from gunicorn import util

from webapp import serving


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value not in ("0", "false", "no", "off")


bind = f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 16)
# A worker that stops answering its arbiter for this long is restarted.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# Idle keep-alive connections are closed after this many seconds.
keepalive = 5
# Smaller than gunicorn's defaults: the site's URLs are short and its forms are POST bodies.
limit_request_line = 2048
limit_request_fields = 60
limit_request_field_size = 8190
# Load the app once in the master, so the workers share the list of cleared answer cookies
# (webapp.revoked) and start faster.
preload_app = True
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# over them. With one shared socket, the worker that wins the race to accept takes every
# connection of a burst: measured with wrk, all 32 keep-alive connections often ended up on one
# worker, which then ran alone on one core (one GIL) while the other idled, halving the site's
# throughput at random from one run to the next (bench/README: "connection balance").
reuse_port = _bool("GUNICORN_REUSE_PORT", True)
# gunicorn's access log has no answers (they are in POST bodies and the encrypted cookie), but
# it is off by default: the site logs nothing about who used it.
accesslog = None
# gunicorn's own error pages (400, 414, 431, 500 before the app) carry the site's headers.
util.write_error = serving.write_error


def when_ready(server: object) -> None:
    """In the master, after the app is loaded and before the workers are forked: load the court
    forms' templates and fonts once, for every worker to share."""
    serving.warm_court_forms()
