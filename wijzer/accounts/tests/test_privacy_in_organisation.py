"""Privacy inside organisations (W5.3): colleagues' e-mail addresses only for who manages members; the board's
privacy officer reads the audit events of the board's schools and branches (the board is the controller)."""

from __future__ import annotations

import csv
import io

import pytest

from wijzer.accounts import actions
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent

from .factories import MembershipFactory, UserFactory
from .helpers import build_world, login_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _event(organisation, label):
    return actions.do_record_audit_event(AuditAction.ACCESS_DENIED, actor_label=label, organisation=organisation)


@pytest.mark.parametrize(
    ("_case", "role", "sees_addresses"),
    [
        ("teacher", Role.TEACHER, False),
        ("section head", Role.SECTION_HEAD, False),
        ("leader", Role.SCHOOL_LEADER, True),
    ],
)
def test_colleagues_addresses_only_for_who_manages_members(client, world, _case, role, sees_addresses):
    # given a colleague at the same school
    colleague = MembershipFactory(user=UserFactory(email="collega@school.example.nl"), organisation=world.school)
    login_as(client, world.members[role])
    # when
    html = client.get(f"/organisaties/{world.school.uuid}/").content.decode()
    # then: the colleague is listed by name either way
    assert colleague.user.get_full_name() in html
    assert ("collega@school.example.nl" in html) is sees_addresses
    assert ("E-mailadres</th>" in html) is sees_addresses


def _board_privacy_officer(world):
    return MembershipFactory(
        user=UserFactory(email="privacy@bestuur.example.nl"), organisation=world.board, role=Role.PRIVACY_OFFICER
    )


def test_the_boards_privacy_officer_sees_the_audit_events_of_its_schools(client, world):
    # given events at the board, its school and branch, and at another board's school
    for org, label in ((world.board, "bij bestuur"), (world.school, "bij school"), (world.branch, "bij vestiging"),
                       (world.other_school, "bij andere school")):  # fmt: skip
        _event(org, label)
    login_as(client, _board_privacy_officer(world))
    # when
    page = client.get(f"/organisaties/{world.board.uuid}/logboek/").content.decode()
    export = client.get(f"/organisaties/{world.board.uuid}/logboek/export/")
    api = client.get("/api/v1/accounts/audit", {"limit": 500}).json()
    # then: the page, the export and the API show the tree and nothing else
    for label in ("bij bestuur", "bij school", "bij vestiging"):
        assert label in page
    assert "bij andere school" not in page
    assert "<td>School Een Noord</td>" in page  # which organisation an event belongs to
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "organisatie"
    assert sorted((r[2], r[-1]) for r in rows[1:] if r[2].startswith("bij ")) == [
        ("bij bestuur", "Bestuur Een"), ("bij school", "School Een"), ("bij vestiging", "School Een Noord"),
    ]  # fmt: skip
    assert sorted(i["actor"] for i in api["items"] if i["actor"].startswith("bij ")) == [
        "bij bestuur", "bij school", "bij vestiging",
    ]  # fmt: skip


def test_a_schools_privacy_officer_does_not_see_the_boards_events(client, world):
    # given
    _event(world.board, "bij bestuur")
    _event(world.branch, "bij vestiging")
    login_as(client, world.members[Role.PRIVACY_OFFICER])  # at School Een
    before = AuditEvent.objects.count()
    # when
    own = client.get(f"/organisaties/{world.school.uuid}/logboek/").content.decode()
    board = client.get(f"/organisaties/{world.board.uuid}/logboek/")
    # then: the school's own tree (its branch), and a refusal for the board (audited, nothing else changed)
    assert "bij vestiging" in own
    assert "bij bestuur" not in own
    assert board.status_code == 403
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("time").action == AuditAction.ACCESS_DENIED
