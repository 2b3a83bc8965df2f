"""Edu-V Catalogue API JSON adapter (also the Kennisnet "Koppelpunt Catalogusinformatie" aggregate).

Accepted shapes: a page ``{"products": [...]}`` or ``{"items": [...]}`` (or ``{"data": [...]}``), a bare list of
products, or a single product object.

Not incrementally streamed: the API pages at most 100 products (``limit`` max 100), so one page is a few
hundred KB; the whole file is read (up to ``MAX_BYTES``) and products are then yielded one at a time. Harvest
large catalogues page by page and feed each page separately. Field names: see ``parse.FIELD_MAP``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import BinaryIO, ClassVar

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.eduv_json.parse import FORMAT_ID, JsonValue, lookup, product_to_record, scalar
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure
from wijzer.ingest.formats.xmlstream import EMPTY_FILE, HTML_FILE, file_failure, looks_like_html, strip_bom

MAX_BYTES = 20 * 1024 * 1024
PAGE_KEYS = ("products", "items", "data", "results")


def _products(document: JsonValue) -> list[JsonValue] | None:
    """The list of products in a page, list or single product; ``None`` if the shape is not recognised."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in PAGE_KEYS:
            if isinstance(document.get(key), list):
                found = document[key]
                return found if isinstance(found, list) else None
        if lookup(document, "title") is not None or lookup(document, "product_id") is not None:
            return [document]
    return None


def _serialise(product: JsonValue) -> bytes:
    return json.dumps(product, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class EduvJsonAdapter(FormatAdapter):
    identifier: ClassVar[str] = FORMAT_ID
    label: ClassVar[str] = "Edu-V Catalogue API (JSON)"

    def sniff(self, head: bytes) -> bool:
        return strip_bom(head).lstrip()[:1] in (b"{", b"[")

    def parse(self, stream: BinaryIO) -> Iterator[ParsedRecord | RecordFailure]:
        try:
            data = stream.read(MAX_BYTES + 1) or b""
        except OSError as exc:
            yield file_failure(Problem.error("file.unreadable", "", f"Het bestand kon niet worden gelezen ({exc})."))
            return
        failure = _precheck(data)
        if failure is not None:
            yield failure
            return
        try:
            document: JsonValue = json.loads(strip_bom(data).decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            yield file_failure(Problem.error("json.syntax", "", f"Het bestand bevat geen geldige JSON ({exc})."))
            return
        products = _products(document)
        if products is None:
            yield file_failure(
                Problem.error(
                    "file.no_records",
                    "",
                    "Geen producten gevonden: verwacht een lijst, een object met 'products' of 'items', "
                    "of één productobject.",
                )
            )
            return
        for position, product in enumerate(products, start=1):
            yield _one(product, position)


def _precheck(data: bytes) -> RecordFailure | None:
    if not strip_bom(data).strip():
        return file_failure(EMPTY_FILE)
    if looks_like_html(data[:8192]):
        return file_failure(HTML_FILE)
    if len(data) > MAX_BYTES:
        return file_failure(
            Problem.error(
                "file.too_large",
                "",
                f"Het JSON-bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; lever per pagina "
                "(maximaal 100 producten) aan.",
            )
        )
    return None


def _one(product: JsonValue, position: int) -> ParsedRecord | RecordFailure:
    raw = _serialise(product)
    if not isinstance(product, Mapping):
        problem = Problem.error("record.not_object", "", "Dit product is geen JSON-object en is overgeslagen.")
        return RecordFailure(None, raw, (problem,), position)
    try:
        return product_to_record(product, raw)
    except Exception as exc:  # a bug or unforeseen shape must not stop the import of the other products
        problem = Problem.error(
            "record.unreadable", "", f"Dit product kon niet worden verwerkt ({type(exc).__name__}: {exc})."
        )
        return RecordFailure(scalar(lookup(product, "record_id")) or None, raw, (problem,), position)
