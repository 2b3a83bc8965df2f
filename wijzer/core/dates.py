"""One Dutch date style for everything a person reads (W5.3): "3 dec. 2026" and "3 dec. 2026, 14:05"."""

from __future__ import annotations

import datetime

MONTHS = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


def dutch_date(value: datetime.date | None, *, with_time: bool = False) -> str:
    """A date (or the date of a datetime, as given: make it local first) in Dutch; "" for None."""
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if with_time and isinstance(value, datetime.datetime):
        text += f", {value:%H:%M}"
    return text
