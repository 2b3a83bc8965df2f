"""Reads of teacher experiences (W6 §3): what a page or the API shows, with the verified-use mark computed when shown.

The mark "Geverifieerd gebruik" is never stored: an experience has it exactly when the author's school (or, for a
branch, its parent school) holds the product *now* (`SchoolHolding`), so withdrawing a holding removes the mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality.constants import NOT_APPLICABLE_LABEL, Agreement, ReportState, Visibility
from wijzer.quality.domain import experience as rules
from wijzer.quality.models import Experience, ExperienceReport, PublisherResponse, SchoolHolding

VERIFIED_LABEL = "Geverifieerd gebruik"
EARLIER_VERSION = "Deze reactie gaat over een eerdere versie van de ervaring."
VERIFIED_RULE = (
    "Geverifieerd gebruik: de school van de schrijver (of, bij een vestiging, haar school) heeft opgegeven dat zij dit "
    "product gebruikt. Later komen licenties uit de ECK iD-keten (W9) in plaats van deze opgave."
)
QUEUE_NEWEST = 50
RELATED = ("school", "product", "framework", "response", "response__organisation")


@dataclass(frozen=True)
class TopicScore:
    code: str
    name: str
    score: int | None

    @property
    def label(self) -> str:
        return str(Agreement(self.score).label) if self.score is not None else NOT_APPLICABLE_LABEL


@dataclass(frozen=True)
class ResponseView:
    publisher: str
    text: str
    created_at: datetime
    hidden: bool
    hidden_reason: str
    is_demo: bool
    earlier_version: bool = False  # the author rewrote the text or scores after this response was written


@dataclass(frozen=True)
class ExperienceView:
    """One experience as shown: never the author's name; `author` is the anonymous line, `pseudonym` the API id."""

    uuid: str
    product_uuid: str
    product_title: str
    author: str
    pseudonym: str
    framework: str
    scores: tuple[TopicScore, ...]
    text: str
    sector: str
    level: str
    school_type: str
    months_used: int | None
    verified: bool
    response: ResponseView | None
    created_at: datetime
    updated_at: datetime
    is_demo: bool
    hidden: bool
    hidden_reason: str
    own: bool

    @property
    def scored(self) -> int:
        return sum(1 for s in self.scores if s.score is not None)


