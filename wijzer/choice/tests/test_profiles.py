"""Profiles (W8 §1): parsed from form data or JSON with Dutch field errors; saved per school by its section heads and
school leaders (MANAGE_CHOICE_PROFILE), audited with before and after, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from wijzer.accounts import service as accounts
from wijzer.accounts.constants import Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.helpers import World, build_world
from wijzer.choice.actions import profiles as actions
from wijzer.choice.domain.profile import DEFAULT_WEIGHTS, ProfileInvalid, parse_euro_cents, parse_profile
from wijzer.choice.models import ChoiceProfile


def valid_profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Rekenen onderbouw",
        "sector": "po",
        "subject": "Rekenen en wiskunde",
        "pupils": 60,
        "budget_per_pupil": "40,00",
        "weights": {"price": 50, "coverage": 50},
        "must_haves": ["sold_separately"],
    }
    data.update(changes)
    return data


def actor(world: World, role: Role) -> accounts.Actor:
    membership = world.members[role]
    return accounts.Actor(
        membership.user.email, membership.organisation, role=RoleCode(membership.role), user=membership.user
    )


def section_head(world: World) -> accounts.Actor:
    return actor(world, Role.SECTION_HEAD)


# --- the pure spec ---------------------------------------------------------------------------------------------


def test_a_profile_from_form_strings_and_from_json_is_the_same_spec() -> None:
    form = parse_profile(
        {"sector": "VO", "subject": "Wiskunde", "pupils": "120", "budget_per_pupil": "45,50",
         "levels": "a3ddbe60-8478-4204-b769-6f5e9f4cbca2", "must_haves": ["eduv", "eduv"], "count_suggested": "on",
         "weights": {"price": "30", "quality": "0", "coverage": "70"}}
    )  # fmt: skip
    as_json = parse_profile(
        {"sector": "vo", "subject": "Wiskunde", "pupils": 120, "budget_per_pupil": 45.5,
         "levels": ["A3DDBE60-8478-4204-B769-6F5E9F4CBCA2"], "must_haves": ["eduv"], "count_suggested": True,
         "weights": {"price": 30, "coverage": 70}}
    )  # fmt: skip
    assert form == as_json
    assert form.budget_per_pupil_cents == 4550
    assert form.budget_cents == 4550 * 120
    assert form.must_haves == ("eduv",)
    assert form.as_json()["budget_per_pupil"] == "45,50"
    assert parse_profile(form.as_json()) == form


def test_defaults_when_left_out() -> None:
    spec = parse_profile({"sector": "po", "subject": "x", "pupils": 1, "budget_per_pupil": 0})
    assert spec.framework == "kerndoelen-2006"
    assert dict(spec.weights) == dict(DEFAULT_WEIGHTS)
    assert spec.required_goals == ()
    assert spec.must_haves == ()
    assert not spec.count_suggested
    assert spec.budget_per_pupil_cents == 0


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sector": "mbo"}, "sector", "kies een sector"),
        ({"subject": ""}, "subject", "kies een vak"),
        ({"pupils": ""}, "pupils", "heel getal"),
        ({"pupils": "１２"}, "pupils", "heel getal"),
        ({"pupils": -1}, "pupils", "niet negatief"),
        ({"pupils": True}, "pupils", "heel getal"),
        ({"pupils": 10**9}, "pupils", "te groot"),
        ({"budget_per_pupil": "1.000,00"}, "budget_per_pupil", "bedrag in euro"),
        ({"budget_per_pupil": -5}, "budget_per_pupil", "niet negatief"),
        ({"budget_per_pupil": float("nan")}, "budget_per_pupil", "bedrag in euro"),
        ({"framework": "kerndoelen-1999"}, "framework", "kies een kader"),
        ({"levels": ["groep 5"]}, "levels", "geen SLO-id"),
        ({"required_goals": "abc"}, "required_goals", "geen SLO-id"),
        ({"weights": {"price": 0, "coverage": 0}}, "weights", "minstens één criterium"),
        ({"weights": {"fun": 10}}, "weights", "onbekend criterium"),
        ({"weights": {"price": 101}}, "weights", "tussen 0 en 100"),
        ({"weights": [1, 2]}, "weights", "criterium en getal"),
        ({"must_haves": ["cheap"]}, "must_haves", "onbekend"),
        ({"count_suggested": "misschien"}, "count_suggested", "ja of nee"),
        ({"colour": "blue"}, "profile", "onbekende velden"),
        ({"name": "x" * 201}, "name", "te lang"),
    ],
)
def test_dutch_field_errors(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(ProfileInvalid) as refused:
        parse_profile(valid_profile(**changes))
    assert words in refused.value.fields[field]
    assert refused.value.message.startswith("Het profiel kan zo niet worden gebruikt.")


def test_euro_amounts() -> None:
    assert parse_euro_cents("€ 12,5") == 1250
    assert parse_euro_cents(12) == 1200
    assert parse_euro_cents("0") == 0
    with pytest.raises(ValueError, match="bedrag in euro"):
        parse_euro_cents("12,345")


# --- saving ----------------------------------------------------------------------------------------------------


@pytest.fixture
def world(slo: None) -> World:
    return build_world()


@pytest.mark.django_db
def test_the_section_head_saves_a_profile_for_the_school_audited(world: World) -> None:
    profile = actions.save_profile(section_head(world), world.school, valid_profile())
    assert profile.organisation == world.school
    assert profile.subject_id  # the SLO uuid of "Rekenen en wiskunde"
    assert profile.budget_per_pupil_cents == 4000
    assert profile.created_by == world.members[Role.SECTION_HEAD].user
    event = AuditEvent.objects.get(action="choice.profile_saved", object_id=str(profile.uuid))
    assert event.details["before"] is None
    assert event.details["after"]["pupils"] == 60

    changed = actions.save_profile(section_head(world), world.school, valid_profile(pupils=75), profile=profile)
    assert changed.pk == profile.pk
    assert changed.pupils == 75
    latest = AuditEvent.objects.filter(action="choice.profile_saved").order_by("-pk").first()
    assert latest is not None
    assert (latest.details["before"]["pupils"], latest.details["after"]["pupils"]) == (60, 75)
    assert actions.form_data_of(changed)["subject"] == profile.subject_id
    assert actions.spec_of(changed).pupils == 75


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TEACHER, Role.BOARD_BUYER, Role.PUBLISHER_EDITOR, Role.PRIVACY_OFFICER])
def test_others_are_refused_audited_and_nothing_changes(world: World, role: Role) -> None:
    with pytest.raises(actions.Refused):
        actions.save_profile(actor(world, role), world.school, valid_profile())
    assert not ChoiceProfile.objects.exists()
    assert AuditEvent.objects.filter(action="access.denied", organisation=world.school).exists()


@pytest.mark.django_db
def test_an_invalid_profile_or_a_taken_name_changes_nothing(world: World) -> None:
    with pytest.raises(ProfileInvalid) as refused:
        actions.save_profile(section_head(world), world.school, valid_profile(subject="Klingon"))
    assert "kent Wijzer niet" in refused.value.fields["subject"]
    with pytest.raises(ProfileInvalid) as unnamed:
        actions.save_profile(section_head(world), world.school, valid_profile(name=""))
    assert "naam" in unnamed.value.fields["name"]
    actions.save_profile(section_head(world), world.school, valid_profile())
    with pytest.raises(ProfileInvalid) as taken:
        actions.save_profile(section_head(world), world.school, valid_profile(pupils=1))
    assert "al een profiel met deze naam" in taken.value.fields["name"]
    assert list(ChoiceProfile.objects.values_list("pupils", flat=True)) == [60]
    assert AuditEvent.objects.filter(action="choice.profile_saved").count() == 1


@pytest.mark.django_db
def test_delete_is_audited_and_refused_for_a_teacher(world: World) -> None:
    profile = actions.save_profile(section_head(world), world.school, valid_profile())
    with pytest.raises(actions.Refused):
        actions.delete_profile(actor(world, Role.TEACHER), profile)
    assert ChoiceProfile.objects.filter(pk=profile.pk).exists()
    actions.delete_profile(section_head(world), profile)
    assert not ChoiceProfile.objects.exists()
    assert AuditEvent.objects.filter(action="choice.profile_deleted", object_id=str(profile.uuid)).exists()


@pytest.mark.django_db
def test_the_demo_profile_loads_once_and_a_second_run_changes_nothing(slo: None) -> None:
    from wijzer.accounts.actions import do_load_demo_accounts
    from wijzer.choice.demo import load_demo_choice

    do_load_demo_accounts()
    first = load_demo_choice()
    assert first.created
    assert first.profile.organisation.name == "Het Voorbeeld College (voorbeeld)"
    assert first.profile.is_demo
    saved = AuditEvent.objects.filter(action="choice.profile_saved").count()
    again = load_demo_choice()
    assert (again.created, again.changed) == (False, False)
    assert again.profile.pk == first.profile.pk
    assert AuditEvent.objects.filter(action="choice.profile_saved").count() == saved
    assert "bestond al" in again.summary()
