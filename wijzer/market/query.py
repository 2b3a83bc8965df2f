"""Reads of the market monitor (W7): the facts and product rows as the domain's columns, and every figure of the
dashboard (`monitor_figures`).

Loading. The price facts (`PriceFact`, one per product and year) and product rows (`MarketProduct`) are read with one
plain SQL query each, straight into numpy arrays (`FactTable`, `ProductTable`, `SegmentMap`); segments are built per
distinct combination of sectors and subjects, not per product. The owner group of a product is resolved at read time
from the current owner chain of its publisher (an organisation moved to another group shows at once, without a
refresh); volumes are the W6 "verified use" counts (`quality.service.holding_counts`).

Segments. A segment is (sector, subject): sector po/vo/so/vso or `ALL` ("alle sectoren"), subject a subject key (the
catalogue's "vak" facet value: one key per readable subject) or `ALL` ("alle vakken"). A product counts in every
segment it declares, and in the "alle" segments above them.

Computing. `monitor_figures` computes every figure for every segment at once (the domain works on all segments in one
pass) and keeps the result per process until the facts, the holdings or the reference series change (a cheap check of
three aggregates); it returns the segment asked for in full and a one-year overview of all segments.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import pickle
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

import numpy as np

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.quality import service as quality

from .domain.concentration import ConcentrationYear, concentration_trend
from .domain.coverage import Coverage, coverage
from .domain.facts import Bools, FactTable, Floats, Ints, Owner, ProductTable, SegmentMap
from .domain.index import IndexPoint, jevons_index, laspeyres_index
from .domain.lifo import LifoPoint, lifo_share
from .domain.spread import SpreadPoint, price_spread
from .exceptions import NotFound
from .models import MarketProduct, MarketState, PriceFact, ReferencePoint

ALL = ""  # "alle sectoren" / "alle vakken"
SECTORS = ("po", "vo", "so", "vso")
SECTOR_LABELS = {
    ALL: "Alle sectoren",
    "po": "Primair onderwijs (PO)",
    "vo": "Voortgezet onderwijs (VO)",
    "so": "Speciaal onderwijs (SO)",
    "vso": "Voortgezet speciaal onderwijs (VSO)",
}
ALL_SUBJECTS = "Alle vakken"
UNKNOWN_OWNER = Owner("Eigenaar onbekend", "")
CPI_CODE = "cpi"
VOLUME_LABEL = (
    "Gebruik = het aantal scholen dat opgaf het product te gebruiken (geverifieerd gebruik, W6); licentieaantallen "
    "volgen met W9. Een product zonder opgave telt als onbekend gebruik, niet als nul."
)

Segment = tuple[str, str]  # (sector or ALL, subject key or ALL)


# --- the columns ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class MarketData:
    """Everything the figures are computed from, as columns."""

    facts: FactTable
    products: ProductTable  # every product row of the monitor (withdrawn ones too: their facts count in their years)
    live: Bools  # per `products` row: in the catalogue now (not withdrawn)
    demo: Bools  # per `products` row: voorbeeldgegevens
    segments: SegmentMap[Segment]
    subject_labels: dict[str, str]
    years: range
    cpi: dict[int, Decimal]
    cpi_status: dict[int, str]
    refreshed_at: datetime.datetime | None


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


_YEAR_BITS = 14  # a fact's key: product << 14 | year (as `FactTable` sorts)


def _fact_columns() -> tuple[Ints, Floats, Bools]:
    """(key, price, is_lifo) of every fact, unsorted: two packed integers a row (product << 14 | year; the price in
    cents x 2 + LiFo, -2 for no price), as one bytea of int8 pairs on PostgreSQL and as plain rows on SQLite."""
    table = _table(PriceFact)
    key_sql = f"product_id * {1 << _YEAR_BITS} + year"
    value_sql = "COALESCE(per_pupil_incl_cents, -1) * 2 + CASE WHEN is_lifo THEN 1 ELSE 0 END"
    select = f"SELECT {key_sql}, {value_sql} FROM {table}"  # noqa: S608  # names from model meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One bytea of big-endian int8 pairs, concatenated on the server: one message, no row objects.
            cursor.execute(
                f"SELECT string_agg(int8send(k) || int8send(v), ''::bytea) FROM ({select}) AS f(k, v)"  # noqa: S608
            )
            data = cursor.fetchone()[0] or b""
            pairs = np.frombuffer(bytes(data), dtype=">i8").reshape(-1, 2).astype(np.int64)
            keys, values = pairs[:, 0].copy(), pairs[:, 1].copy()
        else:
            cursor.execute(select)
            fetched = cursor.fetchall()
            keys = np.fromiter((row[0] for row in fetched), dtype=np.int64, count=len(fetched))
            values = np.fromiter((row[1] for row in fetched), dtype=np.int64, count=len(fetched))
    lifo = (values & 1).astype(np.bool_)
    price = (values >> 1).astype(np.float64)
    price[price < 0] = np.nan
    return keys, price, lifo


def _owner_groups() -> dict[int, Owner]:
    """Organisation id -> the owner group at the top of its owner chain (itself when it has no owner)."""
    rows = {
        pk: (parent, name, country)
        for pk, parent, name, country in accounts.Organisation.objects.values_list("pk", "parent_id", "name", "country")
    }
    tops: dict[int, Owner] = {}
    for start in rows:
        node, seen = start, {start}
        while (parent := rows[node][0]) is not None and parent in rows and parent not in seen:
            seen.add(parent)
            node = parent
        tops[start] = Owner(rows[node][1], rows[node][2] or "")
    return tops


def _segment_codes(sectors: Sequence[str], subjects: Sequence[str], positions: dict[Segment, int]) -> list[int]:
    keys: dict[Segment, None] = {(ALL, ALL): None}
    for sector in sectors:
        keys[(sector, ALL)] = None
    for subject in subjects:
        keys[(ALL, subject)] = None
    for sector in sectors:
        for subject in subjects:
            keys[(sector, subject)] = None
    return [positions.setdefault(key, len(positions)) for key in keys]


def _json_list(text: Any) -> tuple[str, ...]:
    if text is None:
        return ()
    value = json.loads(text) if isinstance(text, str) else text
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@dataclass(frozen=True, eq=False)
class Columns:
    """What only a refresh changes, as arrays: the facts and the product rows. Kept per process and, between
    processes, in Django's cache (a file under var/cache) under the refresh state, so that a new process does not
    read a million facts through the database driver again."""

    fact_key: Ints  # product << 14 | year, sorted
    fact_price: Floats
    fact_lifo: Bools
    product: Ints  # sorted
    publisher: Ints  # -1 = none
    method: Ints  # -1 - product for a product without a method
    paid: Bools  # not free or open material
    live: Bools
    demo: Bools
    offsets: Ints  # segments: codes[offsets[i]:offsets[i + 1]] of product[i]
    codes: Ints
    keys: tuple[Segment, ...]  # in code order
    subjects: tuple[str, ...]

    ARRAYS = (
        "fact_key", "fact_price", "fact_lifo", "product", "publisher", "method", "paid", "live", "demo", "offsets",
        "codes",
    )  # fmt: skip

    def to_bytes(self) -> bytes:
        """Compact: the fact key as product (int32) and year (int16), the price as whole cents (int32, -1 = none)."""
        out = io.BytesIO()
        names = json.dumps({"keys": [list(k) for k in self.keys], "subjects": list(self.subjects)})
        arrays = {name: getattr(self, name) for name in self.ARRAYS}
        key = arrays.pop("fact_key")
        price = arrays.pop("fact_price")
        product, cents = key >> _YEAR_BITS, np.where(np.isnan(price), -1, price)
        small = int(product.max(initial=0)) < 2**31 and float(cents.max(initial=0)) < 2**31
        arrays["fact_product"] = product.astype(np.int32 if small else np.int64)
        arrays["fact_year"] = (key & ((1 << _YEAR_BITS) - 1)).astype(np.int16)
        arrays["fact_cents"] = cents.astype(np.int32 if small else np.int64)
        np.savez(out, names=np.array(names), **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Columns:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            names = json.loads(str(stored["names"]))
            arrays = {name: stored[name] for name in cls.ARRAYS if name not in ("fact_key", "fact_price")}
            product = stored["fact_product"].astype(np.int64)
            arrays["fact_key"] = (product << _YEAR_BITS) | stored["fact_year"].astype(np.int64)
            cents = stored["fact_cents"].astype(np.float64)
            cents[cents < 0] = np.nan
            arrays["fact_price"] = cents
        return cls(
            **arrays,
            keys=tuple((str(a), str(b)) for a, b in names["keys"]),
            subjects=tuple(str(s) for s in names["subjects"]),
        )


def read_columns() -> Columns:
    """The facts and product rows from the database (two queries)."""
    rows = _rows(
        "SELECT product_id, publisher_id, method_id, CAST(sectors AS TEXT), CAST(subject_ids AS TEXT), "  # noqa: S608
        f"is_paid, is_open, withdrawn_year, is_demo FROM {_table(MarketProduct)} ORDER BY product_id"
    )
    positions: dict[Segment, int] = {}
    signatures: dict[tuple[str, str], list[int]] = {}
    codes: list[list[int]] = []
    subject_keys: set[str] = set()
    for _pid, _publisher, _method, sectors, subjects, *_rest in rows:
        signature = (sectors or "[]", subjects or "[]")
        found = signatures.get(signature)
        if found is None:
            subject_list = _json_list(signature[1])
            subject_keys.update(subject_list)
            found = signatures[signature] = _segment_codes(_json_list(signature[0]), subject_list, positions)
        codes.append(found)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    product = np.array(columns[0], dtype=np.int64)
    publisher = np.array([-1 if v is None else v for v in columns[1]], dtype=np.int64)
    method = np.array([-1 - pid if v is None else v for pid, v in zip(columns[0], columns[2], strict=True)], np.int64)
    paid = np.array([p is not False and not o for p, o in zip(columns[5], columns[6], strict=True)], dtype=np.bool_)
    counts = np.array([len(c) for c in codes], dtype=np.int64)
    keys, price, lifo = _fact_columns()
    order = np.argsort(keys, kind="stable")
    return Columns(
        fact_key=keys[order],
        fact_price=price[order],
        fact_lifo=lifo[order],
        product=product,
        publisher=publisher,
        method=method,
        paid=paid,
        live=np.array([w is None for w in columns[7]], dtype=np.bool_),
        demo=np.array([bool(d) for d in columns[8]], dtype=np.bool_),
        offsets=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        codes=np.array([code for c in codes for code in c], dtype=np.int64),
        keys=tuple(positions) or ((ALL, ALL),),
        subjects=tuple(sorted(subject_keys)),
    )


def load_market_data(today: datetime.date | None = None, columns: Columns | None = None) -> MarketData:
    """The columns (read when not given) with what may change without a refresh: owner groups from the current
    owner chains, volumes from verified use, subject labels and the CPI."""
    columns = columns if columns is not None else read_columns()
    owners_of = _owner_groups()
    owner_codes: dict[Owner, int] = {}
    publisher_code = {
        int(org): owner_codes.setdefault(owners_of.get(int(org), UNKNOWN_OWNER), len(owner_codes))
        for org in np.unique(columns.publisher).tolist()
    }
    lookup = np.array(list(publisher_code), dtype=np.int64)
    codes = np.array(list(publisher_code.values()), dtype=np.int64)
    owner = codes[np.searchsorted(lookup, columns.publisher)] if len(columns.publisher) else columns.publisher
    volumes = quality.holding_counts()
    volume = np.full(len(columns.product), np.nan)
    if volumes:
        held = np.array(list(volumes), dtype=np.int64)
        slot = np.searchsorted(columns.product, held)
        inside = slot < len(columns.product)
        known = np.zeros(len(held), dtype=np.bool_)
        known[inside] = columns.product[slot[inside]] == held[inside]
        volume[slot[known]] = np.array(list(volumes.values()), dtype=np.float64)[known]
    products = ProductTable(
        product=columns.product, owner=owner, owners=tuple(owner_codes), method=columns.method, volume=volume
    )
    labels = catalog.subject_names(list(columns.subjects)) if columns.subjects else {}
    positions = {key: at for at, key in enumerate(columns.keys)}
    segments = _ordered(SegmentMap((), columns.product, columns.offsets, columns.codes), positions, labels)
    facts = _facts(columns)
    cpi, status = cpi_series()
    this_year = (today or timezone.localdate()).year
    first = int(facts.year.min()) if len(facts) else this_year
    last = max(this_year, int(facts.year.max()) if len(facts) else this_year)
    state = MarketState.objects.order_by("pk").first()
    return MarketData(
        facts=facts,
        products=products,
        live=columns.live,
        demo=columns.demo,
        segments=segments,
        subject_labels=labels,
        years=range(first, last + 1),
        cpi=cpi,
        cpi_status=status,
        refreshed_at=state.refreshed_at if state else None,
    )


def _facts(columns: Columns) -> FactTable:
    """The fact table, `is_paid` from the product rows (a fact of a product without a row counts as paid)."""
    product = columns.fact_key >> _YEAR_BITS
    year = columns.fact_key & ((1 << _YEAR_BITS) - 1)
    is_paid = np.ones(len(product), dtype=np.bool_)
    if len(columns.product):
        slot = np.minimum(np.searchsorted(columns.product, product), len(columns.product) - 1)
        found = columns.product[slot] == product
        is_paid[found] = columns.paid[slot[found]]
    nothing = np.full(len(product), np.nan)  # licence and folio parts: no figure uses them
    return FactTable(product, year, columns.fact_price, columns.fact_lifo, is_paid, nothing, nothing)


def _ordered(
    segments: SegmentMap[Segment], positions: dict[Segment, int], labels: Mapping[str, str]
) -> SegmentMap[Segment]:
    """The segment keys in reading order: all, per sector, per subject, then sector x subject (by label)."""
    keys = list(positions) if positions else [(ALL, ALL)]
    positions = positions or {(ALL, ALL): 0}

    def order(key: Segment) -> tuple[int, int, str]:
        sector, subject = key
        rank = SECTORS.index(sector) if sector in SECTORS else len(SECTORS)
        name = labels.get(subject, subject).casefold()
        if sector == ALL:
            return (0 if subject == ALL else 2, 0, name)
        return (1 if subject == ALL else 3, rank, name)

    wanted = sorted(keys, key=order)
    remap = np.empty(len(positions), dtype=np.int64)
    for new, key in enumerate(wanted):
        remap[positions[key]] = new
    codes = remap[segments.codes] if len(segments.codes) else segments.codes
    return SegmentMap(tuple(wanted), segments.product, segments.offsets, codes)


def cpi_series() -> tuple[dict[int, Decimal], dict[int, str]]:
    """The CBS CPI (2015 = 100) by year, and per year whether the value is official, computed or estimated."""
    rows = ReferencePoint.objects.filter(series__code=CPI_CODE).order_by("year").values_list("year", "value", "status")
    return {y: Decimal(v) for y, v, _s in rows}, {y: s for y, _v, s in rows}


# --- the figures ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CpiPoint:
    year: int
    index: float  # CBS CPI, 2015 = 100
    status: str  # official | computed | estimated (PointStatus)


@dataclass(frozen=True, slots=True)
class SegmentFigures:
    """Every figure of one segment, per year (the tuples are in the order of `MonitorFigures.years`)."""

    sector: str  # po, vo, so, vso or ALL ("")
    subject: str  # subject key or ALL ("")
    sector_label: str
    subject_label: str
    jevons: tuple[IndexPoint, ...]  # price index without volumes (matched models), CPI beside it
    laspeyres: tuple[IndexPoint, ...]  # price index weighted by verified use (see VOLUME_LABEL)
    lifo: tuple[LifoPoint, ...]  # LiFo share by count and, where volumes are known, by value
    spread: tuple[SpreadPoint, ...]  # price spread and the open vs closed share
    concentration: tuple[ConcentrationYear, ...]  # owner shares filled in for the last year only
    coverage: Coverage  # products and methods now, with and without a price (last year's facts)

    @property
    def label(self) -> str:
        return f"{self.sector_label} · {self.subject_label}"


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One segment in the last year: the table of all sectors x subjects (coverage, concentration, prices)."""

    sector: str
    subject: str
    sector_label: str
    subject_label: str
    coverage: Coverage
    concentration: ConcentrationYear  # with the owner shares
    lifo: LifoPoint
    spread: SpreadPoint
    jevons: IndexPoint


