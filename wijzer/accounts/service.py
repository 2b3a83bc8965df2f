"""Public surface of accounts for other apps (style.md §13).

- Organisations: `Organisation`, `OrganisationKind`, `ensure_organisation`.
- Views: `member_required`, `organisation_required(Action.X)`, `access_organisation_by_uuid`, `active_membership`.
- API: `require_scope("catalog:push")` (machine endpoints), `token_or_session()`, `Principal` (= request.auth);
  `principal_of(request)` for an operation whose own auth function decides more (token, else session, else None).
- Audit: `record_audit_event(AuditAction.X, …)` inside the caller's transaction.
- Rights (W5.1): `check(actor, Action.X, owner)` is the one audited permission check for every app; `actor_of(request)`
  or `cli_actor()` says who asks; `allows` the same without audit (to show a button). Catalogue records:
  `record_right` (owner, delegations) and `delegated_fields`; `grant_delegation`/`revoke_delegation`.
- Local start: `demo_emails()`, the demo accounts `wijzer setup`/`serve` name at the end; `demo_actor(email, role,
  organisation_key)` a demo person (no usable password) acting in a role, for other apps' demo data.
"""

from __future__ import annotations

from .actions import do_ensure_organisation as ensure_organisation
from .actions import do_grant_delegation as grant_delegation
from .actions import do_record_audit_event as record_audit_event
from .actions import do_revoke_delegation as revoke_delegation
from .audit_registry import register as register_audit_actions
from .auth import Principal, principal_of, require_scope, token_or_session
from .constants import AuditAction, OrganisationKind, Role, Scope
from .delegations import delegated_fields, delegations_of
from .demo import demo_emails
from .domain.policy import DELEGABLE_FIELD_LABELS, Action, Authority, DelegableField, RecordRight, record_right
from .exceptions import DelegationInvalid
from .models import Delegation, Membership, Organisation, User
from .permissions import (
    Actor,
    access_organisation_by_uuid,
    active_membership,
    actor_of,
    allows,
    check,
    cli_actor,
    demo_actor,
    member_required,
    organisation_required,
)

__all__ = [
    "DELEGABLE_FIELD_LABELS",
    "Action",
    "Actor",
    "AuditAction",
    "Authority",
    "DelegableField",
    "Delegation",
    "DelegationInvalid",
    "Organisation",
    "OrganisationKind",
    "Principal",
    "RecordRight",
    "Role",
    "Scope",
    "User",
    "access_organisation_by_uuid",
    "active_membership",
    "actor_of",
    "allows",
    "check",
    "cli_actor",
    "delegated_fields",
    "delegations_of",
    "demo_actor",
    "demo_emails",
    "ensure_organisation",
    "grant_delegation",
    "member_required",
    "members_of",
    "organisation_required",
    "principal_of",
    "record_audit_event",
    "record_right",
    "register_audit_actions",
    "require_scope",
    "revoke_delegation",
    "token_or_session",
]


def members_of(organisation: Organisation) -> list[User]:
    """The people holding a role at exactly this organisation (W8: a decision's participants), by name."""
    ids = Membership.objects.filter(organisation=organisation).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "email", "pk"))
