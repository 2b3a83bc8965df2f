"""Home page and Dutch error pages. Thin: the numbers come from each app's service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijzer.curriculum import service as curriculum


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"curriculum": curriculum.summary()})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Pagina niet gevonden", "code": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Er ging iets mis", "code": 500}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Ongeldig verzoek", "code": 400}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception text is never shown: it may come from framework code and be English or technical.
    return render(request, "core/error.html", {"title": "Geen toegang", "code": 403}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/error.html", {"title": "Formulier verlopen", "code": "csrf"}, status=403)
