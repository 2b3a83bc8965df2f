"""`{% quality_profile product %}`: the quality profile block on the catalogue product page (W4 slot, W6 §4).

Reads the stored profile (one query); never recomputes on view; renders a profile version once per process.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from wijzer.quality import profile_html
from wijzer.quality.profile_query import block_html

register = template.Library()


@register.simple_tag
def quality_profile(product: Any) -> SafeString:
    """The block (`profile_query.block_html`: one query; rendered once per profile version and process)."""
    return block_html(product)


register.filter("share", profile_html.share)  # 0.6 -> "60 %"; None -> "—"
register.filter("median", profile_html.median)  # 2.5 -> "2,5"; None -> "—"
