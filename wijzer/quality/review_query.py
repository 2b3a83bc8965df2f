"""Reads of expert reviews (W6 §2): a reviewer's own reviews, the public reviews of a product with pseudonymous
reviewers, and the agreement between reviewers per topic (`domain.agreement`).

Public reviews never show a name: on a page a reviewer is "Beoordelaar 1, 2, …" (numbered per product and version
in the order of submission), in the API a stable pseudonym (`reviewer_pseudonym`, the same as in the open-data
files): an HMAC of the reviewer's id under a key derived from `settings.SECRET_KEY`, so it cannot be turned back
into a user id or e-mail without the server's secret, and stays the same across products.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from wijzer.catalog.service import Product

from .constants import ReviewStatus
from .domain.agreement import TopicAgreement, topic_agreement
from .domain.opendata import REVIEWER, Pseudonymiser
from .models import Criterion, ExpertReview, Framework, ReviewAnswer, Topic

SEARCH_LIMIT = 20


def reviewer_pseudonym(reviewer_id: int) -> str:
    """A stable pseudonymous id for a reviewer: 16 hex digits of an HMAC-SHA256 of the id under a key derived from
    SECRET_KEY for the purpose "reviewer", the same id as in the open-data files (`domain.opendata`)."""
    return Pseudonymiser(str(settings.SECRET_KEY).encode("utf-8")).of(REVIEWER, reviewer_id)


def reviews_of_reviewer(reviewer_id: int) -> list[ExpertReview]:
    """A reviewer's reviews (drafts first, then by date), with product and version."""
    rows = ExpertReview.objects.filter(reviewer_id=reviewer_id).select_related("product", "framework")
    return sorted(rows, key=lambda r: (r.status != ReviewStatus.DRAFT, -(r.submitted_at or r.created_at).timestamp()))


def open_review(product: Product, reviewer_id: int, framework: Framework | None) -> ExpertReview | None:
    """The review the form edits or shows: the reviewer's draft of this product (whatever its version), else
    their review against `framework` (the current version), else the latest one they submitted."""
    mine = ExpertReview.objects.filter(product=product, reviewer_id=reviewer_id).select_related("framework")
    draft = mine.filter(status=ReviewStatus.DRAFT).order_by("-created_at", "-pk").first()
    if draft is not None:
        return draft
    if framework is not None:
        current = mine.filter(framework=framework).first()
        if current is not None:
            return current
    return mine.order_by("-submitted_at", "-pk").first()


def answers_of(review: ExpertReview) -> dict[str, ReviewAnswer]:
    """The answers of a review by criterion code."""
    return {a.criterion.code: a for a in review.answers.select_related("criterion")}


def extensions_of(framework: Framework) -> list[str]:
    """The subject extensions of a version ("nederlands", "rekenen-wiskunde", …), in order of first appearance."""
    rows = (
        Criterion.objects.filter(topic__framework=framework)
        .exclude(subject="")
        .order_by("topic__position", "position")
        .values_list("subject", flat=True)
    )
    return list(dict.fromkeys(rows))


def extension_names(framework: Framework) -> dict[str, str]:
    """The display name of each subject extension of a version ("rekenen-wiskunde" -> "Rekenen-wiskunde"): from
    the definition as loaded (`vakuitbreidingen`: `vak`, `naam`), else the code with a capital."""
    names = {code: code.replace("-", " ").capitalize() for code in extensions_of(framework)}
    loaded = framework.definition.get("vakuitbreidingen") if isinstance(framework.definition, dict) else None
    for item in loaded if isinstance(loaded, list) else []:
        if isinstance(item, dict) and item.get("vak") in names and isinstance(item.get("naam"), str):
            names[item["vak"]] = item["naam"]
    return names


# --- the public view: reviews per version with their agreement ------------------------------------------------------


@dataclass(frozen=True)
class PublicReview:
    review: ExpertReview
    number: int
    pseudonym: str

    @property
    def label(self) -> str:
        return f"Beoordelaar {self.number}"


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    answers: list[ReviewAnswer | None]  # one per review of the block, in its order (None: not answered/not seen)


@dataclass(frozen=True)
class TopicBlock:
    topic: Topic
    criteria: list[CriterionRow]
    agreement: TopicAgreement


@dataclass(frozen=True)
class VersionBlock:
    framework: Framework
    reviews: list[PublicReview]
    topics: list[TopicBlock]


def submitted_reviews(product: Product) -> QuerySet[ExpertReview]:
    return (
        ExpertReview.objects.filter(product=product, status=ReviewStatus.SUBMITTED)
        .select_related("framework")
        .order_by("submitted_at", "pk")
    )


def public_reviews(product: Product) -> list[VersionBlock]:
    """The submitted reviews of a product grouped by framework version (newest version first), each version with
    its topics, the answers per criterion per reviewer and the agreement per topic."""
    reviews = list(submitted_reviews(product))
    if not reviews:
        return []
    answers: dict[int, dict[int, ReviewAnswer]] = {}
    for answer in ReviewAnswer.objects.filter(review__in=reviews):
        answers.setdefault(answer.review_id, {})[answer.criterion_id] = answer
    by_version: dict[int, list[ExpertReview]] = {}
    for review in reviews:
        by_version.setdefault(review.framework_id, []).append(review)
    frameworks = sorted(
        {r.framework_id: r.framework for r in reviews}.values(),
        key=lambda f: (f.published_at is not None, f.published_at or f.created_at, f.pk),
        reverse=True,
    )
    return [_version_block(f, by_version[f.pk], answers) for f in frameworks]


def _version_block(
    framework: Framework, reviews: Sequence[ExpertReview], answers: dict[int, dict[int, ReviewAnswer]]
) -> VersionBlock:
    public = [PublicReview(r, n, reviewer_pseudonym(r.reviewer_id)) for n, r in enumerate(reviews, start=1)]
    criteria = list(
        Criterion.objects.filter(topic__framework=framework).select_related("topic").order_by("position", "pk")
    )
    per_topic: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        per_topic.setdefault(criterion.topic_id, []).append(criterion)
    blocks = []
    for topic in framework.topics.order_by("position", "pk"):
        mine = per_topic.get(topic.pk, [])
        rows = [CriterionRow(c, [answers.get(r.pk, {}).get(c.pk) for r in reviews]) for c in mine]
        rows = [row for row in rows if not row.criterion.subject or any(row.answers)]  # extensions nobody chose
        units = [str(c.pk) for c in mine]
        ratings = [{str(c.pk): a.score for c in mine if (a := answers.get(r.pk, {}).get(c.pk))} for r in reviews]
        blocks.append(TopicBlock(topic, rows, topic_agreement(topic.code, units, ratings)))
    return VersionBlock(framework, public, blocks)
