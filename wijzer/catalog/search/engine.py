"""Running a search (W4): match set, facet counts and one page of ordered product ids, on either backend.

1. Each query term becomes a bitmap: a very common token has a stored bitmap; any other term asks the backend's
   full-text index (FTS5 or tsvector/GIN) for its few matching ids. A prefix term combines both.
2. Filters: values of one facet are OR-ed, facets are AND-ed. The match set is terms AND filters.
3. Facet counts: for each facet, the match set *without that facet's own filter* AND each value's bitmap, so
   a visitor sees what ticking another box of the same facet would add.
4. Ordering: relevance (query words in the title first, then title) for up to `RANK_CAP` hits; beyond that,
   or without words, by title. Title, price, quality and coverage use a rank array per sort (the position of
   every product id in that order, loaded once per index version) and a partial sort of the match set.

Bitmaps are cached per process and reloaded when `SearchState.token` changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

import numpy as np
import numpy.typing as npt

from wijzer.catalog.domain.search import bitmap
from wijzer.catalog.domain.search.facets import (
    ALL_KEY,
    FACET_NAMES,
    PRICE_ORDER,
    REGROUPED_FACETS,
    key,
    regroup,
    school_order,
    split_key,
)
from wijzer.catalog.domain.search.query import MAX_QUERY_CHARS, ParsedQuery, Term, parse
from wijzer.catalog.models import SearchBitmap, SearchState

from .backends import SearchBackend, get_backend
from .index import TERM_PREFIX
from .labels import labels_for, preferred_ids

RANK_CAP = 2000  # above this many hits, relevance falls back to title order
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
        self.matrix: dict[str, npt.NDArray[np.uint64]] = {}
        self.common: frozenset[str] = frozenset()
        self.terms: OrderedDict[str, bitmap.Bits] = OrderedDict()
        self.sortable: tuple[str, ...] = ()
        self.labels: dict[str, dict[str, str]] = {}
        self.alias: dict[tuple[str, str], tuple[str, str]] = {}  # stored (facet, value) -> the one shown
        self.orders: dict[tuple[str, bool], npt.NDArray[np.int64]] = {}
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
        self.values = {}
        for name in chunks:
            if name != ALL_KEY:
                facet, value = split_key(name)
                self.values.setdefault(facet, []).append(value)
        # One matrix per facet (a row per value), so a facet's counts are one vectorised AND + popcount.
        self.matrix = {
            facet: np.stack([bitmap.assemble(chunks[key(facet, v)], self.words) for v in values])
            for facet, values in self.values.items()
        }
        self.facets = {
            key(facet, v): self.matrix[facet][row]
            for facet, values in self.values.items()
            for row, v in enumerate(values)
        }
        if ALL_KEY in chunks:
            self.facets[ALL_KEY] = bitmap.assemble(chunks[ALL_KEY], self.words)
        self.common = frozenset(
            n.removeprefix(TERM_PREFIX)
            for n in SearchBitmap.objects.filter(name__startswith=TERM_PREFIX).values_list("name", flat=True).distinct()
        )
        self.terms = OrderedDict()
        self.labels = {}
        self.alias = {}
        self._regroup()
        self.orders = {}
        self.sortable = ("relevantie", "titel", *(s for s, ok in zip(SORT_COLUMNS, present, strict=True) if ok))
        self.token = token

    def _regroup(self) -> None:
        """One value per readable label in Niveau, Leerjaar and Vak (`facets.regroup`): the bitmaps of the
        stored values behind one label are OR-ed, so a product with both ids counts once."""
        raw = {(f, v): label for f in REGROUPED_FACETS for v, label in labels_for(f, self.values.get(f, [])).items()}
        if not raw:
            return
        groups: dict[str, dict[str, bitmap.Bits]] = {}
        for (facet, value), place in regroup(raw, preferred_ids()).items():
            bits = self.facets.pop(key(facet, value))
            into = groups.setdefault(place.facet, {})
            into[place.value] = into[place.value] | bits if place.value in into else bits
            self.labels.setdefault(place.facet, {})[place.value] = place.label
            if (facet, value) != (place.facet, place.value):
                self.alias[(facet, value)] = (place.facet, place.value)
        for facet in REGROUPED_FACETS:
            self.values.pop(facet, None)
            self.matrix.pop(facet, None)
        for facet, merged in groups.items():
            self.values[facet] = list(merged)
            self.matrix[facet] = np.stack(list(merged.values()))
            for row, value in enumerate(self.values[facet]):
                self.facets[key(facet, value)] = self.matrix[facet][row]

    def canonical(self, selected: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """Filters with every stored value replaced by the value shown for its group (old links keep working)."""
        result: dict[str, tuple[str, ...]] = {}
        for facet, values in selected.items():
            for value in values:
                target, shown = self.alias.get((facet, value), (facet, value))
                result[target] = tuple(dict.fromkeys((*result.get(target, ()), shown)))
        return result

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

    def label(self, facet: str, values: list[str]) -> dict[str, str]:
        """Labels of facet values, looked up once per index version."""
        known = self.labels.setdefault(facet, {})
        missing = [v for v in values if v not in known]
        if missing:
            known.update(labels_for(facet, missing))
        return {v: known[v] for v in values}

    def order(self, column: str, desc: bool) -> npt.NDArray[np.int64]:
        """Every product id in one sort order (unknown values last), loaded once per index version."""
        if (column, desc) not in self.orders:
            direction = "DESC" if desc else "ASC"
            parts = []
            with connection.cursor() as cursor:
                for sql in (
                    f"SELECT product_id FROM catalog_searchrow WHERE {column} IS NOT NULL "  # noqa: S608
                    f"ORDER BY {column} {direction}, product_id {direction}",
                    f"SELECT product_id FROM catalog_searchrow WHERE {column} IS NULL ORDER BY product_id",  # noqa: S608
                ):
                    cursor.execute(sql)
                    while rows := cursor.fetchmany(50_000):
                        parts.append(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
            self.orders[(column, desc)] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return self.orders[(column, desc)]

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
    cache = _cache()
    selected = cache.canonical(clean_filters(filters or {}))
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
        if any(f in cache.common for f in term.forms):
            # The typed word is itself very common (a whole word): its rare completions are not looked up, which
            # would read that word's huge posting list twice (the capped case of W4's speed target).
            bits = bitmap.empty(cache.words)
        else:
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
        counts = dict(zip(values, np.bitwise_count(cache.matrix[facet] & base).sum(axis=1).tolist(), strict=True))
        shown = [v for v in values if counts[v] or v in chosen]
        shown += [v for v in chosen if v not in counts]  # unknown value asked for: shown with 0
        labels = cache.label(facet, shown)
        rows = [FacetValue(v, labels[v], counts.get(v, 0), v in chosen) for v in shown]
        order = FIXED_ORDER.get(facet)
        if facet == "leerjaar":
            rows.sort(key=lambda r: school_order(r.label))
        elif order:
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
        return _by_rank(match, column, desc, offset, end), ""
    if sort == "relevantie" and not parsed.is_empty:
        if total <= RANK_CAP:
            return _ranked(match, parsed, backend)[offset:end], ""
        note = f"Meer dan {RANK_CAP} resultaten: gesorteerd op titel. Voeg woorden of filters toe voor relevantie."
        return _by_rank(match, "sort_title", False, offset, end), note
    return _by_rank(match, "sort_title", False, offset, end), ""


def _ranked(match: bitmap.Bits, parsed: ParsedQuery, backend: SearchBackend) -> list[int]:
    rows = backend.rows(bitmap.to_ids(match).tolist(), ["product_id", "title_tokens", "sort_title"])

    def score(title_tokens: str) -> int:
        tokens = title_tokens.split()
        return sum(
            2 for t in parsed.terms if any(tok.startswith(t.forms) if t.prefix else tok in t.forms for tok in tokens)
        )

    rows.sort(key=lambda r: (-score(r[1]), r[2], r[0]))
    return [r[0] for r in rows]


def _by_rank(match: bitmap.Bits, column: str, desc: bool, offset: int, end: int) -> list[int]:
    """The page [offset, end) of the match set in the order of `column`: walk that order in blocks and keep the
    members, so a large match set stops after a few blocks and a small one costs one pass over the order."""
    order = _cache().order(column, desc)
    member = bitmap.flags(match)
    found: list[int] = []
    block = 4096
    for start in range(0, order.size, block):
        ids = order[start : start + block]
        found.extend(ids[member[ids]].tolist())
        if len(found) >= end:
            break
        block = min(block * 4, 1 << 20)
    return found[offset:end]


def as_dict(result: SearchResult) -> dict[str, Any]:
    return {
        "count": result.count,
        "items": list(result.items),
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
