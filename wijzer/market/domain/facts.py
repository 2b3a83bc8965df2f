"""The inputs of the market monitor (W7): price facts, product attributes and segments, as rows and as columns.

A *price fact* is one product in one calendar year: its price per pupil per school year incl. VAT in cents (the
snapshot known at the end of that year, normalised by the catalogue), or no per-pupil figure (None). The readable
row types (`Fact`, `ProductInfo`) are for tests and small inputs; every computation works on the columnar forms
(`FactTable`, `ProductTable`, `SegmentMap`), numpy arrays built once, so that the monitor's figures over a million
facts take a fraction of a second (issue 15, "Speed").

Conventions of the columns: money is float64 cents (exact for every realistic amount) with NaN for "no figure";
product ids are int64; a `FactTable` is sorted by (product, year) and holds at most one fact per product and year
(`from_columns` sorts and checks; a table built directly must already be so); a product's segment codes in a
`SegmentMap` are distinct.

Speed. A product counts in several segments (sector x subject, "alle vakken", ...). Rather than copying every fact
once per segment, products with the same set of segments form a *segment class* (`SegmentMap.classes`; a catalogue
has far fewer classes than products): `FactTable.tally` sums a figure once per class and year in one pass over the
facts and then adds the class sums up per segment. Only figures that need the rows themselves (percentiles) copy
facts per segment (`SegmentMap.explode`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

K = TypeVar("K", bound=Hashable)

_CACHED_CLASS_SETS = 4  # per FactTable: a long-lived table asked with a new segment map each time stays bounded

# A product id is shifted left by this many bits and the year added, giving one sortable int64 key.
_YEAR_BITS = 14


class FactError(ValueError):
    """Input for the monitor that cannot be right (a duplicate fact, a negative price); the message is Dutch."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One product in one calendar year."""

    product: int
    year: int
    price_cents: int | None  # per pupil per school year incl. VAT; None = no per-pupil figure
    is_lifo: bool = False  # sold as licence + folio (LiFo)
    is_paid: bool = True  # False = free or open material
    licence_cents: int | None = None  # the licence part (21 % VAT lines) of a LiFo price
    folio_cents: int | None = None  # the folio part (9 % VAT lines)


@dataclass(frozen=True, slots=True)
class Owner:
    """An owner group: the top of a publisher's owner chain, with its country (ISO 3166; "" = unknown)."""

    name: str
    country: str = ""

    @property
    def is_unknown_country(self) -> bool:
        return self.country == ""

    @property
    def is_foreign(self) -> bool:
        return self.country not in ("", "NL")


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """What the monitor needs of a product besides its prices."""

    product: int
    owner: Owner
    method: int | None = None  # None = not part of a method: the product counts as its own method
    volume: float | None = None  # schools that declared they hold it (verified use, W6); None = unknown


def _floats(values: Sequence[float | int | None] | NDArray[Any] | None, n: int) -> Floats:
    if values is None:
        return np.full(n, np.nan)
    array = np.asarray(values, dtype=np.float64)  # None becomes NaN
    if array.shape != (n,):
        raise FactError(f"Kolom heeft {array.shape} waarden, verwacht {n}.")
    return array


def _bools(values: Sequence[bool] | NDArray[Any] | None, n: int, default: bool) -> Bools:
    if values is None:
        return np.full(n, default)
    array = np.asarray(values, dtype=np.bool_)
    if array.shape != (n,):
        raise FactError(f"Kolom heeft {array.shape} waarden, verwacht {n}.")
    return array


