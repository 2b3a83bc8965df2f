"""Reads of the quality app that more than one part needs."""

from __future__ import annotations

from collections.abc import Collection

from .models import Criterion, Framework, Topic


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
