"""Price index of learning materials per segment and year (W7, issue 15 §3): Jevons and Laspeyres chains.

Matched models. A product is *matched* in year Y when it has a positive per-pupil price (incl. VAT) in both Y-1 and
Y; only matched products move the index, so a product entering or leaving the catalogue does not. Free products
(price 0) are left out: the logarithm of a ratio with 0 is undefined.

Jevons (no volumes needed): I(Y) = I(Y-1) * exp(mean over matched m of ln(p(m,Y) / p(m,Y-1))), the geometric mean
of the price relatives. Laspeyres (where volumes are known): I(Y) = I(Y-1) * sum q(m)p(m,Y) / sum q(m)p(m,Y-1) over
matched m with a known positive volume q(m) (today: the number of schools that declared they hold the product).

Base and chain breaks. Each segment starts at 100 in the first year of `years` in which it has a product with a
positive price (Laspeyres: with a known volume too). A later year in which the segment has priced products but
none of them is matched (for Laspeyres: none with a volume) cannot be linked to the year before: the chain restarts
there at 100, marked as a new base (`new_base`), with no change for that year and a Dutch reason. Figures before
and after a new base are not comparable. A year in which the segment has no priced product has no index at all;
the next year with prices starts a new base.

Changes. Nominal change = I(Y)/I(Y-1) - 1 (only for a linked year); CPI change = CPI(Y)/CPI(Y-1) - 1; real change
= (1 + nominal) / (1 + CPI change) - 1. `cpi_index` is the CPI rebased to the chain's base year (100 there), to
draw beside the index.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .facts import Bools, FactTable, Floats, Ints, K, ProductTable, SegmentMap

BASE = 100.0

NO_PRICES = "Geen product met een prijs per leerling in {year}."
NO_PRICES_WITH_VOLUME = "Geen product met een prijs per leerling én een bekend gebruik in {year}."
FIRST_BASE = "Basisjaar: de reeks begint hier bij 100."
NEW_BASE = (
    "Reeks opnieuw begonnen bij 100: geen product met een prijs in zowel {previous} als {year}; "
    "niet vergelijkbaar met de jaren ervoor."
)
AFTER_GAP = "Reeks opnieuw begonnen bij 100 na een jaar zonder prijzen; niet vergelijkbaar met de jaren ervoor."
NO_CPI = "Geen CPI voor {years}: de reële verandering is niet te berekenen."


@dataclass(frozen=True, slots=True)
class IndexPoint:
    """One segment in one year."""

    year: int
    index: float | None  # None = no index this year (see `reason`)
    base_year: int | None  # the year in which the current chain stands at 100
    new_base: bool  # the chain (re)starts at 100 in this year
    n_products: int  # products with a positive per-pupil price this year (Laspeyres: and a known volume)
    n_matched: int  # of those, also priced the year before: the products that move the index
    nominal_change: float | None  # fraction: 0.05 = +5 %
    cpi_change: float | None
    real_change: float | None
    cpi_index: float | None  # CPI rebased to `base_year` = 100
    reason: str | None  # Dutch: why there is no index or no change


def rebase_cpi(cpi: Mapping[int, float | Decimal], base_year: int) -> dict[int, float]:
    """The CPI with `base_year` = 100 (KeyError when the CPI lacks the base year)."""
    base = float(cpi[base_year])
    return {year: BASE * float(value) / base for year, value in sorted(cpi.items())}


def jevons_index(
    table: FactTable,
    segments: SegmentMap[K],
    *,
    cpi: Mapping[int, float | Decimal] | None = None,
    years: range | None = None,
) -> dict[K, tuple[IndexPoint, ...]]:
    """The Jevons matched-model chain index of every segment, for every year in `years` (default: all facts)."""
    years = table.years() if years is None else years
    priced = table.price > 0
    previous = table.previous
    matched = priced & (previous >= 0)
    matched[matched] = table.price[previous[matched]] > 0
    log_relative = np.zeros(len(table))
    log_relative[matched] = np.log(table.price[matched] / table.price[previous[matched]])
    n_products, n_matched, sums = _cells(table, segments, years, priced, matched, log_relative)
    with np.errstate(invalid="ignore", divide="ignore"):
        log_link = sums / n_matched
    return _chains(segments, years, n_products, n_matched, log_link, cpi, NO_PRICES)


def laspeyres_index(
    table: FactTable,
    segments: SegmentMap[K],
    products: ProductTable,
    *,
    cpi: Mapping[int, float | Decimal] | None = None,
    years: range | None = None,
) -> dict[K, tuple[IndexPoint, ...]]:
    """The Laspeyres chain index with each product's volume from `products` (unknown volume: left out)."""
    years = table.years() if years is None else years
    volume = products.volume_of(table.product)
    counted = (table.price > 0) & (volume > 0)
    previous = table.previous
    matched = counted & (previous >= 0)
    matched[matched] = table.price[previous[matched]] > 0
    now = np.where(matched, volume * table.price, 0.0)
    before = np.zeros(len(table))
    before[matched] = volume[matched] * table.price[previous[matched]]
    n_products, n_matched, now_sums = _cells(table, segments, years, counted, matched, now)
    _, _, before_sums = _cells(table, segments, years, counted, matched, before)
    with np.errstate(invalid="ignore", divide="ignore"):
        log_link = np.log(now_sums / before_sums)
    return _chains(segments, years, n_products, n_matched, log_link, cpi, NO_PRICES_WITH_VOLUME)


