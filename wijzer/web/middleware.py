"""`MethodNotAllowedMiddleware`: Django answers a wrong HTTP method (a GET to a form's POST address, a bookmarked
button) with an empty 405; a person gets a Dutch page that says what to do, with the same status and Allow header.
The API (`/api/`) answers the same in JSON: a Dutch `detail` naming the methods that are allowed (django-ninja's own
answer is the English text "Method not allowed")."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def wants_html(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return not request.path.startswith("/api/") and (not accept or "text/html" in accept or "*/*" in accept)


class MethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        if request.path.startswith("/api/"):
            return _api_not_allowed(request, response)
        if response.content or not wants_html(request):
            return response
        page = render(request, "web/error.html", {"title": "Dit kan zo niet", "code": 405}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def _api_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    allowed = response["Allow"] if response.has_header("Allow") else ""
    methods = ", ".join(sorted(m.strip() for m in allowed.split(",") if m.strip()))
    detail = f"De methode {request.method} kan hier niet" + (f"; wel: {methods}." if methods else ".")
    answer = JsonResponse({"detail": detail}, status=405)
    if allowed:
        answer["Allow"] = allowed
    return answer