@dataclass(frozen=True, slots=True)
class MonitorFigures:
    """The dashboard: the segment asked for in full, all segments for the last year, the CPI and what it rests on."""

    years: tuple[int, ...]
    last_year: int  # the current calendar year (facts: the snapshot known so far)
    selected: SegmentFigures
    overview: tuple[OverviewRow, ...]  # every segment with products, in reading order
    cpi: tuple[CpiPoint, ...]  # the years of `years` that have a CPI value
    cpi_base_year: int  # 2015
    sectors: tuple[tuple[str, str], ...]  # (code, label) of the sectors with products
    subjects: tuple[tuple[str, str], ...]  # (key, label) of the subjects with products, by label
    n_products: int  # product rows of the monitor (withdrawn ones included)
    n_facts: int
    n_demo_products: int
    refreshed_at: datetime.datetime | None
    volume_label: str

    @property
    def is_demo(self) -> bool:
        """Anything shown rests (partly) on voorbeeldgegevens: the page must say so."""
        return self.n_demo_products > 0


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], Any]] = {}
_marks: dict[int, str] = {}  # id of the loaded data -> the digest of what it rests on (for the shared figures)


def _digest(rows: Iterable[Any]) -> str:
    """A digest that is the same in every process (Python's own hash of a string is not)."""
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:24]


