"""Shares, HHI, CR3 and the country split, by hand and against the per-group reference."""

import math
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.concentration import (
    LABEL_HIGH,
    LABEL_LOW,
    LABEL_MODERATE,
    LABEL_NONE,
    concentration,
    concentration_trend,
    display_shares,
    label,
)
from wijzer.market.domain.facts import Fact, FactTable, Owner, ProductInfo, ProductTable, SegmentMap

NOORDHOFF = Owner("NPM Capital", "NL")
SANOMA = Owner("Sanoma", "FI")
UNKNOWN = Owner("Onbekende groep", "")


def test_hhi_is_the_sum_of_squared_shares_and_cr3_the_top_three():
    """Shares 50 / 30 / 20: HHI = 2,500 + 900 + 400 = 3,800; CR3 = 100."""
    # when
    result = concentration({NOORDHOFF: 5, SANOMA: 3, UNKNOWN: 2})
    # then
    assert result.hhi == pytest.approx(3800)
    assert result.cr3 == pytest.approx(100)
    assert result.label == LABEL_HIGH
    assert [(o.owner, o.share) for o in result.owners] == [
        (NOORDHOFF, pytest.approx(50)),
        (SANOMA, pytest.approx(30)),
        (UNKNOWN, pytest.approx(20)),
    ]
    assert result.foreign_share == pytest.approx(30)
    assert result.unknown_country_share == pytest.approx(20)
    assert (result.total, result.n_owners) == (10.0, 3)


def test_cr3_leaves_out_the_fourth_owner():
    """Shares 40 / 30 / 20 / 10: HHI = 1,600 + 900 + 400 + 100 = 3,000; CR3 = 90."""
    # when
    result = concentration({Owner("a", "NL"): 40, Owner("b", "NL"): 30, Owner("c", "DE"): 20, Owner("d", "NL"): 10})
    # then
    assert result.hhi == pytest.approx(3000)
    assert result.cr3 == pytest.approx(90)
    assert result.foreign_share == pytest.approx(20)
    assert result.unknown_country_share == pytest.approx(0)


@pytest.mark.parametrize(
    ("hhi", "expected"),
    [
        (None, LABEL_NONE),
        (10_000, LABEL_HIGH),
        (2500.01, LABEL_HIGH),
        (2500, LABEL_MODERATE),
        (1500, LABEL_MODERATE),
        (1499.99, LABEL_LOW),
        (0, LABEL_LOW),
    ],
    ids=["none", "monopoly", "just_above_2500", "at_2500", "at_1500", "just_below_1500", "zero"],
)
def test_label_follows_the_thresholds(hhi, expected):
    assert label(hhi) == expected


def test_five_equal_owners_are_moderately_and_ten_not_concentrated():
    # when
    five = concentration({Owner(str(i)): 1 for i in range(5)})
    ten = concentration({Owner(str(i)): 1 for i in range(10)})
    # then
    assert (five.hhi, five.label) == (pytest.approx(2000), LABEL_MODERATE)
    assert (ten.hhi, ten.cr3, ten.label) == (pytest.approx(1000), pytest.approx(30), LABEL_LOW)


def test_a_monopoly_has_hhi_10000():
    # when
    result = concentration({SANOMA: 7, NOORDHOFF: 0})
    # then
    assert (result.hhi, result.cr3, result.n_owners) == (10_000, 100, 1)
    assert result.owners[0].share_display == Decimal("100.0")


def test_nothing_to_share_gives_no_figures():
    # when
    result = concentration({})
    zero = concentration({SANOMA: 0})
    # then
    assert (result.hhi, result.cr3, result.label, result.owners) == (None, None, LABEL_NONE, ())
    assert zero == result


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="negatief"):
        concentration({SANOMA: -1})


def test_shown_shares_add_up_to_exactly_100():
    """Three equal owners: 33.33... each; the missing tenth goes to the first one."""
    # when
    result = concentration({Owner("a"): 1, Owner("b"): 1, Owner("c"): 1})
    # then
    assert [o.share_display for o in result.owners] == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert result.hhi == pytest.approx(3 * (100 / 3) ** 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=15))
def test_shares_add_up_to_100_and_hhi_stays_in_range(amounts):
    # when
    result = concentration({Owner(f"o{i}"): amount for i, amount in enumerate(amounts)})
    # then
    if result.hhi is None:
        assert sum(amounts) == 0
        return
    assert math.isclose(sum(o.share for o in result.owners), 100)
    assert sum(o.share_display for o in result.owners) == Decimal("100.0")
    assert all(abs(float(o.share_display) - o.share) < 0.1 + 1e-9 for o in result.owners)
    assert 0 <= result.hhi <= 10_000 + 1e-6
    assert math.isclose(result.hhi, sum(o.share**2 for o in result.owners))
    assert math.isclose(result.cr3, sum(sorted((o.share for o in result.owners), reverse=True)[:3]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=12))
def test_display_shares_add_up_to_100(weights):
    shares = [100 * w / sum(weights) for w in weights]
    assert sum(display_shares(shares)) == Decimal("100.0")


