"""Public surface of accounts for other apps (style.md §13).

- Organisations: `Organisation`, `OrganisationKind`, `ensure_organisation`.
- Views: `member_required`, `organisation_required(Action.X)`, `access_organisation_by_uuid`, `active_membership`.
- API: `require_scope("catalog:push")` (machine endpoints), `token_or_session()`, `Principal` (= request.auth).
- Audit: `record_audit_event(AuditAction.X, …)` inside the caller's transaction.
"""

from __future__ import annotations

from .actions import do_ensure_organisation as ensure_organisation
from .actions import do_record_audit_event as record_audit_event
from .auth import Principal, require_scope, token_or_session
from .constants import AuditAction, OrganisationKind, Role, Scope
from .domain.policy import Action
from .models import Organisation
from .permissions import access_organisation_by_uuid, active_membership, member_required, organisation_required

__all__ = [
    "Action",
    "AuditAction",
    "Organisation",
    "OrganisationKind",
    "Principal",
    "Role",
    "Scope",
    "access_organisation_by_uuid",
    "active_membership",
    "ensure_organisation",
    "member_required",
    "organisation_required",
    "record_audit_event",
    "require_scope",
    "token_or_session",
]
