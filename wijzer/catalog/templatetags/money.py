from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """1234 -> "€ 12,34" (Dutch notation)."""
    if cents is None:
        return "–"
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"
