"""Byte-counting wrapper so the CLI and UI can show how far a streaming import is."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO


class CountingReader(io.RawIOBase, BinaryIO):  # a RawIOBase usable where BinaryIO is expected
    """Reads from `inner` and reports the byte position after every read."""

    def __init__(self, inner: BinaryIO, report: Callable[[int], None]) -> None:
        self._inner = inner
        self._report = report

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._inner.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # RawIOBase signature
        data = self._inner.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self._report(self._inner.tell())
        return size
