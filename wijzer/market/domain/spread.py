"""Price spread and the open vs closed share per segment and year (W7, issue 15 §8).

Spread: over the paid products with a per-pupil price in year Y (incl. VAT, cents): n, minimum, 25th percentile,
median, 75th percentile, maximum. Percentiles use numpy's default "linear" method (Hyndman and Fan type 7): for n
sorted prices v[0..n-1] the q-th quantile lies at position h = (n-1)q, between v[floor h] and v[floor h + 1] in
proportion; with one price every figure is that price.

Open vs closed: of the products present in year Y (with a fact, priced or not), how many are free or open material
(`is_paid` False) and how many are paid; the open share is open / (open + paid) in percent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .facts import FactTable, Floats, Ints, K, SegmentMap, count_by, group_codes

PERCENTILE_METHOD = "linear"  # numpy.percentile(method=...), Hyndman & Fan type 7
QUANTILES = (0.0, 0.25, 0.5, 0.75, 1.0)
NO_PRICES = "Geen betaalde producten met een prijs per leerling in {year}."
NO_PRODUCTS = "Geen producten in {year}."


@dataclass(frozen=True, slots=True)
class SpreadPoint:
    year: int
    n: int  # paid products with a per-pupil price
    minimum: float | None  # cents per pupil per school year incl. VAT
    p25: float | None
    median: float | None
    p75: float | None
    maximum: float | None
    n_open: int  # free or open products present this year
    n_paid: int  # paid products present this year (with or without a price)
    open_share: float | None  # percent of present products that are free or open
    reason: str | None


def price_spread(
    table: FactTable, segments: SegmentMap[K], *, years: range | None = None
) -> dict[K, tuple[SpreadPoint, ...]]:
    """Per segment and year the spread of per-pupil prices and the open share, for all segments at once."""
    years = table.years() if years is None else years
    cells = len(segments.keys) * len(years)
    n_open = table.tally(segments, years, ~table.is_paid)[:, :, 0].reshape(-1).astype(np.int64)
    n_paid = table.tally(segments, years, table.is_paid)[:, :, 0].reshape(-1).astype(np.int64)
    priced = np.flatnonzero(table.is_paid & ~np.isnan(table.price))
    at, segment = segments.explode(table.product[priced])
    group, inside = group_codes(segment, table.year[priced][at], years)
    n, quantiles = grouped_quantiles(priced[at[inside]], group[inside], table.price, cells)
    width = len(years)
    return {
        key: tuple(_point(year, s * width + t, n, quantiles, n_open, n_paid) for t, year in enumerate(years))
        for s, key in enumerate(segments.keys)
    }


def grouped_quantiles(fact: Ints, group: Ints, price: Floats, cells: int) -> tuple[Ints, Floats]:
    """Per group: the count and the `QUANTILES` of `price[fact]` (rows: groups, columns: quantiles; NaN if empty).

    Each row is packed into one int64, the group in the high bits and the price in whole cents (or, for other
    prices, its rank among all prices) in the low bits, so one value sort (much faster than a lexsort over millions
    of rows) orders the rows by group and price.
    """
    values = price[fact]
    group_bits = max(cells.bit_length(), 1)
    top = float(values.max(initial=0.0))
    if top < 2.0 ** (62 - group_bits) and np.array_equal(values, np.floor(values)):
        bits = max(int(top).bit_length(), 1)  # whole cents: the price itself is the low part of the key
        keys = np.sort((group << bits) | values.astype(np.int64))
        values = (keys & ((1 << bits) - 1)).astype(np.float64)
    else:
        by_price = np.argsort(price, kind="stable")
        rank = np.empty(len(price), dtype=np.int64)
        rank[by_price] = np.arange(len(price))
        bits = max(len(price).bit_length(), 1)
        keys = np.sort((group << bits) | rank[fact])
        values = price[by_price[keys & ((1 << bits) - 1)]]
    n = count_by(group, cells)
    starts = np.concatenate(([0], np.cumsum(n)[:-1])).astype(np.int64)
    result = np.full((cells, len(QUANTILES)), np.nan)
    filled = n > 0
    for column, q in enumerate(QUANTILES):
        position = (n[filled] - 1) * q
        low = np.floor(position).astype(np.int64)
        high = np.minimum(low + 1, n[filled] - 1)
        below, above = values[starts[filled] + low], values[starts[filled] + high]
        result[filled, column] = below + (above - below) * (position - low)
    return n, result


def _point(year: int, cell: int, n: Ints, quantiles: Floats, n_open: Ints, n_paid: Ints) -> SpreadPoint:
    opened, paid = int(n_open[cell]), int(n_paid[cell])
    present = opened + paid
    share = 100 * opened / present if present else None
    count = int(n[cell])
    if not count:
        reason = NO_PRICES.format(year=year) if present else NO_PRODUCTS.format(year=year)
        return SpreadPoint(year, 0, None, None, None, None, None, opened, paid, share, reason)
    low, p25, median, p75, high = (float(value) for value in quantiles[cell])
    return SpreadPoint(year, count, low, p25, median, p75, high, opened, paid, share, None)
