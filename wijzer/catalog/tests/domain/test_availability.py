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