def _mark() -> tuple[Any, ...]:
    """What the figures depend on, read cheaply: the refresh state, the holdings, the CPI and the owner
    chains (organisations have no change time: a digest of their parent, name and country, a few thousand rows)."""
    state = MarketState.objects.order_by("pk").values_list("refreshed_at", "price_watermark", "product_watermark")
    holding_mark = _digest(sorted(quality.holding_counts().items()))
    reference = _digest(ReferencePoint.objects.filter(series__code=CPI_CODE).order_by("year").values_list(
        "year", "value", "status"))  # fmt: skip
    owners = _digest(accounts.Organisation.objects.order_by("pk").values_list("pk", "parent_id", "name", "country"))
    return (
        tuple(str(part) for part in state.first() or ()),
        holding_mark,
        reference,
        owners,
        timezone.localdate().year,
    )


def clear_cache() -> None:
    """Forget what this process loaded and computed (Django's shared cache keeps the columns and figures)."""
    with _lock:
        _cache.clear()
        _marks.clear()


def market_data() -> MarketData:
    """The loaded columns, reused until what they rest on changes (see `Columns` for the cache between processes)."""
    mark = _mark()
    with _lock:
        found = _cache.get("data")
    if found is not None and found[0] == mark:
        data: MarketData = found[1]
        return data
    data = load_market_data(columns=_shared_columns(mark[0]))
    with _lock:
        _cache.clear()  # figures of older data go too
        _marks.clear()
        _cache["data"] = (mark, data)
        _marks[id(data)] = _digest([mark, connection.vendor, str(connection.settings_dict.get("NAME"))])
    return data


