import datetime

import pytest

from wijzer.catalog.domain.availability import licence_expired

TODAY = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("state", "end", "expired"),
    [
        ("Leverbaar", datetime.date(2026, 12, 2), True),
        (" leverbaar ", datetime.date(2020, 1, 1), True),
        ("Leverbaar", TODAY, False),  # still valid today
        ("Leverbaar", None, False),
        ("Niet meer leverbaar", datetime.date(2020, 1, 1), False),  # the feed says so itself: no contradiction
    ],
    ids=["yesterday_case", "spaces_case", "today_case", "no_end_case", "not_deliverable_case"],
)
def test_licence_expired(state, end, expired):
    assert licence_expired(state, end, TODAY) is expired


def test_applicable_lines_take_the_latest_started_standard_price_and_leave_tiers_and_future_apart():
    from wijzer.catalog.domain.pricing import applicable_lines

    lines = [
        (datetime.date(2025, 8, 1), "standard", "2025"),
        (datetime.date(2026, 8, 1), "standard", "2026"),
        (datetime.date(2027, 8, 1), "standard", "2027"),  # next school year: not yet
        (datetime.date(2026, 8, 1), "tier", "from 100"),
        (None, "", "undated"),
    ]
    assert applicable_lines(lines, TODAY) == (["2026", "undated"], ["2025", "2027", "from 100"])
    assert applicable_lines(lines[:1], datetime.date(2025, 7, 31)) == ([], ["2025"])
