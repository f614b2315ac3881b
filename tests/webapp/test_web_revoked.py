"""The table of cleared answer cookies, shared by gunicorn's forked workers."""

from __future__ import annotations

import multiprocessing
import time

from webapp import revoked


def _revoke_in_child(nonce: str) -> None:
    revoked.revoke(nonce, time.time() + 60)


def test_a_nonce_revoked_in_one_worker_is_refused_in_another() -> None:
    """This test ensures that a cookie cleared through one worker process is refused by the
    others: the table is shared memory created before the fork, as gunicorn's preload does."""
    nonce = "cleared-in-a-sibling-worker"
    assert not revoked.is_revoked(nonce)
    child = multiprocessing.get_context("fork").Process(target=_revoke_in_child, args=(nonce,))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert revoked.is_revoked(nonce)


def test_entries_expire_and_a_flood_only_pushes_out_the_oldest() -> None:
    """This test ensures that an entry stops counting at its expiry (the cookie's own idle limit
    refuses it from then on), and that filling every probe of a slot keeps the newest."""
    revoked.revoke("short-lived", time.time() - 1)
    assert not revoked.is_revoked("short-lived")
    names = [f"flood-{n}" for n in range(20_000)]
    for name in names:
        revoked.revoke(name, time.time() + 60)
    assert revoked.is_revoked(names[-1])
    assert sum(revoked.is_revoked(n) for n in names[-100:]) == 100
