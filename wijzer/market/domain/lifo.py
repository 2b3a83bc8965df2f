"""The LiFo share over time (W7, issue 15 §5), per segment and year.

By count: LiFo products / paid products with a per-pupil price in year Y (a product is LiFo when its price is a
licence plus an optional folio part). By value, where volumes are known: sum p*q over the LiFo products / sum p*q
over all paid products with a price and a known volume q (p = per-pupil price incl. VAT in Y; q = the number of
schools that declared they hold the product). Free and open products are outside both shares: they have no sales
model. KPMG's figures (facts.md §2.1: about 5 % in 2017 to 86 % of publishers' turnover in 2024) are shares of
turnover, which the catalogue cannot see; these shares are of the catalogue, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .facts import FactTable, K, ProductTable, SegmentMap

NO_PAID = "Geen betaalde producten met een prijs per leerling in {year}."
NO_VOLUME = "Van geen betaald product met een prijs is het gebruik bekend: geen aandeel naar waarde."


@dataclass(frozen=True, slots=True)
class LifoPoint:
    year: int
    n_paid: int  # paid products with a per-pupil price this year
    n_lifo: int  # of which sold as LiFo
    share_by_count: float | None  # percent
    n_with_volume: int  # of the paid products with a price, those with a known volume
    share_by_value: float | None  # percent of sum p*q
    reason: str | None  # Dutch: why a share is missing


def lifo_share(
    table: FactTable,
    segments: SegmentMap[K],
    products: ProductTable | None = None,
    *,
    years: range | None = None,
) -> dict[K, tuple[LifoPoint, ...]]:
    """Per segment and year the LiFo share by count and, with `products` (volumes), by value."""
    years = table.years() if years is None else years
    paid = table.is_paid & ~np.isnan(table.price)
    lifo = paid & table.is_lifo
    volume = np.full(len(table), np.nan) if products is None else products.volume_of(table.product)
    known = paid & ~np.isnan(volume)
    value = np.where(known, volume, 0.0) * np.nan_to_num(table.price)
    n_paid, n_lifo, n_volume = (table.tally(segments, years, mask)[:, :, 0].reshape(-1) for mask in (paid, lifo, known))
    value_all = table.tally(segments, years, known, value)[:, :, 0].reshape(-1)
    value_lifo = table.tally(segments, years, known & lifo, value)[:, :, 0].reshape(-1)
    counts = np.stack([n_paid, n_lifo, n_volume], axis=1).astype(np.int64).tolist()
    values = np.stack([value_all, value_lifo], axis=1).tolist()
    width = len(years)
    return {
        key: tuple(_point(year, *counts[s * width + t], *values[s * width + t]) for t, year in enumerate(years))
        for s, key in enumerate(segments.keys)
    }


def _point(year: int, n_paid: int, n_lifo: int, n_volume: int, value_all: float, value_lifo: float) -> LifoPoint:
    by_count = 100 * n_lifo / n_paid if n_paid else None
    by_value = 100 * value_lifo / value_all if value_all > 0 else None
    reason = NO_PAID.format(year=year) if not n_paid else (NO_VOLUME if by_value is None else None)
    return LifoPoint(year, n_paid, n_lifo, by_count, n_volume, by_value, reason)
