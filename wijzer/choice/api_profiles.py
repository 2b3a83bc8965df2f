"""API of a school's saved choice profiles (W8 §1), mounted under /api/v1/choice by `choice.api`.

Profiles belong to a school or branch (W2): its members read them (`Action.VIEW_CHOICES`), its section heads and
school leaders save and delete them (`Action.MANAGE_CHOICE_PROFILE`; platform administrators too). Every save and
delete is audited; a refusal is audited and answered 403 in Dutch, an unknown profile or organisation 404, a profile
that cannot be stored 422 with a Dutch message per field. Authentication: a session (CSRF-checked) or a token.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts

from .actions import profiles as actions
from .api_mix import BODY, NO_BODY, VIEW_MESSAGE, profile_auth, stored_profile
from .domain.profile import ProfileInvalid
from .models import ChoiceProfile
from .schemas import DetailOut, ProfileListOut, ProfileOut, RefusedOut

router = Router(tags=["keuzehulp"])

Answer = Status[dict[str, Any]]
ORGANISATION_NOT_FOUND = "Deze organisatie is niet bekend in Wijzer. Controleer de uuid."


def profile_out(profile: ChoiceProfile, subject_title: str = "") -> dict[str, Any]:
    return {
        "uuid": str(profile.uuid),
        "organisation": {"id": str(profile.organisation.uuid), "title": profile.organisation.name},
        "profile": actions.form_data_of(profile),
        "subject_title": subject_title,
        "created_by": profile.created_by.get_full_name() or profile.created_by.email,
        "updated_at": timezone.localtime(profile.updated_at).isoformat(),
        "is_demo": profile.is_demo,
    }


def _organisation(value: object) -> accounts.Organisation:
    try:
        found = accounts.Organisation.objects.filter(uuid=str(value)).first()
    except Exception:
        found = None
    if found is None:
        raise HttpError(404, ORGANISATION_NOT_FOUND)
    return found


def organisation_auth(action: accounts.Action, message: str) -> Any:
    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        match = request.resolver_match
        organisation = _organisation(match.kwargs.get("organisation_uuid", "") if match else "")
        if not accounts.check(accounts.actor_of(request), action, organisation, reason=message):
            raise AuthorizationError(403, message)
        return principal

    authenticate.__name__ = f"organisation_auth_{action.name.lower()}"
    return authenticate


def _data(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body) if request.body.strip() else None
    except (ValueError, UnicodeDecodeError):
        message = f"De body is geen geldige JSON. {NO_BODY}"
        raise ProfileInvalid(message, {"profile": message}) from None
    if not isinstance(data, dict):
        raise ProfileInvalid(NO_BODY, {"profile": NO_BODY})
    return data


def _subject_title(profile: ChoiceProfile) -> str:
    from .candidates import resolve_subject

    try:
        return resolve_subject(profile.subject_id)[1]
    except ProfileInvalid:
        return ""


@router.get(
    "/organisations/{organisation_uuid}/profiles",
    auth=organisation_auth(accounts.Action.VIEW_CHOICES, VIEW_MESSAGE),
    response={200: ProfileListOut, 403: DetailOut, 404: DetailOut},
    summary="De bewaarde keuzeprofielen van een school (leden van die school)",
)
def list_profiles(request: HttpRequest, organisation_uuid: str) -> Answer:
    organisation = _organisation(organisation_uuid)
    items = [profile_out(p) for p in actions.profiles_of(organisation)]
    return Status(200, {"count": len(items), "items": items})


@router.post(
    "/organisations/{organisation_uuid}/profiles",
    auth=organisation_auth(accounts.Action.MANAGE_CHOICE_PROFILE, actions.NO_RIGHT),
    response={201: ProfileOut, 403: DetailOut, 404: DetailOut, 422: RefusedOut},
    summary="Een keuzeprofiel voor een school bewaren (sectievoorzitter of schoolleider)",
    openapi_extra=BODY,
)
def create_profile(request: HttpRequest, organisation_uuid: str) -> Answer:
    organisation = _organisation(organisation_uuid)
    try:
        profile = actions.save_profile(accounts.actor_of(request), organisation, _data(request))
    except actions.Refused as refused:
        return Status(403, {"detail": refused.message})
    except ProfileInvalid as problem:
        return Status(422, {"detail": problem.message, "fields": problem.fields})
    return Status(201, profile_out(profile, _subject_title(profile)))


@router.get(
    "/profiles/{profile_uuid}",
    auth=profile_auth(accounts.Action.VIEW_CHOICES, VIEW_MESSAGE),
    response={200: ProfileOut, 403: DetailOut, 404: DetailOut},
    summary="Een bewaard keuzeprofiel (leden van de school)",
)
def get_profile(request: HttpRequest, profile_uuid: str) -> Answer:
    profile = stored_profile(profile_uuid)
    return Status(200, profile_out(profile, _subject_title(profile)))


@router.put(
    "/profiles/{profile_uuid}",
    auth=profile_auth(accounts.Action.MANAGE_CHOICE_PROFILE, actions.NO_RIGHT),
    response={200: ProfileOut, 403: DetailOut, 404: DetailOut, 422: RefusedOut},
    summary="Een bewaard keuzeprofiel vervangen (alles of niets)",
    openapi_extra=BODY,
)
def put_profile(request: HttpRequest, profile_uuid: str) -> Answer:
    profile = stored_profile(profile_uuid)
    try:
        saved = actions.save_profile(accounts.actor_of(request), profile.organisation, _data(request), profile=profile)
    except actions.Refused as refused:
        return Status(403, {"detail": refused.message})
    except ProfileInvalid as problem:
        return Status(422, {"detail": problem.message, "fields": problem.fields})
    return Status(200, profile_out(saved, _subject_title(saved)))


@router.delete(
    "/profiles/{profile_uuid}",
    auth=profile_auth(accounts.Action.MANAGE_CHOICE_PROFILE, actions.NO_RIGHT),
    response={204: None, 403: DetailOut, 404: DetailOut},
    summary="Een bewaard keuzeprofiel verwijderen",
)
def delete_profile(request: HttpRequest, profile_uuid: str) -> Answer:
    profile = stored_profile(profile_uuid)
    try:
        actions.delete_profile(accounts.actor_of(request), profile)
    except actions.Refused as refused:
        return Status(403, {"detail": refused.message})
    return Status(204, None)  # type: ignore[arg-type]
