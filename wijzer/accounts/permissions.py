"""The permission layer (W2 §4): the active membership, object-level checks and view decorators.

Views and the API ask `access_organisation_by_uuid(request, uuid, Action.X)`; the answer comes from the pure
policy table in `domain/policy.py`. A refusal is written to the audit log and shown as a Dutch 403 page.

New member views use `@member_required` (login, then two-factor verification through AccountMiddleware) or
`@organisation_required(Action.X)` for a page about one organisation (`<uuid:organisation_uuid>` in the URL).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from django_otp import user_has_device

from .actions import do_record_audit_event
from .constants import AuditAction
from .domain import policy
from .domain.policy import Action
from .exceptions import AccessDenied
from .models import Membership, Organisation, User

P = ParamSpec("P")
View = Callable[..., HttpResponseBase]

ACTIVE_MEMBERSHIP_SESSION_KEY = "wijzer_active_membership"
_CACHE = "_wijzer_account_cache"


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: behind a proxy, configure the proxy to set it (never trust client-sent headers here).
    return str(request.META.get("REMOTE_ADDR", ""))


def _cache(request: HttpRequest) -> dict[str, Any]:
    cache: dict[str, Any] | None = getattr(request, _CACHE, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE, cache)
    return cache


def _user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def memberships_of(request: HttpRequest) -> list[Membership]:
    cache = _cache(request)
    if "memberships" not in cache:
        user = _user(request)
        cache["memberships"] = (
            list(Membership.objects.filter(user=user).select_related("organisation").order_by("id")) if user else []
        )
    found: list[Membership] = cache["memberships"]
    return found


def active_membership(request: HttpRequest) -> Membership | None:
    """The role the person acts in now: the one chosen in the session, else their first membership."""
    memberships = memberships_of(request)
    if not memberships:
        return None
    chosen = request.session.get(ACTIVE_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if str(membership.uuid) == chosen:
            return membership
    return memberships[0]


def set_active_membership(request: HttpRequest, membership: Membership) -> None:
    request.session[ACTIVE_MEMBERSHIP_SESSION_KEY] = str(membership.uuid)


def requires_two_factor(request: HttpRequest) -> bool:
    """Two-factor is required for holders of a TWO_FACTOR_ROLES membership and for anyone who set it up."""
    cache = _cache(request)
    if "two_factor" not in cache:
        user = _user(request)
        roles = {policy.RoleCode(m.role) for m in memberships_of(request)}
        cache["two_factor"] = user is not None and (policy.requires_two_factor(roles) or user_has_device(user))
    result: bool = cache["two_factor"]
    return result


def is_verified(request: HttpRequest) -> bool:
    user = _user(request)
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def org_ref(organisation: Organisation) -> policy.OrgRef:
    return policy.OrgRef(
        id=organisation.pk,
        kind=policy.KindCode(organisation.kind),
        chain=tuple(o.pk for o in organisation.owner_chain()),
    )


def can(membership: Membership | None, action: Action, organisation: Organisation) -> bool:
    if membership is None:
        return False
    return policy.is_allowed(
        action, policy.RoleCode(membership.role), membership.organisation_id, org_ref(organisation)
    )


def record_denial(request: HttpRequest, message: str, *, action: str, organisation: Organisation | None) -> None:
    """A refused attempt goes to the audit log of the organisation whose data was protected."""
    acting = active_membership(request)
    do_record_audit_event(
        AuditAction.ACCESS_DENIED,
        actor=_user(request),
        actor_label="" if _user(request) else "anoniem",
        organisation=organisation,
        object_type="organisation" if organisation else "",
        object_id=str(organisation.uuid) if organisation else "",
        ip=client_ip(request),
        details={
            "action": action,
            "path": request.path[:200],
            "method": request.method or "",
            "acting_for": str(acting.organisation.uuid) if acting else "",
            "role": acting.role if acting else "",
            "reason": message,
        },
    )


def access_organisation_by_uuid(request: HttpRequest, organisation_uuid: uuid.UUID, action: Action) -> Organisation:
    """The organisation, if the active role may do `action` on it; else AccessDenied (audited) or Http404."""
    organisation = Organisation.objects.select_related("parent").filter(uuid=organisation_uuid).first()
    if organisation is None:
        raise Http404("Onbekende organisatie")
    membership = active_membership(request)
    if not can(membership, action, organisation):
        message = denial_message(membership, organisation)
        record_denial(request, message, action=str(action), organisation=organisation)
        raise AccessDenied(message)
    return organisation


def denial_message(membership: Membership | None, organisation: Organisation) -> str:
    if membership is None:
        return "U heeft nog geen rol bij een organisatie. Vraag een uitnodiging aan bij uw school of organisatie."
    return (
        f"U werkt nu als {membership.get_role_display().lower()} bij {membership.organisation.name}. "
        f"In die rol heeft u geen toegang tot deze pagina van {organisation.name}."
    )


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def allow_unverified(view: View) -> View:
    """Mark a view as reachable before two-factor verification (login, set-up, verify, logout)."""
    view.wijzer_allow_unverified = True  # type: ignore[attr-defined]  # marker read by AccountMiddleware
    return view


def member_required(view: View) -> View:
    """Logged in (anonymous visitors go to the login page); two-factor is enforced by AccountMiddleware."""
    return login_required(view)


def organisation_required(
    action: Action,
) -> Callable[[Callable[Concatenate[HttpRequest, Organisation, P], HttpResponse]], View]:
    """For views of one organisation: resolves `organisation_uuid` and checks `action` for the active role."""

    def decorator(view: Callable[Concatenate[HttpRequest, Organisation, P], HttpResponse]) -> View:
        @wraps(view)
        def wrapper(
            request: HttpRequest, organisation_uuid: uuid.UUID, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            try:
                organisation = access_organisation_by_uuid(request, organisation_uuid, action)
            except AccessDenied as denied:
                return forbidden(request, denied.message)
            return view(request, organisation, *args, **kwargs)

        return member_required(wrapper)

    return decorator
