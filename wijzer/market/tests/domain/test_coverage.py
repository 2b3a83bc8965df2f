"""Catalogue coverage per segment: products and methods, with and without a price, by hand."""

import numpy as np

from wijzer.market.domain.coverage import Coverage, coverage
from wijzer.market.domain.facts import SegmentMap


def test_coverage_counts_products_and_methods_with_and_without_a_price():
    """Segment a: products 1, 2 (method 10; 1 priced), 3 (no method, priced) -> 3 products, 2 priced;
    methods 10 (priced through product 1) and product 3's own -> 2 methods, both priced.
    Segment b: products 2 (method 10, no price) and 4 (method 11, no price) -> 2 products, 0 priced,
    2 methods, 0 priced.
    Segment "leeg": nothing."""
    # given
    product = np.array([1, 2, 3, 4], dtype=np.int64)
    method = np.array([10, 10, -1 - 3, 11], dtype=np.int64)
    priced = np.array([True, False, True, False])
    segments = SegmentMap.from_mapping({1: ["a"], 2: ["a", "b"], 3: ["a"], 4: ["b"]}, keys=["a", "b", "leeg"])
    # when
    found = coverage(product, method, priced, segments)
    # then
    assert found == {"a": Coverage(3, 2, 2, 2), "b": Coverage(2, 0, 2, 0), "leeg": Coverage(0, 0, 0, 0)}
    assert (found["b"].products_unpriced, found["b"].methods_unpriced) == (2, 2)


def test_coverage_equals_a_plain_count_on_random_input():
    rng = np.random.default_rng(3)
    n = 400
    product = np.arange(1, n + 1, dtype=np.int64)
    method = np.where(rng.random(n) < 0.2, -1 - product, rng.integers(1, 40, size=n))
    priced = rng.random(n) < 0.6
    mapping = {int(p): [f"s{k}" for k in rng.choice(6, size=rng.integers(1, 4), replace=False)] for p in product}
    segments = SegmentMap.from_mapping(mapping)
    found = coverage(product, method, priced, segments)
    for key in segments.keys:
        rows = [i for i in range(n) if key in mapping[int(product[i])]]
        methods = {int(method[i]) for i in rows}
        with_price = {int(method[i]) for i in rows if priced[i]}
        expected = Coverage(len(rows), sum(bool(priced[i]) for i in rows), len(methods), len(with_price))
        assert found[key] == expected, key
