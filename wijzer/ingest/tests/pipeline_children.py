"""Parsing children that fail on purpose, for the pipelined-ingest tests (no Django: they run in a spawned child)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from wijzer.ingest.parse_worker import dumps, parse_files


class _AfterFirstBatch:
    """A queue that does `action` when the child sends its second batch."""

    def __init__(self, out: Any, action: Callable[[], None]) -> None:
        self.out, self.action, self.batches = out, action, 0

    def put(self, item: tuple[str, Any, int]) -> None:
        if item[0] == "batch":
            self.batches += 1
            if self.batches == 2:
                self.action()
        self.out.put(item)


def die_after_first_batch(adapter_id: str, paths: list[str], out: Any, batch_size: int) -> None:
    """The child process disappears midway (as if killed), without a word to the parent."""

    def die() -> None:
        out.close()
        out.join_thread()
        os._exit(3)

    parse_files(adapter_id, paths, _AfterFirstBatch(out, die), batch_size)


def raise_after_first_batch(adapter_id: str, paths: list[str], out: Any, batch_size: int) -> None:
    """Reading fails midway with an exception inside the child."""

    def fail() -> None:
        raise MemoryError("geheugen vol")

    parse_files(adapter_id, paths, _AfterFirstBatch(out, fail), batch_size)


def flood(adapter_id: str, paths: list[str], out: Any, batch_size: int) -> None:
    """Sends empty batches for ever: blocks on the full queue as soon as the parent stops reading (or dies)."""
    while True:
        out.put(("batch", dumps([]), 0))
