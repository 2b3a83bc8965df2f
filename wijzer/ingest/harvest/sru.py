"""SRU searchRetrieve harvesting (Edurep NL-LOM, ECK CatalogService): pages with ``startRecord``.

Accepts SRU 1.1/1.2 responses (namespace ``http://www.loc.gov/zing/srw/``), SRU 2.0
(``http://docs.oasis-open.org/ns/search-ws/sruResponse``) and responses without a namespace. Paging follows
``nextRecordPosition`` and stops when it is absent.
"""

from __future__ import annotations

from typing import ClassVar

from wijzer.ingest.harvest.base import DEFAULT_MAX_PAGES, Harvester, Params, Step, replace_param
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.xmlscan import Scan, scan

SRU_NAMESPACES = frozenset({"http://www.loc.gov/zing/srw/", "http://docs.oasis-open.org/ns/search-ws/sruResponse", ""})


def format_for_schema(record_schema: str) -> str:
    """The ingest format id for an SRU ``recordSchema`` (``eckcs2.5.2`` → ``eck_catalog``, ``lom`` → ``nl_lom``)."""
    schema = record_schema.strip().lower()
    if schema.startswith("eckcs"):
        return "eck_catalog"
    if schema in ("lom", "nl_lom", "nllom", "czp", "imsmd_v1p2", "ieee_lom"):
        return "nl_lom"
    raise HarvestError(
        "sru.record_schema",
        f"Onbekend recordSchema '{record_schema}': gebruik bijvoorbeeld 'eckcs2.5.2' (ECK CatalogService) of "
        "'lom' (NL-LOM), of geef het formaat op met format_hint.",
    )


class SruHarvester(Harvester):
    """Harvest all records of a CQL ``query`` from an SRU endpoint, ``maximum_records`` per page."""

    protocol: ClassVar[str] = "sru"
    loop_message_nl: ClassVar[str] = (
        "De SRU-bron gaf een nextRecordPosition terug die naar een al opgehaalde pagina wijst"
    )

    def __init__(
        self,
        base_url: str,
        query: str,
        record_schema: str,
        maximum_records: int = 100,
        version: str = "1.2",
        *,
        format_hint: str | None = None,
        options: FetchOptions | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(base_url, options=options, max_pages=max_pages)
        if maximum_records < 1:
            raise ValueError("maximum_records must be at least 1")
        self.query = query
        self.record_schema = record_schema
        self.maximum_records = maximum_records
        self.version = version
        self.format_hint = format_hint or format_for_schema(record_schema)

    def first_params(self) -> Params:
        operation: Params = () if self.version.startswith("2") else (("operation", "searchRetrieve"),)
        return (
            *operation,
            ("version", self.version),
            ("query", self.query),
            ("recordSchema", self.record_schema),
            ("startRecord", "1"),
            ("maximumRecords", str(self.maximum_records)),
        )

    def read(self, body: bytes, params: Params, url: str) -> Step:
        result = scan(body, url)
        if result.root != "searchRetrieveResponse" or result.namespace not in SRU_NAMESPACES:
            raise HarvestError(
                "sru.not_sru",
                f"De bron gaf geen SRU-antwoord terug (hoofdelement <{result.root}>; {url}): controleer of de URL "
                "naar een SRU-endpoint wijst.",
                url=url,
            )
        records = result.count("records", "record")
        if records == 0 and result.count("diagnostics", "diagnostic"):
            raise _diagnostic_error(result, url, self.record_schema)
        return Step(records, self._next(result, params, url))

    def _next(self, result: Scan, params: Params, url: str) -> Params | None:
        position = result.text("nextRecordPosition")
        if not position:
            return None
        if not position.isdigit() or int(position) < 1:
            raise HarvestError(
                "sru.bad_position",
                f"De SRU-bron gaf een ongeldige nextRecordPosition '{position}' terug ({url}): meld dit bij de "
                "beheerder van de bron.",
                url=url,
            )
        return replace_param(params, "startRecord", position)


def _diagnostic_error(result: Scan, url: str, record_schema: str) -> HarvestError:
    message = result.text("diagnostics", "diagnostic", "message") or ""
    details = result.text("diagnostics", "diagnostic", "details") or ""
    uri = result.text("diagnostics", "diagnostic", "uri") or ""
    described = "; ".join(part for part in (message, details, uri) if part) or "geen omschrijving"
    return HarvestError(
        "sru.diagnostic",
        f"De SRU-bron meldt een fout: {described} ({url}). Controleer de query en het recordSchema "
        f"('{record_schema}').",
        url=url,
    )
