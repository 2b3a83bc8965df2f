"""Price spread (numpy 'linear' percentiles) and the open share, by hand and against numpy per group."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.facts import Fact, FactTable, SegmentMap
from wijzer.market.domain.spread import NO_PRICES, NO_PRODUCTS, PERCENTILE_METHOD, price_spread


def test_spread_and_open_share_match_the_hand_calculation():
    """Prices 100, 200, 400, 1000: p25 at position 3 x 0.25 = 0.75 -> 100 + 0.75 x 100 = 175;
    median at 1.5 -> 200 + 0.5 x 200 = 300; p75 at 2.25 -> 400 + 0.25 x 600 = 550.
    Present: 4 priced paid + 1 paid without a price + 1 free -> open share 1 / 6.
    """
    # given
    facts = [
        Fact(1, 2020, 400),
        Fact(2, 2020, 100),
        Fact(3, 2020, 1000),
        Fact(4, 2020, 200),
        Fact(5, 2020, None),
        Fact(6, 2020, 0, is_paid=False),
    ]
    segments = SegmentMap.from_mapping({p: ["alle"] for p in range(1, 7)})
    # when
    point = price_spread(FactTable.from_facts(facts), segments)["alle"][0]
    # then
    assert (point.n, point.minimum, point.p25, point.median, point.p75, point.maximum) == (4, 100, 175, 300, 550, 1000)
    assert (point.n_open, point.n_paid) == (1, 5)
    assert point.open_share == pytest.approx(100 / 6)
    assert point.reason is None


def test_one_price_is_every_figure_and_a_free_only_year_has_no_spread():
    # given
    facts = [Fact(1, 2020, 750), Fact(2, 2021, 0, is_paid=False)]
    segments = SegmentMap.from_mapping({1: ["a"], 2: ["a"]}, keys=["a", "leeg"])
    # when
    result = price_spread(FactTable.from_facts(facts), segments)
    # then
    one, free = result["a"]
    assert (one.minimum, one.p25, one.median, one.p75, one.maximum) == (750,) * 5
    assert (one.open_share, free.open_share) == (0.0, 100.0)
    assert (free.n, free.median, free.reason) == (0, None, NO_PRICES.format(year=2021))
    assert result["leeg"][0].reason == NO_PRODUCTS.format(year=2020)
    assert result["leeg"][0].open_share is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(2020, 2021), st.one_of(st.none(), st.integers(0, 10_000))),
        unique_by=lambda row: (row[0], row[1]),
    )
)
def test_the_vectorised_percentiles_equal_numpy_per_group(rows):
    facts = [Fact(p, y, price, is_paid=p != 0) for p, y, price in rows]
    segments = {p: ["a", "b"] if p % 3 else ["b"] for p in range(11)}
    # when
    result = price_spread(FactTable.from_facts(facts), SegmentMap.from_mapping(segments), years=range(2020, 2022))
    # then
    for key, points in result.items():
        for point in points:
            prices = [
                f.price_cents
                for f in facts
                if f.year == point.year and key in segments[f.product] and f.is_paid and f.price_cents is not None
            ]
            assert point.n == len(prices)
            if prices:
                expected = np.percentile(prices, [0, 25, 50, 75, 100], method=PERCENTILE_METHOD)
                got = [point.minimum, point.p25, point.median, point.p75, point.maximum]
                assert got == pytest.approx(list(expected), rel=1e-12)
