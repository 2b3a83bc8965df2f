"""The harvesting contract: checkpoints, pages, the ``Harvester`` base class and ``HarvestError``.

A harvester fetches one source page by page. Each ``Page`` carries the raw bytes of one response and the
``Checkpoint`` *after* that page: the exact query of the next request plus counters. Persist the checkpoint
and pass it back to ``pages(start=...)`` to continue where a failed run stopped (see ``spool.Spool``).

Pages without records are not yielded (an empty last page, OAI-PMH ``noRecordsMatch``). The iterator ending
normally means the harvest is complete; any problem raises ``HarvestError`` whose ``checkpoint`` is the one
of the last good page (or the start checkpoint when the first page failed).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import ClassVar, TypeAlias
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions, check_url, fetch

__all__ = ["DEFAULT_MAX_PAGES", "Checkpoint", "HarvestError", "Harvester", "Page", "Params", "Step"]

Params: TypeAlias = tuple[tuple[str, str], ...]
DEFAULT_MAX_PAGES = 10_000


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where a harvest stands: ``params`` is the query of the next request (of the last one when ``done``)."""

    protocol: str
    params: Params = ()
    done: bool = False
    pages: int = 0
    records: int = 0

    def param(self, name: str) -> str | None:
        """The value of query parameter ``name`` of the next request, if present."""
        return next((value for key, value in self.params if key == name), None)

    def to_json(self) -> dict[str, object]:
        return {
            "protocol": self.protocol,
            "params": [list(pair) for pair in self.params],
            "done": self.done,
            "pages": self.pages,
            "records": self.records,
        }

    @classmethod
    def from_json(cls, data: object) -> Checkpoint:
        """Rebuild a checkpoint from ``to_json`` output; ``ValueError`` when the data is not one."""
        if not isinstance(data, Mapping):
            raise ValueError("checkpoint is not an object")
        protocol, params, done = data.get("protocol"), data.get("params"), data.get("done")
        pages, records = data.get("pages"), data.get("records")
        if not isinstance(protocol, str) or not isinstance(done, bool) or not isinstance(params, list):
            raise ValueError("checkpoint has no valid protocol, done or params")
        if not isinstance(pages, int) or not isinstance(records, int) or pages < 0 or records < 0:
            raise ValueError("checkpoint has no valid counters")
        return cls(protocol, _params_from_json(params), done, pages, records)


def _params_from_json(raw: list[object]) -> Params:
    pairs: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 2 or not all(isinstance(part, str) for part in item):
            raise ValueError("checkpoint params must be [name, value] pairs of strings")
        pairs.append((str(item[0]), str(item[1])))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched response. ``checkpoint`` is the state after this page; ``records`` its record count."""

    url: str
    body: bytes
    content_type: str
    checkpoint: Checkpoint
    records: int = 0

    @property
    def number(self) -> int:
        """1-based number of this page within the whole harvest."""
        return self.checkpoint.pages


@dataclass(frozen=True, slots=True)
class Step:
    """What a harvester read from one response: its record count and the next query (``None``: done)."""

    records: int
    next_params: Params | None


class Harvester(ABC):
    """Pages through one source. Subclasses say how to build the first query and how to read a response."""

    protocol: ClassVar[str]
    expect: ClassVar[str] = "xml"
    """What the responses must contain: ``"xml"`` or ``"json"`` (checked by ``http.fetch``)."""

    loop_message_nl: ClassVar[str] = "De bron stuurt ons steeds terug naar een pagina die al is opgehaald"

    format_hint: str
    """Id of the ingest format adapter for the page bodies: ``"eck_catalog"``, ``"nl_lom"`` or ``"eduv_json"``."""

    def __init__(
        self, base_url: str, *, options: FetchOptions | None = None, max_pages: int = DEFAULT_MAX_PAGES
    ) -> None:
        check_url(base_url)
        if max_pages < 1:
            raise ValueError("max_pages must be at least 1")
        self.base_url = base_url
        self.options = options or FetchOptions()
        self.max_pages = max_pages

    @abstractmethod
    def first_params(self) -> Params:
        """The query of the first request."""

    @abstractmethod
    def read(self, body: bytes, params: Params, url: str) -> Step:
        """Read one response body (fetched with query ``params``); raise ``HarvestError`` for a bad one."""

    @property
    def source(self) -> str:
        """The URL of the first request: identifies this harvest (used by the spool)."""
        return self.url_for(self.first_params())

    def start(self) -> Checkpoint:
        return Checkpoint(self.protocol, self.first_params())

    def url_for(self, params: Params) -> str:
        """``base_url`` with ``params`` added to its query (``params`` win over same-named base parameters)."""
        parts = urlsplit(self.base_url)
        names = {name for name, _ in params}
        base = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in names]
        return urlunsplit(parts._replace(query=urlencode([*base, *params])))

    def pages(self, start: Checkpoint | None = None) -> Iterator[Page]:
        """Every page with records from ``start`` (default: the beginning) to the end of the source."""
        checkpoint = self._check_start(start)
        requested: set[Params] = set()
        fetched = checkpoint.pages
        while not checkpoint.done:
            try:
                page = self._next_page(checkpoint, requested, fetched)
            except HarvestError as exc:
                exc.checkpoint = checkpoint
                raise
            fetched += 1
            checkpoint = page.checkpoint
            if page.records:
                yield page

    def _check_start(self, start: Checkpoint | None) -> Checkpoint:
        if start is None:
            return self.start()
        if start.protocol != self.protocol:
            raise HarvestError(
                "checkpoint.protocol",
                f"Het hervatpunt hoort bij protocol '{start.protocol}', niet bij '{self.protocol}': "
                "start deze harvest opnieuw vanaf het begin.",
                checkpoint=start,
            )
        return start

    def _next_page(self, checkpoint: Checkpoint, requested: set[Params], fetched: int) -> Page:
        if fetched >= self.max_pages:
            raise HarvestError(
                "harvest.max_pages",
                f"De harvest is gestopt na {self.max_pages} pagina's (veiligheidsgrens). Verhoog max_pages als de "
                "bron echt zo groot is, of controleer of de bron steeds nieuwe pagina's blijft aanbieden.",
            )
        requested.add(checkpoint.params)
        url = self.url_for(checkpoint.params)
        response = fetch(url, expect=self.expect, options=self.options)
        step = self.read(response.body, checkpoint.params, url)
        if step.next_params is not None and step.next_params in requested:
            raise HarvestError(
                "harvest.loop", f"{self.loop_message_nl} ({url}): meld dit bij de beheerder van de bron.", url=url
            )
        after = replace(
            checkpoint,
            params=checkpoint.params if step.next_params is None else step.next_params,
            done=step.next_params is None,
            pages=checkpoint.pages + (1 if step.records else 0),
            records=checkpoint.records + step.records,
        )
        return Page(url, response.body, response.content_type, after, step.records)


def replace_param(params: Params, name: str, value: str) -> Params:
    """``params`` with ``name`` set to ``value`` (replaced in place, or appended)."""
    if any(key == name for key, _ in params):
        return tuple((key, value if key == name else old) for key, old in params)
    return (*params, (name, value))
