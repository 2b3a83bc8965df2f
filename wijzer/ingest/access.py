"""The refusal page of ingest. Who may do what is decided by `accounts.check` (the one policy table)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """Anonymous visitors go to the login page (like every member page); signed-in roles get a Dutch 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)
