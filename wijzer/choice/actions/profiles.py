"""Writes of a school's choice profiles (W8 §1): save (create or change) and delete, for its organisation (W2).

Both need `Action.MANAGE_CHOICE_PROFILE` for the school or branch the profile belongs to (its section heads and
school leaders, platform administrators), asked through the one audited check; a refusal raises `Refused` (Dutch)
and changes nothing. A save parses the profile (`domain.profile`), checks its subject and goals against the
curriculum and its name against the school's other profiles, then writes the profile and its `choice.profile_saved`
audit row (with the profile before and after) in one transaction: all or nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.choice.candidates import required_goals, resolve_subject
from wijzer.choice.constants import ChoiceAuditAction
from wijzer.choice.domain.profile import DEFAULT_WEIGHTS, ProfileInvalid, ProfileSpec, euro_text, parse_profile
from wijzer.choice.models import ChoiceProfile

PROFILE_KINDS = frozenset({accounts.OrganisationKind.SCHOOL, accounts.OrganisationKind.BRANCH})
NO_RIGHT = (
    "Een keuzeprofiel van een school bewaren of verwijderen doen de sectievoorzitters en schoolleiders van die "
    "school. Kies rechtsboven de rol bij die school; een profiel zonder op te slaan kan iedereen doorrekenen."
)
NOT_A_SCHOOL = "Een keuzeprofiel hoort bij een school of vestiging; kies rechtsboven de rol bij een school."
NEEDS_PERSON = "Een keuzeprofiel wordt bewaard op naam van een persoon: log in als lid van de school."
NAME_TAKEN = "deze school heeft al een profiel met deze naam; kies een andere naam"


class Refused(Exception):
    """The actor may not do this (the refusal is in the audit log); `message` (Dutch) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def profile_by_uuid(value: object) -> ChoiceProfile | None:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        return None
    return ChoiceProfile.objects.select_related("organisation", "created_by").filter(uuid=key).first()


def profiles_of(organisation: accounts.Organisation) -> list[ChoiceProfile]:
    return list(ChoiceProfile.objects.filter(organisation=organisation).order_by("name", "pk"))


def spec_of(profile: ChoiceProfile) -> ProfileSpec:
    """The stored profile as a spec (what the ranking and the mix take)."""
    return ProfileSpec(
        sector=profile.sector,
        subject=profile.subject_id,
        pupils=profile.pupils,
        budget_per_pupil_cents=profile.budget_per_pupil_cents,
        levels=tuple(profile.level_ids or ()),
        framework=profile.framework,
        required_goals=tuple(profile.required_goal_ids or ()),
        vision=tuple(profile.vision or ()),
        weights=dict(profile.weights or {}) or dict(DEFAULT_WEIGHTS),
        must_haves=tuple(profile.must_haves or ()),
        count_suggested=profile.count_suggested,
        name=profile.name,
    )


def form_data_of(profile: ChoiceProfile) -> dict[str, Any]:
    """The stored profile with the keys of the form, the API and the CLI."""
    data = spec_of(profile).as_json()
    data["budget_per_pupil"] = euro_text(profile.budget_per_pupil_cents)
    return data


def require_view(actor: accounts.Actor, profile: ChoiceProfile) -> None:
    message = "Dit keuzeprofiel is van een andere school; alleen de leden van die school kunnen het zien."
    if not accounts.check(
        actor,
        accounts.Action.VIEW_CHOICES,
        profile.organisation,
        object_type="choice_profile",
        object_id=str(profile.uuid),
        reason=message,
    ):
        raise Refused(message)


def _require_manage(actor: accounts.Actor, organisation: accounts.Organisation, object_id: str) -> accounts.User:
    if not accounts.check(
        actor,
        accounts.Action.MANAGE_CHOICE_PROFILE,
        organisation,
        object_type="choice_profile",
        object_id=object_id,
        reason=NO_RIGHT,
    ):
        raise Refused(NO_RIGHT)
    if actor.user is None:
        raise Refused(NEEDS_PERSON)
    return actor.user