def _shared_columns(state: tuple[Any, ...]) -> Columns | None:
    """The columns of this refresh state from Django's cache, or read and stored there; None without a state."""
    if not state:
        return None
    database = connection.settings_dict
    identity = json.dumps([connection.vendor, str(database.get("NAME")), database.get("HOST"), database.get("PORT"),
                           [str(part) for part in state]])  # fmt: skip
    key = f"market:columns:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"
    stored = cache.get(key)
    if isinstance(stored, bytes):
        try:
            return Columns.from_bytes(stored)
        except (ValueError, KeyError, OSError):
            pass  # unreadable: read again
    columns = read_columns()
    cache.set(key, columns.to_bytes(), timeout=None)
    return columns


def _subject_label(data: MarketData, subject: str) -> str:
    return ALL_SUBJECTS if subject == ALL else data.subject_labels.get(subject, subject)


def monitor_figures(sector: str | None = None, subject: str | None = None) -> MonitorFigures:
    """Every figure of the dashboard for the segment (sector, subject); None = all sectors / all subjects.

    Raises `NotFound` (Dutch) for a sector that is not po, vo, so or vso and for a subject the monitor does not know.
    """
    data = market_data()
    wanted = (sector or ALL, subject or ALL)
    if wanted[0] not in SECTOR_LABELS:
        raise NotFound(f"Onbekende sector “{wanted[0][:20]}”. Kies po, vo, so of vso.")
    if wanted[1] != ALL and wanted[1] not in data.subject_labels:
        raise NotFound(f"Onbekend vak “{wanted[1][:60]}”. Kies een vak uit de lijst.")
    return _figures(data, wanted)


