"""Template filters for Dutch notation, loaded as a builtin in every template (settings TEMPLATES builtins)."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from wijzer.core.dates import dutch_date

register = template.Library()


def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def datum(value: datetime.date | None) -> str:
    """{{ when|datum }} -> "3 dec. 2026"."""
    return dutch_date(_local(value)) if value else ""


@register.filter
def datum_tijd(value: datetime.date | None) -> str:
    """{{ when|datum_tijd }} -> "3 dec. 2026, 14:05"."""
    return dutch_date(_local(value), with_time=True) if value else ""
