"""Sorting more items than memory should hold: sorted runs in unnamed temporary files, merged.

Used by ``prop64 petitions`` to read a file whose people's rows are scattered person by person,
and to write its summary back in file order, in memory that does not grow with the file. The
temporary files are created unlinked (:func:`tempfile.TemporaryFile`): they have no name on disk
and disappear with the process, even a killed one. They hold what the output will hold, beside
it (``directory``); callers do not use them for input read from stdin (held in memory).
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")

# At most RUN_ITEMS items in memory while sorting runs, and FAN_IN * BLOCK while merging (a
# county file's row with its text is about 2 KB: some 8 and 4 MB).
RUN_ITEMS = 4096  # items sorted in memory at a time
FAN_IN = 64  # runs merged at once (each holds one block in memory while merging)
BLOCK = 32  # items pickled together


def external_sort(
    items: Iterable[T], key: Callable[[T], Any], directory: str | None = None
) -> Iterator[T]:
    """``items`` sorted by ``key`` (stable). Every item is read before this returns, so the
    caller may, for example, finish writing elsewhere before it iterates the result; at most
    :data:`RUN_ITEMS` items are in memory then, and about ``FAN_IN * BLOCK`` while merging."""
    runs: list[IO[bytes]] = []
    buffer: list[T] = []
    try:
        for item in items:
            buffer.append(item)
            if len(buffer) >= RUN_ITEMS:
                buffer.sort(key=key)
                runs.append(_spill(buffer, directory))
                buffer = []
        if not runs:
            buffer.sort(key=key)
            return iter(buffer)
        if buffer:
            buffer.sort(key=key)
            runs.append(_spill(buffer, directory))
            buffer = []
        while len(runs) > FAN_IN:  # merge in stages: a file descriptor and a block per run
            staged = []
            for i in range(0, len(runs), FAN_IN):
                group = runs[i : i + FAN_IN]
                staged.append(_spill(heapq.merge(*map(_read, group), key=key), directory))
                for run in group:
                    run.close()
            runs = staged
    except BaseException:
        for run in runs:
            run.close()
        raise
    return _merged(runs, key)


def spooled(items: Iterable[T], directory: str | None = None) -> Iterator[T]:
    """``items`` in the same order, all read before this returns (as by :func:`external_sort`)
    with at most :data:`BLOCK` of them in memory at a time."""
    return _merged([_spill(items, directory)], lambda item: 0)


def _merged(runs: list[IO[bytes]], key: Callable[[T], Any]) -> Iterator[T]:
    try:
        # heapq.merge takes from the earlier run first on equal keys: stable, as runs are in order
        yield from heapq.merge(*map(_read, runs), key=key)
    finally:
        for run in runs:
            run.close()


def _spill(items: Iterable[T], directory: str | None) -> IO[bytes]:
    run = tempfile.TemporaryFile(dir=directory)
    block: list[T] = []
    for item in items:
        block.append(item)
        if len(block) >= BLOCK:
            pickle.dump(block, run, protocol=pickle.HIGHEST_PROTOCOL)
            block = []
    if block:
        pickle.dump(block, run, protocol=pickle.HIGHEST_PROTOCOL)
    run.seek(0)
    return run


def _read(run: IO[bytes]) -> Iterator[Any]:
    while True:
        try:
            # our own file, unlinked from its creation: no one else can have written it
            block = pickle.load(run)  # noqa: S301
        except EOFError:
            return
        yield from block
