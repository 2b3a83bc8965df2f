"""Accounts API: /api/v1/accounts/… (W2 §4). Who am I, the audit log, and revoking the presented token."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError

from wijzer.core.params import limit_field, offset_field

from . import actions
from .auth import NOT_LOGGED_IN, Principal, TokenAuth, token_or_session
from .constants import Role, Scope
from .domain.policy import Action
from .models import AuditEvent, Organisation
from .permissions import actor_of, allows, can, client_ip, memberships_of, record_denial
from .schemas import AuditPage, DetailOut, MeOut

router = Router(tags=["accounts"])


def _principal(request: HttpRequest) -> Principal:
    principal = getattr(request, "auth", None)
    if not isinstance(principal, Principal):
        raise AuthenticationError(401, NOT_LOGGED_IN)
    return principal


def organisation_ref(organisation: Organisation | None) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {
        "id": str(organisation.uuid),
        "name": organisation.name,
        "kind": organisation.kind,
        "is_demo": organisation.is_demo,
    }


@router.get("/me", auth=token_or_session(), response=MeOut, summary="Wie ben ik (sessie of API-sleutel)")
def me(request: HttpRequest) -> dict[str, Any]:
    principal = _principal(request)
    if principal.token is not None:
        token = principal.token
        return {
            "kind": "token",
            "organisation": organisation_ref(principal.organisation),
            "token": {
                "prefix": token.prefix,
                "name": token.name,
                "scopes": token.scopes,
                "expires_at": token.expires_at,
            },
        }
    active = principal.membership
    return {
        "kind": "session",
        "email": principal.user.email if principal.user else None,
        "organisation": organisation_ref(principal.organisation),
        "roles": [
            {
                "id": str(m.uuid),
                "role": m.role,
                "role_label": str(Role(m.role).label),
                "organisation": organisation_ref(m.organisation),
                "active": active is not None and m.pk == active.pk,
            }
            for m in memberships_of(request)
        ],
    }


class AuditFilters(Schema):
    organisation: str | None = None
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


def _audit_scope(request: HttpRequest, principal: Principal, wanted: str | None) -> Organisation | None:
    """The organisation whose events the caller may read; None means all (platform administrators only)."""
    if principal.token is not None:
        if Scope.AUDIT_READ not in principal.scopes:
            raise AuthorizationError(403, "Deze API-sleutel mist de bevoegdheid audit:read.")
        return principal.organisation
    membership = principal.membership
    if not wanted and allows(actor_of(request), Action.VIEW_AUDIT, None):  # every organisation: Reach.ANY only
        return None
    target = principal.organisation
    if wanted:
        target = Organisation.objects.filter(uuid=wanted).first() if _is_uuid(wanted) else None
        if target is None:
            raise HttpError(404, "Onbekende organisatie.")
    if target is None or not can(membership, Action.VIEW_AUDIT, target):
        message = "Alleen de privacyfunctionaris van deze organisatie en platformbeheerders zien dit logboek."
        record_denial(request, message, action=str(Action.VIEW_AUDIT), organisation=target)
        raise AuthorizationError(403, message)
    return target


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@router.get("/audit", auth=token_or_session(), response=AuditPage, summary="Logboek van de eigen organisatie")
def audit(request: HttpRequest, filters: Query[AuditFilters]) -> dict[str, Any]:
    """Privacyfunctionarissen zien hun eigen organisatie en wat die bezit (bestuur: ook zijn scholen en vestigingen);
    een sleutel met audit:read alleen zijn eigen organisatie; platformbeheerders alles (of `organisation=`)."""
    if not 1 <= filters.limit <= 500 or filters.offset < 0:
        raise HttpError(422, "limit moet tussen 1 en 500 liggen en offset mag niet negatief zijn.")
    scope = _audit_scope(request, _principal(request), filters.organisation)
    events = AuditEvent.objects.select_related("organisation")
    if scope is not None:
        principal = _principal(request)
        tree = [scope] if principal.token is not None else scope.tree()  # a token reads its own organisation
        events = events.filter(
            organisation__in=[o for o in tree if o == scope or can(principal.membership, Action.VIEW_AUDIT, o)]
        )
    page = events[filters.offset : filters.offset + filters.limit]
    return {
        "count": events.count(),
        "items": [
            {
                "id": str(e.uuid),
                "time": e.time,
                "action": e.action,
                "actor": e.actor_label,
                "organisation": organisation_ref(e.organisation),
                "object_type": e.object_type,
                "object_id": e.object_id,
                "details": e.details,
            }
            for e in page
        ],
    }


@router.post(
    "/tokens/revoke-current", auth=TokenAuth(), response=DetailOut, summary="De meegestuurde sleutel intrekken"
)
def revoke_current_token(request: HttpRequest) -> dict[str, str]:
    """Trek de API-sleutel in waarmee dit verzoek is gedaan (bijv. na een lek). Kan niet ongedaan worden."""
    principal = _principal(request)
    assert principal.token is not None  # noqa: S101  # TokenAuth only yields token principals
    actions.do_revoke_api_token(principal.token, revoked_by=None, ip=client_ip(request), via="api")
    return {"detail": f"Sleutel {principal.token.display} is ingetrokken op {timezone.localtime():%d-%m-%Y %H:%M}."}


def install_error_handlers(api: NinjaAPI) -> None:
    """401 and 403 answers in Dutch, with the Bearer challenge (wired in wijzer/api.py)."""

    def unauthenticated(request: HttpRequest, exc: AuthenticationError | type[AuthenticationError]) -> HttpResponse:
        given = exc.message if isinstance(exc, AuthenticationError) else ""
        message = given if given and given != "Unauthorized" else NOT_LOGGED_IN
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="wijzer"'
        return response

    def forbidden(request: HttpRequest, exc: AuthorizationError | type[AuthorizationError]) -> HttpResponse:
        given = exc.message if isinstance(exc, AuthorizationError) else ""
        message = given if given and given != "Forbidden" else "Geen toegang met deze rol of API-sleutel."
        return api.create_response(request, {"detail": message}, status=403)

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(AuthorizationError, forbidden)
