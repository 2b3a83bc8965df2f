"""Loading and publishing framework versions: all or nothing, idempotent, immutable once published, audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wijzer.accounts.constants import AuditAction
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.permissions import Actor, cli_actor
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from wijzer.quality import service
from wijzer.quality.actions.framework import (
    NOT_ALLOWED,
    FrameworkRefused,
    load_framework,
    load_framework_with_status,
    publish_framework,
)
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.exceptions import NotFound, QualityError
from wijzer.quality.models import Criterion, Framework, Topic
from wijzer.quality.query import current_framework
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[3] / "data" / "quality" / "kwaliteitskader-2026.1.json"


def real() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return data


def as_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def person(role: RoleCode) -> Actor:
    organisation = (
        OrganisationFactory(platform=True, name="Wijzer")
        if role == RoleCode.PLATFORM_ADMIN
        else OrganisationFactory(school=True)
    )
    membership = MembershipFactory(user=UserFactory(), organisation=organisation, role=role.value)
    return Actor(membership.user.email, organisation, role=role, user=membership.user)


def snapshot() -> tuple[int, int, int, list[tuple[str, str | None]]]:
    return (
        Framework.objects.count(),
        Topic.objects.count(),
        Criterion.objects.count(),
        sorted((f.version, f.checksum) for f in Framework.objects.all()),
    )


def audit(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_the_repository_file_loads_as_a_draft_with_seven_topics_and_both_extensions():
    result = load_framework_with_status(FILE, cli_actor("test"))
    framework = result.framework
    assert result.status == "created"
    assert framework.published_at is None
    assert current_framework() is None  # a draft is not in force
    assert [t.code for t in framework.topics.order_by("position")] == [
        "inhoud",
        "didactiek",
        "leerling",
        "vormgeving",
        "technologie",
        "inclusiviteit",
        "toegankelijkheid",
    ]
    criteria = Criterion.objects.filter(topic__framework=framework)
    assert criteria.count() == 41
    assert sorted(criteria.filter(gateway=True).values_list("code", flat=True)) == ["INH.1", "INH.2"]
    assert criteria.filter(subject="nederlands").count() == 4
    assert criteria.filter(subject="rekenen-wiskunde").count() == 5
    inhoud = [c.code for c in criteria.filter(topic__code="inhoud").order_by("position")]
    assert inhoud == ["INH.1", "INH.2", "INH.3", "INH.4", "INH.5", "INH.6", "NL.1", "RW.1", "RW.2"]
    assert framework.gateway_name == "Aansluiting op de kerndoelen"
    assert framework.gateway_pass_at == 3
    assert [s["key"] for s in framework.sources][:2] == ["researchned-2024", "udir-2021"]
    [loaded] = audit(QualityAuditAction.FRAMEWORK_LOADED)
    assert loaded.object_id == "2026.1"
    assert loaded.actor_label == "test"
    assert loaded.details["status"] == "created"
    assert loaded.details["criteria"] == 41


def test_loading_the_same_version_with_the_same_content_again_changes_nothing():
    first = load_framework(FILE, cli_actor())
    before = snapshot()
    reformatted = json.dumps(real(), indent=4).encode()  # other layout, same content
    again = load_framework_with_status(reformatted, cli_actor())
    assert again.status == "unchanged"
    assert again.framework.pk == first.pk
    assert snapshot() == before
    assert len(audit(QualityAuditAction.FRAMEWORK_LOADED)) == 1


def test_a_draft_with_the_same_version_is_replaced():
    first = load_framework(FILE, cli_actor())
    data = real()
    data["onderwerpen"][0]["criteria"][2]["uitspraak"] = "De inhoud klopt en is bijgewerkt tot dit schooljaar."
    data["onderwerpen"][0]["criteria"].pop()  # INH.6 gone
    result = load_framework_with_status(as_bytes(data), cli_actor())
    assert result.status == "replaced"
    assert result.framework.pk == first.pk
    assert Framework.objects.count() == 1
    criteria = Criterion.objects.filter(topic__framework=first)
    assert criteria.count() == 40
    assert criteria.get(code="INH.3").statement == "De inhoud klopt en is bijgewerkt tot dit schooljaar."
    assert not criteria.filter(code="INH.6").exists()
    assert Topic.objects.count() == 7


def test_a_published_version_never_changes():
    framework = load_framework(FILE, cli_actor())
    publish_framework("2026.1", cli_actor())
    before = snapshot()
    data = real()
    data["onderwerpen"][0]["criteria"][0]["uitspraak"] = "Het materiaal dekt alle kerndoelen van het vak."
    with pytest.raises(QualityError) as caught:
        load_framework(as_bytes(data), cli_actor())
    assert caught.value.message == (
        "Versie 2026.1 is al gepubliceerd en verandert niet meer; er is niets opgeslagen. Geef de gewijzigde tekst "
        "een nieuw versienummer (bijvoorbeeld 2026.2) en publiceer die."
    )
    assert snapshot() == before
    assert Criterion.objects.get(topic__framework=framework, code="INH.1").statement.startswith(
        "Het materiaal dekt de kerndoelen die"
    )


@pytest.mark.parametrize(
    ("raw", "first_problem"),
    [
        (b"{", "bestand: geen geldige JSON"),
        (b'{"versie": "2026.9"}', "bestand: verplicht veld"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_is_stored(raw, first_problem):
    with pytest.raises(FrameworkRefused) as caught:
        load_framework(raw, cli_actor())
    assert caught.value.message.startswith("invoer is geen geldig kwaliteitskader (")
    assert caught.value.message.endswith("er is niets opgeslagen.")
    assert caught.value.problems[0].startswith(first_problem)
    assert snapshot() == (0, 0, 0, [])
    assert AuditEvent.objects.count() == 0


def test_a_broken_version_beside_a_loaded_one_leaves_the_loaded_one_alone():
    load_framework(FILE, cli_actor())
    before = snapshot()
    data = real()
    data["versie"] = "2026.2"
    data["vakuitbreidingen"][0]["criteria"][0]["onderwerp"] = "spelling"
    with pytest.raises(FrameworkRefused) as caught:
        load_framework(as_bytes(data), cli_actor())
    assert caught.value.problems == [
        "vakuitbreidingen[0].criteria[0].onderwerp: onbekend onderwerp spelling (bekend: inhoud, didactiek, "
        "leerling, vormgeving, technologie, inclusiviteit, toegankelijkheid)"
    ]
    assert snapshot() == before


def test_publishing_is_audited_and_makes_the_version_current():
    admin = person(RoleCode.PLATFORM_ADMIN)
    load_framework(FILE, admin)
    framework = publish_framework("2026.1", admin)
    assert framework.published_at is not None
    assert framework.published_by == admin.user
    assert current_framework() == framework
    [event] = audit(QualityAuditAction.FRAMEWORK_PUBLISHED)
    assert event.actor == admin.user
    assert event.object_type == "quality_framework"
    assert event.object_id == "2026.1"
    assert event.details == {"version": "2026.1", "checksum": framework.checksum, "topics": 7, "criteria": 41}
    again = publish_framework("2026.1", admin)  # publishing twice: no second publication
    assert again.published_at == framework.published_at
    assert len(audit(QualityAuditAction.FRAMEWORK_PUBLISHED)) == 1


@pytest.mark.parametrize("role", [RoleCode.TEACHER, RoleCode.REVIEWER, RoleCode.PUBLISHER_EDITOR])
def test_publishing_is_refused_for_anyone_but_a_platform_admin_with_an_audit_row(role):
    load_framework(FILE, cli_actor())
    actor = person(role)
    with pytest.raises(QualityError) as caught:
        publish_framework("2026.1", actor)
    assert caught.value.message == NOT_ALLOWED
    assert NOT_ALLOWED == "Alleen een platformbeheerder mag een versie van het kwaliteitskader laden of publiceren."
    assert Framework.objects.get(version="2026.1").published_at is None
    assert audit(QualityAuditAction.FRAMEWORK_PUBLISHED) == []
    [denied] = audit(AuditAction.ACCESS_DENIED)
    assert denied.actor == actor.user
    assert denied.details["action"] == "quality.publish_framework"
    assert denied.object_id == "2026.1"


def test_loading_is_refused_for_a_teacher_and_stores_nothing_but_the_refusal():
    teacher = person(RoleCode.TEACHER)
    with pytest.raises(QualityError):
        load_framework(FILE, teacher)
    assert snapshot() == (0, 0, 0, [])
    assert [e.action for e in AuditEvent.objects.all()] == [AuditAction.ACCESS_DENIED]


def test_publishing_an_unknown_version_says_which_exist():
    load_framework(FILE, cli_actor())
    with pytest.raises(NotFound) as caught:
        publish_framework("2030.1", cli_actor())
    assert caught.value.message == "Versie 2030.1 van het kwaliteitskader bestaat niet (geladen versies: 2026.1)."


def test_a_new_version_becomes_current_and_the_old_one_stays_with_its_criteria():
    old = load_framework(FILE, cli_actor())
    publish_framework("2026.1", cli_actor())
    data = real()
    data["versie"] = "2026.2"
    data["onderwerpen"][1]["criteria"][0]["uitspraak"] = "De handleiding maakt de voorbereiding van een les licht."
    new = load_framework(as_bytes(data), cli_actor())
    publish_framework("2026.2", cli_actor())
    assert current_framework() == new
    assert Criterion.objects.get(topic__framework=old, code="DID.1").statement.startswith("De handleiding helpt")
    assert Criterion.objects.get(topic__framework=new, code="DID.1").statement.startswith("De handleiding maakt")


def test_ensure_current_framework_loads_and_publishes_the_repository_file_once_as_the_system():
    framework = service.ensure_current_framework()
    assert framework.version == "2026.1"
    assert framework.published_at is not None
    assert framework.published_by is None
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor_label) for e in events] == [
        (QualityAuditAction.FRAMEWORK_LOADED, "systeem (wijzer setup)"),
        (QualityAuditAction.FRAMEWORK_PUBLISHED, "systeem (wijzer setup)"),
    ]
    assert service.ensure_current_framework().pk == framework.pk
    assert AuditEvent.objects.count() == 2


def test_ensure_current_framework_leaves_a_published_version_alone():
    published = make_framework("eigen-1")
    assert service.ensure_current_framework() == published
    assert Framework.objects.count() == 1
