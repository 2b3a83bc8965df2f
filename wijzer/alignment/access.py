"""Who may review alignments: a reviewer (beoordelaar) or platform administrator, in their active role."""

from __future__ import annotations

from django.http import HttpRequest

from wijzer.accounts import service as accounts

from .constants import REVIEW_ROLES

NOT_A_REVIEWER = "Alleen beoordelaars (en platformbeheerders) kunnen koppelingen bevestigen of afwijzen."


def reviewing_membership(request: HttpRequest) -> object | None:
    """The active membership when its role may review, else None."""
    membership = accounts.active_membership(request)
    return membership if membership is not None and membership.role in REVIEW_ROLES else None
