"""The permission layer (W2 §4): the active membership, object-level checks and view decorators.

Views and the API ask `access_organisation_by_uuid(request, uuid, Action.X)`; the answer comes from the pure
policy table in `domain/policy.py`. A refusal is written to the audit log and shown as a Dutch 403 page.

New member views use `@member_required` (login, then two-factor verification through AccountMiddleware) or
`@organisation_required(Action.X)` for a page about one organisation (`<uuid:organisation_uuid>` in the URL).
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from django_otp import user_has_device

from .actions import do_ensure_demo_member, do_record_audit_event
from .constants import AuditAction, Role
from .domain import policy
from .domain.policy import Action
from .exceptions import AccessDenied
from .models import Membership, Organisation, User
from .throttle import client_ip as _forwarded_client_ip

P = ParamSpec("P")
View = Callable[..., HttpResponseBase]

ACTIVE_MEMBERSHIP_SESSION_KEY = "wijzer_active_membership"
_CACHE = "_wijzer_account_cache"


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind a trusted proxy (WIJZER_TRUSTED_PROXIES) the forwarded client: see `throttle`."""
    return _forwarded_client_ip(request)


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
    """Two-factor is required for admins (staff or superuser, whatever their roles: W5.1 §4), for holders of a
    TWO_FACTOR_ROLES membership and for anyone who set it up."""
    cache = _cache(request)
    if "two_factor" not in cache:
        user = _user(request)
        roles = {policy.RoleCode(m.role) for m in memberships_of(request)}
        cache["two_factor"] = user is not None and (
            user.is_staff or user.is_superuser or policy.requires_two_factor(roles) or user_has_device(user)
        )
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


# --- One audited check for every app (W5.1 §3) --------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who asks, as the policy sees it: a person in their active role, a machine token with its scopes, or the
    operator on the server's command line (who has the database anyway, so is not refused but is audited)."""

    label: str
    organisation: Organisation | None = None
    role: policy.RoleCode | None = None
    scopes: frozenset[policy.ScopeCode] = frozenset()
    user: User | None = None
    ip: str = ""
    path: str = ""
    operator: bool = False

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation is not None else None


def actor_of(request: HttpRequest) -> Actor:
    """The actor of a page or API request: the API's principal (token or session) when there is one."""
    principal = getattr(request, "auth", None)
    ip, path = client_ip(request), request.path[:200]
    token = getattr(principal, "token", None)
    if token is not None:
        scopes = frozenset(policy.ScopeCode(s) for s in token.scopes if s in set(policy.ScopeCode))
        return Actor(f"sleutel {token.display}", token.organisation, scopes=scopes, ip=ip, path=path)
    membership = active_membership(request)
    user = _user(request)
    if membership is None:
        return Actor(user.email if user else "anoniem", user=user, ip=ip, path=path)
    role = policy.RoleCode(membership.role)
    return Actor(user.email if user else "", membership.organisation, role=role, user=user, ip=ip, path=path)


def cli_actor(label: str = "") -> Actor:
    """The operator running a `wijzer` command on the server."""
    return Actor(label or f"CLI ({getpass.getuser()})", operator=True)


def demo_actor(email: str, role: Role, organisation_key: str, *, first_name: str = "", last_name: str = "") -> Actor:
    """A demo person acting in one role at a demo organisation (created without a usable password when missing),
    to write demo data through the same actions as real use (local use only; the caller refuses production)."""
    membership = do_ensure_demo_member(email, role, organisation_key, first_name=first_name, last_name=last_name)
    return Actor(
        membership.user.email,
        membership.organisation,
        role=policy.RoleCode(membership.role),
        user=membership.user,
    )


def optional_org_ref(organisation: Organisation | None) -> policy.OrgRef | None:
    return org_ref(organisation) if organisation is not None else None


def check(
    actor: Actor,
    action: Action,
    target: Organisation | None,
    *,
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
) -> bool:
    """May `actor` do `action` on what `target` owns (None: a platform record)? A refusal is written to the audit
    log of the target organisation, with the reason shown to the actor."""
    if actor.operator:
        return True
    allowed = policy.permits(
        action,
        role=actor.role,
        scopes=actor.scopes,
        acting_for=actor.organisation_id,
        target=optional_org_ref(target),
    )
    if not allowed:
        do_record_audit_event(
            AuditAction.ACCESS_DENIED,
            actor=actor.user,
            actor_label=actor.label,
            organisation=target,
            object_type=object_type or ("organisation" if target else ""),
            object_id=object_id or (str(target.uuid) if target else ""),
            ip=actor.ip,
            details={
                "action": str(action),
                "path": actor.path,
                "acting_for": str(actor.organisation.uuid) if actor.organisation else "",
                "role": str(actor.role or ""),
                "scopes": sorted(actor.scopes),
                "reason": reason,
            },
        )
    return allowed


def allows(actor: Actor, action: Action, target: Organisation | None) -> bool:
    """The same decision without an audit row: for showing or hiding a button, never for guarding an action."""
    if actor.operator:
        return True
    return policy.permits(
        action, role=actor.role, scopes=actor.scopes, acting_for=actor.organisation_id, target=optional_org_ref(target)
    )
