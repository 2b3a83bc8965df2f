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
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
    cents x 2 + LiFo, -2 for no price), read as binary COPY on PostgreSQL and as plain rows on SQLite."""
    table = _table(PriceFact)
    key_sql = f"product_id * {1 << _YEAR_BITS} + year"
    value_sql = "COALESCE(per_pupil_incl_cents, -1) * 2 + CASE WHEN is_lifo THEN 1 ELSE 0 END"
    select = f"SELECT {key_sql}, {value_sql} FROM {table}"  # noqa: S608  # names from model meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY ({select}) TO STDOUT (FORMAT BINARY)") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            rows = np.frombuffer(
                data,
                dtype=np.dtype([("n", ">i2"), ("l1", ">i4"), ("key", ">i8"), ("l2", ">i4"), ("value", ">i8")]),
                offset=19,  # signature, flags, header extension
                count=(len(data) - 19 - 2) // 26,  # the trailer is one int16
            )
            keys, values = rows["key"].astype(np.int64), rows["value"].astype(np.int64)
        else:
            cursor.execute(select)
            fetched = cursor.fetchall()
            keys = np.fromiter((row[0] for row in fetched), dtype=np.int64, count=len(fetched))
            values = np.fromiter((row[1] for row in fetched), dtype=np.int64, count=len(fetched))
    lifo = (values & 1).astype(np.bool_)
    price = (values >> 1).astype(np.float64)
    price[price < 0] = np.nan
    return keys, price, lifo


def load_facts(product_ids: Ints, paid: Bools) -> FactTable:
    """Every price fact, sorted by (product, year), with `is_paid` from the product rows (`product_ids`, sorted, and
    `paid`, parallel: free or open material is not paid); a fact of a product without a row counts as paid. The
    licence and folio parts are not loaded (no figure uses them): NaN."""
    keys, price, lifo = _fact_columns()
    order = np.argsort(keys, kind="stable")
    keys, price, lifo = keys[order], price[order], lifo[order]
    product = keys >> _YEAR_BITS
    year = keys & ((1 << _YEAR_BITS) - 1)
    is_paid = np.ones(len(product), dtype=np.bool_)
    if len(product_ids):
        slot = np.minimum(np.searchsorted(product_ids, product), len(product_ids) - 1)
        found = product_ids[slot] == product
        is_paid[found] = paid[slot[found]]
    nothing = np.full(len(product), np.nan)
    return FactTable(product, year, price, lifo, is_paid, nothing, nothing)


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


def load_market_data(today: datetime.date | None = None) -> MarketData:
    """Read the facts, product rows, holdings and CPI (about five queries, whatever the catalogue's size)."""
    rows = _rows(
        "SELECT product_id, publisher_id, method_id, CAST(sectors AS TEXT), CAST(subject_ids AS TEXT), "  # noqa: S608
        f"is_paid, is_open, withdrawn_year, is_demo FROM {_table(MarketProduct)} ORDER BY product_id"
    )
    owners_of = _owner_groups()
    owner_codes: dict[Owner, int] = {}
    positions: dict[Segment, int] = {}
    signatures: dict[tuple[str, str], list[int]] = {}
    product_ids: list[int] = []
    owner_column: list[int] = []
    method_column: list[int] = []
    paid_column: list[bool] = []
    live_column: list[bool] = []
    demo_column: list[bool] = []
    codes: list[list[int]] = []
    subject_keys: set[str] = set()
    for pid, publisher, method, sectors, subjects, is_paid, is_open, withdrawn, demo in rows:
        signature = (sectors or "[]", subjects or "[]")
        found = signatures.get(signature)
        if found is None:
            subject_list = _json_list(signature[1])
            subject_keys.update(subject_list)
            found = signatures[signature] = _segment_codes(_json_list(signature[0]), subject_list, positions)
        codes.append(found)
        product_ids.append(pid)
        owner = owners_of.get(publisher, UNKNOWN_OWNER) if publisher is not None else UNKNOWN_OWNER
        owner_column.append(owner_codes.setdefault(owner, len(owner_codes)))
        method_column.append(method if method is not None else -1 - pid)
        paid_column.append(bool(is_paid is not False and not is_open))
        live_column.append(withdrawn is None)
        demo_column.append(bool(demo))
    product = np.array(product_ids, dtype=np.int64)
    volumes = quality.holding_counts()
    volume = np.array([float(volumes[p]) if p in volumes else np.nan for p in product_ids], dtype=np.float64)
    products = ProductTable(
        product=product,
        owner=np.array(owner_column, dtype=np.int64),
        owners=tuple(owner_codes),
        method=np.array(method_column, dtype=np.int64),
        volume=volume,
    )
    counts = np.array([len(c) for c in codes], dtype=np.int64)
    segments: SegmentMap[Segment] = SegmentMap(
        keys=(),
        product=product,
        offsets=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        codes=np.array([code for c in codes for code in c], dtype=np.int64),
    )
    labels = catalog.subject_names(sorted(subject_keys)) if subject_keys else {}
    segments = _ordered(segments, positions, labels)
    paid = np.array(paid_column, dtype=np.bool_)
    facts = load_facts(product, paid)
    cpi, status = cpi_series()
    this_year = (today or timezone.localdate()).year
    first = int(facts.year.min()) if len(facts) else this_year
    last = max(this_year, int(facts.year.max()) if len(facts) else this_year)
    state = MarketState.objects.order_by("pk").first()
    return MarketData(
        facts=facts,
        products=products,
        live=np.array(live_column, dtype=np.bool_),
        demo=np.array(demo_column, dtype=np.bool_),
        segments=segments,
        subject_labels=labels,
        years=range(first, last + 1),
        cpi=cpi,
        cpi_status=status,
        refreshed_at=state.refreshed_at if state else None,
    )


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


def _mark() -> tuple[Any, ...]:
    """What the figures depend on, read cheaply: the refresh state, the holdings, the CPI and the owner
    chains (organisations have no change time: a hash of their parent, name and country, a few thousand rows)."""
    state = MarketState.objects.order_by("pk").values_list("refreshed_at", "price_watermark", "product_watermark")
    holding_mark = _holding_mark()
    reference = hash(tuple(ReferencePoint.objects.filter(series__code=CPI_CODE).values_list("year", "value", "status")))
    owners = hash(tuple(accounts.Organisation.objects.order_by("pk").values_list("pk", "parent_id", "name", "country")))
    return (
        tuple(state.first() or ()),
        holding_mark,
        reference,
        owners,
        timezone.localdate().year,
    )


def _holding_mark() -> int:
    return hash(tuple(sorted(quality.holding_counts().items())))


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def market_data() -> MarketData:
    """The loaded columns, reused until what they rest on changes."""
    mark = _mark()
    with _lock:
        found = _cache.get("data")
    if found is not None and found[0] == mark:
        data: MarketData = found[1]
        return data
    data = load_market_data()
    with _lock:
        _cache["data"] = (mark, data)
    return data


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


@dataclass(frozen=True, slots=True)
class _Computed:
    jevons: Mapping[Segment, tuple[IndexPoint, ...]]
    laspeyres: Mapping[Segment, tuple[IndexPoint, ...]]
    lifo: Mapping[Segment, tuple[LifoPoint, ...]]
    spread: Mapping[Segment, tuple[SpreadPoint, ...]]
    concentration: Mapping[Segment, tuple[ConcentrationYear, ...]]
    coverage: Mapping[Segment, Coverage]


def compute(data: MarketData, extra: Iterable[Segment] = ()) -> _Computed:
    """Every figure for every segment of `data` (and the `extra` segments, empty ones the page asks for)."""
    segments = data.segments
    missing = [key for key in extra if key not in segments.keys]
    if missing:
        segments = SegmentMap((*segments.keys, *missing), segments.product, segments.offsets, segments.codes)
    cpi = {year: float(value) for year, value in data.cpi.items()}
    years = data.years
    facts, products = data.facts, data.products
    last = years.stop - 1
    priced_now = _priced_in(facts, products.product, last)
    live = data.live
    return _Computed(
        jevons=jevons_index(facts, segments, cpi=cpi, years=years),
        laspeyres=laspeyres_index(facts, segments, products, cpi=cpi, years=years),
        lifo=lifo_share(facts, segments, products, years=years),
        spread=price_spread(facts, segments, years=years),
        concentration=concentration_trend(facts, segments, products, years=years, owners_in={last}),
        coverage=coverage(products.product[live], products.method[live], priced_now[live], segments),
    )


def _priced_in(facts: FactTable, product: Ints, year: int) -> Bools:
    """Per product: a per-pupil price in `year`."""
    rows = (facts.year == year) & ~np.isnan(facts.price)
    return np.isin(product, facts.product[rows])


def _figures(data: MarketData, wanted: Segment) -> MonitorFigures:
    mark = (id(data), wanted)
    with _lock:
        found = _cache.get("figures")
    if found is not None and found[0] == mark:
        figures: MonitorFigures = found[1]
        return figures
    computed = compute(data, extra=[wanted])
    figures = _assemble(data, computed, wanted)
    with _lock:
        _cache["figures"] = (mark, figures)
    return figures


def _segment(data: MarketData, computed: _Computed, key: Segment) -> SegmentFigures:
    return SegmentFigures(
        sector=key[0],
        subject=key[1],
        sector_label=SECTOR_LABELS.get(key[0], key[0]),
        subject_label=_subject_label(data, key[1]),
        jevons=computed.jevons[key],
        laspeyres=computed.laspeyres[key],
        lifo=computed.lifo[key],
        spread=computed.spread[key],
        concentration=computed.concentration[key],
        coverage=computed.coverage[key],
    )


def _assemble(data: MarketData, computed: _Computed, wanted: Segment) -> MonitorFigures:
    overview = tuple(
        OverviewRow(
            sector=key[0],
            subject=key[1],
            sector_label=SECTOR_LABELS.get(key[0], key[0]),
            subject_label=_subject_label(data, key[1]),
            coverage=computed.coverage[key],
            concentration=computed.concentration[key][-1],
            lifo=computed.lifo[key][-1],
            spread=computed.spread[key][-1],
            jevons=computed.jevons[key][-1],
        )
        for key in data.segments.keys
    )
    years = tuple(data.years)
    sectors = tuple((s, SECTOR_LABELS[s]) for s in SECTORS if (s, ALL) in data.segments.keys)
    subjects = tuple(
        sorted(((k, label) for k, label in data.subject_labels.items()), key=lambda item: item[1].casefold())
    )
    return MonitorFigures(
        years=years,
        last_year=years[-1],
        selected=_segment(data, computed, wanted),
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
