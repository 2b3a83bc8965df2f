"""`MethodNotAllowedMiddleware`: Django answers a wrong HTTP method (a GET to a form's POST address, a bookmarked
button) with an empty 405; a person gets a Dutch page that says what to do, with the same status and Allow header.
The API (`/api/`) keeps its own JSON answers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def wants_html(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return not request.path.startswith("/api/") and (not accept or "text/html" in accept or "*/*" in accept)


class MethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or not wants_html(request):
            return response
        page = render(request, "web/error.html", {"title": "Dit kan zo niet", "code": 405}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
