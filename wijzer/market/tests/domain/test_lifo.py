"""The LiFo share by count and by value, by hand and against a row-by-row count."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.facts import Fact, FactTable, Owner, ProductInfo, ProductTable, SegmentMap
from wijzer.market.domain.lifo import NO_PAID, NO_VOLUME, lifo_share

OWNER = Owner("Uitgever", "NL")


def test_lifo_share_by_count_and_by_value_matches_the_hand_calculation():
    """2020, paid products with a price: 1 (LiFo, 2000), 2 (1000), 3 (LiFo, 500) -> by count 2 / 3 = 66.67 %.

    By value, volumes 1: 3 schools, 2: 1 school, 3: unknown -> LiFo 3 x 2000 = 6000 of 6000 + 1000 -> 85.71 %.
    Product 4 is free and 5 has no per-pupil price: neither counts.
    """
    # given
    facts = [
        Fact(1, 2020, 2000, is_lifo=True),
        Fact(2, 2020, 1000),
        Fact(3, 2020, 500, is_lifo=True),
        Fact(4, 2020, 0, is_paid=False),
        Fact(5, 2020, None, is_lifo=True),
        Fact(1, 2022, 2100, is_lifo=True),
    ]
    volumes = {1: 3, 2: 1, 3: None, 4: 7, 5: 2}
    products = ProductTable.from_rows(ProductInfo(p, OWNER, volume=v) for p, v in volumes.items())
    segments = SegmentMap.from_mapping({p: ["alle"] for p in volumes})
    # when
    points = lifo_share(FactTable.from_facts(facts), segments, products)["alle"]
    # then
    first, gap, last = points
    assert (first.n_paid, first.n_lifo, first.n_with_volume) == (3, 2, 2)
    assert first.share_by_count == pytest.approx(200 / 3)
    assert first.share_by_value == pytest.approx(600 / 7)
    assert first.reason is None
    assert (gap.n_paid, gap.share_by_count, gap.share_by_value) == (0, None, None)
    assert gap.reason == NO_PAID.format(year=2021)
    assert (last.share_by_count, last.share_by_value) == (100.0, 100.0)


def test_without_volumes_there_is_no_share_by_value():
    # given
    table = FactTable.from_facts([Fact(1, 2020, 2000, is_lifo=True), Fact(2, 2020, 1000)])
    # when
    point = lifo_share(table, SegmentMap.from_mapping({1: ["a"], 2: ["a"]}))["a"][0]
    # then
    assert (point.share_by_count, point.share_by_value, point.reason) == (50.0, None, NO_VOLUME)


def test_empty_input_gives_no_rows():
    assert lifo_share(FactTable.from_facts([]), SegmentMap.from_mapping({1: ["a"]})) == {"a": ()}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 8),
            st.integers(2020, 2022),
            st.one_of(st.none(), st.integers(0, 3000)),
            st.booleans(),
            st.booleans(),
        ),
        unique_by=lambda row: (row[0], row[1]),
    ),
    st.dictionaries(st.integers(0, 8), st.one_of(st.none(), st.integers(0, 5))),
)
def test_the_vectorised_share_equals_a_row_by_row_count(rows, volumes):
    facts = [Fact(p, y, price, is_lifo=lifo, is_paid=paid) for p, y, price, lifo, paid in rows]
    segments = {p: ["a"] if p % 2 else ["a", "b"] for p in range(9)}
    products = ProductTable.from_rows(ProductInfo(p, OWNER, volume=v) for p, v in volumes.items())
    # when
    table = FactTable.from_facts(facts)
    result = lifo_share(table, SegmentMap.from_mapping(segments), products, years=range(2020, 2023))
    # then
    for key, points in result.items():
        for point in points:
            counted = [
                f
                for f in facts
                if f.year == point.year and key in segments[f.product] and f.is_paid and f.price_cents is not None
            ]
            assert point.n_paid == len(counted)
            assert point.n_lifo == sum(f.is_lifo for f in counted)
            value = [(f, (volumes.get(f.product) or 0) * f.price_cents) for f in counted]
            total = sum(v for _, v in value)
            expected = 100 * sum(v for f, v in value if f.is_lifo) / total if total else None
            assert point.share_by_value == (pytest.approx(expected) if expected is not None else None)
