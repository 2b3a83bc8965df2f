"""Pages of kerndoeldekking (W5): methods, coverage per method (matrix, heat map, gaps, compare, CSV), review queue."""

from __future__ import annotations

import csv
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog

from . import actions, query
from .access import NOT_A_REVIEWER, reviewing_membership
from .constants import FRAMEWORK_LABELS, Decision, Strength
from .domain import coverage as cov
from .domain.heatmap import svg
from .fetch import goal_catalogue
from .report import method_coverage


def method_list(request: HttpRequest) -> HttpResponse:
    with_parts = set(query.methods_with_parts())
    rows = [m for m in catalog.methods() if m.pk in with_parts]
    return render(request, "alignment/methods.html", {"methods": rows, "has_demo": any(m.is_demo for m in rows)})


def method_detail(request: HttpRequest, method_uuid: uuid.UUID) -> HttpResponse:
    method = catalog.get_method(method_uuid)
    if method is None:
        raise Http404("Onbekende methode")
    sector, stage = request.GET.get("sector", "")[:10], request.GET.get("leerjaar", "")[:100]
    result = method_coverage(method.pk, sector=sector, stage=stage)
    frameworks = [
        {
            "data": f,
            "label": FRAMEWORK_LABELS.get(f.framework, f.framework),
            "svg": mark_safe(svg(result.coverage, f.framework, f"Dekking {FRAMEWORK_LABELS.get(f.framework)}")),  # noqa: S308  # built from escaped text
        }
        for f in result.coverage.frameworks
    ]
    others = [m for m in catalog.methods() if m.pk in set(query.methods_with_parts()) and m.pk != method.pk]
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
    catalogue = goal_catalogue()
    links_by_part: dict[int, list[object]] = {}
    for link in result.links:
        links_by_part.setdefault(link.part_id, []).append(link)
    parts = [
        {"part": p, "number": i, "links": links_by_part.get(p.pk, [])} for i, p in enumerate(result.parts, start=1)
    ]
    return render(
        request,
        "alignment/method.html",
        {
            "method": method,
            "result": result,
            "frameworks": frameworks,
            "parts": parts,
            "others": others,
            "other": other,
            "comparison": comparison,
            "catalogue": catalogue,
            "is_demo": method.is_demo or any(p.is_demo for p in result.parts),
        },
    )


def method_csv(request: HttpRequest, method_uuid: uuid.UUID) -> HttpResponse:
    method = catalog.get_method(method_uuid)
    if method is None:
        raise Http404("Onbekende methode")
    result = method_coverage(method.pk, sector=request.GET.get("sector", "")[:10])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kerndoeldekking-{method.uuid}.csv"'
    writer = csv.writer(response)
    for row in cov.csv_rows(result.coverage):
        writer.writerow(row)
    return response


@accounts.member_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    membership = reviewing_membership(request)
    if membership is None:
        return render(request, "accounts/forbidden.html", {"message": NOT_A_REVIEWER}, status=403)
    if request.method == "POST":
        decision = request.POST.get("beslissing", "")
        chosen = []
        for value in request.POST.getlist("koppeling"):
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
                    reviewer=membership.organisation,  # type: ignore[attr-defined]  # a Membership
                    user=request.user,
                    reason=request.POST.get("reden", "")[:2000],
                    strength=Strength(strength) if strength in Strength.values else None,
                    ip=str(request.META.get("REMOTE_ADDR", "")),
                )
            except actions.ReasonRequired as exc:
                messages.error(request, str(exc))
                return redirect("alignment:review")
            verb = "bevestigd" if decision == Decision.CONFIRM else "afgewezen"
            messages.success(request, f"{len(links)} koppeling(en) {verb}.")
        elif request.POST:
            messages.error(request, "Kies minstens één koppeling en bevestigen of afwijzen.")
        return redirect("alignment:review")
    catalogue = goal_catalogue()
    queue = [{"link": link, "goal": catalogue.get(str(link.goal_uuid))} for link in query.review_queue()]
    return render(
        request,
        "alignment/review.html",
        {"queue": queue, "pending": query.pending_count(), "strengths": Strength.choices},
    )
