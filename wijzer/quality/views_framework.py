"""Pages of the quality framework (W6 §1): the version in force and older versions, public. Read-only: loading and
publishing happen with `wijzer quality load|publish` (writes in `actions.framework`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from . import query
from .api_framework import scale
from .models import Framework

ALL = ""  # every criterion: generic and every extension
GENERIC = "algemeen"  # only the generic criteria


@require_safe
def framework_current(request: HttpRequest) -> HttpResponse:
    framework = query.current_framework()
    if framework is None:
        return render(request, "quality/framework.html", {"framework": None, "versions": []})
    return _render(request, framework)


@require_safe
def framework_version(request: HttpRequest, version: str) -> HttpResponse:
    framework = query.published_framework(version)
    if framework is None:
        raise Http404(f"Versie {version[:40]} van het kwaliteitskader bestaat niet of is niet gepubliceerd.")
    return _render(request, framework)


def _render(request: HttpRequest, framework: Framework) -> HttpResponse:
    subjects = query.subjects_of(framework)
    names = dict(subjects)
    chosen = request.GET.get("vak", ALL).strip()
    unknown = ""
    if chosen not in {ALL, GENERIC, *names}:
        unknown, chosen = chosen[:60], ALL
    shown: list[str] | None = None if chosen == ALL else [] if chosen == GENERIC else [chosen]
    topic_sources = {
        t.get("code"): list(t.get("bronnen", []))
        for t in (framework.definition or {}).get("onderwerpen", [])
        if isinstance(t, dict)
    }
    source_titles = {s.get("key"): s.get("title", "") for s in framework.sources}
    topics: list[dict[str, Any]] = [
        {
            "topic": topic,
            "criteria": [{"criterion": c, "subject_name": names.get(c.subject, c.subject)} for c in criteria],
            "sources": [source_titles.get(key, key) for key in topic_sources.get(topic.code, [])],
        }
        for topic, criteria in query.outline(framework, shown)
    ]
    versions = query.published_frameworks()
    current = versions[0] if versions else None
    context = {
        "framework": framework,
        "is_current": current is not None and current.pk == framework.pk,
        "current": current,
        "topics": topics,
        "criterion_count": sum(len(t["criteria"]) for t in topics),
        "gateway_criteria": [c["criterion"] for t in topics for c in t["criteria"] if c["criterion"].gateway],
        "subjects": subjects,
        "chosen": chosen,
        "chosen_name": names.get(chosen, ""),
        "generic": GENERIC,
        "unknown_subject": unknown,
        "scale": scale(),
        "versions": [v for v in versions if v.pk != framework.pk],
    }
    return render(request, "quality/framework.html", context)


urlpatterns: list[URLPattern] = [
    # /kwaliteit/ itself was a 404; the menu item "Kwaliteit" opens the framework, so the bare address does too
    path("", RedirectView.as_view(pattern_name="quality:framework", permanent=False), name="index"),
    path("kader/", framework_current, name="framework"),
    path("kader/<str:version>/", framework_version, name="framework_version"),
]
