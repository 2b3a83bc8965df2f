"""API of the quality app: expert reviews (W6 §2, §7), mounted under /api/v1/quality by `quality.api`.

`GET /products/{product_uuid}/reviews` is public: the submitted reviews with pseudonymous reviewer ids (never a
user id or e-mail) and the agreement per topic. `POST` saves the logged-in reviewer's own review (a session, not
a token): 422 with a Dutch message per field, 403 (audited) for other roles, 404 for an unknown product.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Status
from ninja.errors import AuthorizationError

from wijzer.accounts import service as accounts

from . import query, review_query
from .actions.reviews import NOT_A_REVIEWER, save_review
from .domain import agreement as agreement_rules
from .domain.rubric import Answer
from .exceptions import QualityError, api_refusal
from .review_schemas import (
    ExpertReviewDetailOut,
    ExpertReviewIn,
    ExpertReviewRefusedOut,
    ExpertReviewSavedOut,
    ProductExpertReviewsOut,
)

router = Router(tags=["kwaliteit"])

METHOD = (
    "Overeenstemming per onderwerp: Krippendorffs alpha, ordinaal (de schaal 1-4 is geordend, de afstanden niet "
    "gelijk), over de ingediende beoordelingen van één kaderversie; eenheden zijn de criteria van het onderwerp, "
    "‘niet van toepassing’ telt als ontbrekend. Alleen scores bij een criterium met minstens twee scores tellen mee "
    f"(pairable_values). Lezing: >= {agreement_rules.RELIABLE:.3f} betrouwbaar, >= {agreement_rules.TENTATIVE:.3f} "
    f"voorlopig. Minder dan {agreement_rules.MIN_REVIEWERS} beoordelaars: geen alpha; minder dan "
    f"{agreement_rules.SOLID_REVIEWERS} beoordelaars of {agreement_rules.SOLID_VALUES} vergelijkbare scores: een "
    "waarschuwing; geen variatie: alpha niet gedefinieerd."
)


def reviewer_auth(request: HttpRequest) -> accounts.Principal | None:
    """A logged-in reviewer's session (CSRF-checked); 401 without a session or token, 403 (audited) otherwise."""
    principal = accounts.principal_of(request)
    if principal is None:
        return None
    actor = accounts.actor_of(request)
    if principal.kind != "session" or principal.membership is None:
        accounts.check(actor, accounts.Action.REVIEW_QUALITY, None, reason="beoordelen met een sleutel")
        raise AuthorizationError(403, "Beoordelen kan alleen met een ingelogde beoordelaar, niet met een sleutel.")
    if not accounts.check(actor, accounts.Action.REVIEW_QUALITY, None, reason=NOT_A_REVIEWER):
        raise AuthorizationError(403, NOT_A_REVIEWER)
    return principal


@router.get(
    "/products/{product_uuid}/reviews",
    response={200: ProductExpertReviewsOut, 404: ExpertReviewDetailOut},
    summary="Expertbeoordelingen van een product en de overeenstemming per onderwerp",
)
def product_reviews(request: HttpRequest, product_uuid: str) -> Status[dict[str, Any]]:
    product = query.product_or_none(product_uuid)
    if product is None:
        return Status(404, {"detail": query.PRODUCT_NOT_FOUND})
    reviews: list[dict[str, Any]] = []
    agreement: list[dict[str, Any]] = []
    for block in review_query.public_reviews(product):
        version = block.framework.version
        for public in block.reviews:
            answers = [
                {
                    "criterion": row.criterion.code,
                    "topic": topic.topic.code,
                    "score": answer.score,
                    "not_applicable": answer.score is None,
                    "reason": answer.reason,
                    "evidence": answer.evidence,
                }
                for topic in block.topics
                for row in topic.criteria
                if (answer := row.answers[public.number - 1]) is not None
            ]
            review = public.review
            reviews.append(
                {
                    "id": str(review.uuid),
                    "reviewer": public.pseudonym,
                    "label": public.label,
                    "framework_version": version,
                    "subject": review.subject,
                    "summary": review.summary,
                    "submitted_on": timezone.localtime(review.submitted_at).date() if review.submitted_at else None,
                    "is_demo": review.is_demo,
                    "answers": answers,
                }
            )
        for topic in block.topics:
            found = topic.agreement
            agreement.append(
                {
                    "framework_version": version,
                    "topic": topic.topic.code,
                    "topic_name": topic.topic.name,
                    "alpha": None if found.alpha is None else round(found.alpha, 4),
                    "level": found.level,
                    "reviewers": found.reviewers,
                    "pairable_values": found.pairable_values,
                    "units": found.units,
                    "reading": str(found.reading),
                    "label": found.label,
                    "warning": found.warning,
                    "distribution": {str(point): count for point, count in found.distribution.items()},
                }
            )
    return Status(200, {"product": str(product.uuid), "method": METHOD, "reviews": reviews, "agreement": agreement})


@router.post(
    "/products/{product_uuid}/reviews",
    auth=reviewer_auth,
    response={
        200: ExpertReviewSavedOut,
        403: ExpertReviewDetailOut,
        404: ExpertReviewDetailOut,
        422: ExpertReviewRefusedOut,
    },
    summary="Eigen expertbeoordeling opslaan (concept) of indienen",
)
def save_product_review(request: HttpRequest, product_uuid: str, payload: ExpertReviewIn) -> Status[dict[str, Any]]:
    answers = {code: Answer(a.score, a.reason, a.evidence) for code, a in payload.answers.items()}
    try:
        review = save_review(
            accounts.actor_of(request),
            product_uuid,
            answers,
            subject=payload.subject,
            summary=payload.summary,
            submit=payload.submit,
        )
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(
        200,
        {
            "id": str(review.uuid),
            "status": review.status,
            "framework_version": review.framework.version,
            "subject": review.subject,
            "submitted_at": review.submitted_at,
            "answers": review.answers.count(),
        },
    )
