"""The price index (Jevons and Laspeyres matched-model chains) against hand calculations and a reference."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.facts import Fact, FactTable, Owner, ProductInfo, ProductTable, SegmentMap
from wijzer.market.domain.index import (
    AFTER_GAP,
    FIRST_BASE,
    NEW_BASE,
    NO_CPI,
    NO_PRICES,
    jevons_index,
    laspeyres_index,
    rebase_cpi,
)

from . import reference

CPI = {2017: 101.70, 2018: 103.44, 2019: 106.16}  # CBS, 2015 = 100 (facts.md §3.2)

# The hand-made basket (cents per pupil per school year incl. VAT):
#   product   2017   2018   2019
#   A (1)     1000   1100   1210    relatives 1.1, 1.1
#   B (2)     2000   2000   2400    relatives 1.0, 1.2
#   C (3)      500   none    550    no price in 2018: matched in neither 2018 nor 2019
#   D (4)        0      0      0    free: never in the index
BASKET = [
    Fact(1, 2017, 1000),
    Fact(1, 2018, 1100),
    Fact(1, 2019, 1210),
    Fact(2, 2017, 2000),
    Fact(2, 2018, 2000),
    Fact(2, 2019, 2400),
    Fact(3, 2017, 500),
    Fact(3, 2018, None),
    Fact(3, 2019, 550),
    Fact(4, 2017, 0, is_paid=False),
    Fact(4, 2018, 0, is_paid=False),
    Fact(4, 2019, 0, is_paid=False),
]
SEGMENTS = {1: [("vo", "wiskunde"), ("vo", "")], 2: [("vo", "wiskunde"), ("vo", "")], 3: [("vo", "")], 4: [("vo", "")]}


def test_jevons_index_of_the_hand_made_basket_matches_the_hand_calculation():
    """2018: matched A, B -> link sqrt(1.1 x 1.0); 2019: matched A, B -> link sqrt(1.1 x 1.2)."""
    # given
    table = FactTable.from_facts(BASKET)
    segments = SegmentMap.from_mapping(SEGMENTS)
    # when
    result = jevons_index(table, segments, cpi=CPI)
    # then
    points = result[("vo", "")]
    assert [p.year for p in points] == [2017, 2018, 2019]
    assert points[0].index == 100.0
    assert points[0].new_base
    assert points[0].reason == FIRST_BASE
    assert points[0].nominal_change is None
    # I(2018) = 100 x sqrt(1.1) = 104.880885 ; I(2019) = 104.880885 x sqrt(1.32) = 100 x sqrt(1.452) = 120.498963
    assert points[1].index == pytest.approx(104.880885, abs=1e-6)
    assert points[2].index == pytest.approx(120.498963, abs=1e-6)
    # n: products with a positive price (A, B, C in 2017; A, B in 2018; A, B, C in 2019), matched A, B
    assert [(p.n_products, p.n_matched) for p in points] == [(3, 0), (2, 2), (3, 2)]
    # nominal 2018 = sqrt(1.1) - 1 = 0.048809; CPI 103.44 / 101.70 - 1 = 0.017109; real = 1.048809 / 1.017109 - 1
    assert points[1].nominal_change == pytest.approx(0.0488088, abs=1e-7)
    assert points[1].cpi_change == pytest.approx(0.0171091, abs=1e-7)
    assert points[1].real_change == pytest.approx(0.0311665, abs=1e-7)
    # nominal 2019 = sqrt(1.32) - 1 = 0.148913; CPI 106.16 / 103.44 - 1 = 0.026296; real = 1.148913 / 1.026296 - 1
    assert points[2].nominal_change == pytest.approx(0.1489125, abs=1e-7)
    assert points[2].real_change == pytest.approx(0.1194754, abs=1e-7)
    # the CPI rebased to the base year 2017: 106.16 / 101.70 x 100 = 104.385448
    assert points[2].cpi_index == pytest.approx(104.385448, abs=1e-6)
    assert points[2].base_year == 2017
    assert points[2].reason is None


def test_all_segments_come_out_of_one_pass_each_with_its_own_products():
    """The wiskunde segment holds A and B only; C's and D's facts do not reach it."""
    # given
    table = FactTable.from_facts(BASKET)
    segments = SegmentMap.from_mapping(SEGMENTS)
    # when
    result = jevons_index(table, segments)
    # then
    points = result[("vo", "wiskunde")]
    assert [(p.n_products, p.n_matched) for p in points] == [(2, 0), (2, 2), (2, 2)]
    assert points[2].index == pytest.approx(120.498963, abs=1e-6)


def test_laspeyres_index_of_the_hand_made_basket_matches_the_hand_calculation():
    """Volumes A 10, B 5, C unknown: 2018 = (10x1100 + 5x2000) / (10x1000 + 5x2000) = 21000 / 20000."""
    # given
    table = FactTable.from_facts(BASKET)
    segments = SegmentMap.from_mapping(SEGMENTS)
    owner = Owner("Uitgever", "NL")
    volumes = {1: 10, 2: 5, 3: None, 4: None}
    products = ProductTable.from_rows(ProductInfo(p, owner, volume=v) for p, v in volumes.items())
    # when
    points = laspeyres_index(table, segments, products)[("vo", "")]
    # then
    assert points[1].index == pytest.approx(105.0)
    # 2019: (10x1210 + 5x2400) / (10x1100 + 5x2000) = 24100 / 21000 = 1.147619; 105 x 1.147619 = 120.5
    assert points[2].index == pytest.approx(120.5)
    assert [(p.n_products, p.n_matched) for p in points] == [(2, 0), (2, 2), (2, 2)]
    assert points[2].nominal_change == pytest.approx(24100 / 21000 - 1)


def test_a_year_without_matched_products_restarts_the_chain_at_a_marked_new_base():
    """X is priced in 2017 only, Y from 2018: 2018 cannot be linked to 2017, so it is a new base of 100."""
    # given
    table = FactTable.from_facts([Fact(1, 2017, 1000), Fact(2, 2018, 3000), Fact(2, 2019, 3300)])
    segments = SegmentMap.from_mapping({1: ["alle"], 2: ["alle"]})
    # when
    points = jevons_index(table, segments)["alle"]
    # then
    assert [(p.index, p.base_year, p.new_base) for p in points] == [
        (100.0, 2017, True),
        (100.0, 2018, True),
        (pytest.approx(110.0), 2018, False),
    ]
    assert points[1].reason == NEW_BASE.format(previous=2017, year=2018)
    assert points[1].nominal_change is None
    assert points[1].n_matched == 0


def test_a_year_without_prices_has_no_index_and_the_next_year_starts_again():
    # given
    table = FactTable.from_facts([Fact(1, 2017, 1000), Fact(1, 2018, None), Fact(1, 2019, 1200)])
    segments = SegmentMap.from_mapping({1: ["alle"]})
    # when
    points = jevons_index(table, segments)["alle"]
    # then
    assert [p.index for p in points] == [100.0, None, 100.0]
    assert points[1].reason == NO_PRICES.format(year=2018)
    assert points[2].reason == AFTER_GAP
    assert points[2].new_base


def test_a_missing_cpi_year_leaves_the_real_change_out_and_says_why():
    # given
    table = FactTable.from_facts([Fact(1, 2024, 1000), Fact(1, 2025, 1100)])
    segments = SegmentMap.from_mapping({1: ["alle"]})
    # when
    point = jevons_index(table, segments, cpi={2024: 130.2})["alle"][1]
    # then
    assert point.nominal_change == pytest.approx(0.1)
    assert point.real_change is None
    assert point.cpi_index is None
    assert point.reason == NO_CPI.format(years="2025")


def test_empty_input_and_empty_segments_give_rows_without_index():
    # given
    segments = SegmentMap.from_mapping({1: ["alle"]}, keys=["alle", "leeg"])
    table = FactTable.from_facts([Fact(1, 2020, 500)])
    # when
    result = jevons_index(table, segments)
    nothing = jevons_index(FactTable.from_facts([]), segments)
    # then
    assert result["leeg"][0].index is None
    assert result["leeg"][0].reason == NO_PRICES.format(year=2020)
    assert result["alle"][0].index == 100.0
    assert nothing == {"alle": (), "leeg": ()}


def test_the_index_is_100_in_the_base_year_for_one_product():
    # given
    table = FactTable.from_facts([Fact(7, 2021, 999)])
    # when
    point = jevons_index(table, SegmentMap.from_mapping({7: ["alle"]}))["alle"][0]
    # then
    assert (point.index, point.n_products, point.n_matched) == (100.0, 1, 0)


def test_rebase_cpi_puts_the_base_year_at_100():
    # when
    rebased = rebase_cpi({2015: 100.0, 2017: 101.70, 2022: 121.43}, 2017)
    # then
    assert rebased[2017] == 100.0
    assert rebased[2022] == pytest.approx(119.400197, abs=1e-6)  # 121.43 / 101.70 x 100
    assert rebased[2015] == pytest.approx(98.328417, abs=1e-6)


YEARS = range(2017, 2022)


@st.composite
def random_facts(draw):
    facts = []
    for product in range(draw(st.integers(0, 12))):
        for year in YEARS:
            if draw(st.booleans()):
                price = draw(st.one_of(st.none(), st.just(0), st.integers(1, 100_000)))
                facts.append(Fact(product, year, price))
    segments = {product: draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3)) for product in range(12)}
    volumes = {product: draw(st.one_of(st.none(), st.integers(0, 50))) for product in range(12)}
    return facts, segments, volumes


def _values(result):
    return {key: {p.year: p.index for p in points} for key, points in result.items()}


def _close(fast, slow):
    for key, series in slow.items():
        for year, value in series.items():
            got = fast[key][year]
            assert (got is None) == (value is None), (key, year)
            if value is not None:
                assert math.isclose(got, value, rel_tol=1e-9), (key, year)


@settings(max_examples=150, deadline=None)
@given(random_facts())
def test_the_vectorised_jevons_index_equals_the_reference(case):
    facts, segments, _ = case
    # when
    fast = _values(jevons_index(FactTable.from_facts(facts), SegmentMap.from_mapping(segments), years=YEARS))
    # then
    _close(fast, reference.jevons(facts, segments, YEARS))


@settings(max_examples=150, deadline=None)
@given(random_facts())
def test_the_vectorised_laspeyres_index_equals_the_reference(case):
    facts, segments, volumes = case
    products = ProductTable.from_rows(ProductInfo(p, Owner("x"), volume=v) for p, v in volumes.items())
    # when
    result = laspeyres_index(FactTable.from_facts(facts), SegmentMap.from_mapping(segments), products, years=YEARS)
    # then
    _close(_values(result), reference.laspeyres(facts, segments, volumes, YEARS))
