"""Writes of expert reviews (W6 §2): a reviewer-panel member saves a draft and submits it.

One review per (product, reviewer, framework version). A review uses the framework version in force when it is
started and keeps it: publishing a new version never changes it. Saving again replaces the draft's answers; a
submitted review is frozen. Everything is checked first (`domain.rubric`), then written in one transaction with
its audit row: a refused answer stores nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality.constants import QualityAuditAction, ReviewStatus
from wijzer.quality.domain import rubric
from wijzer.quality.domain.rubric import Answer
from wijzer.quality.exceptions import Forbidden, QualityError
from wijzer.quality.models import ExpertReview, ReviewAnswer
from wijzer.quality.query import criteria_of, current_framework, product_by_uuid
from wijzer.quality.review_query import extensions_of

NOT_A_REVIEWER = "Alleen leden van een beoordelingspanel (rol beoordelaar) kunnen een expertbeoordeling schrijven."
NO_FRAMEWORK = "Er is nog geen kwaliteitskader gepubliceerd; beoordelen kan pas als er een versie is."
FROZEN = (
    "Deze beoordeling is al ingediend en kan niet meer worden gewijzigd. "
    "Een ingediende beoordeling blijft zoals ze was, zodat de overeenstemming tussen beoordelaars klopt."
)
CONCURRENT = "Deze beoordeling werd tegelijk ergens anders opgeslagen. Laad de pagina opnieuw en probeer het nog eens."


def refused(problems: Mapping[str, str]) -> str:
    count = len(problems)
    what = "1 probleem" if count == 1 else f"{count} problemen"
    return f"De beoordeling is niet opgeslagen: er {'is' if count == 1 else 'zijn'} {what}. Er is niets veranderd."


def save_review(
    actor: accounts.Actor,
    product: Product | uuid.UUID | str,
    answers: Mapping[str, Answer],
    *,
    subject: str = "",
    summary: str = "",
    submit: bool = False,
    demo: bool = False,
) -> ExpertReview:
    """Save the actor's review of `product` (a draft, or submitted when `submit`), all or nothing.

    `answers` maps a criterion code to its answer (a missing code: not answered yet). Raises `NotFound` for an
    unknown product, `Forbidden` (audited) for anyone but a reviewer, `QualityError` with a Dutch message per field
    for refused input or a frozen review."""
    found = product_by_uuid(product)
    allowed = accounts.check(
        actor,
        accounts.Action.REVIEW_QUALITY,
        found.owner,
        object_type="product",
        object_id=str(found.uuid),
        reason=NOT_A_REVIEWER,
    )
    if not allowed or actor.user is None or actor.organisation is None:
        raise Forbidden(NOT_A_REVIEWER)
    try:
        return _save(
            actor, actor.user, actor.organisation, found, answers,
            subject=subject.strip(), summary=summary, submit=submit, demo=demo,
        )  # fmt: skip
    except IntegrityError as exc:  # a second tab created the same review at the same moment
        raise QualityError(CONCURRENT) from exc


@transaction.atomic
def _save(
    actor: accounts.Actor,
    user: Any,
    panel: accounts.Organisation,
    product: Product,
    answers: Mapping[str, Answer],
    *,
    subject: str,
    summary: str,
    submit: bool,
    demo: bool,
) -> ExpertReview:
    mine = ExpertReview.objects.select_for_update().filter(product=product, reviewer=user)
    review = mine.filter(status=ReviewStatus.DRAFT).order_by("-created_at", "-pk").first()
    framework = review.framework if review is not None else current_framework()
    if framework is None:
        raise QualityError(NO_FRAMEWORK)
    if review is None and mine.filter(framework=framework).exists():
        raise QualityError(FROZEN)
    criteria = criteria_of(framework, subject)
    problems = {
        **rubric.check_subject(subject, extensions_of(framework)),
        **rubric.check_summary(summary),
    }
    if "subject" not in problems:
        problems.update(rubric.check_answers([c.code for c in criteria], answers, submit=submit))
    if problems:
        raise QualityError(refused(problems), problems)
    if review is None:
        review = ExpertReview(framework=framework, product=product, reviewer=user, panel=panel)
    review.subject = subject
    review.summary = summary.strip()
    review.is_demo = demo
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    review.answers.all().delete()
    by_code = {c.code: c for c in criteria}
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(
            review=review,
            criterion=by_code[code],
            score=answer.score,
            reason=answer.reason.strip(),
            evidence=answer.evidence.strip(),
        )
        for code, answer in answers.items()
    )
    if submit:
        accounts.record_audit_event(
            QualityAuditAction.REVIEW_SUBMITTED,
            actor=user,
            actor_label=actor.label,
            organisation=panel,
            object_type="expert_review",
            object_id=str(review.uuid),
            ip=actor.ip,
            details={
                "product": str(product.uuid),
                "owner": str(product.owner.uuid) if product.owner is not None else "",
                "framework": framework.version,
                "subject": subject,
                "answers": len(answers),
                "not_applicable": sum(1 for a in answers.values() if a.score is None),
            },
        )
        # The product's quality profile and its search facet follow the submitted review (same transaction).
        from wijzer.quality.actions.profiles import refresh

        refresh([product.pk])
    return review
