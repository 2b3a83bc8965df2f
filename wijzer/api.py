"""The REST API (django-ninja), mounted at /api/v1. Each app contributes one Router."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from wijzer.accounts.api import install_error_handlers
from wijzer.accounts.api import router as accounts_router
from wijzer.alignment.api import router as alignment_router
from wijzer.catalog.api import router as catalog_router
from wijzer.choice.api import router as choice_router
from wijzer.curriculum.api import router as curriculum_router
from wijzer.ingest.api import router as ingest_router
from wijzer.market.api import router as market_router
from wijzer.quality.api import router as quality_router
from wijzer.web.api_docs import ApiDocs

api = NinjaAPI(
    title="Wijzer API",
    version="1.0.0",
    description=(
        "Open API van Wijzer, de publieke infrastructuur voor leermiddelen in het funderend onderwijs. "
        'Lijsten worden gepagineerd als {"count": N, "items": [...]}.'
    ),
    urls_namespace="api-v1",
    docs=ApiDocs(),  # our page in the site's layout (W5.3), not Swagger UI
)
api.add_router("/curriculum", curriculum_router)
api.add_router("/catalog", catalog_router)
api.add_router("/ingest", ingest_router)
api.add_router("/accounts", accounts_router)
api.add_router("/alignment", alignment_router)
api.add_router("/quality", quality_router)
api.add_router("/market", market_router)
api.add_router("/choice", choice_router)
install_error_handlers(api)


@api.exception_handler(ValidationError)
def dutch_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Invalid parameters: say in Dutch which field is wrong and what is allowed (never a stack trace)."""
    problems = []
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in {"query", "body", "path"})
        problems.append(f"{location or 'invoer'}: ongeldige waarde{_hint(error.get('ctx') or {})}")
    return api.create_response(request, {"detail": "Ongeldige invoer: " + "; ".join(problems)}, status=422)


def _hint(ctx: dict[str, Any]) -> str:
    """What is allowed, from pydantic's error context: a list of choices or a lower and upper bound."""
    if ctx.get("expected"):
        return f" (toegestaan: {ctx['expected']})"
    words = {"ge": "minimaal", "gt": "groter dan", "le": "maximaal", "lt": "kleiner dan"}
    bounds = [f"{word} {ctx[key]}" for key, word in words.items() if key in ctx]
    return f" ({', '.join(bounds)})" if bounds else ""


# django-ninja's own English answers, in Dutch; every other HttpError is raised by Wijzer with a Dutch text.
NINJA_MESSAGES = {
    "CSRF check Failed": (
        "De CSRF-controle is mislukt: stuur bij een verzoek met een sessie de waarde van het cookie csrftoken mee in "
        "de kop X-CSRFToken, of gebruik een API-sleutel (Authorization: Bearer …)."
    ),
    "Cannot parse request body": (
        "De inhoud van het verzoek kon niet worden gelezen: stuur geldige JSON (Content-Type: application/json)."
    ),
}


@api.exception_handler(HttpError)
def dutch_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    detail = next((dutch for english, dutch in NINJA_MESSAGES.items() if message.startswith(english)), message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: a JSON 413 with a Dutch `detail`, not the HTML error page."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} bytes"
    detail = (
        f"De aanlevering is te groot: hoogstens {size} per verzoek. Verdeel de records over "
        "meerdere verzoeken, of lever grote bestanden aan via een harvest of `wijzer ingest`."
    )
    return api.create_response(request, {"detail": detail}, status=413)