def test_trend_counts_methods_value_and_adoption_per_segment_and_year():
    """Two owners in one segment over two years.

    Products: 1 and 2 are one method (10) of NPM (NL), 3 is Sanoma's (FI) without a method, 4 an unknown-country
    group's. 2020: products 1, 2, 3 present -> methods NPM 1, Sanoma 1 -> 50 / 50, HHI 5,000.
    Value 2020: NPM 1000 + 3000 = 4000, Sanoma 1000 (product 3) -> 80 / 20, HHI 6,400 + 400 = 6,800.
    2021: product 4 joins (price unknown, holds by 6 schools): methods NPM 1, Sanoma 1, unknown 1 -> 33.3 each.
    Adoption 2021: volumes 1: 2, 2: unknown, 3: 2, 4: 6 -> 20 / 20 / 60.
    """
    # given
    facts = [
        Fact(1, 2020, 1000),
        Fact(2, 2020, 3000),
        Fact(3, 2020, 1000),
        Fact(1, 2021, 1000),
        Fact(2, 2021, 3000),
        Fact(3, 2021, 1000),
        Fact(4, 2021, None),
    ]
    products = ProductTable.from_rows(
        [
            ProductInfo(1, NOORDHOFF, method=10, volume=2),
            ProductInfo(2, NOORDHOFF, method=10),
            ProductInfo(3, SANOMA, volume=2),
            ProductInfo(4, UNKNOWN, volume=6),
        ]
    )
    segments = SegmentMap.from_mapping({p: [("vo", "")] for p in (1, 2, 3, 4)})
    # when
    trend = concentration_trend(FactTable.from_facts(facts), segments, products, owners_in={2021})[("vo", "")]
    # then
    first, second = trend
    assert first.by_methods.hhi == pytest.approx(5000)
    assert first.by_value.hhi == pytest.approx(6800)
    assert first.by_value.foreign_share == pytest.approx(20)
    assert first.by_value.owners == ()  # owners listed only for 2021
    assert first.by_adoption.hhi == pytest.approx(5000)  # NPM 2 (product 1), Sanoma 2
    assert second.by_methods.hhi == pytest.approx(3 * (100 / 3) ** 2)
    assert [o.share_display for o in second.by_methods.owners] == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert [(o.owner, o.share) for o in second.by_adoption.owners] == [
        (UNKNOWN, pytest.approx(60)),
        (NOORDHOFF, pytest.approx(20)),
        (SANOMA, pytest.approx(20)),
    ]
    assert second.by_adoption.unknown_country_share == pytest.approx(60)
    assert second.by_adoption.foreign_share == pytest.approx(20)
    assert second.by_value.n_owners == 2  # product 4 has no price


OWNERS = [Owner("A", "NL"), Owner("B", "FI"), Owner("C", ""), Owner("D", "DE")]


@st.composite
def market(draw):
    infos = [
        ProductInfo(
            p,
            draw(st.sampled_from(OWNERS)),
            method=draw(st.one_of(st.none(), st.integers(1, 4))),
            volume=draw(st.one_of(st.none(), st.integers(0, 9))),
        )
        for p in range(draw(st.integers(0, 10)))
    ]
    facts = [
        Fact(info.product, year, draw(st.one_of(st.none(), st.integers(0, 5000))))
        for info in infos
        for year in (2020, 2021)
        if draw(st.booleans())
    ]
    segments = {info.product: draw(st.lists(st.sampled_from("xyz"), max_size=3)) for info in infos}
    return infos, facts, segments


def _reference(infos, facts, segments, key, year):
    """The three amount mappings of one segment and year, row by row."""
    info = {i.product: i for i in infos}
    methods, value, adoption = set(), defaultdict(float), defaultdict(float)
    for fact in facts:
        if fact.year != year or key not in segments.get(fact.product, ()):
            continue
        i = info[fact.product]
        methods.add((i.owner, i.method if i.method is not None else -1 - i.product))
        value[i.owner] += fact.price_cents or 0
        adoption[i.owner] += i.volume or 0
    count = defaultdict(float)
    for owner, _ in methods:
        count[owner] += 1
    return concentration(count), concentration(value), concentration(adoption)


@settings(max_examples=150, deadline=None)
@given(market())
def test_the_vectorised_trend_equals_concentration_per_group(case):
    infos, facts, segments = case
    # when
    trend = concentration_trend(
        FactTable.from_facts(facts),
        SegmentMap.from_mapping(segments, keys="xyz"),
        ProductTable.from_rows(infos),
        years=range(2020, 2022),
        owners_in={2020, 2021},
    )
    # then
    for key, points in trend.items():
        for point in points:
            expected = _reference(infos, facts, segments, key, point.year)
            for got, want in zip((point.by_methods, point.by_value, point.by_adoption), expected, strict=True):
                assert (got.hhi is None) == (want.hhi is None)
                if want.hhi is None:
                    continue
                assert got.hhi == pytest.approx(want.hhi)
                assert got.cr3 == pytest.approx(want.cr3)
                assert got.foreign_share == pytest.approx(want.foreign_share, abs=1e-9)
                assert got.unknown_country_share == pytest.approx(want.unknown_country_share, abs=1e-9)
                assert [o.owner for o in got.owners] == [o.owner for o in want.owners]
                assert sum(o.share_display for o in got.owners) == Decimal("100.0")


def test_facts_of_products_without_product_data_are_left_out():
    # given
    table = FactTable.from_facts([Fact(1, 2020, 100)])
    segments = SegmentMap.from_mapping({1: ["a"]})
    # when
    point = concentration_trend(table, segments, ProductTable.from_rows([]))["a"][0]
    # then
    assert (point.by_methods.hhi, point.by_value.hhi, point.by_adoption.label) == (None, None, LABEL_NONE)
