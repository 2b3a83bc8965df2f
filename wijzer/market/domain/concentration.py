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

from .facts import Bools, FactTable, Floats, Ints, K, Owner, ProductTable, SegmentMap, count_by, sum_by

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
    known = slot >= 0
    n_owners, cells, owners = max(len(products.owners), 1), len(segments.keys) * len(years), products.owners
    owner = np.zeros(len(table), dtype=np.int64)  # rows of unknown products are masked out
    owner[known] = products.owner[slot[known]]
    volume = np.zeros(len(table))
    volume[known] = np.nan_to_num(products.volume)[slot[known]]
    value = table.tally(segments, years, known, np.nan_to_num(table.price), owner, n_owners).reshape(-1)
    adoption = table.tally(segments, years, known, volume, owner, n_owners).reshape(-1)
    measures = (
        _Shares.of(_method_counts(table, segments, years, products, known), cells, owners),
        _Shares.of(value, cells, owners),
        _Shares.of(adoption, cells, owners),
    )
    listed = {t for t, year in enumerate(years) if year in owners_in}
    return {
        key: tuple(
            ConcentrationYear(year, *(shares.result(s * len(years) + t, t in listed) for shares in measures))
            for t, year in enumerate(years)
        )
        for s, key in enumerate(segments.keys)
    }


def _method_counts(
    table: FactTable, segments: SegmentMap[K], years: range, products: ProductTable, known: Bools
) -> Floats:
    """The number of distinct methods per (cell, owner), as a flat array of cell x owners + owner.

    A method counts once in a segment however many of its products are there. First the distinct (year, owner,
    method, segment class) of the facts: a (year, owner, method) found in one class only (the usual case: a method's
    products share their sectors and subjects) counts once in each segment of that class; the others are spread
    over their classes' segments and made distinct per segment. Rows are packed into one int64 each, so that one
    value sort (much faster than a lexsort) brings equal rows together.
    """
    width, n_owners, classes = len(years), max(len(products.owners), 1), segments.classes
    offset = table.year - years.start
    keep = known & (offset >= 0) & (offset < width)
    slot = products.locate(table.product[keep])
    _, method_rank = np.unique(products.method, return_inverse=True)
    bits = max(len(products.method).bit_length(), 1)
    who = (offset[keep] * n_owners + products.owner[slot]) << bits | method_rank.reshape(-1).astype(np.int64)[slot]
    rows = _distinct(who * classes.count + table.segment_class(segments)[keep])
    who, klass = rows // classes.count, rows % classes.count
    alone = np.ones(len(who), dtype=np.bool_)  # the only class of its (year, owner, method)
    alone[1:] &= who[1:] != who[:-1]
    alone[:-1] &= who[:-1] != who[1:]
    cell = width * n_owners
    once = np.bincount(klass[alone] * cell + (who[alone] >> bits), minlength=classes.count * cell)
    counts = classes.to_segments(once.astype(np.float64).reshape(classes.count, cell), len(segments.keys)).reshape(-1)
    at, segment = classes.explode(klass[~alone])
    spread = _distinct((segment * cell + (who[~alone][at] >> bits)) << bits | (who[~alone][at] & ((1 << bits) - 1)))
    return counts + count_by(spread >> bits, len(segments.keys) * cell)


def _distinct(keys: Ints) -> Ints:
    keys = np.sort(keys)
    new = np.ones(len(keys), dtype=np.bool_)
    new[1:] = keys[1:] != keys[:-1]
    distinct: Ints = keys[new]
    return distinct


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
    def of(cls, sums: Floats, cells: int, owners: tuple[Owner, ...]) -> _Shares:
        """From the amount per (cell x owners + owner)."""
        n = max(len(owners), 1)
        pairs = np.flatnonzero(sums > 0)
        group, owner, amount = pairs // n, pairs % n, sums[pairs]
        name_rank = np.zeros(n, dtype=np.int64)
        by_name = sorted(range(len(owners)), key=lambda at: (owners[at].name, owners[at].country))
        name_rank[by_name] = np.arange(len(owners))
        order = np.lexsort((name_rank[owner], -amount, group))
        group, owner, amount = group[order], owner[order], amount[order]
        totals = sum_by(group, amount, cells)
        share = 100 * amount / totals[group]
        starts = np.searchsorted(group, np.arange(cells + 1))
        rank = np.arange(len(group)) - starts[group]
        foreign = np.array([o.is_foreign for o in owners] or [False], dtype=np.bool_)
        unknown = np.array([o.is_unknown_country for o in owners] or [False], dtype=np.bool_)
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
