"""API authentication (django-ninja): Bearer tokens for machines, the session for people (W2 §4).

Use in a router of any app::

    from wijzer.accounts.service import require_scope, token_or_session

    @router.post("/push", auth=require_scope("catalog:push"))
    def push(request, ...):
        principal = request.auth          # a Principal: .organisation, .token, .scopes
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer

from . import actions, throttle
from .constants import AuditAction, Scope
from .domain import tokens as token_format
from .models import ApiToken, Membership, Organisation, User
from .permissions import active_membership, client_ip, is_verified, requires_two_factor

NOT_LOGGED_IN = "Niet ingelogd: stuur een geldige API-sleutel mee (Authorization: Bearer wzr_…) of log in."
BAD_TOKEN = "Ongeldige, verlopen of ingetrokken API-sleutel."  # noqa: S105  # a message, not a secret


@dataclass(frozen=True)
class Principal:
    """Who calls the API: a person (session, acting in their active role) or a machine (token)."""

    kind: Literal["session", "token"]
    organisation: Organisation | None
    user: User | None = None
    membership: Membership | None = None
    token: ApiToken | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)


def find_active_token(raw: str) -> ApiToken | None:
    prefix = token_format.split_prefix(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("organisation").filter(prefix=prefix).first()
    if token is None or not token_format.matches(raw, token.token_hash) or not token.is_active(timezone.now()):
        return None
    return token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer wzr_…`; optionally requires scopes. Every use and every refusal is audited
    (refusals of unknown tokens as one row per network and minute plus a row with the rest of the count)."""

    def __init__(self, scopes: Iterable[Scope | str] = ()) -> None:
        super().__init__()
        self.required = frozenset(str(scope) for scope in scopes)

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        found = find_active_token(token)
        if found is None:
            # Summed per network and minute, so a flood of bad tokens cannot flood the append-only log.
            throttle.record_token_refusal(
                request, details={"prefix": token_format.split_prefix(token) or "", "path": request.path[:200]}
            )
            raise AuthenticationError(401, BAD_TOKEN)
        missing = sorted(self.required - set(found.scopes))
        if missing:
            actions.do_record_audit_event(
                AuditAction.ACCESS_DENIED,
                actor_label=f"sleutel {found.display}",
                organisation=found.organisation,
                object_type="api_token",
                object_id=str(found.uuid),
                ip=client_ip(request),
                details={"path": request.path[:200], "missing_scopes": missing},
            )
            raise AuthorizationError(403, f"Deze API-sleutel mist de bevoegdheid {', '.join(missing)}.")
        actions.do_record_token_use(found, path=request.path, method=request.method or "", ip=client_ip(request))
        return Principal("token", found.organisation, token=found, scopes=frozenset(found.scopes))


class SessionMemberAuth(APIKeyCookie):
    """The browser session of a logged-in person; refused until two-factor is verified where required."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        if requires_two_factor(request) and not is_verified(request):
            return None
        membership = active_membership(request)
        return Principal("session", membership.organisation if membership else None, user=user, membership=membership)


def require_scope(scope: Scope | str) -> TokenAuth:
    """Auth for machine endpoints: a valid token that carries `scope` (W3: `require_scope("catalog:push")`)."""
    return TokenAuth(scopes=[scope])


def token_or_session() -> list[TokenAuth | SessionMemberAuth]:
    return [TokenAuth(), SessionMemberAuth()]


def principal_of(request: HttpRequest) -> Principal | None:
    """Who calls an API operation whose own auth decides more than "logged in": a token, else a member's session
    (CSRF-checked), else None (a 401). Sets `request.auth` (ninja sets it only after the auth returns, and
    `actor_of` reads it)."""
    for auth in token_or_session():
        principal = auth(request)
        if isinstance(principal, Principal):
            request.auth = principal  # type: ignore[attr-defined]
            return principal
    return None
