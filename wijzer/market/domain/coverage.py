"""Catalogue coverage per segment (W7, issue 15 §8): how many products and methods the catalogue has for each sector x
subject, and how many of them have a price per pupil per school year. Pure numpy, no Django.

Counted over the products the catalogue holds now (not withdrawn). A product "has a price" when its fact of the year
asked for has a per-pupil price (free material counts with € 0). A method is counted once per segment; a product
without a method counts as its own method (as in the concentration by methods). A method "has a price" when at least
one of its products in the segment has one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .facts import Bools, Ints, K, SegmentMap, count_by


@dataclass(frozen=True, slots=True)
class Coverage:
    products: int
    products_priced: int
    methods: int
    methods_priced: int

    @property
    def products_unpriced(self) -> int:
        return self.products - self.products_priced

    @property
    def methods_unpriced(self) -> int:
        return self.methods - self.methods_priced


def coverage(product: Ints, method: Ints, priced: Bools, segments: SegmentMap[K]) -> dict[K, Coverage]:
    """Per segment: products and methods, and how many of each have a price.

    `product`, `method` and `priced` are parallel (one row per product in the catalogue); `method` uses the
    convention of `ProductTable.method` (a negative code for a product that is its own method).
    """
    cells = len(segments.keys)
    at, segment = segments.explode(product)
    methods = method[at]
    has_price = priced[at]
    n_products = count_by(segment, cells)
    n_priced = count_by(segment[has_price], cells)
    # One sortable key per (segment, method, priced first): segment in the high bits, then the method (shifted to
    # be non-negative), then 0 for a row with a price and 1 without; one sort instead of a three-key lexsort.
    shifted = methods - (int(methods.min()) if len(methods) else 0)
    width = max(int(shifted.max()) if len(shifted) else 0, 0).bit_length() + 1
    key = np.sort((segment << width | shifted) << 1 | (~has_price).astype(np.int64))
    pair = key >> 1
    first = np.ones(len(key), dtype=np.bool_)
    first[1:] = pair[1:] != pair[:-1]
    seg_sorted = pair >> width
    n_methods = count_by(seg_sorted[first], cells)
    n_methods_priced = count_by(seg_sorted[first & ((key & 1) == 0)], cells)
    counts = np.stack([n_products, n_priced, n_methods, n_methods_priced], axis=1).tolist()
    return {key: Coverage(*counts[s]) for s, key in enumerate(segments.keys)}
