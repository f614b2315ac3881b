"""Answer cookies that were cleared, refused if they come back (a copied or replayed cookie).

Each set of answers carries a random nonce; "Clear my answers" and the idle wipe put the old
nonce here until the cookie could not be accepted anyway (its last-use time inside it is then
older than the idle limit). Only the random nonce is kept, never an answer, and only in memory.

The table lives in an anonymous shared memory map created when this module is imported. Under
gunicorn with ``preload_app`` (gunicorn.conf.py) that happens in the master, before the workers
are forked, so every worker sees every entry. It is a fixed-size hash table (open addressing,
a few probes): a flood of clears can only push out entries that are about to expire.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import struct
import time

SLOTS = 1 << 15
PROBES = 8
_SLOT = struct.Struct("<8sd")  # the nonce's digest, expiry (Unix time)
_table = mmap.mmap(-1, SLOTS * _SLOT.size)
_lock = multiprocessing.get_context("fork").Lock()


def _digest(nonce: str) -> bytes:
    return hashlib.blake2b(nonce.encode("utf-8"), digest_size=8).digest()


def _slots(key: bytes) -> list[int]:
    start = int.from_bytes(key, "little") % SLOTS
    return [(start + i) % SLOTS for i in range(PROBES)]


def revoke(nonce: str, until: float) -> None:
    """Refuse ``nonce`` until the Unix time ``until``."""
    key = _digest(nonce)
    now = time.time()
    with _lock:
        choice, oldest = None, float("inf")
        for slot in _slots(key):
            stored, expiry = _SLOT.unpack_from(_table, slot * _SLOT.size)
            if stored == key or expiry < now:
                choice = slot
                break
            if expiry < oldest:
                choice, oldest = slot, expiry
        assert choice is not None
        _SLOT.pack_into(_table, choice * _SLOT.size, key, until)


def is_revoked(nonce: str) -> bool:
    key = _digest(nonce)
    now = time.time()
    for slot in _slots(key):
        stored, expiry = _SLOT.unpack_from(_table, slot * _SLOT.size)
        if stored == key and expiry >= now:
            return True
    return False
