"""Reads of the quality app that more than one part needs."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from django.db.models import Q

from wijzer.catalog.service import Product

from .exceptions import NotFound
from .models import Criterion, Framework, Topic

PRODUCT_NOT_FOUND = "Dit product bestaat niet (meer) in de catalogus. Controleer de link of zoek het product opnieuw."
MAX_SEARCH_CHARS = 200
SEARCH_HITS = 20


def parse_uuid(value: object) -> uuid.UUID | None:
    """A uuid from a path or form value; None for anything malformed (the caller answers with a Dutch 404)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def product_or_none(value: object) -> Product | None:
    """The catalogue product with this uuid (its owner loaded), or None (also for a malformed uuid)."""
    if isinstance(value, Product):
        return value
    key = parse_uuid(value)
    return Product.objects.select_related("owner").filter(uuid=key).first() if key else None


def product_by_uuid(value: object) -> Product:
    """The product, or `NotFound` with a Dutch message."""
    product = product_or_none(value)
    if product is None:
        raise NotFound(PRODUCT_NOT_FOUND)
    return product


def find_products(text: str, limit: int = SEARCH_HITS) -> list[Product]:
    """Products for a search field of the quality pages: by EAN/ISBN or catalogue key (exact, with or without hyphens
    and spaces), otherwise by every word of the title."""
    value = " ".join(text.replace("\x00", " ").split())[:MAX_SEARCH_CHARS]  # PostgreSQL refuses NUL
    if not value:
        return []
    compact = value.replace("-", "").replace(" ", "")
    by_code = Product.objects.filter(
        Q(product_id=value) | Q(product_id=compact) | Q(key=value) | Q(key=f"id:{compact}")
    )
    found = list(by_code.order_by("title", "pk")[:limit])
    if found:
        return found
    by_title = Product.objects.all()
    for word in value.split()[:6]:
        by_title = by_title.filter(title__icontains=word)
    return list(by_title.order_by("title", "pk")[:limit])


def current_framework() -> Framework | None:
    """The framework version in force: the one published last (None before any version is published)."""
    return Framework.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk").first()


def topics_of(framework: Framework) -> list[Topic]:
    return list(framework.topics.order_by("position"))


def criteria_of(framework: Framework, subject: str = "") -> list[Criterion]:
    """The generic criteria of a version, plus those of one subject extension when `subject` is given."""
    criteria = Criterion.objects.filter(topic__framework=framework).select_related("topic")
    criteria = criteria.filter(subject__in=["", subject]) if subject else criteria.filter(subject="")
    return list(criteria.order_by("topic__position", "position"))


# --- framework versions (W6 §1): pages and API ----------------------------------------------------------------------


def published_frameworks() -> list[Framework]:
    """Every published version, the one in force first."""
    return list(Framework.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk"))


def published_framework(version: str) -> Framework | None:
    if "\x00" in version:  # no version has one, and PostgreSQL refuses NUL in a query
        return None
    return Framework.objects.filter(version=version, published_at__isnull=False).first()


def subjects_of(framework: Framework) -> list[tuple[str, str]]:
    """The subject extensions of a version as (code, name), in the order of the file."""
    named = [
        (str(e.get("vak", "")), str(e.get("naam", e.get("vak", ""))))
        for e in (framework.definition or {}).get("vakuitbreidingen", [])
        if isinstance(e, dict) and e.get("vak")
    ]
    if named:
        return named
    stored = Criterion.objects.filter(topic__framework=framework).exclude(subject="").values_list("subject", flat=True)
    return [(code, code) for code in sorted(set(stored))]


def outline(framework: Framework, subjects: Collection[str] | None) -> list[tuple[Topic, list[Criterion]]]:
    """The topics of a version with their criteria: generic ones, plus those of `subjects` (None: every extension)."""
    criteria = Criterion.objects.filter(topic__framework=framework)
    if subjects is not None:
        criteria = criteria.filter(subject__in=["", *subjects])
    by_topic: dict[int, list[Criterion]] = {}
    for criterion in criteria.order_by("topic__position", "position"):
        by_topic.setdefault(criterion.topic_id, []).append(criterion)
    return [(topic, by_topic.get(topic.pk, [])) for topic in topics_of(framework)]
