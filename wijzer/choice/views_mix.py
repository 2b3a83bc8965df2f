"""The optimal mix (W8 §3) under /keuzehulp/mix/ (an ad-hoc profile from the GET form, for anyone; nothing is
stored) and /keuzehulp/profiel/<uuid>/mix/ (a school's saved profile, for its members).

The page shows the best mix and up to three alternatives: items with their cost for the pupils, the total, the cost
per pupil against the budget, every required goal with the item that covers it and why (provenance), the uncovered
goals with the reason, the solver's status, objective and gap; without a mix the Dutch explanation of what to relax.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from .actions import profiles as actions
from .candidates import assemble
from .domain.mix_result import MixInputError
from .domain.profile import ProfileInvalid, parse_profile
from .outcome import goal_rows, mix_assembly
from .views_profiles import error_list, form_context, profile_data, viewable_profile


def _page(request: HttpRequest, data: dict[str, Any], profile: Any = None) -> HttpResponse:
    context: dict[str, Any] = {"profile": profile, "query": request.GET.urlencode()}
    try:
        spec = parse_profile(data)
        outcome = mix_assembly(assemble(spec))
    except (ProfileInvalid, MixInputError) as problem:
        invalid = (
            problem if isinstance(problem, ProfileInvalid) else ProfileInvalid(str(problem), {"profile": str(problem)})
        )
        context.update(form_context(data))
        context.update({"problem": invalid, "errors": invalid.fields, "error_list": error_list(invalid)})
        return render(request, "choice/mix.html", context)
    result = outcome.result
    context.update(form_context({**spec.as_json(), "subject": data.get("subject", spec.subject)}))
    context.update(
        {
            "spec": spec,
            "outcome": outcome,
            "result": result,
            "goals": goal_rows(outcome.assembly, result.best),
            "alternatives": [
                {"mix": mix, "per_pupil": round(mix.total_cost_cents / spec.pupils) if spec.pupils else None}
                for mix in result.alternatives
            ],
            "errors": {},
            "error_list": [],
        }
    )
    return render(request, "choice/mix.html", context)


@require_GET
def mix(request: HttpRequest) -> HttpResponse:
    data = profile_data(request.GET)
    if not data:
        return render(request, "choice/mix.html", {**form_context({}), "empty": True, "errors": {}})
    return _page(request, data)


@require_GET
def profile_mix(request: HttpRequest, profile_uuid: uuid.UUID) -> HttpResponse:
    profile = viewable_profile(request, profile_uuid)
    if isinstance(profile, HttpResponse):
        return profile
    return _page(request, actions.form_data_of(profile), profile)


urlpatterns: list[URLPattern] = [
    path("mix/", mix, name="mix"),
    path("profiel/<uuid:profile_uuid>/mix/", profile_mix, name="profile-mix"),
]
