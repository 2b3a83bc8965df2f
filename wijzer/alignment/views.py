"""Pages of kerndoeldekking (W5): methods, coverage per method (matrix, heat map, gaps, compare, CSV), review queue,
and the suggester with its reasons (explainability)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.core.csvexport import csv_response
from wijzer.core.params import page_number
from wijzer.curriculum import service as curriculum

from . import actions, delivery, engine, query, reviewing
from .access import NOT_A_REVIEWER, may_review
from .constants import FRAMEWORK_LABELS, Decision, Strength
from .coverage_report import method_coverage
from .domain import coverage as cov
from .domain import heatmap, review
from .domain.explain import shares, verdict
from .domain.suggest import Suggestion
from .domain.toc import MAX_BYTES
from .domain.toc_report import TocImport
from .fetch import GoalInfo, goal_catalogue
from .forms import DEFAULTS, SECTOR_LABELS, SubjectChoice, SuggestForm

WITHOUT_TOC_SHOWN = 200  # methods without a table of contents listed on the page (the rest are counted)


def method_list(request: HttpRequest) -> HttpResponse:
    with_parts = set(query.methods_with_parts())
    every = catalog.methods()
    rows = [m for m in every if m.pk in with_parts]
    without = [m for m in every if m.pk not in with_parts]
    return render(
        request,
        "alignment/methods.html",
        {
            "methods": rows,
            "without_toc": without[:WITHOUT_TOC_SHOWN],
            "without_toc_more": max(len(without) - WITHOUT_TOC_SHOWN, 0),
            "has_demo": any(m.is_demo for m in every),
        },
    )


TOC_REPORT_SESSION_KEY = "alignment.toc_report"  # an accepted delivery's report, shown once after the redirect


def method_detail(request: HttpRequest, method_uuid: uuid.UUID) -> HttpResponse:
    method = catalog.get_method(method_uuid)
    if method is None:
        raise Http404("Onbekende methode")
    upload = None
    done = request.session.get(TOC_REPORT_SESSION_KEY)
    if isinstance(done, dict) and done.get("method") == str(method.uuid):
        del request.session[TOC_REPORT_SESSION_KEY]  # once: a reload shows the page without the report
        upload = {**done["state"], "allowed": _may_deliver(request, method)}
    return render(request, "alignment/method.html", _method_context(request, method, upload))


def _method_context(request: HttpRequest, method: Any, upload: dict[str, Any] | None = None) -> dict[str, Any]:
    sector, stage = request.GET.get("sector", "")[:10], request.GET.get("leerjaar", "")[:100]
    result = method_coverage(method.pk, sector=sector, stage=stage)
    numbers = {str(p.uuid): i for i, p in enumerate(result.parts, start=1)}
    catalogue = goal_catalogue()
    set_titles = {goal_id: info.goal_set for goal_id, info in catalogue.items()}
    frameworks: list[dict[str, Any]] = []
    for f in result.coverage.frameworks:  # picture and table show the same groups, in the same order
        grouped = heatmap.groups(f, set_titles)
        title = f"Dekking {FRAMEWORK_LABELS.get(f.framework)}"
        picture = mark_safe(heatmap.svg(result.coverage, f.framework, title, grouped))  # noqa: S308  # escaped text
        frameworks.append(
            {"data": f, "label": FRAMEWORK_LABELS.get(f.framework, f.framework), "svg": picture, "groups": grouped}
        )
    maybe = [
        {
            "goal": m.goal,
            "framework": FRAMEWORK_LABELS.get(m.goal.framework, m.goal.framework),
            "provenance": "opgegeven" if m.provenance == "declared" else "voorgesteld",
            "parts": [numbers[p] for p in m.part_ids if p in numbers],
        }
        for m in result.maybe
    ]
    with_parts = set(query.methods_with_parts())  # once, not once per method of the catalogue
    others = [m for m in catalog.methods() if m.pk in with_parts and m.pk != method.pk]
    comparison, other = [], None
    compare_to = request.GET.get("vergelijk", "")
    if compare_to:
        other = catalog.get_method(compare_to)
        if other is not None:
            other_result = method_coverage(other.pk, sector=result.sector)
            comparison = [
                {"label": FRAMEWORK_LABELS.get(c.framework, c.framework), "data": c}
                for c in cov.compare(result.coverage, other_result.coverage)
            ]
    links_by_part: dict[int, list[object]] = {}
    for link in result.links:
        links_by_part.setdefault(link.part_id, []).append(link)
    parents = {p.parent_id for p in result.parts}
    parts = [
        {"part": p, "number": i, "links": links_by_part.get(p.pk, []), "leaf": p.pk not in parents}
        for i, p in enumerate(result.parts, start=1)
    ]
    return {
        "method": method,
        "result": result,
        "frameworks": frameworks,
        "maybe": maybe,
        "parts": parts,
        "others": others,
        "other": other,
        "comparison": comparison,
        "catalogue": catalogue,
        "is_demo": method.is_demo or any(p.is_demo for p in result.parts),
        "delivery": upload or {"allowed": _may_deliver(request, method), "suggest": True},
    }


def method_csv(request: HttpRequest, method_uuid: uuid.UUID) -> HttpResponse:
    method = catalog.get_method(method_uuid)
    if method is None:
        raise Http404("Onbekende methode")
    result = method_coverage(method.pk, sector=request.GET.get("sector", "")[:10])
    filename = f"kerndoeldekking-{method.uuid}.csv"
    return csv_response(cov.csv_rows(result.coverage), filename=filename, delimiter=",")


# --- delivering the table of contents (inhoudsopgave) of a method --------------------------------------------------

PART_STATUS_LABELS = {"created": "nieuw", "updated": "bijgewerkt", "unchanged": "ongewijzigd"}


def _may_deliver(request: HttpRequest, method: Any) -> bool:
    return delivery.may_deliver(method, accounts.actor_of(request), audit=False)


@accounts.member_required
@require_POST
def method_toc(request: HttpRequest, method_uuid: uuid.UUID) -> HttpResponse:
    """Upload of the table of contents (CSV or JSON) by an editor of the method's publisher or a platform admin;
    the method page comes back with the report (or every row problem, and nothing written)."""
    method = catalog.get_method(method_uuid)
    if method is None:
        raise Http404("Onbekende methode")
    membership = accounts.active_membership(request)
    if membership is None or not delivery.may_deliver(method, accounts.actor_of(request)):
        return render(request, "accounts/forbidden.html", {"message": delivery.NOT_A_SUPPLIER}, status=403)
    upload = request.FILES.get("bestand")
    suggest = request.POST.get("voorstellen") == "1"
    state: dict[str, Any] = {"allowed": True, "suggest": suggest, "file_name": upload.name if upload else ""}
    if upload is None:
        state["errors"] = ["Kies een bestand (CSV of JSON) met de inhoudsopgave."]
    elif upload.size is not None and upload.size > MAX_BYTES:
        state["errors"] = [f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; lever de methode in delen aan."]
    else:
        try:
            done = delivery.deliver(
                upload.read(), method=method, filename=upload.name or "", content_type=upload.content_type or "",
                suggest=suggest, user=request.user, organisation=membership.organisation,
                ip=accounts.actor_of(request).ip,
            )  # fmt: skip
        except delivery.DeliveryRefused as exc:
            state["errors"] = exc.lines()
        else:  # Post/Redirect/Get: reloading the page shows the report, it does not deliver the file again
            state.update(_report_context(done.result))
            request.session[TOC_REPORT_SESSION_KEY] = {"method": str(method.uuid), "state": state}
            return redirect(reverse("alignment:method", args=[method.uuid]) + "#inhoudsopgave-resultaat")
    # refused: nothing was written; the page comes back with every problem
    return render(request, "alignment/method.html", _method_context(request, method, state))


def _report_context(report: TocImport) -> dict[str, Any]:
    """The report of an accepted delivery as plain values (it waits in the session for the page after the redirect)."""
    unit = "rij" if report.format == "csv" else "onderdeel"
    return {
        "report": {
            "suggest": report.suggest,
            "changed": report.changed,
            "withdrawn": list(report.withdrawn),
            "declarations_withdrawn": list(report.declarations_withdrawn),
            "without_sector": list(report.without_sector),
            "unknown_goals": [note.goal for note in report.unknown_goals],
            "parts": len(report.parts),
        },
        "counts": report.summary(),
        "unit": unit,
        "unknown_goals": [note.describe(unit) for note in report.unknown_goals],
        "parts": [
            {"row": p.row, "key": p.key, "title": p.title, "status": PART_STATUS_LABELS.get(p.status, p.status),
             "declared": p.declared, "suggested": p.suggested}
            for p in report.parts
        ],
    }  # fmt: skip


@accounts.member_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """Pending links, 50 a page with counts, filtered by method, subject and sector (GET parameters `methode`,
    `vak`, `sector`; `alle` switches a filter off). Without a `vak` parameter the subject defaults to the one the
    reviewer's panel is named after (`reviewing.default_subject`: "Beoordelingspanel Rekenen" -> rekenen en
    wiskunde), so a rekenen panel does not start with English links. Decisions: tick rows and use the buttons in
    the sticky bar (Alt+B / Alt+A), or the buttons on one row; after a decision the same filtered page returns."""
    membership = accounts.active_membership(request)
    if membership is None or not may_review(request):
        return render(request, "accounts/forbidden.html", {"message": NOT_A_REVIEWER}, status=403)
    if request.method == "POST":
        return _review_decision(request, membership.organisation)
    catalogue = goal_catalogue()
    links = query.review_queue(limit=None)
    rows = [_queue_row(link, catalogue.get(str(link.goal_uuid))) for link in links]
    methods, subjects, sectors = review.options(rows)
    method = request.GET.get("methode", "")
    sector = request.GET.get("sector", "")
    subject = request.GET.get("vak")
    defaulted = subject is None
    if subject is None:
        subject = reviewing.default_subject(membership.organisation.name, (r.subject for r in rows))  # as the menu
    by_key = {str(link.uuid): link for link in links}
    kept = review.chosen(rows, method=method, subject=subject, sector=sector)
    win = review.window(len(kept), page_number(request.GET.get("pagina"), last=100_000))
    shown = [by_key[r.key] for r in review.page_rows(kept, win)]
    base = [(k, v) for k, v in (("methode", method), ("vak", subject or review.ALL), ("sector", sector)) if v]
    return render(
        request,
        "alignment/review.html",
        {
            "queue": [{"link": link, "goal": catalogue.get(str(link.goal_uuid))} for link in shown],
            "pending": len(rows),
            "window": win,
            "filters": {"methode": method, "vak": subject, "sector": sector},
            "defaulted": defaulted and bool(subject),
            "methods": methods,
            "subjects": subjects,
            "sectors": sectors,
            "all": review.ALL,
            "previous_url": "?" + urlencode([*base, ("pagina", win.page - 1)]) if win.page > 1 else "",
            "next_url": "?" + urlencode([*base, ("pagina", win.page + 1)]) if win.page < win.last else "",
            "strengths": Strength.choices,
        },
    )


def _queue_row(link: Any, goal: GoalInfo | None) -> review.QueueRow:
    return review.QueueRow(
        key=str(link.uuid),
        method=str(link.part.method.uuid),
        method_name=link.part.method.name,
        subject=reviewing.goal_subject(goal),
        sectors=goal.sectors if goal else (),
    )


def _review_decision(request: HttpRequest, reviewer: Any) -> HttpResponse:
    """A bulk decision (ticked rows, `beslissing`) or one row's button (`enkel` = "confirm:<uuid>")."""
    back = request.get_full_path()
    decision = request.POST.get("beslissing", "")
    values = request.POST.getlist("koppeling")
    single = request.POST.get("enkel", "")
    if single:
        decision, _, value = single.partition(":")
        values = [value]
    chosen = []
    for value in values:
        try:
            chosen.append(uuid.UUID(value))
        except ValueError:
            continue
    links = query.alignments_by_uuid(chosen)
    if decision in Decision.values and links:
        strength = request.POST.get("sterkte", "")
        try:
            actions.do_review_alignments(
                links,
                Decision(decision),
                reviewer=reviewer,
                user=request.user,
                reason=request.POST.get("reden", "")[:2000],
                strength=Strength(strength) if strength in Strength.values else None,
                ip=accounts.actor_of(request).ip,
            )
        except actions.ReasonRequired as exc:
            messages.error(request, str(exc))
            return redirect(back)
        verb = "bevestigd" if decision == Decision.CONFIRM else "afgewezen"
        messages.success(request, f"{len(links)} koppeling(en) {verb}.")
    elif request.POST:
        messages.error(request, "Kies minstens één koppeling en bevestigen of afwijzen.")
    return redirect(back)


