"""Privacy: after a whole interview nothing personal is in the logs or on disk.

The test looks only at what it controls, so other programs on a shared machine cannot make it
fail: the temporary folder and working directory are its own, and an audit hook records every
file the process opens for writing (anywhere) while the interview runs.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import Visitor, make_app
from test_web_interview import interview, packets

PERSONAL = ["Maria", "Lopez", "A-1001", "F-2002", "1 Main St", "maria@example.com", "555 0100"]
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_recording: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _recording or event != "open":
        return
    path, mode, flags = [*args, None, None, None][:3]
    writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & _WRITE_FLAGS
    )
    if writes and path is not None:
        _recording[-1].append(str(path))


sys.addaudithook(_audit)


def test_nothing_personal_in_logs_or_on_disk(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a whole interview, with packets, next-steps sheets and a saved
    file, opens no file for writing, leaves its own temporary folder and working directory
    empty, and logs nothing personal."""
    own_tmp, own_cwd = tmp_path / "tmp", tmp_path / "cwd"
    own_tmp.mkdir()
    own_cwd.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    monkeypatch.setenv("TMPDIR", str(own_tmp))
    app = make_app()
    visitor = Visitor(app.test_client())
    visitor.get("/")  # the app is warm: catalogs compiled, templates loaded
    monkeypatch.chdir(own_cwd)
    opened: list[str] = []
    _recording.append(opened)
    try:
        with caplog.at_level(logging.DEBUG):
            interview(visitor)
            packets(visitor)
            visitor.post("/save", {}, page="/")
    finally:
        _recording.pop()
    assert not opened, opened
    assert not list(own_tmp.iterdir()) and not list(own_cwd.iterdir())
    for word in PERSONAL:
        assert word not in caplog.text
