"""Read-side queries of the catalogue."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .domain.pricing import applicable_lines
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
    qs = Product.objects.select_related("publisher", "supplier", "method").filter(withdrawn_at__isnull=True)
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
        Product.objects.select_related("publisher__parent__parent", "supplier__parent__parent", "method", "owner")
        .prefetch_related(
            "parts",
            "provenance",
            "visions",
            Prefetch("prices", queryset=PriceObservation.objects.order_by("-observed_at", "line")),
        )
        .filter(uuid=product_uuid)
        .first()
    )


def latest_snapshot(product: Product) -> list[PriceObservation]:
    """The latest price snapshot (all lines observed at the latest moment)."""
    prices = list(product.prices.all())
    if not prices:
        return []
    latest = prices[0].observed_at
    return [p for p in prices if p.observed_at == latest]


def current_prices(product: Product) -> list[PriceObservation]:
    """The lines of the latest snapshot that apply today: standard prices in force (not next year's, not a
    tier or school-size price). Those are what the price per pupil is computed from."""
    lines = [(p.valid_from, p.kind, p) for p in latest_snapshot(product)]
    return applicable_lines(lines, timezone.localdate())[0]


def other_prices(product: Product) -> list[PriceObservation]:
    """The rest of the latest snapshot: prices from a later date, and tier or school-size prices (shown apart)."""
    lines = [(p.valid_from, p.kind, p) for p in latest_snapshot(product)]
    return applicable_lines(lines, timezone.localdate())[1]


def products_by_uuid(uuids: list[uuid.UUID]) -> list[Product]:
    """The products with these public ids, in the given order (unknown ids left out)."""
    found = {
        p.uuid: p
        for p in Product.objects.select_related("publisher__parent__parent", "method")
        .prefetch_related(
            "parts",
            "provenance",
            "visions",
            Prefetch("prices", queryset=PriceObservation.objects.order_by("-observed_at", "line")),
        )
        .filter(uuid__in=uuids)
    }
    return [found[u] for u in uuids if u in found]


def open_alternatives(product: Product, limit: int = 6) -> list[Product]:
    """Open material for the same goals: shares a subject with `product`, ranked by shared goals, then levels."""
    if not product.subject_ids:
        return []
    match = Q()
    for subject in product.subject_ids[:10]:
        match |= Q(subject_ids__icontains=f'"{subject}"')
    candidates = (
        Product.objects.filter(match, product_type="open_resource").exclude(pk=product.pk).order_by("title")[:200]
    )
    goals, levels = set(product.objective_ids), set(product.level_ids)
    scored = [(len(goals & set(c.objective_ids)), len(levels & set(c.level_ids)), c) for c in candidates]
    scored = [s for s in scored if s[0] or s[1]]
    scored.sort(key=lambda s: (-s[0], -s[1], s[2].title))
    return [c for _g, _l, c in scored[:limit]]


def products_by_pk(pks: list[int]) -> list[Product]:
    """Products for a page of search results (order is restored by the caller)."""
    return list(
        Product.objects.select_related("publisher", "supplier", "method", "search_row")
        .prefetch_related("prices")
        .filter(pk__in=pks)
    )