def _holders(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (school, product) pairs of `pairs` have a holding, in one query."""
    wanted = set(pairs)
    if not wanted:
        return set()
    schools = {s for s, _ in wanted}
    products = {p for _, p in wanted}
    rows = SchoolHolding.objects.filter(school_id__in=schools, product_id__in=products).values_list(
        "school_id", "product_id"
    )
    return {row for row in rows if row in wanted}


def _author_schools(experience: Experience) -> frozenset[int]:
    school = experience.school
    if school is None:
        return frozenset()
    return rules.holding_schools(school.pk, school.kind, school.parent_id)


def verified_flags(experiences: Sequence[Experience]) -> dict[int, bool]:
    """Experience pk -> verified use, for experiences loaded with `school` (one holdings query for all)."""
    pairs = {(school, e.product_id) for e in experiences for school in _author_schools(e)}
    held = _holders(pairs)
    return {e.pk: any((school, e.product_id) in held for school in _author_schools(e)) for e in experiences}


def is_verified(experience: Experience) -> bool:
    return verified_flags([experience])[experience.pk]


def _view(experience: Experience, verified: bool, viewer_id: int | None) -> ExperienceView:
    response: PublisherResponse | None = getattr(experience, "response", None)
    scores = tuple(
        TopicScore(s.topic.code, s.topic.name, s.score)
        for s in sorted(experience.scores.all(), key=lambda s: (s.topic.position, s.topic.pk))
    )
    return ExperienceView(
        uuid=str(experience.uuid),
        product_uuid=str(experience.product.uuid),
        product_title=experience.product.title,
        author=rules.author_line(experience.sector, experience.level, experience.months_used),
        pseudonym=rules.pseudonym(settings.SECRET_KEY, experience.author_id),
        framework=experience.framework.version,
        scores=scores,
        text=experience.text,
        sector=experience.sector,
        level=experience.level,
        school_type=experience.school_type,
        months_used=experience.months_used,
        verified=verified,
        response=(
            ResponseView(
                response.organisation.name,
                response.text,
                response.created_at,
                response.visibility == Visibility.HIDDEN,
                response.hidden_reason,
                response.is_demo,
                experience.rewritten_at is not None and response.created_at < experience.rewritten_at,
            )
            if response is not None
            else None
        ),
        created_at=experience.created_at,
        updated_at=experience.updated_at,
        is_demo=experience.is_demo,
        hidden=experience.visibility == Visibility.HIDDEN,
        hidden_reason=experience.hidden_reason,
        own=viewer_id is not None and experience.author_id == viewer_id,
    )


def _loaded(queryset: Any) -> list[Experience]:
    return list(
        queryset.select_related(
            "school", "product", "framework", "response", "response__organisation"
        ).prefetch_related("scores__topic")
    )


def views_of(experiences: Sequence[Experience], viewer_id: int | None = None) -> list[ExperienceView]:
    flags = verified_flags(experiences)
    return [_view(e, flags[e.pk], viewer_id) for e in experiences]


def product_experiences(product: Product, *, viewer_id: int | None = None) -> list[ExperienceView]:
    """The visible experiences of a product, newest first; the viewer's own hidden one too (with the reason)."""
    shown = Q(visibility=Visibility.VISIBLE)
    if viewer_id is not None:
        shown |= Q(author_id=viewer_id)
    experiences = _loaded(Experience.objects.filter(shown, product=product).order_by("-updated_at", "-pk"))
    return views_of(experiences, viewer_id)


def visible_response(view: ExperienceView) -> ResponseView | None:
    return view.response if view.response is not None and not view.response.hidden else None


def own_experience(product: Product, user_id: int) -> Experience | None:
    found = _loaded(Experience.objects.filter(product=product, author_id=user_id))
    return found[0] if found else None


@dataclass(frozen=True)
class ReportView:
    reason: str
    state: str
    state_label: str
    created_at: datetime


@dataclass(frozen=True)
class QueueRow:
    experience: ExperienceView
    reports: tuple[ReportView, ...]
    open_reports: int


def moderation_queue(newest: int = QUEUE_NEWEST) -> tuple[list[QueueRow], list[QueueRow]]:
    """(experiences with open reports, oldest report first; then the newest visible ones without open reports)."""
    open_q = Q(reports__state=ReportState.OPEN)
    reported = _loaded(
        Experience.objects.annotate(open_reports=Count("reports", filter=open_q))
        .filter(open_reports__gt=0)
        .order_by("created_at", "pk")
    )
    has_open = ExperienceReport.objects.filter(experience=OuterRef("pk"), state=ReportState.OPEN)
    recent = _loaded(
        Experience.objects.filter(visibility=Visibility.VISIBLE)
        .exclude(Exists(has_open))
        .order_by("-updated_at", "-pk")[:newest]
    )
    reports: dict[int, list[ReportView]] = {}
    for r in ExperienceReport.objects.filter(experience__in=[*reported, *recent]).order_by("created_at", "pk"):
        reports.setdefault(r.experience_id, []).append(
            ReportView(r.reason, r.state, str(ReportState(r.state).label), r.created_at)
        )

    def rows(found: list[Experience]) -> list[QueueRow]:
        shown = views_of(found)
        return [
            QueueRow(view, tuple(reports.get(e.pk, [])), sum(1 for r in reports.get(e.pk, []) if r.state == "open"))
            for e, view in zip(found, shown, strict=True)
        ]

    return rows(reported), rows(recent)


def hidden_experiences(limit: int = QUEUE_NEWEST) -> list[ExperienceView]:
    """The most recently hidden experiences (for restoring)."""
    return views_of(
        _loaded(Experience.objects.filter(visibility=Visibility.HIDDEN).order_by("-hidden_at", "-pk")[:limit])
    )


def open_report_count() -> int:
    return Experience.objects.filter(reports__state=ReportState.OPEN).distinct().count()


@dataclass(frozen=True)
class HoldingView:
    product_uuid: str
    title: str
    product_code: str
    declared_at: datetime
    declared_by: str
    is_demo: bool


def holdings_of(school: accounts.Organisation) -> list[HoldingView]:
    rows = SchoolHolding.objects.filter(school=school).select_related("product", "declared_by")
    return [
        HoldingView(
            str(h.product.uuid),
            h.product.title,
            h.product.product_id,
            h.declared_at,
            h.declared_by.get_full_name() or h.declared_by.email if h.declared_by else "",
            h.is_demo,
        )
        for h in rows.order_by("product__title", "pk")
    ]
