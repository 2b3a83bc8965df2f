"""Writing an experience (W6 §3): permission, validation, one per person, all-or-nothing, audit."""

from __future__ import annotations

import uuid

import pytest

from wijzer.accounts import service as accounts
from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions.experiences import write_experience
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import Experience, ExperienceScore
from wijzer.quality.tests.experience_world import actor_for
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    framework = make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Test")
    school = OrganisationFactory(school=True, name="Testschool")
    product = ProductFactory(owner=publisher, title="Rekenrijk 4")
    return framework, school, product


def test_a_teacher_writes_one_experience_and_writing_again_updates_it(world):
    framework, school, product = world
    teacher = actor_for(school, Role.TEACHER)
    first = write_experience(
        teacher,
        product,
        scores={"inhoud": 4, "didactiek": None},
        text="Fijne methode.",
        sector="vo",
        level="havo 3",
        months_used=24,
    )
    assert first.school == school
    assert first.framework == framework
    assert first.sector == "vo"
    scores = dict(ExperienceScore.objects.filter(experience=first).values_list("topic__code", "score"))
    assert scores == {
        "inhoud": 4,
        "didactiek": None,
        "leerling": None,
        "vormgeving": None,
        "technologie": None,
        "inclusiviteit": None,
        "toegankelijkheid": None,
    }
    second = write_experience(teacher, product, scores={"leerling": 2}, text="Toch minder.", sector="vo")
    assert second.pk == first.pk
    assert Experience.objects.count() == 1
    scores = dict(ExperienceScore.objects.filter(experience=first).values_list("topic__code", "score"))
    assert scores["inhoud"] is None
    assert scores["leerling"] == 2
    assert ExperienceScore.objects.count() == 7
    second.refresh_from_db()
    assert second.text == "Toch minder."
    assert second.level == ""
    assert second.months_used is None
    events = AuditEvent.objects.filter(action=QualityAuditAction.EXPERIENCE_WRITTEN).order_by("pk")
    assert [e.details["updated"] for e in events] == [False, True]
    assert events[0].object_id == str(first.uuid)
    assert events[0].organisation == school


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"scores": {}}, "scores"),
        ({"scores": {"inhoud": None}}, "scores"),
        ({"scores": {"inhoud": 5}}, "scores.inhoud"),
        ({"scores": {"inhoud": 0}}, "scores.inhoud"),
        ({"scores": {"inhoud": "veel"}}, "scores.inhoud"),
        ({"scores": {"inhoud": True}}, "scores.inhoud"),
        ({"scores": {"bestaat-niet": 3}}, "scores"),
        ({"text": "x" * 2001}, "text"),
        ({"sector": "mbo"}, "sector"),
        ({"months_used": 241}, "months_used"),
        ({"months_used": -1}, "months_used"),
        ({"months_used": "twee"}, "months_used"),
        ({"level": "y" * 101}, "level"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_field_message_and_nothing_stored(world, kwargs, field):
    _, school, product = world
    teacher = actor_for(school, Role.TEACHER)
    arguments = {"scores": {"inhoud": 3}, "text": "", **kwargs}
    with pytest.raises(QualityError) as refused:
        write_experience(teacher, product, **arguments)
    assert field in refused.value.fields
    assert refused.value.fields[field][0].isupper()
    assert Experience.objects.count() == 0
    assert ExperienceScore.objects.count() == 0
    assert not AuditEvent.objects.filter(action=QualityAuditAction.EXPERIENCE_WRITTEN).exists()


def test_a_refused_update_keeps_the_old_experience_whole(world):
    _, school, product = world
    teacher = actor_for(school, Role.TEACHER)
    write_experience(teacher, product, scores={"inhoud": 3}, text="Eerste versie.")
    with pytest.raises(QualityError):
        write_experience(teacher, product, scores={"inhoud": 9}, text="Tweede versie.")
    experience = Experience.objects.get()
    assert experience.text == "Eerste versie."
    assert ExperienceScore.objects.get(experience=experience, topic__code="inhoud").score == 3


def test_an_unknown_product_is_a_dutch_not_found(world):
    _, school, _ = world
    teacher = actor_for(school, Role.TEACHER)
    for value in (uuid.uuid4(), "geen-uuid"):
        with pytest.raises(NotFound) as missing:
            write_experience(teacher, value, scores={"inhoud": 3}, text="")
        assert "bestaat niet" in missing.value.message


@pytest.mark.parametrize("role", [Role.PUBLISHER_EDITOR, Role.REVIEWER, Role.BOARD_BUYER])
def test_only_school_staff_write_and_a_refusal_is_audited(world, role):
    _, _, product = world
    kinds = {
        Role.PUBLISHER_EDITOR: {"publisher": True},
        Role.REVIEWER: {"panel": True},
        Role.BOARD_BUYER: {"board": True},
    }
    actor = actor_for(OrganisationFactory(**kinds[role]), role)
    with pytest.raises(Forbidden):
        write_experience(actor, product, scores={"inhoud": 3}, text="")
    assert Experience.objects.count() == 0
    denial = AuditEvent.objects.get(action=accounts.AuditAction.ACCESS_DENIED)
    assert denial.details["action"] == str(accounts.Action.WRITE_EXPERIENCE)
    assert denial.object_id == str(product.uuid)


def test_without_a_published_framework_nothing_can_be_written(db):
    school = OrganisationFactory(school=True)
    product = ProductFactory()
    make_framework(published=False)
    with pytest.raises(QualityError) as refused:
        write_experience(actor_for(school, Role.TEACHER), product, scores={"inhoud": 3}, text="")
    assert "kwaliteitskader" in refused.value.message


def test_a_failure_inside_the_write_leaves_nothing_half(world, monkeypatch):
    _, school, product = world
    teacher = actor_for(school, Role.TEACHER)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("logboek onbereikbaar")

    monkeypatch.setattr("wijzer.quality.actions.experiences.accounts.record_audit_event", broken_audit)
    with pytest.raises(RuntimeError):
        write_experience(teacher, product, scores={"inhoud": 3}, text="Half?")
    assert Experience.objects.count() == 0
    assert ExperienceScore.objects.count() == 0


def test_an_update_that_fails_inside_keeps_the_old_scores(world, monkeypatch):
    _, school, product = world
    teacher = actor_for(school, Role.TEACHER)
    write_experience(teacher, product, scores={"inhoud": 3, "didactiek": 4}, text="Oud")

    def broken_audit(*args, **kwargs):
        raise RuntimeError("logboek onbereikbaar")

    monkeypatch.setattr("wijzer.quality.actions.experiences.accounts.record_audit_event", broken_audit)
    with pytest.raises(RuntimeError):
        write_experience(teacher, product, scores={"leerling": 1}, text="Nieuw")
    experience = Experience.objects.get()
    assert experience.text == "Oud"
    scores = dict(ExperienceScore.objects.filter(experience=experience).values_list("topic__code", "score"))
    assert (scores["inhoud"], scores["didactiek"], scores["leerling"]) == (3, 4, None)
