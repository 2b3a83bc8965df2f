"""Market concentration by owner group (W7, issue 15 §6): shares, HHI, CR3, foreign and unknown-country shares.

Shares are percentages of a total per owner group: of the number of methods (a product without a method counts as
its own), of the catalogue value (the sum of the per-pupil-per-year prices incl. VAT of the products with a price:
a list-price sum, not turnover) or of adoption (the number of schools that declared they hold a product, where
known). HHI = the sum of the squared percentage shares (0 to 10,000; 10,000 = one owner); CR3 = the sum of the three
largest shares. HHI and CR3 use the unrounded shares; the shares shown are rounded to one decimal by the largest-
remainder method so that the shown shares add up to exactly 100.0.

Thresholds. HHI above 2,500 reads "sterk geconcentreerd", 1,500 to 2,500 "matig geconcentreerd", below 1,500 "niet
geconcentreerd": the bands of the US Horizontal Merger Guidelines (DoJ/FTC 2010, §5.3), which the W7 design adopts
and calls the ACM/EC thresholds. The European Commission's own guidelines on horizontal mergers (2004/C 31/03,
points 19-21), which the ACM follows, use HHI 1,000 and 2,000 (with a change in HHI) as screens for concern, so 2,500
is the stricter reading: a market flagged here is concentrated by both.

Country. An owner's country "NL" is domestic, "" unknown, anything else foreign; the unknown share is reported
apart, never counted as domestic or foreign.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import numpy as np

from .facts import Bools, FactTable, Floats, Ints, K, Owner, ProductTable, SegmentMap, group_codes, sum_by

HIGH = 2500.0
MODERATE = 1500.0
LABEL_HIGH = "sterk geconcentreerd"
LABEL_MODERATE = "matig geconcentreerd"
LABEL_LOW = "niet geconcentreerd"
LABEL_NONE = "geen gegevens"
TOP = 3  # CR3
_TENTHS = 1000  # 100 % in tenths of a percent


class Measure(StrEnum):
    METHODS = "methods"
    VALUE = "value"
    ADOPTION = "adoption"


MEASURE_LABELS: Mapping[Measure, str] = {
    Measure.METHODS: "Aandeel in het aantal methodes (een product zonder methode telt als eigen methode)",
    Measure.VALUE: (
        "Aandeel in de cataloguswaarde: de som van de prijzen per leerling per schooljaar (incl. btw) "
        "van de producten met een prijs; dit is geen omzet"
    ),
    Measure.ADOPTION: "Aandeel in het gebruik: het aantal scholen dat aangaf het product te gebruiken (geverifieerd)",
}


@dataclass(frozen=True, slots=True)
class OwnerShare:
    owner: Owner
    amount: float
    share: float  # percent, unrounded: HHI and CR3 use this
    share_display: Decimal  # percent with one decimal; the shown shares add up to exactly 100.0


@dataclass(frozen=True, slots=True)
class Concentration:
    total: float
    n_owners: int  # owners with a positive amount
    hhi: float | None  # None = nothing to share (total 0)
    cr3: float | None
    label: str
    foreign_share: float | None  # percent of the total owned by groups with a foreign country
    unknown_country_share: float | None  # percent owned by groups whose country is unknown
    owners: tuple[OwnerShare, ...] = ()  # largest first (by name and country on a tie)


def label(hhi: float | None) -> str:
    """The Dutch reading of an HHI (see the module docstring for the thresholds and their source)."""
    if hhi is None:
        return LABEL_NONE
    if hhi > HIGH:
        return LABEL_HIGH
    if hhi >= MODERATE:
        return LABEL_MODERATE
    return LABEL_LOW


def display_shares(shares: Sequence[float]) -> list[Decimal]:
    """Percentages (adding up to 100) rounded to one decimal so that they still add up to exactly 100.0.

    Largest-remainder method: every share is rounded down to a tenth, then the tenths still missing go to the shares
    that lost the most (the first one on a tie).
    """
    if not shares:
        return []
    tenths = [share * 10 for share in shares]
    floors = [int(value) for value in tenths]
    missing = _TENTHS - sum(floors)
    order = sorted(range(len(shares)), key=lambda at: (-(tenths[at] - floors[at]), at))
    for at in order[: max(missing, 0)]:
        floors[at] += 1
    return [Decimal(value) / 10 for value in floors]


def concentration(amounts: Mapping[Owner, float]) -> Concentration:
    """Shares, HHI, CR3 and the country split of one market from the amount per owner group."""
    if any(amount < 0 for amount in amounts.values()):
        raise ValueError("Een aandeel kan niet berekend worden uit een negatief bedrag of aantal.")
    ranked = sorted(
        ((owner, float(amount)) for owner, amount in amounts.items() if amount > 0),
        key=lambda item: (-item[1], item[0].name, item[0].country),
    )
    total = sum(amount for _, amount in ranked)
    if not ranked:
        return Concentration(0.0, 0, None, None, LABEL_NONE, None, None)
    shares = [100 * amount / total for _, amount in ranked]
    hhi = sum(share * share for share in shares)
    foreign = sum(share for (owner, _), share in zip(ranked, shares, strict=True) if owner.is_foreign)
    unknown = sum(share for (owner, _), share in zip(ranked, shares, strict=True) if owner.is_unknown_country)
    owners = tuple(
        OwnerShare(owner, amount, share, shown)
        for (owner, amount), share, shown in zip(ranked, shares, display_shares(shares), strict=True)
    )
    return Concentration(total, len(ranked), hhi, sum(shares[:TOP]), label(hhi), foreign, unknown, owners)


@dataclass(frozen=True, slots=True)
class ConcentrationYear:
    year: int
    by_methods: Concentration
    by_value: Concentration
    by_adoption: Concentration  # empty (hhi None) where no volume is known


def concentration_trend(
    table: FactTable,
    segments: SegmentMap[K],
    products: ProductTable,
    *,
    years: range | None = None,
    owners_in: Collection[int] = (),
) -> dict[K, tuple[ConcentrationYear, ...]]:
    """Per segment and year the three concentrations, computed for all segments at once.

    A product counts in year Y when it has a fact in Y (present in the catalogue), with or without a price; facts of
    products that `products` does not know are left out. The owner shares (`Concentration.owners`) are filled in
    only for the years in `owners_in` (the page shows one year's owners and the trend of the figures).
    """
    years = table.years() if years is None else years
    slot = products.locate(table.product)
    rows = np.flatnonzero(slot >= 0)
    at, segment = segments.explode(table.product[rows])
    group, inside = group_codes(segment, table.year[rows][at], years)
    group, fact = group[inside], rows[at[inside]]
    owner = products.owner[slot[fact]]
    cells = len(segments.keys) * len(years)
    methods = _distinct_methods(group, owner, products.method[slot[fact]])
    price = table.price[fact]
    volume = products.volume[slot[fact]]
    measures = (
        _Shares.of(*methods, cells, products.owners),
        _Shares.of(group, owner, np.nan_to_num(price), cells, products.owners),
        _Shares.of(group, owner, np.nan_to_num(volume), cells, products.owners),
    )
    listed = {t for t, year in enumerate(years) if year in owners_in}
    return {
        key: tuple(
            ConcentrationYear(year, *(shares.result(s * len(years) + t, t in listed) for shares in measures))
            for t, year in enumerate(years)
        )
        for s, key in enumerate(segments.keys)
    }


def _distinct_methods(group: Ints, owner: Ints, method: Ints) -> tuple[Ints, Ints, Floats]:
    """One row (amount 1) per distinct (group, owner, method)."""
    order = np.lexsort((method, owner, group))
    group, owner, method = group[order], owner[order], method[order]
    new = np.ones(len(group), dtype=np.bool_)
    new[1:] = (np.diff(group) != 0) | (np.diff(owner) != 0) | (np.diff(method) != 0)
    return group[new], owner[new], np.ones(int(new.sum()))


@dataclass(frozen=True, eq=False)
class _Shares:
    """The owner amounts of all groups, one row per (group, owner) with a positive amount, in display order."""

    group: Ints
    owner: Ints
    amount: Floats
    share: Floats
    shown: Ints  # tenths of a percent
    starts: Ints  # first row of each group
    totals: Floats
    hhi: Floats
    cr3: Floats
    foreign: Floats
    unknown: Floats
    owners: tuple[Owner, ...]

    @classmethod
    def of(cls, group: Ints, owner: Ints, amount: Floats, cells: int, owners: tuple[Owner, ...]) -> _Shares:
        n = len(owners)
        pair = group * n + owner
        sums = sum_by(pair, amount, cells * n)
        pairs = np.flatnonzero(sums > 0)
        group, owner, amount = pairs // n, pairs % n, sums[pairs]
        name_rank = np.empty(n, dtype=np.int64)
        name_rank[sorted(range(n), key=lambda at: (owners[at].name, owners[at].country))] = np.arange(n)
        order = np.lexsort((name_rank[owner], -amount, group))
        group, owner, amount = group[order], owner[order], amount[order]
        totals = sum_by(group, amount, cells)
        share = 100 * amount / totals[group]
        starts = np.searchsorted(group, np.arange(cells + 1))
        rank = np.arange(len(group)) - starts[group]
        foreign = np.array([o.is_foreign for o in owners], dtype=np.bool_)
        unknown = np.array([o.is_unknown_country for o in owners], dtype=np.bool_)
        return cls(
            group=group,
            owner=owner,
            amount=amount,
            share=share,
            shown=_shown_tenths(group, share, rank, cells),
            starts=starts,
            totals=totals,
            hhi=sum_by(group, share * share, cells),
            cr3=sum_by(group[rank < TOP], share[rank < TOP], cells),
            foreign=_share_where(group, share, foreign[owner], cells),
            unknown=_share_where(group, share, unknown[owner], cells),
            owners=owners,
        )

    def result(self, cell: int, with_owners: bool) -> Concentration:
        first, last = int(self.starts[cell]), int(self.starts[cell + 1])
        if first == last:
            return Concentration(0.0, 0, None, None, LABEL_NONE, None, None)
        owners: tuple[OwnerShare, ...] = ()
        if with_owners:
            owners = tuple(
                OwnerShare(self.owners[o], a, s, Decimal(t) / 10)
                for o, a, s, t in zip(
                    self.owner[first:last].tolist(),
                    self.amount[first:last].tolist(),
                    self.share[first:last].tolist(),
                    self.shown[first:last].tolist(),
                    strict=True,
                )
            )
        hhi = float(self.hhi[cell])
        return Concentration(
            float(self.totals[cell]),
            last - first,
            hhi,
            float(self.cr3[cell]),
            label(hhi),
            float(self.foreign[cell]),
            float(self.unknown[cell]),
            owners,
        )


def _share_where(group: Ints, share: Floats, where: Bools, cells: int) -> Floats:
    return sum_by(group[where], share[where], cells)


def _shown_tenths(group: Ints, share: Floats, rank: Ints, cells: int) -> Ints:
    """`display_shares` for all groups at once (same order of preference on a tie: the earlier row)."""
    tenths = share * 10
    floors = tenths.astype(np.int64)
    missing = _TENTHS - sum_by(group, floors.astype(np.float64), cells).astype(np.int64)
    order = np.lexsort((rank, -(tenths - floors), group))
    starts = np.searchsorted(group[order], np.arange(cells))
    place = np.empty(len(group), dtype=np.int64)
    place[order] = np.arange(len(group)) - starts[group[order]]
    return floors + (place < missing[group])
