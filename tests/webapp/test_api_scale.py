"""Scaling out (issue 11): the workers hold no one's answers (they live in the sealed cookie),
so any worker of any instance with the same SECRET_KEY serves any visitor; the documented
compose file shares the rate limit's store and puts one proxy in front."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import fill_session, make_app

from webapp import api

ROOT = Path(__file__).resolve().parents[2]


def test_another_instance_with_the_same_key_reads_the_answers() -> None:
    one, two = make_app(), make_app()
    a, b = one.test_client(), two.test_client()
    fill_session(a)
    a.get("/convictions")
    cookie = a.get_cookie("p64")
    assert cookie is not None
    b.set_cookie("p64", cookie.value)
    with b.session_transaction() as session:
        assert len(session["c"]) == 3
    assert b.get("/convictions").status_code == 200


def test_another_key_reads_nothing() -> None:
    a = make_app().test_client()
    fill_session(a)
    a.get("/convictions")
    cookie = a.get_cookie("p64")
    assert cookie is not None
    b = make_app(SECRET_KEY="another-secret-that-is-long-enough-for-the-check").test_client()
    b.set_cookie("p64", cookie.value)
    with b.session_transaction() as session:
        assert "c" not in session


def test_the_compose_file_shares_the_rate_limit_store_behind_one_proxy() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "redis", "proxy"}
    env = services["app"]["environment"]
    assert env["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    assert env["PROP64_TRUST_PROXY_HOPS"] == "1"
    assert "SECRET_KEY:?" in env["SECRET_KEY"]  # refused unless set, the same for every instance
    assert services["app"]["deploy"]["replicas"] >= 2
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "-e '.[redis]'" in dockerfile and "gunicorn.conf.py" in dockerfile
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "ip_hash;" in nginx and "server app:8000;" in nginx
    assert "client_max_body_size 3m;" in nginx
    assert api.defaults()["API_MAX_BYTES"] < 3 * 1024 * 1024


def test_the_storage_uri_reaches_the_limiter(monkeypatch: object) -> None:
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    limiter = app.extensions["p64_limiter"]
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert type(make_app().extensions["p64_limiter"].storage) is api.SweptMemoryStorage