def _subset(facts: FactTable, rows: Bools) -> FactTable:
    """The facts where `rows` holds (still sorted by product and year)."""
    return FactTable(
        facts.product[rows], facts.year[rows], facts.price[rows], facts.is_lifo[rows], facts.is_paid[rows],
        facts.licence[rows], facts.folio[rows],
    )  # fmt: skip


def _only(segments: SegmentMap[Segment], key: Segment) -> SegmentMap[Segment]:
    """A map of one segment: the products that count in `key` (none when `key` is not among the segments)."""
    if key not in segments.keys:
        empty = np.zeros(0, dtype=np.int64)
        return SegmentMap((key,), empty, np.zeros(1, dtype=np.int64), empty)
    position = segments.keys.index(key)
    counts = np.diff(segments.offsets)
    owner = np.repeat(segments.product, counts)
    product = np.unique(owner[segments.codes == position])
    return SegmentMap((key,), product, np.arange(len(product) + 1, dtype=np.int64), np.zeros(len(product), np.int64))


def compute_segment(data: MarketData, key: Segment, cover: Coverage | None = None) -> SegmentFigures:
    """Every figure of one segment for every year (only that segment's facts are exploded); `cover` is its coverage
    when the overview has it already."""
    segments = _only(data.segments, key)
    every = len(segments.product) == len(data.products.product)  # e.g. all sectors, all subjects
    facts = data.facts if every else _subset(data.facts, np.isin(data.facts.product, segments.product))
    cpi = {year: float(value) for year, value in data.cpi.items()}
    years, products = data.years, data.products
    if cover is None:
        live = data.live
        priced = _priced_in(data.facts, products.product, years.stop - 1)
        cover = coverage(products.product[live], products.method[live], priced[live], segments)[key]
    return SegmentFigures(
        sector=key[0],
        subject=key[1],
        sector_label=SECTOR_LABELS.get(key[0], key[0]),
        subject_label=_subject_label(data, key[1]),
        jevons=jevons_index(facts, segments, cpi=cpi, years=years)[key],
        laspeyres=laspeyres_index(facts, segments, products, cpi=cpi, years=years)[key],
        lifo=lifo_share(facts, segments, products, years=years)[key],
        spread=price_spread(facts, segments, years=years)[key],
        concentration=concentration_trend(facts, segments, products, years=years, owners_in={years.stop - 1})[key],
        coverage=cover,
    )


