"""Curriculum browser: sector -> subject -> goals of both frameworks side by side; goal pages; search."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import service
from .constants import Framework, GoalKind, Sector
from .models import Goal

SECTOR_LABELS = dict(Sector.choices)


def _sector(value: str) -> str:
    if value not in SECTOR_LABELS:
        raise Http404("Onbekende sector")
    return value


def sectors(request: HttpRequest) -> HttpResponse:
    counts = service.counts()["frameworks"]
    rows = [
        {
            "code": code,
            "label": label,
            "goals_2006": counts.get(Framework.KERNDOELEN_2006, {}).get("by_sector", {}).get(code, 0),
            "goals_fo": counts.get(Framework.KERNDOELEN_FO, {}).get("by_sector", {}).get(code, 0),
        }
        for code, label in Sector.choices
    ]
    return render(request, "curriculum/sectors.html", {"rows": rows})


def subjects(request: HttpRequest, sector: str) -> HttpResponse:
    sector = _sector(sector)
    return render(
        request,
        "curriculum/subjects.html",
        {
            "sector": sector,
            "sector_label": SECTOR_LABELS[sector],
            "rows": service.subjects_for_sector(sector),
        },
    )


def subject_goals(request: HttpRequest, sector: str, subject: str) -> HttpResponse:
    sector = _sector(sector)
    found = service.subjects_matching(subject).first()
    if found is None:
        raise Http404("Onbekend vakleergebied")
    old = list(service.goals(framework=Framework.KERNDOELEN_2006, sector=sector, subject=str(found.uuid)))
    kernzinnen = list(
        service.goals(framework=Framework.KERNDOELEN_FO, sector=sector, subject=str(found.uuid), kind=GoalKind.KERNZIN)
    )
    doelzinnen = service.goals(framework=Framework.KERNDOELEN_FO, sector=sector, subject=str(found.uuid))
    by_parent: dict[int, list[Goal]] = {}
    for child in doelzinnen:
        if child.parent_id is not None:
            by_parent.setdefault(child.parent_id, []).append(child)
    new = [{"goal": k, "doelzinnen": by_parent.get(k.pk, [])} for k in kernzinnen]
    doelzin_count = sum(len(children) for children in by_parent.values())
    context: dict[str, Any] = {
        "sector": sector,
        "sector_label": SECTOR_LABELS[sector],
        "subject": found,
        "old": old,
        "new": new,
        "doelzin_count": doelzin_count,
    }
    return render(request, "curriculum/subject.html", context)


def goal(request: HttpRequest, goal_id: str) -> HttpResponse:
    try:
        requested = uuid.UUID(goal_id)
    except ValueError as exc:
        raise Http404("Geen geldige SLO-id") from exc
    resolution = service.resolve(requested)
    if not resolution.current:
        raise Http404("Onbekend doel")
    if resolution.was_stale:
        target = reverse("curriculum:goal", args=[resolution.current[0]])
        return redirect(f"{target}?vervangen={requested}")
    found = service.get_goal(requested)
    if found is None:
        raise Http404("Onbekend doel")
    replaced = request.GET.get("vervangen", "")
    return render(
        request,
        "curriculum/goal.html",
        {
            "goal": found,
            "replaced": replaced if _is_uuid(replaced) else "",
            "slo_uri": f"https://opendata.slo.nl/curriculum/uuid/{found.uuid}",
        },
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200].strip()
    framework = request.GET.get("kader", "")
    sector = request.GET.get("sector", "")
    results = (
        service.goals(
            q=q or None,
            framework=framework if framework in Framework.values else None,
            sector=sector if sector in SECTOR_LABELS else None,
        )
        if q
        else Goal.objects.none()
    )
    page = Paginator(results, 25).get_page(request.GET.get("pagina"))
    template = "curriculum/_results.html" if request.headers.get("HX-Request") else "curriculum/search.html"
    return render(
        request,
        template,
        {
            "q": q,
            "page": page,
            "framework": framework,
            "sector": sector,
            "frameworks": Framework.choices,
            "sectors": Sector.choices,
        },
    )
