"""API of the quality app: teacher experiences (W6 §3, §7), mounted under /api/v1/quality by `quality.api`.

`GET /products/{product_uuid}/experiences` is public: visible experiences only, authors as a pseudonymous id (a
stable HMAC with the site's secret, never a user id). Writing needs a logged-in person's session (not a token):
school staff write, anyone with a role reports, the product's publisher responds, moderators hide and restore.
The role is checked before the body (403, audited); bad input is a Dutch 422 (per field), an unknown product or
experience a Dutch 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality import experience_query as reads
from wijzer.quality import query
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import ReportState
from wijzer.quality.exceptions import NotFound, QualityError, api_refusal
from wijzer.quality.experience_schemas import ExperienceDetailOut as DetailOut
from wijzer.quality.experience_schemas import ExperienceIn, ExperienceListOut, ExperienceOut
from wijzer.quality.experience_schemas import ExperienceModeratedOut as ModeratedOut
from wijzer.quality.experience_schemas import ExperienceReasonIn as ReasonIn
from wijzer.quality.experience_schemas import ExperienceResponseIn as ResponseIn
from wijzer.quality.experience_schemas import ExperienceResponseOut as ResponseOut
from wijzer.quality.models import Experience, ExperienceReport

router = Router(tags=["kwaliteit"])

MAX_LIMIT = 100
NOT_A_SESSION = "Dit kan alleen een ingelogd persoon (in de browser), niet een API-sleutel."

Answer = Status[dict[str, Any]]
REFUSED: dict[int, type[DetailOut]] = {403: DetailOut, 404: DetailOut, 422: DetailOut}
Target = Callable[[HttpRequest], accounts.Organisation | None]


def _path_value(request: HttpRequest, name: str) -> str:
    match = request.resolver_match
    return str(match.kwargs.get(name, "")) if match is not None else ""


def _product_owner(request: HttpRequest) -> accounts.Organisation | None:
    try:
        return query.product_by_uuid(_path_value(request, "product_uuid")).owner
    except NotFound as missing:
        raise HttpError(404, missing.message) from None


def _experience_owner(request: HttpRequest) -> accounts.Organisation | None:
    try:
        return actions.experience_by_uuid(_path_value(request, "experience_uuid")).product.owner
    except NotFound as missing:
        raise HttpError(404, missing.message) from None


def person_auth(action: accounts.Action, message: str, target: Target) -> Callable[..., accounts.Principal | None]:
    """A logged-in person's session (CSRF-checked) whose active role may do `action` on the target's owner.
    401 without a session or token; 403 (audited) for a token or another role; 404 for an unknown object."""

    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        actor = accounts.actor_of(request)
        owner = target(request)
        if principal.kind != "session" or principal.user is None:
            accounts.check(actor, action, owner, reason=NOT_A_SESSION)
            raise AuthorizationError(403, NOT_A_SESSION)
        if not accounts.check(actor, action, owner, reason=message):
            raise AuthorizationError(403, message)
        return principal

    authenticate.__name__ = f"person_auth_{action.name.lower()}"
    return authenticate


def month_of(value: datetime) -> str:
    """ "2026-12": public experiences and responses give the month only, as the open data does (no exact times)."""
    return timezone.localtime(value).strftime("%Y-%m")


def _response_out(view: reads.ExperienceView) -> dict[str, Any] | None:
    response = reads.visible_response(view)
    if response is None:
        return None
    return {
        "publisher": response.publisher,
        "text": response.text,
        "written": month_of(response.created_at),
        "is_demo": response.is_demo,
        "earlier_version": response.earlier_version,
    }


def experience_out(view: reads.ExperienceView) -> dict[str, Any]:
    return {
        "id": view.uuid,
        "product_id": view.product_uuid,
        "author": view.pseudonym,
        "author_line": view.author,
        "framework": view.framework,
        "scores": [{"topic": s.code, "name": s.name, "score": s.score} for s in view.scores],
        "text": view.text,
        "context": {
            "sector": view.sector,
            "level": view.level,
            "school_type": view.school_type,
            "months_used": view.months_used,
        },
        "verified": view.verified,
        "response": _response_out(view),
        "written": month_of(view.created_at),
        "updated": month_of(view.updated_at),
        "is_demo": view.is_demo,
    }


def _distribution(views: list[reads.ExperienceView]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for view in views:
        for s in view.scores:
            row = rows.setdefault(
                s.code,
                {"topic": s.code, "name": s.name, "n": 0, "counts": dict.fromkeys("1234", 0), "not_applicable": 0},
            )
            if s.score is None:
                row["not_applicable"] += 1
            else:
                row["n"] += 1
                row["counts"][str(s.score)] += 1
    return list(rows.values())


@router.get(
    "/products/{product_uuid}/experiences",
    response={200: ExperienceListOut, 404: DetailOut},
    summary="Ervaringen van leraren met een product (zichtbare, zonder namen)",
)
def product_experiences(request: HttpRequest, product_uuid: str, limit: int = 50, offset: int = 0) -> Answer:
    try:
        product: Product = query.product_by_uuid(product_uuid)
    except NotFound as missing:
        return Status(404, {"detail": missing.message})
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise HttpError(422, f"limit ligt tussen 1 en {MAX_LIMIT} en offset is niet negatief.")
    views = reads.product_experiences(product)  # viewer None: visible ones only
    return Status(
        200,
        {
            "count": len(views),
            "verified": sum(1 for v in views if v.verified),
            "verified_rule": reads.VERIFIED_RULE,
            "distribution": _distribution(views),
            "items": [experience_out(v) for v in views[offset : offset + limit]],
        },
    )


@router.post(
    "/products/{product_uuid}/experiences",
    auth=person_auth(accounts.Action.WRITE_EXPERIENCE, actions.NOT_SCHOOL_STAFF, _product_owner),
    response={
        200: ExperienceOut,
        201: ExperienceOut,
        403: DetailOut,
        404: DetailOut,
        422: DetailOut,
    },
    summary="Eigen ervaring schrijven of bijwerken (leraren, sectievoorzitters, schoolleiders)",
)
def write_experience(request: HttpRequest, product_uuid: str, payload: ExperienceIn) -> Answer:
    actor = accounts.actor_of(request)
    try:
        product = query.product_by_uuid(product_uuid)
        existed = Experience.objects.filter(product=product, author=actor.user).exists()
        saved = actions.write_experience(
            actor,
            product,
            scores=payload.scores,
            text=payload.text,
            sector=payload.sector,
            level=payload.level,
            school_type=payload.school_type,
            months_used=payload.months_used,
        )
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(200 if existed else 201, experience_out(reads.views_of([saved])[0]))


@router.post(
    "/experiences/{experience_uuid}/report",
    auth=person_auth(accounts.Action.REPORT_EXPERIENCE, actions.NEEDS_ROLE, _experience_owner),
    response={201: DetailOut, **REFUSED},
    summary="Een ervaring melden bij de moderatie (één keer per persoon, met reden)",
)
def report_experience(request: HttpRequest, experience_uuid: str, payload: ReasonIn) -> Answer:
    try:
        actions.report(accounts.actor_of(request), experience_uuid, payload.reason)
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(201, {"detail": "Uw melding is ontvangen; de moderatie bekijkt de ervaring."})


@router.post(
    "/experiences/{experience_uuid}/response",
    auth=person_auth(accounts.Action.RESPOND_EXPERIENCE, actions.NOT_OWN_PUBLISHER, _experience_owner),
    response={201: ResponseOut, **REFUSED},
    summary="Reactie van de uitgever op een ervaring met een eigen product (één keer)",
)
def respond_experience(request: HttpRequest, experience_uuid: str, payload: ResponseIn) -> Answer:
    try:
        saved = actions.respond(accounts.actor_of(request), experience_uuid, payload.text)
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(
        201,
        {
            "publisher": saved.organisation.name,
            "text": saved.text,
            "written": month_of(saved.created_at),
            "is_demo": saved.is_demo,
            "earlier_version": False,  # just written: it answers the text as it is now
        },
    )


def _moderated(experience: Experience) -> dict[str, Any]:
    open_reports = ExperienceReport.objects.filter(experience=experience, state=ReportState.OPEN).count()
    return {
        "id": str(experience.uuid),
        "visibility": experience.visibility,
        "hidden_reason": experience.hidden_reason,
        "open_reports": open_reports,
    }


@router.post(
    "/experiences/{experience_uuid}/hide",
    auth=person_auth(accounts.Action.MODERATE_EXPERIENCES, actions.NOT_MODERATOR, _experience_owner),
    response={
        200: ModeratedOut,
        403: DetailOut,
        404: DetailOut,
        422: DetailOut,
    },
    summary="Een ervaring verbergen, met reden (moderatie)",
)
def hide_experience(request: HttpRequest, experience_uuid: str, payload: ReasonIn) -> Answer:
    try:
        hidden = actions.hide(accounts.actor_of(request), experience_uuid, payload.reason)
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(200, _moderated(hidden))


@router.post(
    "/experiences/{experience_uuid}/restore",
    auth=person_auth(accounts.Action.MODERATE_EXPERIENCES, actions.NOT_MODERATOR, _experience_owner),
    response={
        200: ModeratedOut,
        403: DetailOut,
        404: DetailOut,
        422: DetailOut,
    },
    summary="Een verborgen ervaring weer zichtbaar maken (moderatie)",
)
def restore_experience(request: HttpRequest, experience_uuid: str) -> Answer:
    try:
        restored = actions.restore(accounts.actor_of(request), experience_uuid)
    except QualityError as exc:
        return Status(*api_refusal(exc))
    return Status(200, _moderated(restored))
