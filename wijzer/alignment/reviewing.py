"""What a reviewer's queue holds by default (W5.3 §8): the pending links of the subject their panel is named after,
or every pending link when the name points at no subject in the queue. The queue page (`views.review_queue`) and
the number beside "Beoordelen" in the main menu (`service.pending_review_count`) both use this, so the menu
counts exactly the rows the queue first shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from .domain import coverage as cov
from .domain import review
from .fetch import GoalInfo, goal_catalogue
from .models import Alignment


def goal_subject(goal: GoalInfo | None) -> str:
    """A pending link's subject in the queue's words ("rekenen en wiskunde", "Engels"); "" for an unknown goal."""
    return cov.subject_of_set(goal.area) if goal else ""


def default_subject(panel_name: str, subjects: Iterable[str]) -> str:
    """The subject filter the queue starts with for a reviewer of `panel_name`, among the subjects of the pending
    links (`review.panel_subject`); "" (no filter) when the name points at none of them."""
    return review.panel_subject(panel_name, sorted({s for s in subjects if s}))


def waiting_for(panel_name: str) -> int:
    """How many pending links the queue shows a reviewer of `panel_name` before they change a filter: those of the
    panel's subject, or all of them when the panel has no subject in the queue. One query, counted per goal in the
    database (at most one row per goal, however many links wait: the menu runs this on every page)."""
    catalogue = goal_catalogue()
    per_goal = (
        Alignment.objects.filter(provenance__in=sorted(cov.PENDING))
        .values_list("goal_uuid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    subjects: Counter[str] = Counter()
    for goal_uuid, n in per_goal:
        subjects[goal_subject(catalogue.get(str(goal_uuid)))] += n
    subject = default_subject(panel_name, subjects)
    return subjects[subject] if subject else sum(subjects.values())
