"""The contract every catalogue format adapter fulfils."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from wijzer.ingest.formats.records import ParsedRecord, RecordFailure


class FormatAdapter(ABC):
    """Reads one delivery format into ``ParsedRecord`` objects.

    Adapters are stateless and pure (no Django, no network, no clock). ``parse`` streams: it yields one
    result per record as soon as that record has been read, and never raises for bad input; a record it
    cannot read becomes a ``RecordFailure`` and a broken file ends with a file-level ``RecordFailure``
    after the good records before the break.
    """

    identifier: ClassVar[str]
    """Stable machine id, stored with every import (``"eck_catalog"``)."""

    label: ClassVar[str]
    """Dutch name shown to users (``"ECK CatalogService (XML)"``)."""

    @abstractmethod
    def sniff(self, head: bytes) -> bool:
        """True if the first bytes of a file (up to 8 KB) look like this format."""

    @abstractmethod
    def parse(self, stream: BinaryIO) -> Iterator[ParsedRecord | RecordFailure]:
        """Yield every record in ``stream`` (a binary file object), in file order."""
