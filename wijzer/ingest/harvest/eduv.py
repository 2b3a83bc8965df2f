"""Edu-V Catalogue API harvesting (also the Kennisnet Koppelpunt aggregate): ``GET base?start=N&limit=L``.

Paging is 0-based ``start`` with ``limit`` items per page (the Koppelpunt allows at most 100). The harvest
stops at a page with fewer than ``limit`` items (an empty page included), or when the page's total says all items
have been read. The published Edu-V Catalogue API itself has no paging (``GET /products`` returns every product),
so a source that ignores ``start``/``limit`` is read in one request: a page with more than ``limit`` items, or a
page identical to the one before, ends the harvest (the repeated page is not stored again).
``page_items`` is the one place that knows where a page keeps its items.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import ClassVar

from wijzer.ingest.formats.eduv_json.adapter import PAGE_KEYS
from wijzer.ingest.harvest.base import DEFAULT_MAX_PAGES, Harvester, Params, Step
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions

ITEM_KEYS: tuple[str, ...] = PAGE_KEYS
"""Keys of a page object that hold the item list (shared with the ``eduv_json`` format adapter)."""

TOTAL_KEYS = ("total", "totalCount", "count")
"""Keys that may hold the total number of items. ``count`` equal to the page size is ignored (ambiguous)."""


def page_items(document: object) -> list[object] | None:
    """The items of one page: a bare list, or the list under one of ``ITEM_KEYS``; ``None`` if neither."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in ITEM_KEYS:
            found = document.get(key)
            if isinstance(found, list):
                return found
    return None


def page_total(document: object, items: int) -> int | None:
    """The total number of items the page reports, if it reports one unambiguously."""
    if not isinstance(document, Mapping):
        return None
    for key in TOTAL_KEYS:
        value = document.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            if key == "count" and value == items:
                continue
            return value
    return None


class EduvHarvester(Harvester):
    """Harvest every product of an Edu-V Catalogue API endpoint, ``limit`` per page."""

    protocol: ClassVar[str] = "eduv"
    expect: ClassVar[str] = "json"

    def __init__(
        self,
        base_url: str,
        limit: int = 100,
        *,
        format_hint: str = "eduv_json",
        options: FetchOptions | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(base_url, options=options, max_pages=max_pages)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.format_hint = format_hint
        self._previous_page = b""

    def first_params(self) -> Params:
        return (("start", "0"), ("limit", str(self.limit)))

    def read(self, body: bytes, params: Params, url: str) -> Step:
        try:
            document: object = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise HarvestError(
                "json.invalid",
                f"De bron gaf ongeldige of onvolledige JSON terug ({exc}; {url}): probeer het later opnieuw; "
                "blijft dit gebeuren, meld het dan bij de beheerder van de bron.",
                url=url,
            ) from None
        items = page_items(document)
        if items is None:
            raise HarvestError(
                "eduv.no_items",
                f"De bron gaf JSON zonder productlijst terug ({url}): verwacht een lijst of een object met "
                f"{', '.join(repr(key) for key in ITEM_KEYS)}; controleer de URL.",
                url=url,
            )
        digest = hashlib.sha256(body).digest()
        if digest == self._previous_page:  # the source ignores `start`: everything has been read already
            return Step(0, None)
        self._previous_page = digest
        if len(items) > self.limit:  # the source ignores `limit` (the published API has no paging): all in one
            return Step(len(items), None)
        start = int(dict(params).get("start", "0")) + len(items)
        total = page_total(document, len(items))
        done = len(items) < self.limit or (total is not None and start >= total)
        return Step(len(items), None if done else (("start", str(start)), ("limit", str(self.limit))))
