"""Home page and Dutch error pages. Thin: the numbers come from each app's service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from wijzer.accounts import service as accounts
from wijzer.alignment import service as alignment
from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum
from wijzer.quality import service as quality

A = accounts.Action


def home(request: HttpRequest) -> HttpResponse:
    """One search box, quick choices (sector -> vak, sector -> leerjaar) into the catalogue and, when logged in,
    the tasks of the active role (from the policy table)."""
    return render(
        request,
        "web/home.html",
        {"curriculum": curriculum.summary(), "quick": catalog.quick_choices(), "tasks": role_tasks(request)},
    )


def _quality_tasks(actor: accounts.Actor, org: accounts.Organisation | None) -> list[tuple[str, str]]:
    """Reviewing and moderating (W6) for a panel; the school's products and the quickscan for school staff."""
    tasks: list[tuple[str, str]] = []
    if accounts.allows(actor, A.REVIEW_QUALITY, org):
        tasks.append(("Producten beoordelen met het kwaliteitskader", reverse("quality:review_list")))
    if accounts.allows(actor, A.MODERATE_EXPERIENCES, org):
        tasks.append((f"Ervaringen modereren ({quality.open_report_count()} gemeld)", reverse("quality:moderation")))
    if org is not None and org.kind in {"school", "branch"}:
        if accounts.allows(actor, A.DECLARE_HOLDING, org):
            tasks.append(("Producten die uw school gebruikt", reverse("quality:holdings", args=[org.uuid])))
        if accounts.allows(actor, A.QUICKSCAN, org):
            tasks.append(("Quickscan van uw methode met de sectie", reverse("quality:quickscan-list")))
    return tasks


def role_tasks(request: HttpRequest) -> list[tuple[str, str]]:
    """(label, url) of what the active role may do, each decided by `accounts.allows`; empty for a visitor."""
    actor = accounts.actor_of(request)
    if actor.user is None:
        return []
    org = actor.organisation
    tasks: list[tuple[str, str]] = []
    if accounts.allows(actor, A.REVIEW_ALIGNMENT, org):
        waiting = alignment.pending_review_count(org)
        tasks.append((f"Koppelingen beoordelen ({waiting} wachten)", reverse("alignment:review")))
    tasks.extend(_quality_tasks(actor, org))
    if accounts.allows(actor, A.DELIVER_CATALOG, org):
        tasks.append(("Catalogusgegevens aanleveren", reverse("ingest:upload")))
    if not tasks:  # a role without a work queue of its own (e.g. the policy analyst) starts at the market monitor
        tasks.append(("Marktmonitor: prijzen, LiFo en concentratie van leermiddelen", reverse("market:monitor")))
    if org is not None:
        for action, name, label in (
            (A.VIEW_ORGANISATION, "accounts:organisation", f"Organisatiepagina van {org.name}"),
            (A.INVITE_MEMBER, "accounts:invite", "Iemand uitnodigen"),
            (A.MANAGE_TOKENS, "accounts:tokens", "API-sleutels beheren"),
            (A.VIEW_AUDIT, "accounts:audit", "Logboek bekijken"),
        ):
            if accounts.allows(actor, action, org):
                tasks.append((label, reverse(name, args=[org.uuid])))
    tasks.append(("Uw keuzelijst", reverse("catalog:shortlist")))
    tasks.append(("Kerndoeldekking van een methode bekijken", reverse("alignment:methods")))
    return tasks


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"title": "Pagina niet gevonden", "code": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"title": "Er ging iets mis", "code": 500}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"title": "Ongeldig verzoek", "code": 400}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception text is never shown: it may come from framework code and be English or technical.
    return render(request, "web/error.html", {"title": "Geen toegang", "code": 403}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/error.html", {"title": "Formulier verlopen", "code": "csrf"}, status=403)
