"""The columnar inputs: building, sorting and refusing facts; segments, their classes and the tally."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.facts import Fact, FactError, FactTable, Owner, ProductInfo, ProductTable, SegmentMap


def test_columns_are_sorted_by_product_and_year_and_none_becomes_nan():
    # when
    table = FactTable.from_columns(product=[2, 1, 1], year=[2020, 2021, 2020], price_cents=[300, None, 100])
    # then
    assert table.product.tolist() == [1, 1, 2]
    assert table.year.tolist() == [2020, 2021, 2020]
    assert np.isnan(table.price[1])
    assert table.price[[0, 2]].tolist() == [100.0, 300.0]
    assert table.is_paid.tolist() == [True, True, True]
    assert table.previous.tolist() == [-1, 0, -1]  # the 2021 fact of product 1 follows its 2020 fact
    assert table.years() == range(2020, 2022)


def test_previous_needs_the_year_directly_before():
    table = FactTable.from_facts([Fact(1, 2018, 100), Fact(1, 2020, 100), Fact(1, 2021, 100)])
    assert table.previous.tolist() == [-1, -1, 1]


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ([Fact(1, 2020, 100), Fact(1, 2020, 200)], "Product 1 heeft twee prijsfeiten voor 2020"),
        ([Fact(1, 2020, -1)], "negatief"),
        ([Fact(1, 2020, 100, licence_cents=-5)], "negatief"),
    ],
    ids=["duplicate", "negative_price", "negative_licence"],
)
def test_impossible_facts_are_refused(facts, message):
    with pytest.raises(FactError, match=message):
        FactTable.from_facts(facts)


def test_a_column_of_the_wrong_length_is_refused():
    with pytest.raises(FactError, match="verwacht 2"):
        FactTable.from_columns(product=[1, 2], year=[2020, 2020], price_cents=[1])


def test_product_table_knows_volumes_and_refuses_a_product_twice():
    # given
    products = ProductTable.from_rows([ProductInfo(5, Owner("b"), volume=3), ProductInfo(2, Owner("a"))])
    # then
    assert products.product.tolist() == [2, 5]
    assert products.method.tolist() == [-3, -6]  # a product without a method is its own (negative code)
    volumes = products.volume_of(np.array([5, 2, 9]))
    assert volumes[0] == 3
    assert np.isnan(volumes[1:]).all()
    with pytest.raises(FactError, match="twee keer"):
        ProductTable.from_rows([ProductInfo(1, Owner("a")), ProductInfo(1, Owner("b"))])


def test_explode_gives_one_row_per_segment_and_skips_unknown_products():
    # given
    segments = SegmentMap.from_mapping({1: ["a", "b"], 2: ["b"], 3: []})
    # when
    rows, codes = segments.explode(np.array([2, 9, 1, 3]))
    # then
    assert list(zip(rows.tolist(), [segments.keys[c] for c in codes], strict=True)) == [(0, "b"), (2, "a"), (2, "b")]


def test_products_with_the_same_segments_share_a_class():
    # given
    segments = SegmentMap.from_mapping({1: ["a", "b"], 2: ["b", "a"], 3: ["b"], 4: []})
    # when
    classes = segments.classes
    # then
    product_class = classes.product_class.tolist()
    assert product_class[0] == product_class[1]
    assert len(set(product_class)) == 3
    assert classes.count == 4  # three sets and the class of products outside the map


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.integers(0, 9), st.lists(st.sampled_from("pqrs"), max_size=4)),
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(2019, 2022), st.integers(0, 50), st.integers(0, 2)),
        unique_by=lambda row: (row[0], row[1]),
    ),
)
def test_tally_equals_a_count_per_segment_year_and_value(mapping, rows):
    # given
    table = FactTable.from_columns(
        product=[r[0] for r in rows], year=[r[1] for r in rows], price_cents=[r[2] for r in rows]
    )
    segments = SegmentMap.from_mapping(mapping, keys="pqrs")
    years = range(2020, 2023)  # 2019 is outside
    by = (table.price % 3).astype(np.int64)
    mask = table.price > 10
    # when
    counts = table.tally(segments, years, mask)
    sums = table.tally(segments, years, mask, table.price, by, 3)
    # then
    for s, key in enumerate(segments.keys):
        for t, year in enumerate(years):
            chosen = [r for r in rows if r[1] == year and key in mapping.get(r[0], ()) and r[2] > 10]
            assert counts[s, t, 0] == len(chosen)
            for b in range(3):
                assert sums[s, t, b] == sum(r[2] for r in chosen if r[2] % 3 == b)


def test_with_keys_adds_empty_segments_and_shares_the_classes():
    # given
    segments = SegmentMap.from_mapping({1: ["a"], 2: ["a", "b"]})
    table = FactTable.from_facts([Fact(1, 2020, 100), Fact(2, 2020, 300)])
    table.tally(segments, range(2020, 2021), table.price > 0)
    # when
    wider = segments.with_keys(["c", "a"])
    counts = table.tally(wider, range(2020, 2021), table.price > 0)
    # then
    assert wider.keys == ("a", "b", "c")
    assert wider.classes is segments.classes
    assert counts[:, 0, 0].tolist() == [2, 1, 0]


def test_the_class_cache_of_a_table_stays_bounded():
    # given
    table = FactTable.from_facts([Fact(1, 2020, 100)])
    # when
    for _ in range(10):
        table.tally(SegmentMap.from_mapping({1: ["a"]}), range(2020, 2021), table.price > 0)
    # then
    assert len(table.__dict__["_classes"]) == 4