@dataclass(frozen=True, eq=False)
class FactTable:
    """Price facts as columns, sorted by (product, year), at most one per product and year."""

    product: Ints
    year: Ints
    price: Floats  # cents per pupil per school year incl. VAT; NaN = no per-pupil figure
    is_lifo: Bools
    is_paid: Bools
    licence: Floats
    folio: Floats

    @classmethod
    def from_columns(
        cls,
        *,
        product: Sequence[int] | NDArray[Any],
        year: Sequence[int] | NDArray[Any],
        price_cents: Sequence[float | int | None] | NDArray[Any],
        is_lifo: Sequence[bool] | NDArray[Any] | None = None,
        is_paid: Sequence[bool] | NDArray[Any] | None = None,
        licence_cents: Sequence[float | int | None] | NDArray[Any] | None = None,
        folio_cents: Sequence[float | int | None] | NDArray[Any] | None = None,
    ) -> FactTable:
        """Build the table from parallel columns (lists or arrays; None in a money column = no figure).

        Raises `FactError` for a duplicate (product, year) or a negative amount. Sorted input (ORDER BY product,
        year) skips the sort.
        """
        products = np.asarray(product, dtype=np.int64)
        n = products.shape[0]
        years = np.asarray(year, dtype=np.int64)
        if products.shape != (n,) or years.shape != (n,):
            raise FactError("De kolommen product en jaar moeten even lang zijn.")
        columns = (
            _floats(price_cents, n),
            _bools(is_lifo, n, default=False),
            _bools(is_paid, n, default=True),
            _floats(licence_cents, n),
            _floats(folio_cents, n),
        )
        for money in (columns[0], columns[3], columns[4]):
            if n and np.nanmin(money, initial=0.0) < 0:
                raise FactError("Een prijs kan niet negatief zijn.")
        key = (products << _YEAR_BITS) + years
        steps = np.diff(key)
        if steps.size and steps.min() < 0:
            order = np.argsort(key, kind="stable")
            key, products, years = key[order], products[order], years[order]
            columns = tuple(column[order] for column in columns)  # type: ignore[assignment]  # same five types
            steps = np.diff(key)
        if steps.size and steps.min() == 0:
            at = int(np.flatnonzero(steps == 0)[0])
            raise FactError(f"Product {products[at]} heeft twee prijsfeiten voor {years[at]}.")
        price, lifo, paid, licence, folio = columns
        return cls(products, years, price, lifo, paid, licence, folio)

    @classmethod
    def from_facts(cls, facts: Iterable[Fact]) -> FactTable:
        rows = list(facts)
        return cls.from_columns(
            product=[f.product for f in rows],
            year=[f.year for f in rows],
            price_cents=[f.price_cents for f in rows],
            is_lifo=[f.is_lifo for f in rows],
            is_paid=[f.is_paid for f in rows],
            licence_cents=[f.licence_cents for f in rows],
            folio_cents=[f.folio_cents for f in rows],
        )

    def __len__(self) -> int:
        return int(self.product.shape[0])

    @cached_property
    def previous(self) -> Ints:
        """Per fact, the position of the same product's fact in the year before, or -1."""
        previous = np.full(len(self), -1, dtype=np.int64)
        if len(self) > 1:
            same = (self.product[1:] == self.product[:-1]) & (self.year[1:] == self.year[:-1] + 1)
            previous[1:][same] = np.flatnonzero(same)
        return previous

    def years(self) -> range:
        """All calendar years from the first to the last fact (empty when there are no facts)."""
        if not len(self):
            return range(0)
        return range(int(self.year.min()), int(self.year.max()) + 1)

    def segment_class(self, segments: SegmentMap[K]) -> Ints:
        """Per fact, the segment class (`SegmentMap.classes`) of its product.

        Cached on the table for the last few class sets (a map made with `SegmentMap.with_keys` shares its classes).
        """
        classes = segments.classes
        cache: dict[int, tuple[SegmentClasses, Ints]] = self.__dict__.setdefault("_classes", {})
        if id(classes) in cache and cache[id(classes)][0] is classes:
            return cache[id(classes)][1]
        slot = segments.locate(self.product)
        result = np.full(len(self), classes.count - 1, dtype=np.int64)  # outside the map: the last class
        result[slot >= 0] = classes.product_class[slot[slot >= 0]]
        while len(cache) >= _CACHED_CLASS_SETS:
            del cache[next(iter(cache))]
        cache[id(classes)] = (classes, result)
        return result

    def tally(
        self,
        segments: SegmentMap[K],
        years: range,
        mask: Bools,
        values: Floats | None = None,
        by: Ints | None = None,
        n_by: int = 1,
    ) -> Floats:
        """Per segment, year (and value of `by`, 0..n_by-1): the number of facts selected by `mask`, or the sum of
        their `values`. Shape (segments, years, n_by).

        One pass over the facts sums per segment class and year; the class sums are then added up per segment, so
        no fact is copied once per segment.
        """
        classes = segments.classes
        width = len(years)
        offset = self.year - years.start
        keep = mask & (offset >= 0) & (offset < width)
        code = (self.segment_class(segments)[keep] * width + offset[keep]) * n_by
        if by is not None:
            code += by[keep]
        weights = None if values is None else values[keep]
        sums = np.bincount(code, weights=weights, minlength=classes.count * width * n_by).astype(np.float64)
        per_segment = classes.to_segments(sums.reshape(classes.count, width * n_by), len(segments.keys))
        return per_segment.reshape(len(segments.keys), width, n_by)


