"""AccountMiddleware: two-factor enforcement for member pages (W2 §3), plus a few security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from django_otp import user_has_device

from .permissions import is_verified, requires_two_factor

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class AccountMiddleware:
    """Sends a logged-in person who must use two-factor to set-up or verification before anything else.

    The API (/api/) is left to its own auth classes, which refuse unverified sessions with a 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, "wijzer_allow_unverified", False) or request.path.startswith("/api/"):
            return None
        if not requires_two_factor(request) or is_verified(request):
            return None
        target = "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_setup"
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
