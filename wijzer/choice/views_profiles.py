"""The start page of the choice support and a school's profiles (W8 §1) under /keuzehulp/.

- `/keuzehulp/`: an ad-hoc profile (a GET form to the ranking, for anyone: nothing is stored) and, for members of a
  school, its saved profiles (`Action.VIEW_CHOICES`) with "new profile" for those who may save
  (`Action.MANAGE_CHOICE_PROFILE`).
- `/keuzehulp/profiel/nieuw/` and `/keuzehulp/profiel/<uuid>/`: the profile form (fieldsets with legends, a Dutch error
  summary); saving is all or nothing, audited, and redirects (post-redirect-get).
- `/keuzehulp/profiel/<uuid>/verwijderen/`: delete (POST).

The form's fields have the profile's own keys (`domain.profile`); `profile_data(querydict)` reads them, also for the
ranking and mix pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum

from .actions import profiles as actions
from .domain.profile import DEFAULT_WEIGHTS, FIELD_LABELS, FRAMEWORKS, MUST_HAVES, SECTORS, ProfileInvalid
from .domain.ranking import CRITERIA, CRITERION_LABELS
from .models import ChoiceProfile

LIST_KEYS = ("levels", "required_goals", "vision", "must_haves")
TEXT_KEYS = ("name", "sector", "subject", "pupils", "budget_per_pupil", "framework")
NOT_FOUND = "Dit keuzeprofiel bestaat niet (meer). Misschien is de link verouderd."
EXAMPLE = {"sector": "vo", "subject": "Rekenen en wiskunde", "pupils": "120", "budget_per_pupil": "45,00"}


def profile_data(query: QueryDict) -> dict[str, Any]:
    """The profile keys of a form (GET or POST), as `domain.profile.parse_profile` takes them; weights from the
    sliders `weight_<criterion>`; keys the form did not send are left out (their defaults apply)."""
    data: dict[str, Any] = {}
    for key in TEXT_KEYS:
        if key in query:
            data[key] = query.get(key, "")[:300]
    for key in LIST_KEYS:
        values = [v[:100] for v in query.getlist(key)[:600] if v.strip()]
        if values:
            data[key] = values
    if any(f"weight_{c}" in query for c in CRITERIA):
        data["weights"] = {c: query.get(f"weight_{c}", "0")[:20] for c in CRITERIA}
    if query.get("count_suggested"):
        data["count_suggested"] = query.get("count_suggested", "")[:10]
    return data


def error_list(problem: ProfileInvalid) -> list[dict[str, str]]:
    """The error summary: per field its label, the message and the id of the field to jump to."""
    return [
        {"href": f"veld-{key}", "message": f"{FIELD_LABELS.get(key, key)}: {message}"}
        for key, message in problem.fields.items()
    ] or [{"href": "profiel", "message": problem.message}]


def form_context(values: Mapping[str, Any], *, levels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What `choice/_profile_fields.html` needs: the current values and the choices."""
    weights = values.get("weights") or DEFAULT_WEIGHTS
    chosen_levels = set(values.get("levels") or [])
    level_choices = sorted((levels or {}).items(), key=lambda item: item[1])
    return {
        "values": values,
        "sectors": list(SECTORS.items()),
        "frameworks": list(FRAMEWORKS.items()),
        "must_have_choices": list(MUST_HAVES.items()),
        "vision_choices": list(catalog.VisionApproach.choices),
        "subject_titles": sorted({title for title, _uuid in curriculum.subject_titles()}),
        "weight_fields": [
            {"criterion": c, "label": CRITERION_LABELS[c], "value": _weight(weights, c)} for c in CRITERIA
        ],
        "level_choices": [(lid, title, lid in chosen_levels) for lid, title in level_choices],
        "chosen_levels": chosen_levels,
        "chosen_vision": set(values.get("vision") or []),
        "chosen_must_haves": set(values.get("must_haves") or []),
    }


