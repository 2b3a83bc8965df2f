"""Reads of the quality app that more than one part needs."""

from __future__ import annotations

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