def compute_overview(data: MarketData) -> tuple[OverviewRow, ...]:
    """Every segment in the last year, computed for all segments at once over the facts of the last two years (the
    year before only links the index: `OverviewRow.jevons` is the last year on the year before = 100)."""
    segments, products = data.segments, data.products
    last = data.years.stop - 1
    years = range(max(data.years.start, last - 1), last + 1)
    facts = _subset(data.facts, data.facts.year >= years.start)
    cpi = {year: float(value) for year, value in data.cpi.items()}
    priced = _priced_in(facts, products.product, last)
    live = data.live
    jevons = jevons_index(facts, segments, cpi=cpi, years=years)
    lifo = lifo_share(facts, segments, products, years=years)
    spread = price_spread(facts, segments, years=range(last, last + 1))
    concentration = concentration_trend(facts, segments, products, years=range(last, last + 1), owners_in={last})
    cover = coverage(products.product[live], products.method[live], priced[live], segments)
    return tuple(
        OverviewRow(
            sector=key[0],
            subject=key[1],
            sector_label=SECTOR_LABELS.get(key[0], key[0]),
            subject_label=_subject_label(data, key[1]),
            coverage=cover[key],
            concentration=concentration[key][-1],
            lifo=lifo[key][-1],
            spread=spread[key][-1],
            jevons=jevons[key][-1],
        )
        for key in segments.keys
    )