def _stored(spec: ProfileSpec, subject_uuid: str) -> dict[str, Any]:
    return {
        "name": spec.name,
        "sector": spec.sector,
        "level_ids": list(spec.levels),
        "subject_id": subject_uuid,
        "pupils": spec.pupils,
        "budget_per_pupil_cents": spec.budget_per_pupil_cents,
        "framework": spec.framework,
        "required_goal_ids": list(spec.required_goals),
        "vision": list(spec.vision),
        "weights": dict(spec.weights),
        "must_haves": list(spec.must_haves),
        "count_suggested": spec.count_suggested,
    }


def same_as(profile: ChoiceProfile, data: Mapping[str, Any]) -> bool:
    """Whether saving `data` over `profile` would change nothing (a demo loader then leaves it, and its log, alone)."""
    try:
        spec = parse_profile(data, require_name=True)
        subject_uuid, _title = resolve_subject(spec.subject)
    except ProfileInvalid:
        return False
    return _stored(spec, subject_uuid) == _stored(spec_of(profile), profile.subject_id)


def save_profile(
    actor: accounts.Actor,
    organisation: accounts.Organisation,
    data: Mapping[str, Any],
    *,
    profile: ChoiceProfile | None = None,
    is_demo: bool = False,
) -> ChoiceProfile:
    """Create a profile for `organisation` (or change `profile`, which must be that organisation's). Refused (403)
    or ProfileInvalid (Dutch, per field); nothing is written then."""
    if profile is not None and profile.organisation_id != organisation.pk:
        raise Refused(NO_RIGHT)
    user = _require_manage(actor, organisation, str(profile.uuid) if profile else "")
    if organisation.kind not in PROFILE_KINDS:
        raise ProfileInvalid(NOT_A_SCHOOL, {"profile": NOT_A_SCHOOL})
    spec = parse_profile(data, require_name=True)
    subject_uuid, _title = resolve_subject(spec.subject)
    required_goals(spec, subject_uuid)  # every listed goal exists in the framework
    taken = ChoiceProfile.objects.filter(organisation=organisation, name=spec.name)
    if profile is not None:
        taken = taken.exclude(pk=profile.pk)
    if taken.exists():
        raise ProfileInvalid(f"Naam: {NAME_TAKEN}.", {"name": NAME_TAKEN})
    values = _stored(spec, subject_uuid)
    with transaction.atomic():
        before = None
        if profile is None:
            profile = ChoiceProfile.objects.create(
                organisation=organisation, created_by=user, is_demo=is_demo, **values
            )
        else:
            profile = ChoiceProfile.objects.select_for_update().get(pk=profile.pk)
            before = _stored(spec_of(profile), profile.subject_id)
            for key, value in values.items():
                setattr(profile, key, value)
            profile.save()
        accounts.record_audit_event(
            ChoiceAuditAction.PROFILE_SAVED,
            actor=user,
            actor_label=actor.label,
            organisation=organisation,
            object_type="choice_profile",
            object_id=str(profile.uuid),
            ip=actor.ip,
            details={"before": before, "after": values},
        )
    return profile


def delete_profile(actor: accounts.Actor, profile: ChoiceProfile) -> None:
    """Delete a profile (its shortlists keep their entries and lose the link). Refused (403) changes nothing."""
    user = _require_manage(actor, profile.organisation, str(profile.uuid))
    with transaction.atomic():
        before = _stored(spec_of(profile), profile.subject_id)
        accounts.record_audit_event(
            ChoiceAuditAction.PROFILE_DELETED,
            actor=user,
            actor_label=actor.label,
            organisation=profile.organisation,
            object_type="choice_profile",
            object_id=str(profile.uuid),
            ip=actor.ip,
            details={"before": before},
        )
        profile.delete()