def _cells(
    table: FactTable, segments: SegmentMap[K], years: range, counted: Bools, matched: Bools, values: Floats
) -> tuple[Ints, Ints, Floats]:
    """Per (segment, year) cell: counted facts, matched facts, and the sum of `values` over the matched facts."""
    n_products = table.tally(segments, years, counted)[:, :, 0].astype(np.int64)
    n_matched = table.tally(segments, years, matched)[:, :, 0].astype(np.int64)
    return n_products, n_matched, table.tally(segments, years, matched, values)[:, :, 0]


def _chains(
    segments: SegmentMap[K],
    years: range,
    n_products: Ints,
    n_matched: Ints,
    log_link: Floats,
    cpi: Mapping[int, float | Decimal] | None,
    no_prices: str,
) -> dict[K, tuple[IndexPoint, ...]]:
    """Chain the yearly links of all segments at once (one pass over the years), then make the points."""
    index = np.full(n_products.shape, np.nan)
    base = np.full(n_products.shape, -1, dtype=np.int64)
    for t, year in enumerate(years):
        has = n_products[:, t] > 0
        linked = has & (n_matched[:, t] > 0) & (t > 0)
        restart = has & ~linked
        if t:
            index[linked, t] = index[linked, t - 1] * np.exp(log_link[linked, t])
            base[linked, t] = base[linked, t - 1]
        index[restart, t] = BASE
        base[restart, t] = year
    cpi_float = {year: float(value) for year, value in (cpi or {}).items()}
    return {
        key: tuple(
            _point(year, t, index[s], base[s], n_products[s], n_matched[s], cpi_float, no_prices)
            for t, year in enumerate(years)
        )
        for s, key in enumerate(segments.keys)
    }


def _point(
    year: int,
    t: int,
    index: Floats,
    base: Ints,
    n_products: Ints,
    n_matched: Ints,
    cpi: Mapping[int, float],
    no_prices: str,
) -> IndexPoint:
    value = float(index[t])
    counts = int(n_products[t]), int(n_matched[t])
    if math.isnan(value):
        return IndexPoint(year, None, None, False, *counts, None, None, None, None, no_prices.format(year=year))
    base_year = int(base[t])
    cpi_index = BASE * cpi[year] / cpi[base_year] if year in cpi and base_year in cpi else None
    if base_year == year:
        return IndexPoint(year, value, year, True, *counts, None, None, None, cpi_index, _base_reason(year, t, index))
    nominal = value / float(index[t - 1]) - 1
    cpi_change = cpi[year] / cpi[year - 1] - 1 if year in cpi and year - 1 in cpi else None
    real = (1 + nominal) / (1 + cpi_change) - 1 if cpi_change is not None else None
    missing = [str(y) for y in (year - 1, year) if y not in cpi]
    note = NO_CPI.format(years=" en ".join(missing)) if missing else None
    return IndexPoint(year, value, base_year, False, *counts, nominal, cpi_change, real, cpi_index, note)


def _base_reason(year: int, t: int, index: Floats) -> str:
    if not np.any(~np.isnan(index[:t])):
        return FIRST_BASE
    if math.isnan(float(index[t - 1])):
        return AFTER_GAP
    return NEW_BASE.format(previous=year - 1, year=year)
