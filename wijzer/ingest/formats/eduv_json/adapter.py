"""Edu-V Catalogue API JSON adapter (also the Kennisnet "Koppelpunt Catalogusinformatie" aggregate).

Accepted shapes: what the published API returns — a bare list of products (``GET /products``, also
``/products/info``) or one product object (``GET /products/{id}``) — and a page object ``{"products": [...]}``,
``{"items": [...]}``, ``{"data": [...]}`` or ``{"results": [...]}`` (paged aggregates). An empty list is a page
without products: zero records, not a failure. An Edu-V ``StatusResponse`` (``{"status": 404,
"statusMessage": …}``) is reported as the source's error.

Not incrementally streamed: the API pages at most 100 products (``limit`` max 100), so one page is a few
hundred KB; the whole file is read (up to ``MAX_BYTES``) and products are then yielded one at a time. Harvest
large catalogues page by page and feed each page separately. Field names: see ``parse.FIELD_MAP``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import BinaryIO, ClassVar

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.eduv_json.parse import FORMAT_ID, JsonValue, product_to_record
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
        if "productId" in document or "name" in document:
            return [document]
    return None


def _status_response(document: JsonValue) -> RecordFailure | None:
    """The source's own error (Edu-V ``StatusResponse``: an integer ``status``, no product fields)."""
    if not isinstance(document, Mapping) or "productId" in document:
        return None
    status = document.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        return None
    message = document.get("statusMessage")
    detail = f": {str(message)[:200]}" if message else ""
    return file_failure(
        Problem.error(
            "eduv.status",
            "",
            f"De Edu-V-bron gaf een foutmelding in plaats van producten (status {status}{detail}). "
            "Controleer het adres en de toegang.",
        )
    )


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
        error = _status_response(document)
        if error is not None:
            yield error
            return
        products = _products(document)
        if products is None:
            yield file_failure(
                Problem.error(
                    "file.no_records",
                    "",
                    "Geen producten gevonden: verwacht een lijst van producten (Edu-V Catalogue API), een "
                    "object met 'products' of 'items', of één productobject met 'productId'.",
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
        record_id = product.get("productId")
        return RecordFailure(str(record_id)[:200] if record_id else None, raw, (problem,), position)
