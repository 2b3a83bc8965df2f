"""Pages of a section's decision (W8 §4) under /keuzehulp/: record it, read it, and the decision report as a print
view and as PDF (WeasyPrint through `market.service`; without it a Dutch page pointing to the print view). Writes in
`actions.decisions`; what the pages show of a decision is its snapshot, so the record stays as it was decided."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wijzer.accounts import service as accounts
from wijzer.market import service as market

from . import shortlist_query as reads
from .actions import decisions as actions
from .actions.shortlist import Invalid, Refused, require_view
from .constants import Criterion, MustHave
from .models import Decision
from .views_shortlist import forbidden, shortlist_for

logger = logging.getLogger(__name__)

DECISION_NOT_FOUND = "Dit besluit bestaat niet (meer). Misschien is de link verouderd."


def decision_for(request: HttpRequest, decision_uuid: uuid.UUID) -> Decision:
    """The decision (Http404 when unknown), when the active role may see its shortlist (Refused, audited)."""
    decision = reads.decision_by_uuid(decision_uuid)
    if decision is None:
        raise Http404(DECISION_NOT_FOUND)
    require_view(accounts.actor_of(request), decision.shortlist)
    return decision


@accounts.member_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, shortlist_uuid: uuid.UUID) -> HttpResponse:
    """The form: date, participants (the school's members), summary. POST records it and goes to the decision."""
    actor = accounts.actor_of(request)
    try:
        shortlist = shortlist_for(request, shortlist_uuid)
        actions.require_decide(actor, shortlist)
    except Refused as refused:
        return forbidden(request, refused.message)
    members = accounts.members_of(shortlist.organisation)
    today = timezone.localdate()
    values: dict[str, Any] = {"datum": today.isoformat(), "deelnemers": [], "toelichting": ""}
    errors: dict[str, str] = {}
    form_error = ""
    if request.method == "POST":
        values = {
            "datum": request.POST.get("datum", "")[:40],
            "deelnemers": [u[:40] for u in request.POST.getlist("deelnemers")[:200]],
            "toelichting": request.POST.get("toelichting", "")[: actions.MAX_SUMMARY * 2],
        }
        try:
            decision = actions.do_record_decision(
                actor,
                shortlist,
                decided_on=values["datum"],
                participant_uuids=values["deelnemers"],
                summary=values["toelichting"],
                today=today,
            )
        except Refused as refused:
            return forbidden(request, refused.message)
        except Invalid as problem:
            errors, form_error = problem.fields, problem.message
        else:
            messages.success(request, "Het besluit is vastgelegd. Het rapport voor de sectievergadering staat klaar.")
            return redirect("choice:decision-detail", decision_uuid=decision.uuid)
    entries = reads.entries_of(shortlist)
    return render(
        request,
        "choice/decision_new.html",
        {
            "shortlist": shortlist,
            "entries": entries,
            "members": members,
            "values": values,
            "chosen": set(values["deelnemers"]),
            "errors": errors,
            "form_error": form_error,
            "today": today,
            "max_summary": actions.MAX_SUMMARY,
        },
        status=400 if errors else 200,
    )


def _context(decision: Decision) -> dict[str, Any]:
    snapshot = decision.snapshot
    profile = snapshot.get("profile") or {}
    labels = dict(Criterion.choices)
    must_labels = dict(MustHave.choices)
    return {
        "weights": [(str(labels.get(k, k)), v) for k, v in (profile.get("weights") or {}).items()],
        "must_haves": [str(must_labels.get(m, m)) for m in profile.get("must_haves") or []],
        "decision": decision,
        "shortlist": decision.shortlist,
        "s": snapshot,
        "products": snapshot.get("products", []),
        "profile": snapshot.get("profile"),
        "ranking": snapshot.get("ranking", {}),
        "mix": snapshot.get("mix", {}),
        "costs": snapshot.get("costs", {}),
        "participants": snapshot.get("participants", []),
        "is_demo": decision.is_demo or bool(snapshot.get("is_demo")),
    }


@accounts.member_required
@require_GET
def decision_detail(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    try:
        decision = decision_for(request, decision_uuid)
    except Refused as refused:
        return forbidden(request, refused.message)
    return render(request, "choice/decision_detail.html", _context(decision) | {"pdf": market.pdf_available()})


def _report_html(request: HttpRequest, decision: Decision, *, for_pdf: bool) -> str:
    context = _context(decision) | {"for_pdf": for_pdf, "generated": timezone.localtime()}
    return render_to_string("choice/report.html", context, request=request)


@accounts.member_required
@require_GET
def decision_report(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    """The decision report as a print view (A4 with the market report's stylesheet)."""
    try:
        decision = decision_for(request, decision_uuid)
    except Refused as refused:
        return forbidden(request, refused.message)
    return HttpResponse(_report_html(request, decision, for_pdf=False))


@accounts.member_required
@require_GET
def decision_report_pdf(request: HttpRequest, decision_uuid: uuid.UUID) -> HttpResponse:
    """The same report as PDF; without WeasyPrint a Dutch page that points to the print view (never a 500)."""
    try:
        decision = decision_for(request, decision_uuid)
    except Refused as refused:
        return forbidden(request, refused.message)
    try:
        pdf = market.render_pdf(_report_html(request, decision, for_pdf=True))
    except market.PdfUnavailable as missing:
        logger.warning("besluitrapport: pdf niet gemaakt: %s", missing.reason)
        print_url = reverse("choice:decision-report", kwargs={"decision_uuid": decision.uuid})
        context = {"message": missing.message, "print_url": print_url}
        return render(request, "choice/report_pdf_unavailable.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="besluit-{decision.decided_on:%Y-%m-%d}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("shortlist/<uuid:shortlist_uuid>/besluit/", decision_new, name="decision-new"),
    path("besluit/<uuid:decision_uuid>/", decision_detail, name="decision-detail"),
    path("besluit/<uuid:decision_uuid>/rapport/", decision_report, name="decision-report"),
    path("besluit/<uuid:decision_uuid>/rapport.pdf", decision_report_pdf, name="decision-report-pdf"),
]
