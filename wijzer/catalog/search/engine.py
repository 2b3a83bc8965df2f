"""Running a search (W4): match set, facet counts and one page of ordered product ids, on either backend.

1. Each query term becomes a bitmap: a very common token has a stored bitmap; any other term asks the backend's
   full-text index (FTS5 or tsvector/GIN) for its few matching ids. A prefix term combines both.
2. Filters: values of one facet are OR-ed, facets are AND-ed. The match set is terms AND filters.
3. Facet counts: for each facet, the match set *without that facet's own filter* AND each value's bitmap, so
   a visitor sees what ticking another box of the same facet would add.
4. Ordering: relevance (query words in the title first, then title) for up to `RANK_CAP` hits; beyond that,
   or without words, by title. Price, quality and coverage sort on indexed columns; large match sets stream the
   sorted index and stop when the page is full.

Bitmaps are cached per process and reloaded when `SearchState.token` changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from wijzer.catalog.domain.search import bitmap
from wijzer.catalog.domain.search.facets import ALL_KEY, BY_NAME, FACET_NAMES, PRICE_ORDER, key, split_key
from wijzer.catalog.domain.search.query import MAX_QUERY_CHARS, ParsedQuery, Term, parse
from wijzer.catalog.models import SearchBitmap, SearchState

from .backends import SearchBackend, get_backend
from .index import TERM_PREFIX
from .labels import labels_for

RANK_CAP = 5000  # above this many hits, relevance falls back to title order
SMALL_SET = 5000  # up to this many hits, rows are fetched and sorted in Python; above, the sorted index is streamed
MAX_WINDOW = 1000  # results beyond this position are not paged to (refine the search instead)
MAX_FACET_VALUES = 100
SORTS = {"relevantie": "Relevantie", "prijs": "Prijs per leerling per jaar", "kwaliteit": "Kwaliteit",
         "dekking": "Kerndoeldekking", "titel": "Titel"}  # fmt: skip
SORT_COLUMNS = {"prijs": ("price_cents", False), "kwaliteit": ("quality", True), "dekking": ("coverage", True)}
FIXED_ORDER = {"prijs": PRICE_ORDER, "sector": ["po", "vo", "so", "vso"]}


class SearchError(ValueError):
    """Input the search cannot use; the message is Dutch and shown as is."""


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    count: int
    items: tuple[int, ...]
    facets: dict[str, list[FacetValue]]
    notices: tuple[str, ...] = ()
    sort: str = "relevantie"
    sortable: tuple[str, ...] = ()
    query: ParsedQuery = field(default_factory=ParsedQuery)


class _Cache:
    """Facet bitmaps of this process (all loaded), common-term bitmaps (loaded when asked, LRU)."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.words = bitmap.CHUNK_WORDS
        self.facets: dict[str, bitmap.Bits] = {}
        self.values: dict[str, list[str]] = {}
        self.common: frozenset[str] = frozenset()
        self.terms: OrderedDict[str, bitmap.Bits] = OrderedDict()
        self.sortable: tuple[str, ...] = ()
        self.lock = threading.Lock()

    def refresh(self) -> None:
        token = SearchState.objects.filter(pk=1).values_list("token", flat=True).first()
        if token == self.token and token is not None:
            return
        with self.lock:
            self._load(token)

    def _load(self, token: str | None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(product_id) FROM catalog_searchrow")
            max_id = cursor.fetchone()[0] or 0
            cursor.execute(PRESENT_SQL)
            present = cursor.fetchone()
        self.words = bitmap.words_for(max_id)
        chunks: dict[str, dict[int, bytes]] = {}
        rows = SearchBitmap.objects.exclude(name__startswith=TERM_PREFIX).values_list("name", "chunk", "bits")
        for name, chunk, bits in rows.iterator(chunk_size=2000):
            chunks.setdefault(name, {})[chunk] = bytes(bits)
        self.facets = {name: bitmap.assemble(parts, self.words) for name, parts in chunks.items()}
        self.values = {}
        for name in self.facets:
            if name != ALL_KEY:
                facet, value = split_key(name)
                self.values.setdefault(facet, []).append(value)
        self.common = frozenset(
            n.removeprefix(TERM_PREFIX)
            for n in SearchBitmap.objects.filter(name__startswith=TERM_PREFIX).values_list("name", flat=True).distinct()
        )
        self.terms = OrderedDict()
        self.sortable = ("relevantie", "titel", *(s for s, ok in zip(SORT_COLUMNS, present, strict=True) if ok))
        self.token = token

    def term(self, token: str) -> bitmap.Bits:
        name = TERM_PREFIX + token
        if name in self.terms:
            self.terms.move_to_end(name)
            return self.terms[name]
        parts = {c: bytes(b) for c, b in SearchBitmap.objects.filter(name=name).values_list("chunk", "bits")}
        bits = bitmap.assemble(parts, self.words)
        with self.lock:
            self.terms[name] = bits
            while len(self.terms) > 64:
                self.terms.popitem(last=False)
        return bits

    def all(self) -> bitmap.Bits:
        return self.facets.get(ALL_KEY, bitmap.empty(self.words))


# Which sort columns hold any data (constant column names).
_PRESENT = [
    f"(SELECT 1 FROM catalog_searchrow WHERE {c} IS NOT NULL LIMIT 1)"  # noqa: S608
    for c, _desc in SORT_COLUMNS.values()
]
PRESENT_SQL = "SELECT " + ", ".join(_PRESENT)
_caches: dict[str, _Cache] = {}


def _cache() -> _Cache:
    alias = connection.alias
    if alias not in _caches:
        _caches[alias] = _Cache()
    cache = _caches[alias]
    cache.refresh()
    return cache


def clean_filters(raw: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Known facets only, without empty values; unknown facet names are an error (clear message)."""
    unknown = sorted(set(raw) - set(FACET_NAMES))
    if unknown:
        raise SearchError(f"Onbekend filter: {', '.join(unknown)}. Bekende filters: {', '.join(FACET_NAMES)}.")
    return {f: tuple(dict.fromkeys(v[:200] for v in values if v)) for f, values in raw.items() if any(values)}


def search(
    q: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    *,
    sort: str = "relevantie",
    offset: int = 0,
    limit: int = 20,
    backend: SearchBackend | None = None,
) -> SearchResult:
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(f"De zoekvraag is te lang ({len(q)} tekens); gebruik hoogstens {MAX_QUERY_CHARS} tekens.")
    if sort not in SORTS:
        raise SearchError(f"Onbekende sortering '{sort[:40]}'; kies uit: {', '.join(SORTS)}.")
    if offset < 0 or not 1 <= limit <= 100:
        raise SearchError("limit moet tussen 1 en 100 liggen en offset mag niet negatief zijn.")
    backend = backend or get_backend()
    selected = clean_filters(filters or {})
    cache = _cache()
    parsed = parse(q)
    text = cache.all()
    for term in parsed.terms:
        text = text & _term_bits(term, cache, backend)
    masks = {f: _or(cache, f, values) for f, values in selected.items()}
    match = text
    for mask in masks.values():
        match = match & mask
    total = bitmap.count(match)
    notices: list[str] = []
    if parsed.dropped_words:
        notices.append(f"Alleen de eerste {len(parsed.terms)} woorden zijn gebruikt.")
    if sort not in cache.sortable:
        notices.append(f"Sorteren op {SORTS[sort].lower()} kan nog niet (geen gegevens); gesorteerd op relevantie.")
        sort = "relevantie"
    if offset >= MAX_WINDOW:
        notices.append(f"Alleen de eerste {MAX_WINDOW} resultaten zijn te bladeren; verfijn de zoekvraag.")
        items: tuple[int, ...] = ()
    else:
        ordered, note = _order(match, total, parsed, sort, offset, limit, backend)
        items = tuple(ordered)
        if note:
            notices.append(note)
    facets = _facet_counts(cache, text, masks, selected)
    return SearchResult(total, items, facets, tuple(notices), sort, cache.sortable, parsed)


def _term_bits(term: Term, cache: _Cache, backend: SearchBackend) -> bitmap.Bits:
    """Products matching one term: stored bitmaps for its common tokens, the full-text index for the rest."""
    if term.prefix:
        common = tuple(sorted(c for c in cache.common if c.startswith(term.forms)))
        bits = bitmap.from_ids(backend.match_ids(term, exclude=common), cache.words)
    else:
        common = tuple(f for f in term.forms if f in cache.common)
        rare = tuple(f for f in term.forms if f not in cache.common)
        bits = bitmap.from_ids(backend.match_ids(Term(rare)) if rare else [], cache.words)
    for token in common:
        bits = bits | cache.term(token)
    return bits


def _or(cache: _Cache, facet: str, values: Sequence[str]) -> bitmap.Bits:
    out = bitmap.empty(cache.words)
    for value in values:
        found = cache.facets.get(key(facet, value))
        if found is not None:
            out = out | found
    return out


def _facet_counts(
    cache: _Cache, text: bitmap.Bits, masks: dict[str, bitmap.Bits], selected: dict[str, tuple[str, ...]]
) -> dict[str, list[FacetValue]]:
    everything = text
    for mask in masks.values():
        everything = everything & mask
    result: dict[str, list[FacetValue]] = {}
    for facet in FACET_NAMES:
        values = cache.values.get(facet, [])
        if not values:
            continue  # no data for this facet yet: hidden, not faked
        base = everything
        if facet in masks:
            base = text
            for other, mask in masks.items():
                if other != facet:
                    base = base & mask
        chosen = set(selected.get(facet, ()))
        counts = {v: bitmap.and_count(base, cache.facets[key(facet, v)]) for v in values}
        shown = [v for v in values if counts[v] or v in chosen]
        shown += [v for v in chosen if v not in counts]  # unknown value asked for: shown with 0
        labels = labels_for(facet, shown)
        rows = [FacetValue(v, labels[v], counts.get(v, 0), v in chosen) for v in shown]
        order = FIXED_ORDER.get(facet)
        if order:
            rows.sort(key=lambda r: (order.index(r.value) if r.value in order else len(order), r.label))
        else:
            rows.sort(key=lambda r: (-r.count, r.label.lower(), r.value))
        result[facet] = rows[:MAX_FACET_VALUES]
    return result


def _order(
    match: bitmap.Bits, total: int, parsed: ParsedQuery, sort: str, offset: int, limit: int, backend: SearchBackend
) -> tuple[list[int], str]:
    end = min(offset + limit, MAX_WINDOW)
    if total == 0:
        return [], ""
    if sort in SORT_COLUMNS:
        column, desc = SORT_COLUMNS[sort]
        return _by_column(match, total, column, desc, offset, end, backend), ""
    if sort == "relevantie" and not parsed.is_empty:
        if total <= RANK_CAP:
            return _ranked(match, parsed, backend)[offset:end], ""
        note = f"Meer dan {RANK_CAP} resultaten: gesorteerd op titel. Voeg woorden of filters toe voor relevantie."
        return _by_column(match, total, "sort_title", False, offset, end, backend), note
    return _by_column(match, total, "sort_title", False, offset, end, backend), ""


def _ranked(match: bitmap.Bits, parsed: ParsedQuery, backend: SearchBackend) -> list[int]:
    rows = backend.rows(bitmap.to_ids(match).tolist(), ["product_id", "title_tokens", "sort_title"])

    def score(title_tokens: str) -> int:
        tokens = title_tokens.split()
        return sum(
            2 for t in parsed.terms if any(tok.startswith(t.forms) if t.prefix else tok in t.forms for tok in tokens)
        )

    rows.sort(key=lambda r: (-score(r[1]), r[2], r[0]))
    return [r[0] for r in rows]


def _by_column(
    match: bitmap.Bits, total: int, column: str, desc: bool, offset: int, end: int, backend: SearchBackend
) -> list[int]:
    if total <= SMALL_SET:
        rows = backend.rows(bitmap.to_ids(match).tolist(), ["product_id", column])
        known = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=desc)
        unknown = sorted(r[0] for r in rows if r[1] is None)
        return ([r[0] for r in known] + unknown)[offset:end]
    member = bitmap.flags(match)
    direction = "DESC" if desc else "ASC"
    found: list[int] = []
    statements = (
        f"SELECT product_id FROM catalog_searchrow WHERE {column} IS NOT NULL "  # noqa: S608  # column from constants
        f"ORDER BY {column} {direction}, product_id {direction}",
        f"SELECT product_id FROM catalog_searchrow WHERE {column} IS NULL ORDER BY product_id",  # noqa: S608
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            while len(found) < end and (rows := cursor.fetchmany(2000)):
                found.extend(pid for (pid,) in rows if pid < member.size and member[pid])
            if len(found) >= end:
                break
    return found[offset:end]


def facet_label(name: str) -> str:
    return BY_NAME[name].label


def as_dict(result: SearchResult) -> dict[str, Any]:
    return {
        "count": result.count,
        "items": list(result.items),
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
