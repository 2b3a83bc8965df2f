"""Who may manage catalogue sources: platform administrators, and publisher editors for their own sources."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijzer.accounts import service as accounts


def may_manage(request: HttpRequest, publisher: accounts.Organisation | None) -> bool:
    """`publisher=None` asks whether the active role may deliver catalogue data at all."""
    membership = accounts.active_membership(request)
    if membership is None:
        return False
    if membership.role == accounts.Role.PLATFORM_ADMIN:
        return True
    if membership.role != accounts.Role.PUBLISHER_EDITOR:
        return False
    return publisher is None or membership.organisation_id in {o.pk for o in publisher.owner_chain()}


def acting_organisation(request: HttpRequest) -> accounts.Organisation | None:
    membership = accounts.active_membership(request)
    if membership is None or membership.role != accounts.Role.PUBLISHER_EDITOR:
        return None
    return membership.organisation


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """Anonymous visitors go to the login page (like every member page); signed-in roles get a Dutch 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)