@dataclass(frozen=True, eq=False)
class ProductTable:
    """Product attributes as columns, sorted by product id."""

    product: Ints
    owner: Ints  # position in `owners`
    owners: tuple[Owner, ...]
    method: Ints  # method id, or -1 - product for a product without a method (its own method)
    volume: Floats  # NaN = unknown

    @classmethod
    def from_rows(cls, rows: Iterable[ProductInfo]) -> ProductTable:
        items = sorted(rows, key=lambda row: row.product)
        owner_codes: dict[Owner, int] = {}
        codes = [owner_codes.setdefault(row.owner, len(owner_codes)) for row in items]
        product = np.array([row.product for row in items], dtype=np.int64)
        if product.size > 1 and np.any(np.diff(product) == 0):
            raise FactError("Een product staat twee keer in de productgegevens.")
        method = np.array([-1 - row.product if row.method is None else row.method for row in items], dtype=np.int64)
        return cls(
            product=product,
            owner=np.array(codes, dtype=np.int64),
            owners=tuple(owner_codes),
            method=method,
            volume=np.array([row.volume for row in items], dtype=np.float64),
        )

    def locate(self, product: Ints) -> Ints:
        """Position of each given product id in this table, or -1 when the table does not know it."""
        if not len(self.product):
            return np.full(len(product), -1, dtype=np.int64)
        slot = np.searchsorted(self.product, product)
        clipped = np.minimum(slot, len(self.product) - 1)
        found = (slot < len(self.product)) & (self.product[clipped] == product)
        return np.where(found, clipped, -1).astype(np.int64)

    def volume_of(self, product: Ints) -> Floats:
        """The volume of each given product id (NaN when unknown, also for a product the table does not know)."""
        slot = self.locate(product)
        volume = np.full(len(product), np.nan)
        volume[slot >= 0] = self.volume[slot[slot >= 0]]
        return volume


