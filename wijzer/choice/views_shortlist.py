"""Pages of a section's shortlist (W8 §4) under /keuzehulp/: the shortlists of one's school, one shortlist with its
comparison, adding a product, a note and a status. Thin: writes in `actions.shortlist`, reads in `shortlist_query`;
every POST redirects (post-redirect-get)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog

from . import shortlist_query as reads
from .actions import shortlist as actions
from .constants import EntryStatus
from .models import Shortlist

NOT_FOUND = "Deze shortlist bestaat niet (meer). Misschien is de link verouderd."
NO_ROLE = (
    "De shortlists van een sectie zijn er voor de leraren, sectievoorzitters en schoolleiders van een school en "
    "voor de inkoper van haar bestuur. Kies rechtsboven de rol bij uw school."
)


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def shortlist_for(request: HttpRequest, shortlist_uuid: uuid.UUID) -> Shortlist:
    """The shortlist (Http404 when unknown), when the active role may see it (`actions.Refused`, audited)."""
    shortlist = reads.shortlist_by_uuid(shortlist_uuid)
    if shortlist is None:
        raise Http404(NOT_FOUND)
    actions.require_view(accounts.actor_of(request), shortlist)
    return shortlist


@accounts.member_required
@require_http_methods(["GET", "POST"])
def shortlist_list(request: HttpRequest) -> HttpResponse:
    """The shortlists and decisions of the school the person works for now (and, for a board, its schools); a
    section head or school leader starts a new one here."""
    actor = accounts.actor_of(request)
    organisation = actor.organisation
    if organisation is None or not accounts.check(actor, accounts.Action.VIEW_CHOICES, organisation, reason=NO_ROLE):
        return forbidden(request, NO_ROLE)
    can_create = accounts.allows(actor, accounts.Action.EDIT_SHORTLIST, organisation) and accounts.allows(
        actor, accounts.Action.MANAGE_CHOICE_PROFILE, organisation
    )
    values = {"naam": "", "profiel": ""}
    errors: dict[str, str] = {}
    form_error = ""
    if request.method == "POST":
        values = {"naam": request.POST.get("naam", "")[:400], "profiel": request.POST.get("profiel", "")[:100]}
        profile = None
        if values["profiel"]:
            key = reads.parse_uuid(values["profiel"])
            profile = reads.own_profiles(organisation).filter(uuid=key).first() if key else None
            if profile is None:
                errors["profiel"] = "Kies een profiel van uw school, of geen."
        if not errors:
            try:
                shortlist = actions.do_create_shortlist(actor, organisation, values["naam"], profile=profile)
            except actions.Refused as refused:
                return forbidden(request, refused.message)
            except actions.Invalid as problem:
                errors, form_error = problem.fields, problem.message
            else:
                messages.success(request, f"De shortlist ‘{shortlist.name}’ is gemaakt. Voeg nu producten toe.")
                return redirect("choice:shortlist-detail", shortlist_uuid=shortlist.uuid)
        form_error = form_error or "Controleer de gemarkeerde velden."
    shortlists = reads.visible_shortlists(actor)
    return render(
        request,
        "choice/shortlist_list.html",
        {
            "organisation": organisation,
            "shortlists": shortlists,
            "decisions": reads.decisions_of(shortlists),
            "can_create": can_create,
            "profiles": list(reads.own_profiles(organisation)) if can_create else [],
            "values": values,
            "errors": errors,
            "form_error": form_error if errors else "",
            "max_name": actions.MAX_NAME,
        },
        status=400 if errors else 200,
    )


def _back(shortlist: Shortlist, anchor: str = "") -> HttpResponse:
    url = reverse("choice:shortlist-detail", kwargs={"shortlist_uuid": shortlist.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


@accounts.member_required
@require_GET
def shortlist_detail(request: HttpRequest, shortlist_uuid: uuid.UUID) -> HttpResponse:
    """The shortlist: per product status, note (with who and when), price and costs, coverage and quality; the
    product search to add one; the decisions taken on it."""
    try:
        shortlist = shortlist_for(request, shortlist_uuid)
    except actions.Refused as refused:
        return forbidden(request, refused.message)
    actor = accounts.actor_of(request)
    size = reads.class_size(request.GET.get("klas"))
    compared = reads.comparison(shortlist, size=size)
    search = request.GET.get("zoek", "")[: reads.MAX_SEARCH_CHARS]
    on_list = {row.product.pk for row in compared.rows}
    hits = [p for p in reads.find_products(search) if p.pk not in on_list] if search.strip() else None
    mine = reads.products_by_uuid(catalog.personal_shortlist_uuids(request))
    context: dict[str, Any] = {
        "shortlist": shortlist,
        "comparison": compared,
        "rows": compared.rows,
        "statuses": EntryStatus.choices,
        "can_edit": accounts.allows(actor, accounts.Action.EDIT_SHORTLIST, shortlist.organisation),
        "can_decide": accounts.allows(actor, accounts.Action.RECORD_DECISION, shortlist.organisation),
        "search": search,
        "hits": hits,
        "from_keuzelijst": [p for p in mine if p.pk not in on_list and p.withdrawn_at is None],
        "klas": request.GET.get("klas", "")[:10] if size is not None else "",
        "klas_invalid": bool(request.GET.get("klas", "").strip()) and size is None,
        "decisions": reads.decisions_of([shortlist]),
        "max_note": actions.MAX_NOTE,
    }
    return render(request, "choice/shortlist_detail.html", context)


@accounts.member_required
@require_POST
def shortlist_add(request: HttpRequest, shortlist_uuid: uuid.UUID) -> HttpResponse:
    """Put the chosen product on the shortlist (status "verkennen")."""
    try:
        shortlist = shortlist_for(request, shortlist_uuid)
        actions.require_edit(accounts.actor_of(request), shortlist)
    except actions.Refused as refused:
        return forbidden(request, refused.message)
    product = reads.product_by_uuid(request.POST.get("product", "")[:100])
    if product is None:
        messages.error(request, "Kies een product uit de zoekresultaten; dit product bestaat niet (meer).")
        return _back(shortlist, "toevoegen")
    try:
        actions.do_add_product(accounts.actor_of(request), shortlist, product)
    except actions.Refused as refused:
        return forbidden(request, refused.message)
    except actions.Invalid as problem:
        messages.error(request, problem.message)
        return _back(shortlist, "toevoegen")
    messages.success(request, f"‘{product.title}’ staat op de shortlist, met status ‘verkennen’.")
    return _back(shortlist, f"product-{product.uuid}")


@accounts.member_required
@require_POST
def shortlist_update(request: HttpRequest, shortlist_uuid: uuid.UUID) -> HttpResponse:
    """Save the note and status of one product, or take it off the shortlist ("verwijderen")."""
    try:
        shortlist = shortlist_for(request, shortlist_uuid)
        actions.require_edit(accounts.actor_of(request), shortlist)
    except actions.Refused as refused:
        return forbidden(request, refused.message)
    product = reads.product_by_uuid(request.POST.get("product", "")[:100])
    if product is None:
        messages.error(request, "Dit product staat niet (meer) op de shortlist.")
        return _back(shortlist)
    actor = accounts.actor_of(request)
    try:
        if request.POST.get("verwijderen"):
            actions.do_remove_product(actor, shortlist, product)
            messages.success(request, f"‘{product.title}’ staat niet meer op de shortlist.")
            return _back(shortlist)
        status = request.POST.get("status")
        note = request.POST.get("notitie")
        actions.do_update_entry(
            actor,
            shortlist,
            product,
            status=status[:20] if status is not None else None,
            note=note[: actions.MAX_NOTE * 2] if note is not None else None,
        )
    except actions.Refused as refused:
        return forbidden(request, refused.message)
    except actions.Invalid as problem:
        detail = "; ".join(problem.fields.values())
        messages.error(request, f"{problem.message} {detail}".strip())
        return _back(shortlist, f"product-{product.uuid}")
    messages.success(request, f"De notitie en status van ‘{product.title}’ zijn opgeslagen.")
    return _back(shortlist, f"product-{product.uuid}")


urlpatterns: list[URLPattern] = [
    path("shortlists/", shortlist_list, name="shortlist-list"),
    path("shortlist/<uuid:shortlist_uuid>/", shortlist_detail, name="shortlist-detail"),
    path("shortlist/<uuid:shortlist_uuid>/toevoegen/", shortlist_add, name="shortlist-add"),
    path("shortlist/<uuid:shortlist_uuid>/bijwerken/", shortlist_update, name="shortlist-update"),
]
