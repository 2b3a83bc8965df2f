"""Registry of format adapters, with auto-detection from the first bytes of a file."""

from __future__ import annotations

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.csv.adapter import CsvAdapter
from wijzer.ingest.formats.eck_catalog.adapter import EckCatalogAdapter
from wijzer.ingest.formats.eduv_json.adapter import EduvJsonAdapter
from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter


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
        """The first adapter whose ``sniff`` accepts ``head`` (the first few KB of a file), else ``None``."""
        for adapter in self._adapters.values():
            if adapter.sniff(head):
                return adapter
        return None

    def identifiers(self) -> tuple[str, ...]:
        return tuple(self._adapters)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._adapters


def build_default_registry() -> Registry:
    """A registry with every built-in adapter, most specific sniffers first."""
    registry = Registry()
    registry.register(EckCatalogAdapter())
    registry.register(NlLomAdapter())
    registry.register(EduvJsonAdapter())
    registry.register(CsvAdapter())
    return registry


default_registry: Registry = build_default_registry()
