"""Krippendorff's alpha per topic (ordinal, n.v.t. = missing): against values computed by hand and the published
worked example, with the warnings for small n and the undefined cases."""

from __future__ import annotations

import pytest

from wijzer.quality.domain.agreement import (
    NO_VARIATION,
    NOTHING_PAIRABLE,
    TOO_FEW_REVIEWERS,
    Reading,
    ordinal_alpha,
    topic_agreement,
)


def test_small_case_computed_by_hand():
    """Two reviewers, three criteria: (1, 2), (3, 3), (4, 3).

    Coincidences (each unit has 2 values, weight 1/(2-1) = 1): o12 = o21 = 1, o33 = 2, o34 = o43 = 1.
    Frequencies: n1 = 1, n2 = 1, n3 = 3, n4 = 1, n = 6.
    Ordinal distance d(c,k) = (sum of n_g for g from c to k - (n_c + n_k) / 2) squared:
    d12 = (2 - 1)^2 = 1, d13 = (5 - 2)^2 = 9, d14 = (6 - 1)^2 = 25, d23 = (4 - 2)^2 = 4, d24 = (5 - 1)^2 = 16,
    d34 = (4 - 2)^2 = 4.
    Observed: sum o_ck d_ck = 1 + 1 + 4 + 4 = 10.
    Expected: sum n_c n_k d_ck over ordered pairs = 2 * (1 + 27 + 25 + 12 + 16 + 12) = 186.
    alpha = 1 - (n - 1) * 10 / 186 = 1 - 50/186 = 136/186 = 0.7312."""
    assert ordinal_alpha([[1, 3, 4], [2, 3, 3]]) == pytest.approx(136 / 186, abs=1e-12)


def test_krippendorffs_worked_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four observers, twelve
    units and missing values: alpha ordinal = 0.815 (nominal 0.743, interval 0.849 in the same paper)."""
    n = None
    table = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert round(ordinal_alpha(table, scale=(1, 2, 3, 4, 5)), 3) == 0.815


def test_perfect_agreement_with_variation_is_one():
    assert ordinal_alpha([[1, 4, 2], [1, 4, 2]]) == pytest.approx(1.0)


def test_ordinal_counts_distance_not_only_difference():
    """Ordinal, not nominal: disagreeing by one point costs less than by three."""
    near = ordinal_alpha([[1, 2, 3, 4, 4], [1, 2, 3, 4, 3]])
    far = ordinal_alpha([[1, 2, 3, 4, 4], [1, 2, 3, 4, 1]])
    assert near is not None
    assert far is not None
    assert near > far


def test_one_reviewer_gives_no_alpha():
    result = topic_agreement("inhoud", ["INH.1", "INH.2"], [{"INH.1": 3, "INH.2": 4}])
    assert result.alpha is None
    assert result.reviewers == 1
    assert result.pairable_values == 0
    assert result.reading is Reading.TOO_FEW
    assert result.warning == TOO_FEW_REVIEWERS
    assert "te weinig beoordelaars" in result.warning.lower()


def test_two_reviewers_alpha_with_small_data_warning():
    ratings = [{"A": 1, "B": 3, "C": 4}, {"A": 2, "B": 3, "C": 3}]
    result = topic_agreement("inhoud", ["A", "B", "C"], ratings)
    assert result.alpha == pytest.approx(136 / 186)
    assert result.reviewers == 2
    assert result.pairable_values == 6
    assert result.units == 3
    assert result.reading is Reading.TENTATIVE  # 0.731: between 0.667 and 0.800
    assert result.warning.startswith("Onbetrouwbaar: te weinig gegevens (2 beoordelaars, 6 vergelijkbare scores")
    assert dict(result.distribution) == {1: 1, 2: 1, 3: 3, 4: 1}
    assert result.level == "ordinal"


def test_not_applicable_is_missing_and_unpaired_values_do_not_count():
    """n.v.t. (None) and a criterion only one reviewer scored drop out: the result equals the table without them."""
    ratings = [
        {"A": 1, "B": 3, "C": 4, "D": None, "E": 2},
        {"A": 2, "B": 3, "C": 3, "D": 4},  # E: not seen (another extension)
    ]
    result = topic_agreement("inhoud", ["A", "B", "C", "D", "E"], ratings)
    assert result.alpha == pytest.approx(136 / 186)
    assert result.pairable_values == 6
    assert result.units == 3


def test_enough_data_has_no_warning_and_reads_reliable():
    ratings = [
        {"A": 1, "B": 2, "C": 3, "D": 4},
        {"A": 1, "B": 2, "C": 3, "D": 4},
        {"A": 1, "B": 2, "C": 3, "D": 3},
    ]
    result = topic_agreement("didactiek", ["A", "B", "C", "D"], ratings)
    assert result.reviewers == 3
    assert result.pairable_values == 12
    assert result.warning == ""
    assert result.alpha is not None
    assert result.alpha >= 0.8
    assert result.reading is Reading.RELIABLE


def test_three_reviewers_but_few_values_still_warns():
    ratings = [{"A": 1, "B": 4}, {"A": 1, "B": 4}, {"A": 2, "B": 4}]
    result = topic_agreement("t", ["A", "B"], ratings)
    assert result.pairable_values == 6
    assert result.warning.startswith("Onbetrouwbaar: te weinig gegevens (3 beoordelaars, 6 vergelijkbare scores")


def test_low_alpha_reads_unreliable():
    ratings = [{"A": 1, "B": 4, "C": 2}, {"A": 4, "B": 1, "C": 3}]
    result = topic_agreement("t", ["A", "B", "C"], ratings)
    assert result.alpha is not None
    assert result.alpha < 0.667
    assert result.reading is Reading.UNRELIABLE


def test_no_variation_is_undefined_and_said_so():
    ratings = [{"A": 3, "B": 3}, {"A": 3, "B": 3}, {"A": 3, "B": 3}]
    result = topic_agreement("t", ["A", "B"], ratings)
    assert result.alpha is None
    assert result.reading is Reading.UNDEFINED
    assert result.warning == NO_VARIATION
    assert result.pairable_values == 6


def test_everything_not_applicable_is_undefined():
    ratings = [{"A": None, "B": 3}, {"A": None, "C": 2}]
    result = topic_agreement("t", ["A", "B", "C"], ratings)
    assert result.alpha is None
    assert result.pairable_values == 0
    assert result.warning == NOTHING_PAIRABLE
