"""Pages of lock-in (W7 §7) under /markt/afhankelijkheid/: per product and per publisher (public), and the
declaration form for the product owner's editor.

Thin: read the request, call `lockin_query` (reads) or `actions.lockin` (the write, its permission and audit),
render. Every refusal is a Dutch page; a successful save redirects (post-redirect-get).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from wijzer.accounts import service as accounts
from wijzer.core.params import page_number
from wijzer.market import lockin_query as reads
from wijzer.market.actions import lockin as actions
from wijzer.market.exceptions import Forbidden, MarketError, NotFound
from wijzer.market.lockin_query import Code

PER_PAGE = 100
QUESTIONS: tuple[tuple[str, str, str], ...] = (  # (form field, legend, hint)
    ("supports_eduv", "Edu-V", reads.DECLARED_QUESTIONS[Code.NO_EDUV]),
    ("supports_eck", "ECK", reads.DECLARED_QUESTIONS[Code.NO_ECK]),
    ("supports_lti", "LTI", reads.DECLARED_QUESTIONS[Code.NO_LTI]),
    ("data_export", "Export van gegevens", reads.DECLARED_QUESTIONS[Code.NO_EXPORT]),
)
ANSWER_CHOICES = (("ja", "Ja"), ("nee", "Nee"), ("onbekend", "Onbekend / zeg ik liever niet"))
FIELD_IDS = {
    "supports_eduv": "supports_eduv-ja",  # the first radio button of the group
    "supports_eck": "supports_eck-ja",
    "supports_lti": "supports_lti-ja",
    "data_export": "data_export-ja",
    "export_formats": "opgave-formaten",
    "note": "opgave-toelichting",
}


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "market/not_found.html", {"message": message}, status=404)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


@require_GET
def product_lockin(request: HttpRequest, product_uuid: str) -> HttpResponse:
    try:
        found = reads.product_lockin(product_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    owner = reads.owner_of(found.product)
    actor = accounts.actor_of(request)
    return render(
        request,
        "market/lockin_product.html",
        {
            "lockin": found,
            "product": found.product,
            "owner": owner,
            "formula": reads.FORMULA,
            "switching_rule": reads.SWITCHING_RULE,
            "may_declare": accounts.allows(actor, accounts.Action.DECLARE_LOCKIN, owner),
        },
    )


@require_GET
def publisher_lockin(request: HttpRequest, publisher_uuid: str) -> HttpResponse:
    try:
        found = reads.publisher_lockin(publisher_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    pages = max(1, -(-len(found.products) // PER_PAGE))
    page = page_number(request.GET.get("pagina"), last=pages)
    return render(
        request,
        "market/lockin_publisher.html",
        {
            "publisher": found,
            "rows": found.products[(page - 1) * PER_PAGE : page * PER_PAGE],
            "page": page,
            "pages": pages,
            "formula": reads.FORMULA,
            "publisher_formula": reads.PUBLISHER_FORMULA,
            "codes": reads.INDICATORS,
        },
    )


def _initial(declaration: Any) -> dict[str, str]:
    words = {True: "ja", False: "nee", None: "onbekend"}
    if declaration is None:
        return {field: "onbekend" for field, _legend, _hint in QUESTIONS} | {"export_formats": "", "note": ""}
    return {field: words[getattr(declaration, field)] for field, _legend, _hint in QUESTIONS} | {
        "export_formats": declaration.export_formats,
        "note": declaration.note,
    }


@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, product_uuid: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        product = reads.product_by_uuid(product_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    actor = accounts.actor_of(request)
    owner = reads.owner_of(product)
    if not accounts.check(
        actor,
        accounts.Action.DECLARE_LOCKIN,
        owner,
        object_type="product",
        object_id=str(product.uuid),
        reason=actions.NOT_OWNER_EDITOR,
    ):
        return _forbidden(request, actions.NOT_OWNER_EDITOR + " Kies bovenaan zo'n rol als u die ook heeft.")
    declaration = reads.declaration_of(product)
    values = _initial(declaration)
    errors: dict[str, str] = {}
    message = ""
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            actions.declare_lockin(
                actor,
                product,
                supports_eduv=values["supports_eduv"],
                supports_eck=values["supports_eck"],
                supports_lti=values["supports_lti"],
                data_export=values["data_export"],
                export_formats=values["export_formats"],
                note=values["note"],
            )
        except Forbidden as refused:
            return _forbidden(request, refused.message)
        except MarketError as refused:
            errors, message = refused.fields, refused.message
        else:
            messages.success(request, "Uw opgave over afhankelijkheid is opgeslagen en staat nu bij het product.")
            return redirect(reverse("market:lockin-product", args=[product.uuid]))
    questions = [
        {"field": field, "legend": legend, "hint": hint, "value": values[field], "error": errors.get(field, "")}
        for field, legend, hint in QUESTIONS
    ]
    return render(
        request,
        "market/lockin_form.html",
        {
            "product": product,
            "owner": owner,
            "declaration": declaration,
            "questions": questions,
            "choices": ANSWER_CHOICES,
            "values": values,
            "errors": errors,
            "message": message,
            "error_list": [
                {"href": FIELD_IDS.get(key, key), "label": actions.FIELD_LABELS.get(key, key), "message": text}
                for key, text in errors.items()
            ],
            "max_formats": actions.MAX_FORMATS,
            "max_note": actions.MAX_NOTE,
        },
    )


urlpatterns: list[URLPattern] = [
    path("afhankelijkheid/uitgever/<str:publisher_uuid>/", publisher_lockin, name="lockin-publisher"),
    path("afhankelijkheid/<str:product_uuid>/", product_lockin, name="lockin-product"),
    path("afhankelijkheid/<str:product_uuid>/opgeven/", declare, name="lockin-declare"),
]