def _weight(weights: Mapping[str, Any], criterion: str) -> int:
    try:
        return max(0, min(100, round(float(str(weights.get(criterion, 0)).replace(",", ".")))))
    except (ValueError, OverflowError):  # "NaN", "inf", text: the slider starts at 0
        return 0


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "choice/not_found.html", {"message": NOT_FOUND}, status=404)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def viewable_profile(request: HttpRequest, profile_uuid: uuid.UUID) -> ChoiceProfile | HttpResponse:
    """The profile when this member may see it (`VIEW_CHOICES`, audited by the check); else the answer to give:
    the login page, a Dutch 404 or a Dutch 403. Shared by the ranking and mix pages of a saved profile."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    profile = actions.profile_by_uuid(profile_uuid)
    if profile is None:
        return _not_found(request)
    try:
        actions.require_view(accounts.actor_of(request), profile)
    except actions.Refused as refused:
        return _forbidden(request, refused.message)
    return profile


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    actor = accounts.actor_of(request)
    school = actor.organisation
    saved: list[ChoiceProfile] = []
    may_view = may_manage = False
    if school is not None and school.kind in actions.PROFILE_KINDS:
        may_view = accounts.allows(actor, accounts.Action.VIEW_CHOICES, school)
        may_manage = accounts.allows(actor, accounts.Action.MANAGE_CHOICE_PROFILE, school) and actor.user is not None
        if may_view:
            saved = actions.profiles_of(school)
    return render(
        request,
        "choice/start.html",
        {**form_context(EXAMPLE), "school": school, "saved": saved, "may_view": may_view, "may_manage": may_manage},
    )


def _save(
    request: HttpRequest, school: accounts.Organisation, profile: ChoiceProfile | None
) -> tuple[HttpResponse | None, ProfileInvalid | None]:
    try:
        saved = actions.save_profile(accounts.actor_of(request), school, profile_data(request.POST), profile=profile)
    except actions.Refused as refused:
        return _forbidden(request, refused.message), None
    except ProfileInvalid as problem:
        return None, problem
    messages.success(request, f"Het profiel ‘{saved.name}’ is opgeslagen.")
    return redirect(reverse("choice:profile", args=[saved.uuid])), None


@require_http_methods(["GET", "POST"])
def profile_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = accounts.actor_of(request)
    school = actor.organisation
    if school is None or not accounts.check(
        actor, accounts.Action.MANAGE_CHOICE_PROFILE, school, object_type="choice_profile", reason=actions.NO_RIGHT
    ):
        return _forbidden(request, actions.NO_RIGHT)
    problem = None
    values: Mapping[str, Any] = {**(profile_data(request.GET) or EXAMPLE), "name": ""}  # from a ranking: prefilled
    if request.method == "POST":
        response, problem = _save(request, school, None)
        if response is not None:
            return response
        values = profile_data(request.POST)
    return render(
        request,
        "choice/profile_form.html",
        {**form_context(values), "school": school, "profile": None, "may_manage": True, "problem": problem,
         "errors": problem.fields if problem else {}, "error_list": error_list(problem) if problem else []},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, profile_uuid: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    profile = actions.profile_by_uuid(profile_uuid)
    if profile is None:
        return _not_found(request)
    actor = accounts.actor_of(request)
    problem = None
    values: Mapping[str, Any]
    if request.method == "POST":
        response, problem = _save(request, profile.organisation, profile)
        if response is not None:
            return response
        values = profile_data(request.POST)
    else:
        try:
            actions.require_view(actor, profile)
        except actions.Refused as refused:
            return _forbidden(request, refused.message)
        values = actions.form_data_of(profile)
        found = curriculum.subject_by_id_or_name(profile.subject_id)
        values["subject"] = found[1] if found else profile.subject_id  # the name, as typed in the form
    may_manage = accounts.allows(actor, accounts.Action.MANAGE_CHOICE_PROFILE, profile.organisation)
    return render(
        request,
        "choice/profile_form.html",
        {**form_context(values), "school": profile.organisation, "profile": profile, "may_manage": may_manage,
         "problem": problem, "errors": problem.fields if problem else {},
         "error_list": error_list(problem) if problem else []},
    )  # fmt: skip


@require_POST
def profile_delete(request: HttpRequest, profile_uuid: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    profile = actions.profile_by_uuid(profile_uuid)
    if profile is None:
        return _not_found(request)
    try:
        actions.delete_profile(accounts.actor_of(request), profile)
    except actions.Refused as refused:
        return _forbidden(request, refused.message)
    messages.success(request, f"Het profiel ‘{profile.name}’ is verwijderd.")
    return redirect(reverse("choice:start"))


urlpatterns: list[URLPattern] = [
    path("", start, name="start"),
    path("profiel/nieuw/", profile_new, name="profile-new"),
    path("profiel/<uuid:profile_uuid>/", profile_edit, name="profile"),
    path("profiel/<uuid:profile_uuid>/verwijderen/", profile_delete, name="profile-delete"),
]
