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