# --- the suggester with its reasons (W5, explainability) -----------------------------------------------------------


@csrf_exempt  # changes nothing (no database, no session): a computation over public data, like POST /api/…/suggest
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggested kerndoelen for a pasted text, each with its evidence in plain Dutch.

    A GET form, so the result is a link. Texts too long for a URL (web servers refuse request lines of a few
    kilobytes) go by POST through a second button; the page is the same.
    """
    subjects = _subject_choices()
    source = request.POST if request.method == "POST" else request.GET
    bound = request.method == "POST" or "tekst" in request.GET
    form = SuggestForm({**DEFAULTS, **source.dict()} if bound else None, subjects=subjects)
    results: list[dict[str, Any]] = []
    searched = False
    if bound and form.is_valid():
        data = form.cleaned_data
        found = engine.suggest(
            data["tekst"],
            sector=data["sector"],
            framework=data["kader"],
            subject=data["vak"] or None,
            limit=data["aantal"] * 2,  # room for dropping suggestions whose label an earlier one already has
        )
        found = list({s.label.casefold(): s for s in reversed(found)}.values())[::-1][: data["aantal"]]
        catalogue = goal_catalogue()
        top = found[0].score if found else 0.0
        results = [_explained(rank, s, catalogue.get(s.goal_id), top) for rank, s in enumerate(found, start=1)]
        searched = True
    return render(
        request,
        "alignment/suggest.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "status": _status(form, results, searched),
            "sector_label": SECTOR_LABELS.get(str(form.cleaned_data.get("sector")), "") if searched else "",
            "framework_label": FRAMEWORK_LABELS.get(str(form.cleaned_data.get("kader")), "") if searched else "",
            "subject": subjects.get(form.cleaned_data.get("vak") or "") if searched else None,
        },
    )


def _subject_choices() -> dict[str, SubjectChoice]:
    """Every subject with alignable goals, by slug, with the (sector, framework) pairs it has goals in."""
    titles: dict[str, str] = {}
    slices: dict[str, set[tuple[str, str]]] = {}
    for sector in SECTOR_LABELS:
        for row in curriculum.subjects_for_sector(sector):
            subject = row["subject"]
            titles[subject.slug] = subject.title
            for framework, count in row["counts"].items():
                if count:
                    slices.setdefault(subject.slug, set()).add((sector, framework))
    return {
        slug: SubjectChoice(slug, title, frozenset(slices.get(slug, ())))
        for slug, title in sorted(titles.items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    }


KIND_NOTES = {
    "kerndoel": "de tekst van het kerndoel",
    "doelzin": "de doelzin zelf",
    "uitwerking": "een uitwerking bij de doelzin",
    "illustratie": "een illustratie bij de doelzin",
    "trefwoord": "een trefwoord uit de trefwoordenlijst bij dit kerndoel",
}


def _explained(rank: int, suggestion: Suggestion, goal: GoalInfo | None, top: float = 0.0) -> dict[str, Any]:
    """One suggestion for the template, from exactly the evidence the API returns (`Suggestion.evidence()`)."""
    evidence: dict[str, Any] = suggestion.evidence()
    terms = [
        {**term, "percent": share * 100, "bar": f"{min(share, 1.0) * 100:.1f}"} for term, share in shares(evidence)
    ]
    rest = max(0.0, 100 - sum(t["percent"] for t in terms)) if terms else 0.0
    best = evidence["best_match"]
    weights = evidence["weights"]
    return {
        "rank": rank,
        "goal_id": suggestion.goal_id,
        "code": suggestion.code,
        "label": suggestion.label,
        "text": goal.text if goal else "",
        "goal_set": goal.goal_set if goal else "",
        "url": reverse("curriculum:goal", args=[suggestion.goal_id]),
        "score": suggestion.score,
        "verdict": verdict(suggestion.score, top or suggestion.score),
        "evidence": evidence,
        "weights": {k: _weight(float(v)) for k, v in weights.items()} if weights else None,
        "terms": terms,
        "rest_percent": rest if rest >= 0.05 else 0.0,
        "best_kind": best["kind"],
        "best_note": KIND_NOTES.get(best["kind"], best["kind"]),
        "best_text": best["text"],
    }


def _weight(value: float) -> str:
    """A fusion weight in Dutch notation, without trailing zeros: 0.5 -> "0,5", 0.25 -> "0,25"."""
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")


def _status(form: SuggestForm, results: list[dict[str, Any]], searched: bool) -> str:
    """One sentence for screen readers after a search (the live region outside the swapped part of the page)."""
    if form.is_bound and form.errors:
        count = len(form.errors)
        return f"Er {'is 1 probleem' if count == 1 else f'zijn {count} problemen'} met het formulier."
    if not searched:
        return ""
    if not results:
        return "Geen voorstellen voor deze tekst."
    return f"{len(results)} {'voorstel' if len(results) == 1 else 'voorstellen'}, het eerste: {results[0]['code']}."
