"""`{% quality_profile product %}`: the quality profile block on the catalogue product page (W4 slot, W6 §4).

Reads the stored profile (one query); never recomputes on view.
"""

from __future__ import annotations

from typing import Any

from django import template

from wijzer.quality.profile_query import block_context

register = template.Library()


@register.inclusion_tag("quality/_product_profile.html")
def quality_profile(product: Any) -> dict[str, Any]:
    return block_context(product)


@register.filter
def share(value: float | None) -> str:
    """0.6 -> "60 %"; None -> "—" (no applicable answers: no share, not a zero)."""
    return "—" if value is None else f"{round(value * 100)} %"


@register.filter
def median(value: float | None) -> str:
    """3.0 -> "3", 2.5 -> "2,5"; None -> "—"."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
