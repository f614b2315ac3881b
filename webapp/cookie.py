"""The answers cookie: encrypted and authenticated, compact, and a browser-session cookie.

Flask's default cookie is only signed: anyone holding it (a shared clinic laptop's cookie file)
reads every answer by base64-decoding it. Here the session is serialised as Flask does (tagged
JSON), compressed with zlib, then sealed with AES-256-GCM under a key derived from
``SECRET_KEY`` (HKDF-SHA256): nobody without the key can read or change it. The cookie value
is ``1.`` followed by base64url(12-byte nonce + ciphertext + tag).

The cookie has no ``Expires``: the browser drops it when it closes. The idle limit is enforced
from the last-use time kept inside it (``webapp._expire_idle_answers``), so an old cookie
replayed later is refused, and a cleared one is refused through :mod:`webapp.revoked`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import os
import zlib
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

VERSION = "1."
_AAD = b"prop64 answers cookie v1"
_MAX_PLAIN = 64 * 1024  # a decompressed cookie is never near this: refuse a zip bomb
# Browsers keep a cookie whose name, value and attributes fit in 4,096 bytes (RFC 6265 § 6.1
# asks at least that much of them; Chromium and Firefox stop there). Our attributes take about
# 50 bytes (Path=/; HttpOnly; Secure; SameSite=Lax).
BROWSER_LIMIT = 4096
ATTRIBUTES = 60


class Sealed:
    """``dumps``/``loads`` like itsdangerous' serializers, with encryption."""

    def __init__(self, secret: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"prop64-session", info=_AAD).derive(
            secret.encode("utf-8")
        )
        self._aead = AESGCM(key)
        self._json = TaggedJSONSerializer()

    def dumps(self, data: Mapping[str, object]) -> str:
        packed = zlib.compress(self._serialise(data).encode("utf-8"), 6)
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, packed, _AAD)
        return VERSION + base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def loads(self, value: str, max_age: int | None = None) -> dict[str, object]:
        """The session in ``value``; :class:`BadSignature` if it is not one we sealed."""
        if not value.startswith(VERSION) or len(value) > BROWSER_LIMIT * 2:
            raise BadSignature("not a sealed session")
        try:
            body = value[len(VERSION) :]
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            packed = self._aead.decrypt(raw[:12], raw[12:], _AAD)
            inflater = zlib.decompressobj()
            plain = inflater.decompress(packed, _MAX_PLAIN)
            if inflater.unconsumed_tail:
                raise BadSignature("session too large")
            # Flask's tagged JSON, untagged as the parser makes each object (the same result as
            # TaggedJSONSerializer.loads, without a second walk over the data in Python).
            data = json.loads(plain.decode("utf-8"), object_hook=self._json.untag)
        except (InvalidTag, ValueError, binascii.Error, zlib.error, UnicodeDecodeError) as e:
            raise BadSignature("not a sealed session") from e
        if not isinstance(data, dict):
            raise BadSignature("not a session")
        return data

    def _serialise(self, data: Mapping[str, object]) -> str:
        """Flask's tagged JSON (``TaggedJSONSerializer.dumps`` in a request: sorted keys, ASCII):
        plain values as they are, tuples (the notices) tagged here; anything else (bytes, Markup,
        dates) goes through Flask's own tagger."""
        try:
            value = _tag_plain(data)
        except _NotPlain:
            value = self._json.tag(data)
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=True)


class _NotPlain(Exception):
    pass


_SCALARS = (str, int, float, bool, type(None))


def _tag_plain(value: object) -> object:
    if type(value) in _SCALARS:
        return value
    if type(value) is dict:
        if len(value) == 1 and next(iter(value)) in _TAG_KEYS:
            raise _NotPlain  # a dict that looks like a tag: Flask's tagger escapes it
        return {k: _tag_plain(v) for k, v in value.items()}
    if type(value) is list:
        return [_tag_plain(v) for v in value]
    if type(value) is tuple:
        return {" t": [_tag_plain(v) for v in value]}
    raise _NotPlain


_TAG_KEYS = frozenset(TaggedJSONSerializer().tags)


@functools.lru_cache(maxsize=4)
def sealer(secret: str) -> Sealed:
    return Sealed(secret)


class SealedSessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session with :class:`Sealed` in place of the signing serializer."""

    def get_signing_serializer(self, app: Flask) -> Sealed | None:  # type: ignore[override]
        if not app.secret_key:
            return None
        return sealer(str(app.secret_key))


def cookie_bytes(app: Flask, data: Mapping[str, object]) -> int:
    """How many bytes the Set-Cookie for ``data`` takes (name, value and attributes)."""
    name = str(app.config["SESSION_COOKIE_NAME"])
    return len(name) + 1 + len(sealer(str(app.secret_key)).dumps(data)) + ATTRIBUTES
