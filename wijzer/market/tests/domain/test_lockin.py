"""The lock-in composite and the publisher mean, by hand and columnar against the rows."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.lockin import (
    FORMULA,
    LABELS,
    Indicator,
    LockIn,
    composite,
    composite_scores,
    indicator_matrix,
    publisher_composites,
    publisher_scores,
)


def test_composite_of_the_formula_example():
    """Edu-V yes, ECK no, LTI unknown, export yes, sold separately, one-year licence, switching unknown:
    known 5 of 7, one locks in -> 100 x 1 / 5 = 20 (the worked example in FORMULA)."""
    # given
    lockin = LockIn.from_support(
        supports_eduv=True, supports_eck=False, data_export=True, for_sale=True, licence_months=12
    )
    # when
    result = composite(lockin)
    # then
    assert (result.score, result.known, result.total) == (20.0, 5, 7)
    assert result.known_text == "5 van 7 bekend"
    assert [(c.indicator, c.value, c.points) for c in result.contributions] == [
        (Indicator.NO_EDUV, False, 0.0),
        (Indicator.NO_ECK, True, 20.0),
        (Indicator.NO_LTI, None, None),
        (Indicator.NO_EXPORT, False, 0.0),
        (Indicator.BUNDLE_ONLY, False, 0.0),
        (Indicator.LONG_TERM, False, 0.0),
        (Indicator.SWITCHING, None, None),
    ]
    assert sum(c.points or 0 for c in result.contributions) == result.score
    assert "100 × 1 / 5 = 20" in FORMULA


def test_every_indicator_has_a_dutch_label():
    assert set(LABELS) == set(Indicator)
    assert [i.value for i, _ in LockIn().items()] == [i.value for i in Indicator]


def test_nothing_known_gives_no_composite_and_all_locking_gives_100():
    # when
    unknown = composite(LockIn())
    locked = composite(LockIn(*(True,) * 7))
    # then
    assert (unknown.score, unknown.known) == (None, 0)
    assert (locked.score, locked.known) == (100.0, 7)


def test_a_licence_longer_than_a_school_year_locks_in():
    assert LockIn.from_support(licence_months=24).long_term is True
    assert LockIn.from_support(licence_months=12).long_term is False
    assert LockIn.from_support(for_sale=False).bundle_only is True


def test_publisher_mean_counts_only_products_with_a_composite():
    """Publisher A: scores 20 and 60 and one product without any known indicator -> mean 40 over 2 of 3."""
    # given
    products = [
        ("A", LockIn(no_eduv=True, no_eck=False, no_lti=False, no_export=False, bundle_only=False)),
        ("A", LockIn(no_eduv=True, no_eck=True, no_lti=True, no_export=False, bundle_only=False)),
        ("A", LockIn()),
        ("B", LockIn()),
    ]
    # when
    result = publisher_composites(products)
    # then
    assert (result["A"].score, result["A"].n, result["A"].n_products) == (pytest.approx(40), 2, 3)
    assert (result["B"].score, result["B"].n, result["B"].n_products) == (None, 0, 1)


indicators = st.builds(LockIn, *(st.one_of(st.none(), st.booleans()) for _ in range(7)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), indicators), max_size=20))
def test_the_columnar_scores_equal_the_row_composites(rows):
    # when
    scores, known = composite_scores(indicator_matrix(lockin for _, lockin in rows))
    means, n = publisher_scores(np.array([p for p, _ in rows], dtype=np.int64), scores, 4)
    by_row = publisher_composites(rows)
    # then
    for at, (_, lockin) in enumerate(rows):
        expected = composite(lockin)
        assert known[at] == expected.known
        assert (math.isnan(scores[at]) and expected.score is None) or scores[at] == pytest.approx(expected.score)
    for publisher in range(4):
        expected = by_row.get(publisher)
        assert n[publisher] == (expected.n if expected else 0)
        if expected is not None and expected.score is not None:
            assert means[publisher] == pytest.approx(expected.score)
        else:
            assert math.isnan(means[publisher])
