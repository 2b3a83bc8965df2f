"""A reviewer confirms or rejects links; every decision is audited in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.alignment.constants import AlignmentAuditAction, Decision, LinkState, Strength
from wijzer.alignment.models import Alignment

REASON_REQUIRED = "Geef een reden op bij afwijzen: waarom past dit hoofdstuk niet bij dit doel?"


class ReasonRequired(ValueError):
    """A rejection without a reason."""


@transaction.atomic
def do_review_alignments(
    alignments: Sequence[Alignment],
    decision: Decision,
    *,
    reviewer: accounts.Organisation | None = None,
    user: Any,
    reason: str = "",
    strength: Strength | None = None,
    ip: str = "",
    actor_label: str = "",
) -> int:
    """Confirm or reject links; every decision goes to the audit log in the same transaction.

    A rejection needs a reason (the supplier and the next reviewer must be able to see why); without one this
    raises `ReasonRequired` and nothing changes.
    """
    if decision == Decision.REJECT and not reason.strip():
        raise ReasonRequired(REASON_REQUIRED)
    actor = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    state = LinkState.CONFIRMED if decision == Decision.CONFIRM else LinkState.REJECTED
    action = AlignmentAuditAction.CONFIRMED if decision == Decision.CONFIRM else AlignmentAuditAction.REJECTED
    for link in alignments:
        previous = link.provenance
        link.provenance = state
        link.reviewer = actor
        link.reviewed_at = now
        link.reason = reason[:2000]
        if strength is not None:
            link.strength = strength
        link.save(update_fields=["provenance", "reviewer", "reviewed_at", "reason", "strength"])
        accounts.record_audit_event(
            action,
            actor=actor,
            actor_label=actor_label,
            organisation=reviewer,
            object_type="alignment",
            object_id=str(link.uuid),
            ip=ip,
            details={
                "part": str(link.part.uuid),
                "goal": str(link.goal_uuid),
                "code": link.goal_code,
                "previous": previous,
                "strength": link.strength,
                "reason": reason[:500],
            },
        )
    return len(alignments)