def _priced_in(facts: FactTable, product: Ints, year: int) -> Bools:
    """Per product: a per-pupil price in `year`."""
    rows = (facts.year == year) & ~np.isnan(facts.price)
    return np.isin(product, facts.product[rows])


def _cached(name: str, mark: tuple[Any, ...], make: Any) -> Any:
    with _lock:
        found = _cache.get(name)
    if found is not None and found[0] == mark:
        return found[1]
    value = make()
    with _lock:
        _cache[name] = (mark, value)
    return value


def _figures(data: MarketData, wanted: Segment) -> MonitorFigures:
    shared = _marks.get(id(data))
    overview = _cached("overview", (id(data),), lambda: _shared(shared, "overview", lambda: compute_overview(data)))
    covered = {(row.sector, row.subject): row.coverage for row in overview}
    empty = Coverage(0, 0, 0, 0)  # a segment without products
    selected = _cached(
        f"segment:{wanted}",
        (id(data),),
        lambda: _shared(shared, f"segment:{wanted}", lambda: compute_segment(data, wanted, covered.get(wanted, empty))),
    )
    return _assemble(data, overview, selected)


def _shared(digest: str | None, name: str, make: Any) -> Any:
    """A computed part from Django's cache (computed once for all processes per state of the data), or computed."""
    if digest is None or not SHARE_FIGURES:
        return make()
    key = f"market:figures:{digest}:{hashlib.sha256(name.encode()).hexdigest()[:16]}"
    try:
        found = cache.get(key)
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, EOFError):
        found = None  # an unreadable entry (e.g. written by an older version): compute again
    if found is not None:
        return found
    value = make()
    cache.set(key, value, timeout=SHARED_FIGURES_SECONDS)
    return value


SHARED_FIGURES_SECONDS = 7 * 24 * 3600  # figures of an older state expire; a new state has another key
SHARE_FIGURES = True  # False: every process computes its own figures (the benchmark measures computing this way)


def _assemble(data: MarketData, overview: tuple[OverviewRow, ...], selected: SegmentFigures) -> MonitorFigures:
    years = tuple(data.years)
    sectors = tuple((s, SECTOR_LABELS[s]) for s in SECTORS if (s, ALL) in data.segments.keys)
    subjects = tuple(
        sorted(((k, label) for k, label in data.subject_labels.items()), key=lambda item: item[1].casefold())
    )
    return MonitorFigures(
        years=years,
        last_year=years[-1],
        selected=selected,
        overview=overview,
        cpi=tuple(
            CpiPoint(year, float(data.cpi[year]), data.cpi_status.get(year, "")) for year in years if year in data.cpi
        ),
        cpi_base_year=2015,
        sectors=sectors,
        subjects=subjects,
        n_products=len(data.products.product),
        n_facts=len(data.facts),
        n_demo_products=int(np.count_nonzero(data.demo)),
        refreshed_at=data.refreshed_at,
        volume_label=VOLUME_LABEL,
    )
