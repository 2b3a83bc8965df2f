"""Public surface of the quality app (W6) for other apps and the site shell.

- `current_framework()`: the framework version in force (or None).
- `ensure_current_framework()`: the same, after loading and publishing `data/quality/` when none is published
  (`wijzer setup`).
- `open_report_count()`: how many experiences have open reports (the moderators' task on the home page).
- `held_products(school)`: the products a school declared it uses (verified use), by title (W7: the prefill of a
  school's set of learning materials).
- `holding_counts()`: per product, how many schools declared they use it (W7: the volume of the market monitor).
- `profile_of(product_id)`: a product's expanded quality profile (gateway, topics) or None (W8: the comparison).
- `quality_facts(pks)`: per product the ranking's quality value and accessibility, with evidence (W8: candidates).
"""

from __future__ import annotations

from django.db.models import Count

from wijzer.accounts.service import Organisation
from wijzer.catalog.service import Product

from .actions.framework import ensure_current_framework
from .choice_facts import QualityFacts, quality_facts
from .experience_query import open_report_count
from .models import SchoolHolding
from .profile_query import profile_of
from .query import current_framework

__all__ = [
    "QualityFacts",
    "current_framework",
    "ensure_current_framework",
    "held_products",
    "holding_counts",
    "open_report_count",
    "profile_of",
    "quality_facts",
]


def held_products(school: Organisation) -> list[Product]:
    """The products `school` declared it uses (W6 verified use), by title."""
    rows = SchoolHolding.objects.filter(school=school).select_related("product")
    return [h.product for h in rows.order_by("product__title", "pk")]


def holding_counts() -> dict[int, int]:
    """Product id -> the number of schools that declared they use it (products nobody declared are absent)."""
    rows = SchoolHolding.objects.values("product_id").annotate(n=Count("school_id", distinct=True))
    return dict(rows.values_list("product_id", "n"))
