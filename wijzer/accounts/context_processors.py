"""The header's account block: who is logged in, in which role, and the other roles to switch to."""

from __future__ import annotations

from django.http import HttpRequest

from .permissions import active_membership, memberships_of


def account(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"active_membership": active_membership(request), "memberships": memberships_of(request)}