@dataclass(frozen=True, eq=False)
class SegmentMap(Generic[K]):
    """Which segments (e.g. sector x subject, "alle vakken" included) each product counts in.

    Stored as compressed rows: the segment codes of `product[i]` are `codes[offsets[i]:offsets[i + 1]]`, a code being
    a position in `keys`.
    """

    keys: tuple[K, ...]
    product: Ints
    offsets: Ints
    codes: Ints

    @classmethod
    def from_mapping(cls, mapping: Mapping[int, Iterable[K]], keys: Sequence[K] = ()) -> SegmentMap[K]:
        """From product -> segment keys; `keys` fixes the order of (and may add empty) segments."""
        positions: dict[K, int] = {key: at for at, key in enumerate(dict.fromkeys(keys))}
        products = sorted(mapping)
        offsets = [0]
        codes: list[int] = []
        for product in products:
            for key in dict.fromkeys(mapping[product]):
                codes.append(positions.setdefault(key, len(positions)))
            offsets.append(len(codes))
        return cls(
            keys=tuple(positions),
            product=np.array(products, dtype=np.int64),
            offsets=np.array(offsets, dtype=np.int64),
            codes=np.array(codes, dtype=np.int64),
        )

    def with_keys(self, extra: Iterable[K]) -> SegmentMap[K]:
        """The same map with more (empty) segments after the existing ones, sharing the computed classes."""
        keys = (*self.keys, *(key for key in dict.fromkeys(extra) if key not in self.keys))
        result = SegmentMap(keys, self.product, self.offsets, self.codes)
        if "classes" in self.__dict__:
            result.__dict__["classes"] = self.__dict__["classes"]
        return result

    def locate(self, product: Ints) -> Ints:
        """Position of each given product id in `product`, or -1 when the map does not know it."""
        if not len(self.product):
            return np.full(len(product), -1, dtype=np.int64)
        slot = np.searchsorted(self.product, product)
        clipped = np.minimum(slot, len(self.product) - 1)
        return np.where((slot < len(self.product)) & (self.product[clipped] == product), clipped, -1).astype(np.int64)

    @cached_property
    def classes(self) -> SegmentClasses:
        """The products grouped by their exact set of segments (each product's codes are distinct)."""
        n = len(self.product)
        lengths = np.diff(self.offsets)
        row = np.repeat(np.arange(n, dtype=np.int64), lengths)
        column = np.arange(len(self.codes), dtype=np.int64) - np.repeat(self.offsets[:-1], lengths)
        padded = np.full((n, max(int(lengths.max(initial=0)), 1)), -1, dtype=np.int64)
        padded[row, column] = self.codes[np.lexsort((self.codes, row))]
        order = np.lexsort(padded.T[::-1])  # rows in order (faster than np.unique(axis=0))
        ranked = padded[order]
        new = np.ones(n, dtype=np.bool_)
        new[1:] = np.any(ranked[1:] != ranked[:-1], axis=1)
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.cumsum(new) - 1
        sets = ranked[new]
        members = sets >= 0
        lengths = members.sum(axis=1)
        empty = np.zeros(1, dtype=np.int64)  # the last class: products outside the map (no segment)
        return SegmentClasses(
            product_class=inverse.reshape(-1).astype(np.int64),
            count=len(sets) + 1,
            offsets=np.concatenate(([0], np.cumsum(lengths), np.cumsum(lengths)[-1:] if len(sets) else empty)),
            codes=sets[members].astype(np.int64),
        )

    def explode(self, product: Ints) -> tuple[Ints, Ints]:
        """For rows naming these products: (row, segment code), one pair per segment the row's product is in."""
        if not len(self.product) or not len(product):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        slot = np.searchsorted(self.product, product)
        clipped = np.minimum(slot, len(self.product) - 1)
        found = (slot < len(self.product)) & (self.product[clipped] == product)
        starts = self.offsets[clipped]
        return _explode(starts, np.where(found, self.offsets[clipped + 1] - starts, 0), self.codes)


@dataclass(frozen=True, eq=False)
class SegmentClasses:
    """Products with the same set of segments form a class; class `count - 1` has no segment.

    The segments of class c are `codes[offsets[c]:offsets[c + 1]]`.
    """

    product_class: Ints  # per product of the segment map
    count: int
    offsets: Ints
    codes: Ints

    def explode(self, klass: Ints) -> tuple[Ints, Ints]:
        """For rows naming these classes: (row, segment code), one pair per segment of the row's class."""
        return _explode(self.offsets[klass], self.offsets[klass + 1] - self.offsets[klass], self.codes)

    def to_segments(self, sums: Floats, n_segments: int) -> Floats:
        """Add per-class rows (shape (count, k)) up per segment (shape (n_segments, k))."""
        result = np.zeros((n_segments, sums.shape[1]))
        klass, segment = self.explode(np.arange(self.count, dtype=np.int64))
        if len(segment):
            order = np.argsort(segment, kind="stable")
            klass, segment = klass[order], segment[order]
            starts = np.flatnonzero(np.concatenate(([True], segment[1:] != segment[:-1])))
            result[segment[starts]] = np.add.reduceat(sums[klass], starts, axis=0)
        return result


def _explode(starts: Ints, counts: Ints, codes: Ints) -> tuple[Ints, Ints]:
    """Row i repeated counts[i] times, with codes[starts[i]], codes[starts[i] + 1], ... beside it."""
    rows = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    before = np.cumsum(counts) - counts  # rows written before row i
    position = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(starts - before, counts)
    return rows, codes[position]


def group_codes(segment: Ints, year: Ints, years: range) -> tuple[Ints, Bools]:
    """One code per (segment, year) cell, `segment * len(years) + year offset`, and which rows fall in `years`."""
    inside = (year >= years.start) & (year < years.stop)
    return segment * len(years) + (year - years.start), inside


def count_by(code: Ints, cells: int) -> Ints:
    """How many rows fall in each of `cells` codes."""
    return np.bincount(code, minlength=cells).astype(np.int64, copy=False)


def sum_by(code: Ints, values: Floats, cells: int) -> Floats:
    """The sum of `values` per code, for each of `cells` codes."""
    return np.bincount(code, weights=values, minlength=cells).astype(np.float64, copy=False)
