"""Read-side queries of the catalogue."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet

from .models import PriceObservation, Product


def products(
    *,
    source: str | None = None,
    sector: str | None = None,
    subject: str | None = None,
    product_type: str | None = None,
    q: str | None = None,
    demo: bool | None = None,
) -> QuerySet[Product]:
    qs = Product.objects.select_related("publisher", "supplier", "method")
    if source:
        qs = qs.filter(provenance__source=source).distinct()
    if sector:
        # JSON list of short codes; a quoted text match works the same on SQLite and PostgreSQL.
        qs = qs.filter(sectors__icontains=f'"{sector}"')
    if subject:
        qs = qs.filter(subject_ids__icontains=subject)
    if product_type:
        qs = qs.filter(product_type=product_type)
    if demo is not None:
        qs = qs.filter(is_demo=demo)
    if q:
        for word in q.split()[:10]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word) | Q(product_id=word))
    return qs.order_by("title", "pk")


def product_detail(product_uuid: uuid.UUID) -> Product | None:
    return (
        Product.objects.select_related("publisher__parent__parent", "supplier__parent__parent", "method")
        .prefetch_related(
            "parts",
            "provenance",
            Prefetch("prices", queryset=PriceObservation.objects.order_by("-observed_at", "line")),
        )
        .filter(uuid=product_uuid)
        .first()
    )


def current_prices(product: Product) -> list[PriceObservation]:
    """The latest price snapshot (all lines observed at the latest moment)."""
    prices = list(product.prices.all())
    if not prices:
        return []
    latest = prices[0].observed_at
    return [p for p in prices if p.observed_at == latest]
