"""Registry of format adapters, with auto-detection from the first bytes of a file.

Empty pages: a valid SRU or OAI-PMH response without records (an empty last page, a facet-only Edurep
response, OAI-PMH ``noRecordsMatch``) is read as zero records by every path (``wijzer ingest FILE``, a harvest, a
push). The XML adapters are registered as ``EckCatalogReader`` / ``NlLomReader``, which drop their
``file.no_records`` failure for such a response (``envelope.skip_empty_response``), and ``detect`` picks an
adapter for an envelope whose first bytes show no record format (``envelope.guess_adapter_id``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.csv.adapter import CsvAdapter
from wijzer.ingest.formats.eck_catalog.adapter import EckCatalogAdapter
from wijzer.ingest.formats.eduv_json.adapter import EduvJsonAdapter
from wijzer.ingest.formats.envelope import guess_adapter_id, skip_empty_response
from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter
from wijzer.ingest.formats.records import ParseResult


class EckCatalogReader(EckCatalogAdapter):
    """The ECK CatalogService adapter; an empty SRU page is zero records, not a failure."""

    def parse(self, stream: BinaryIO) -> Iterator[ParseResult]:
        return skip_empty_response(super().parse(stream), stream)


class NlLomReader(NlLomAdapter):
    """The NL-LOM adapter; an empty SRU or OAI-PMH page is zero records, not a failure."""

    def parse(self, stream: BinaryIO) -> Iterator[ParseResult]:
        return skip_empty_response(super().parse(stream), stream)


class UnknownFormatError(LookupError):
    """No adapter is registered under the requested identifier."""


class Registry:
    """Adapters by identifier. ``detect`` tries them in registration order, so register specific first."""

    def __init__(self) -> None:
        self._adapters: dict[str, FormatAdapter] = {}

    def register(self, adapter: FormatAdapter) -> FormatAdapter:
        if adapter.identifier in self._adapters:
            raise ValueError(f"Adapter '{adapter.identifier}' is already registered.")
        self._adapters[adapter.identifier] = adapter
        return adapter

    def get(self, identifier: str) -> FormatAdapter:
        try:
            return self._adapters[identifier]
        except KeyError:
            raise UnknownFormatError(f"Onbekend formaat: '{identifier}'.") from None

    def detect(self, head: bytes) -> FormatAdapter | None:
        """The first adapter whose ``sniff`` accepts ``head`` (the first few KB of a file); for an SRU or OAI-PMH
        response that shows no record format in its head (an empty page), the adapter its protocol and
        ``recordSchema`` suggest; else ``None``."""
        for adapter in self._adapters.values():
            if adapter.sniff(head):
                return adapter
        guessed = guess_adapter_id(head)
        return self._adapters.get(guessed) if guessed else None

    def identifiers(self) -> tuple[str, ...]:
        return tuple(self._adapters)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._adapters


def build_default_registry() -> Registry:
    """A registry with every built-in adapter, most specific sniffers first."""
    registry = Registry()
    registry.register(EckCatalogReader())
    registry.register(NlLomReader())
    registry.register(EduvJsonAdapter())
    registry.register(CsvAdapter())
    return registry


default_registry: Registry = build_default_registry()
