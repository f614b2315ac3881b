"""Privacy: after a whole interview nothing personal is in the logs or on disk."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pytest
from conftest import Visitor, make_app
from test_web_interview import interview, packets

PERSONAL = ["Maria", "Lopez", "A-1001", "F-2002", "1 Main St", "maria@example.com", "555 0100"]
ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".git", ".venv", "node_modules", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _listing() -> dict[str, tuple[int, int]]:
    out = {}
    for top in (ROOT, Path(tempfile.gettempdir())):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and "pytest-of" not in d]
            for name in filenames:
                path = Path(dirpath, name)
                try:
                    st = path.stat()
                except OSError:
                    continue
                out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


def test_nothing_personal_in_logs_or_on_disk(caplog: pytest.LogCaptureFixture) -> None:
    """This test ensures that a whole interview, with packets, next-steps sheets and a saved
    file, writes no file in the project or the temporary folder and logs nothing personal."""
    app = make_app()
    visitor = Visitor(app.test_client())
    visitor.get("/")
    before = _listing()
    with caplog.at_level(logging.DEBUG):
        interview(visitor)
        packets(visitor)
        visitor.post("/save", {}, page="/")
    after = _listing()
    changed = sorted(p for p in after if before.get(p) != after[p] and not p.endswith(".pyc"))
    assert not changed, changed
    for word in PERSONAL:
        assert word not in caplog.text
