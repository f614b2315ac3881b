"""Settings as small classes, one chosen by ``PROP64_CONFIG``; every value can come from
the environment.

The table of variables is in the README. Defaults are the safe ones: production unless
``FLASK_DEBUG`` is set, ``Secure`` cookies in production, a 30-minute idle expiry.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The development key is public on purpose: the app refuses it outside debug and testing.
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - a marker, refused in production


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None
    IDLE_MINUTES = _env_int("PROP64_IDLE_MINUTES", 30)
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=IDLE_MINUTES)
    SESSION_COOKIE_NAME = os.environ.get("PROP64_COOKIE_NAME", "p64")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("PROP64_SECURE_COOKIES", True)
    MAX_CONTENT_LENGTH = _env_int("PROP64_MAX_CONTENT_LENGTH", 256 * 1024)
    SAVE_FILE_MAX_BYTES = _env_int("PROP64_SAVE_FILE_MAX_BYTES", 64 * 1024)
    MAX_CONVICTIONS = _env_int("PROP64_MAX_CONVICTIONS", 20)
    TRUST_PROXY_HOPS = _env_int("PROP64_TRUST_PROXY_HOPS", 0)
    WTF_CSRF_ENABLED = True
    # The same-origin half of CSRF is ours, by Origin (webapp._same_origin); Flask-WTF's
    # Referer-only check would refuse browsers that send no Referer.
    WTF_CSRF_SSL_STRICT = False
    # Strict-Transport-Security on responses served over HTTPS (0 turns it off).
    HSTS_SECONDS = _env_int("PROP64_HSTS_SECONDS", 365 * 24 * 3600)
    # CSRF tokens live as long as the answers they protect.
    WTF_CSRF_TIME_LIMIT = IDLE_MINUTES * 60
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("PROP64_TIMEZONE", "America/Los_Angeles")
    BABEL_TRANSLATION_DIRECTORIES = os.environ.get(
        "PROP64_TRANSLATIONS", str(PROJECT_ROOT / "translations")
    )
    LOG_LEVEL = os.environ.get("PROP64_LOG_LEVEL", "WARNING")
    COURTS_CSV = os.environ.get(
        "PROP64_COURTS_CSV", str(Path(__file__).resolve().parent / "data" / "ca_courts.csv")
    )


class ProductionConfig(Config):
    """Behind HTTPS: secure cookies, a real secret key required."""


class DevelopmentConfig(Config):
    """``make run``: plain HTTP on 127.0.0.1, a public development key if none is set."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
    SESSION_COOKIE_SECURE = _env_bool("PROP64_SECURE_COOKIES", False)
    LOG_LEVEL = os.environ.get("PROP64_LOG_LEVEL", "INFO")


class TestingConfig(DevelopmentConfig):
    """The test suite: CSRF stays on (the tests read the token from the page)."""

    TESTING = True


CONFIGS: dict[str, type[Config]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def choose() -> type[Config]:
    """The class named by ``PROP64_CONFIG``; without it, development under FLASK_DEBUG, else
    production."""
    name = os.environ.get("PROP64_CONFIG", "").strip().lower()
    if not name:
        name = "development" if _env_bool("FLASK_DEBUG", False) else "production"
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"PROP64_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}"
        ) from None
