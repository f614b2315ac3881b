"""rules.spool.external_sort: sorted runs on disk, merged — the same order as ``sorted``."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from rules import spool


@pytest.mark.parametrize(
    ("items", "run", "fan_in"), [(0, 4, 2), (3, 4, 2), (1000, 7, 3), (500, 50, 64)]
)
def test_the_merge_of_runs_on_disk_is_sorted_and_stable(
    items: int, run: int, fan_in: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that with tiny runs (7 items) and merges of 3 at a time (so merged in
    stages) the result is what ``sorted`` gives, equal keys in their first order, and that the
    runs leave no file in the folder they were written to."""
    monkeypatch.setattr(spool, "RUN_ITEMS", run)
    monkeypatch.setattr(spool, "FAN_IN", fan_in)
    monkeypatch.setattr(spool, "BLOCK", 2)
    rng = random.Random(items)
    data = [(rng.randrange(40), i, ["cell", str(i)]) for i in range(items)]
    got = spool.external_sort(iter(data), key=lambda t: t[0], directory=str(tmp_path))
    assert os.listdir(tmp_path) == []
    assert list(got) == sorted(data, key=lambda t: t[0])


def test_every_item_is_read_before_the_sort_returns() -> None:
    read: list[int] = []

    def items() -> list[int]:
        return read

    def source():  # type: ignore[no-untyped-def]
        for i in (3, 1, 2):
            read.append(i)
            yield i

    result = spool.external_sort(source(), key=lambda i: i)
    assert items() == [3, 1, 2]
    assert list(result) == [1, 2, 3]


def test_spooled_items_come_back_in_their_order_and_leave_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool, "BLOCK", 3)
    data = [(i % 7, ["row", str(i)]) for i in range(100)]
    got = spool.spooled(iter(data), directory=str(tmp_path))
    assert os.listdir(tmp_path) == []
    assert list(got) == data
