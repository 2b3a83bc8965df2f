"""Who may review alignments: decided by the policy table (`Action.REVIEW_ALIGNMENT`) for the active role."""

from __future__ import annotations

from django.http import HttpRequest

from wijzer.accounts import service as accounts

NOT_A_REVIEWER = "Alleen beoordelaars (en platformbeheerders) kunnen koppelingen bevestigen of afwijzen."


def may_review(request: HttpRequest, *, audit: bool = True) -> bool:
    """Reviewers and platform administrators review links of every method (the method's owner is never asked)."""
    actor = accounts.actor_of(request)
    if not audit:
        return accounts.allows(actor, accounts.Action.REVIEW_ALIGNMENT, None)
    return accounts.check(actor, accounts.Action.REVIEW_ALIGNMENT, None, reason=NOT_A_REVIEWER)
