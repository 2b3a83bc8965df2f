"""API of the ranking and the mix (W8 §2, §3, §5), mounted under /api/v1/choice by `choice.api`.

- `POST /mix` and `POST /ranking`: the profile as JSON in the body (the keys of the form and of `wijzer mix`'s file);
  public, as they compute from public catalogue data and store nothing.
- `GET /profiles/{profile_uuid}/mix`: the mix of a school's saved profile, for its members (`Action.VIEW_CHOICES`,
  audited refusal; the public sees nothing of a school's profile).

A profile that cannot be used is a 422 with a Dutch message per field; no mix (no candidates, impossible must-haves,
zero pupils, no budget for anything) is a 200 with status `no_mix` and the explanation of what to relax.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest

from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts

from .actions import profiles as actions
from .candidates import assemble
from .domain.mix_result import MixInputError
from .domain.profile import ProfileInvalid, ProfileSpec, parse_profile
from .domain.ranking import RankingError
from .models import ChoiceProfile
from .outcome import mix_assembly, mix_json, rank_assembly, ranking_json
from .schemas import DetailOut, MixOut, ProfileIn, RankingOut, RefusedOut

router = Router(tags=["keuzehulp"])

Answer = Status[dict[str, Any]]
NO_BODY = (
    'Stuur het profiel als JSON in de body, bijvoorbeeld {"sector": "vo", "subject": "Rekenen en wiskunde", '
    '"pupils": 120, "budget_per_pupil": "45,00"}.'
)
PROFILE_NOT_FOUND = "Dit keuzeprofiel bestaat niet (meer). Controleer de uuid."
BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": ProfileIn.json_schema()}}}}


def profile_body(request: HttpRequest) -> ProfileSpec:
    """The profile in the request body; ProfileInvalid (Dutch) for an empty body, malformed JSON or a bad profile."""
    if not request.body.strip():
        raise ProfileInvalid(NO_BODY, {"profile": NO_BODY})
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as problem:
        where = f" (regel {problem.lineno}, kolom {problem.colno})" if isinstance(problem, json.JSONDecodeError) else ""
        message = f"De body is geen geldige JSON{where}. {NO_BODY}"
        raise ProfileInvalid(message, {"profile": message}) from None
    return parse_profile(data)


def refused(problem: ProfileInvalid | MixInputError | RankingError) -> Answer:
    if isinstance(problem, ProfileInvalid):
        return Status(422, {"detail": problem.message, "fields": problem.fields})
    message = f"Het profiel kan zo niet worden doorgerekend: {problem}."
    return Status(422, {"detail": message, "fields": {"profile": str(problem)}})


@router.post(
    "/mix",
    response={200: MixOut, 422: RefusedOut},
    summary="De optimale mix van methodes, delen en open materiaal voor een profiel (openbaar, slaat niets op)",
    openapi_extra=BODY,
)
def mix(request: HttpRequest) -> Answer:
    try:
        return Status(200, mix_json(mix_assembly(assemble(profile_body(request)))))
    except (ProfileInvalid, MixInputError, RankingError) as problem:
        return refused(problem)


@router.post(
    "/ranking",
    response={200: RankingOut, 422: RefusedOut},
    summary="De uitgelegde rangschikking van de kandidaten voor een profiel (openbaar, slaat niets op)",
    openapi_extra=BODY,
)
def ranking(request: HttpRequest) -> Answer:
    try:
        assembly = assemble(profile_body(request))
        return Status(200, ranking_json(assembly, rank_assembly(assembly)))
    except (ProfileInvalid, MixInputError, RankingError) as problem:
        return refused(problem)


def profile_auth(action: accounts.Action, message: str) -> Any:
    """A token or session whose role may do `action` for the school of the profile in the path: 401 without, a
    Dutch 404 for an unknown profile, 403 (audited) otherwise."""

    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        match = request.resolver_match
        profile = actions.profile_by_uuid(match.kwargs.get("profile_uuid", "") if match else "")
        if profile is None:
            raise HttpError(404, PROFILE_NOT_FOUND)
        if not accounts.check(
            accounts.actor_of(request),
            action,
            profile.organisation,
            object_type="choice_profile",
            object_id=str(profile.uuid),
            reason=message,
        ):
            raise AuthorizationError(403, message)
        return principal

    authenticate.__name__ = f"profile_auth_{action.name.lower()}"
    return authenticate


VIEW_MESSAGE = "Dit keuzeprofiel is van een school; alleen de leden van die school kunnen het zien."


def stored_profile(profile_uuid: str) -> ChoiceProfile:
    profile = actions.profile_by_uuid(profile_uuid)
    if profile is None:
        raise HttpError(404, PROFILE_NOT_FOUND)
    return profile


@router.get(
    "/profiles/{profile_uuid}/mix",
    auth=profile_auth(accounts.Action.VIEW_CHOICES, VIEW_MESSAGE),
    response={200: MixOut, 403: DetailOut, 404: DetailOut, 422: RefusedOut},
    summary="De optimale mix voor een bewaard profiel van een school (leden van die school)",
)
def profile_mix(request: HttpRequest, profile_uuid: str) -> Answer:
    profile = stored_profile(profile_uuid)
    try:
        return Status(200, mix_json(mix_assembly(assemble(actions.spec_of(profile)))))
    except (ProfileInvalid, MixInputError, RankingError) as problem:
        return refused(problem)
