"""Template helpers of the lock-in and school-cost pages, and `{% lockin_line product %}` for the catalogue's
product page (one line with the composite and a link to the indicators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from wijzer.market.lockin_query import ProductLockIn, declaration_of, indicators_of

register = template.Library()


@register.filter
def score(value: float | Decimal | None) -> str:
    """A composite (0-100) with one decimal, Dutch notation: 42.857 -> "42,9"; None -> a dash."""
    if value is None:
        return "–"
    return f"{float(value):.1f}".replace(".", ",")


@register.simple_tag
def lockin_line(product: Any) -> SafeString:
    """The lock-in line on the catalogue product page (one query: the declaration)."""
    declaration = declaration_of(product)
    found = ProductLockIn(product, indicators_of(product, declaration), declaration)
    return render_to_string("market/_lockin_line.html", {"lockin": found, "product": product})
