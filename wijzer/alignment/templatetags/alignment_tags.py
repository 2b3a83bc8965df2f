"""`{% product_coverage product %}`: the kerndoel coverage block on the catalogue product page (W4 slot);
`{{ link.evidence|why }}`: one Dutch line saying why a suggestion scored what it did."""

from __future__ import annotations

from typing import Any

from django import template

from wijzer.alignment.domain.explain import explain
from wijzer.alignment.service import product_coverage_context

register = template.Library()


@register.inclusion_tag("alignment/_product_coverage.html")
def product_coverage(product: Any) -> dict[str, Any]:
    return product_coverage_context(product.uuid)


@register.filter
def why(evidence: Any) -> str:
    return explain(evidence if isinstance(evidence, dict) else None)
