"""The explained ranking (W8 §2) under /keuzehulp/rangschikking/ (an ad-hoc profile from the GET form, for anyone;
nothing is stored) and /keuzehulp/profiel/<uuid>/rangschikking/ (a school's saved profile, for its members).

The weights are sliders (`<input type="range">`) in a GET form: submitting re-ranks, no JavaScript needed. Each
candidate shows its score and per criterion value x weight = contribution with the evidence, as text and as a
`<meter>`; candidates failing a must-have are listed apart with the reasons.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from wijzer.catalog import service as catalog

from .actions import profiles as actions
from .candidates import assemble
from .domain.profile import ProfileInvalid, parse_profile
from .domain.ranking import RankingError
from .outcome import rank_assembly
from .views_profiles import error_list, form_context, profile_data, viewable_profile


def _page(request: HttpRequest, data: dict[str, Any], profile: Any = None) -> HttpResponse:
    context: dict[str, Any] = {"profile": profile, "query": request.GET.urlencode()}
    try:
        spec = parse_profile(data)
        assembly = assemble(spec)
        ranking = rank_assembly(assembly)
    except ProfileInvalid as problem:
        context.update(form_context(data))
        context.update({"problem": problem, "errors": problem.fields, "error_list": error_list(problem)})
        return render(request, "choice/ranking.html", context)
    except RankingError as problem:
        invalid = ProfileInvalid(f"De rangschikking kan niet: {problem}.", {"weights": str(problem)})
        context.update(form_context(data))
        context.update({"problem": invalid, "errors": invalid.fields, "error_list": error_list(invalid)})
        return render(request, "choice/ranking.html", context)
    values = {**spec.as_json(), "subject": data.get("subject", spec.subject) if profile is None else spec.subject}
    context.update(form_context(values, levels=assembly.levels))
    labels = dict(catalog.VisionApproach.choices)
    matches = {c.id: [labels.get(v, v) for v in c.vision_match] for c in assembly.candidates}
    rows = [(row, matches.get(row.id, [])) for row in ranking.ranked]
    context.update(
        {"assembly": assembly, "ranking": ranking, "rows": rows, "spec": spec, "errors": {}, "error_list": []}
    )
    return render(request, "choice/ranking.html", context)


@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    data = profile_data(request.GET)
    if not data:
        return render(request, "choice/ranking.html", {**form_context({}), "empty": True, "errors": {}})
    return _page(request, data)


@require_GET
def profile_ranking(request: HttpRequest, profile_uuid: uuid.UUID) -> HttpResponse:
    profile = viewable_profile(request, profile_uuid)
    if isinstance(profile, HttpResponse):
        return profile
    data = actions.form_data_of(profile)
    data.update({k: v for k, v in profile_data(request.GET).items() if k not in ("name",)})  # sliders re-rank
    data["name"] = profile.name
    return _page(request, data, profile)


urlpatterns: list[URLPattern] = [
    path("rangschikking/", ranking, name="ranking"),
    path("profiel/<uuid:profile_uuid>/rangschikking/", profile_ranking, name="profile-ranking"),
]
