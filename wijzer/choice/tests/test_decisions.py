"""Recording a section's decision (W8 §4): who may (first-person: not platform admins), the form's rules (date not in
the future, participants only among the school's members, a summary), the audit row, and the snapshot that keeps the
record true when prices change later."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import MembershipFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.models import PriceObservation
from wijzer.choice.actions import decisions
from wijzer.choice.actions import shortlist as actions
from wijzer.choice.constants import ChoiceAuditAction
from wijzer.choice.models import Decision

from .shortlist_world import actor, build, make_profile

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def listed():
    w = build()
    shortlist = actions.do_create_shortlist(
        actor(w, Role.SECTION_HEAD), w.school, "Wiskunde", profile=make_profile(w, pupils=100)
    )
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a, note="De sectie kiest deze.")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.b)
    actions.do_update_entry(actor(w, Role.SECTION_HEAD), shortlist, w.a, status="besluit", note=None)
    w.shortlist = shortlist
    return w


def members(world, *roles: Role) -> list[str]:
    return [str(world.members[r].user.uuid) for r in roles]


def record(world, role: Role = Role.SECTION_HEAD, **changes) -> Decision:
    fields: dict[str, Any] = {
        "decided_on": "2026-11-30",
        "participant_uuids": members(world, Role.SECTION_HEAD, Role.TEACHER),
        "summary": "We kiezen Getal en Ruimte voor de onderbouw.",
        "today": TODAY,
    } | changes
    return decisions.do_record_decision(actor(world, role), world.shortlist, **fields)


def test_a_section_head_records_a_decision_with_its_snapshot_and_audit_row(listed):
    decision = record(listed)
    assert decision.decided_on == datetime.date(2026, 11, 30)
    assert set(decision.participants.all()) == {
        listed.members[Role.SECTION_HEAD].user,
        listed.members[Role.TEACHER].user,
    }
    snapshot = decision.snapshot
    assert snapshot["summary"] == "We kiezen Getal en Ruimte voor de onderbouw."
    assert snapshot["profile"]["pupils"] == 100
    assert snapshot["profile"]["weights"] == {"price": 2, "quality": 1, "coverage": 1, "privacy": 0, "openness": 1}
    by_title = {p["title"]: p for p in snapshot["products"]}
    a = by_title["Getal en Ruimte licentie"]
    assert (a["status"], a["note"], a["price_per_pupil_cents"], a["per_year_cents"]) == (
        "besluit",
        "De sectie kiest deze.",
        4840,
        484000,
    )
    assert by_title["Docentenhandleiding"]["price_per_pupil_cents"] is None
    assert snapshot["costs"]["basis"] == "besluit"
    assert snapshot["costs"]["per_pupil_cents"] == 4840
    [event] = AuditEvent.objects.filter(action=ChoiceAuditAction.DECISION_RECORDED)
    assert (event.organisation, event.object_id) == (listed.school, str(decision.uuid))
    assert event.details["chosen"] == [str(listed.a.uuid)]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.BOARD_BUYER, Role.PLATFORM_ADMIN, Role.PRIVACY_OFFICER])
def test_other_roles_cannot_record_a_decision(listed, role):
    with pytest.raises(actions.Refused):
        record(listed, role)
    assert Decision.objects.count() == 0
    assert not AuditEvent.objects.filter(action=ChoiceAuditAction.DECISION_RECORDED).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decided_on": "2026-12-04"}, "datum"),  # tomorrow
        ({"decided_on": "30 november"}, "datum"),
        ({"decided_on": ""}, "datum"),
        ({"participant_uuids": []}, "deelnemers"),
        ({"summary": "  "}, "toelichting"),
        ({"summary": "x" * (decisions.MAX_SUMMARY + 1)}, "toelichting"),
    ],
)
def test_the_form_rules_refuse_with_the_field_and_store_nothing(listed, changes, field):
    with pytest.raises(actions.Invalid) as problem:
        record(listed, **changes)
    assert field in problem.value.fields
    assert Decision.objects.count() == 0


def test_participants_are_only_members_of_the_school(listed):
    outsider = MembershipFactory(organisation=listed.other_school, role=Role.TEACHER).user
    board = listed.members[Role.BOARD_BUYER].user  # of the board, not of the school
    for stranger in (outsider, board):
        with pytest.raises(actions.Invalid) as problem:
            record(listed, participant_uuids=[*members(listed, Role.SECTION_HEAD), str(stranger.uuid)])
        assert problem.value.fields == {"deelnemers": "Kies alleen mensen met een rol bij deze school."}
    assert Decision.objects.count() == 0


def test_today_and_a_dutch_date_are_accepted(listed):
    assert record(listed, decided_on="3-12-2026").decided_on == TODAY


def test_the_decision_stays_as_decided_when_the_price_changes_later(listed, client):
    decision = record(listed)
    PriceObservation.objects.filter(product=listed.a).update(amount_cents=9000)  # the catalogue changes afterwards
    login_as(client, listed.members[Role.TEACHER])
    html = client.get(f"/keuzehulp/besluit/{decision.uuid}/").content.decode()
    assert "€ 48,40" in html
    assert "€ 108,90" not in html
    assert "We kiezen Getal en Ruimte voor de onderbouw." in html


def test_the_form_page_lists_the_school_members_and_records_by_post(listed, client):
    login_as(client, listed.members[Role.SECTION_HEAD])
    url = f"/keuzehulp/shortlist/{listed.shortlist.uuid}/besluit/"
    page = client.get(url).content.decode()
    assert str(listed.members[Role.TEACHER].user.uuid) in page
    assert str(listed.members[Role.BOARD_BUYER].user.uuid) not in page
    response = client.post(
        url,
        {
            "datum": "2026-11-30",
            "deelnemers": members(listed, Role.SECTION_HEAD),
            "toelichting": "<b>Besloten</b>",
        },
    )
    decision = Decision.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/keuzehulp/besluit/{decision.uuid}/")
    detail = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;Besloten&lt;/b&gt;" in detail


def test_a_future_date_by_post_gives_the_form_again_with_a_dutch_message(listed, client):
    login_as(client, listed.members[Role.SECTION_HEAD])
    response = client.post(
        f"/keuzehulp/shortlist/{listed.shortlist.uuid}/besluit/",
        {"datum": "2999-01-01", "deelnemers": members(listed, Role.SECTION_HEAD), "toelichting": "Besloten"},
    )
    assert response.status_code == 400
    assert "niet in de toekomst" in response.content.decode()
    assert Decision.objects.count() == 0


def test_a_teacher_sees_the_decision_but_may_not_record_one(listed, client):
    decision = record(listed)
    login_as(client, listed.members[Role.TEACHER])
    assert client.get(f"/keuzehulp/besluit/{decision.uuid}/").status_code == 200
    refused = client.post(f"/keuzehulp/shortlist/{listed.shortlist.uuid}/besluit/", {"toelichting": "x"})
    assert refused.status_code == 403
    assert Decision.objects.count() == 1


def load_demo_world():
    from wijzer.accounts.actions import do_load_demo_accounts
    from wijzer.alignment.demo import load_demo_alignment
    from wijzer.choice.demo import load_demo_choice
    from wijzer.ingest.demo import load_demo_catalogue
    from wijzer.market import service as market

    do_load_demo_accounts()
    load_demo_catalogue()
    load_demo_alignment()
    market.refresh(actor_label="test")
    return load_demo_choice().profile


def test_the_demo_shortlist_has_notes_the_mix_decided_and_one_decision_with_ranking_and_mix(slo, client):
    from wijzer.choice.demo import DEMO_SHORTLIST, load_demo_shortlist
    from wijzer.choice.models import Shortlist, ShortlistEntry

    profile = load_demo_world()
    load_demo_shortlist(profile)
    load_demo_shortlist(profile)  # idempotent
    shortlist = Shortlist.objects.get(name=DEMO_SHORTLIST)
    assert shortlist.organisation.name == "Het Voorbeeld College (voorbeeld)"
    assert (shortlist.is_demo, shortlist.profile) == (True, profile)
    [decision] = Decision.objects.filter(shortlist=shortlist)
    snapshot = decision.snapshot
    assert snapshot["ranking"]["available"] is True
    assert snapshot["mix"]["available"] is True
    mix_items = {item["product_id"] for item in snapshot["mix"]["items"]}
    decided = {str(u) for u in ShortlistEntry.objects.filter(shortlist=shortlist, status="besluit").values_list(
        "product__uuid", flat=True
    )}  # fmt: skip
    assert decided == mix_items
    assert len(mix_items) >= 1
    assert sum(item["cost_cents"] for item in snapshot["mix"]["items"]) == snapshot["mix"]["total_cost_cents"]
    assert all(p["note"] for p in snapshot["products"])
    assert all(p["rank"] is not None for p in snapshot["products"])
    top = snapshot["ranking"]["top"][0]
    assert {c["criterion"] for c in top["contributions"]} == {"price", "quality", "coverage", "privacy", "openness"}
    assert len(decision.participants.all()) == 2
    # the comparison of the demo shortlist: each product's place and the required goals it covers, as the mix saw it
    from wijzer.choice import shortlist_query as reads

    compared = reads.comparison(shortlist)
    assert compared.assembly is not None
    by_uuid = {p["uuid"]: p for p in snapshot["products"]}
    for row in compared.rows:
        candidate = compared.assembly.candidate(str(row.product.uuid))
        assert candidate is not None
        assert row.rank == by_uuid[str(row.product.uuid)]["rank"]
        assert row.required is not None
        assert (row.required["covered"], row.required["total"]) == (len(candidate.covers), len(compared.assembly.goals))
    for item in snapshot["mix"]["items"]:  # every goal the mix covers is covered by its item in the comparison too
        row = next(r for r in compared.rows if str(r.product.uuid) == item["product_id"])
        assert row.required is not None
        assert row.required["covered"] >= len(item["goals"])
    # the report of the demo decision shows the mix and the college
    from wijzer.accounts.models import Membership

    login_as(
        client, Membership.objects.get(user__email="leraar@voorbeeld.wijzer.nl", organisation=shortlist.organisation)
    )
    html = client.get(f"/keuzehulp/besluit/{decision.uuid}/rapport/").content.decode()
    assert "Het Voorbeeld College (voorbeeld)" in html
    assert "Mix van methodes en open materiaal" in html
    assert f"<td>{snapshot['mix']['subject']['title']}</td>" in html  # the subject by name, not its SLO id
    for item in snapshot["mix"]["items"]:
        assert item["title"] in html


def test_the_api_gives_the_comparison_and_the_decision_to_members_only(listed, client):
    decision = record(listed)
    login_as(client, listed.members[Role.TEACHER])
    shortlist = client.get(f"/api/v1/choice/shortlists/{listed.shortlist.uuid}").json()
    by_title = {e["title"]: e for e in shortlist["entries"]}
    a = by_title["Getal en Ruimte licentie"]
    assert (a["status"], a["price_per_pupil_cents"], a["per_year_cents"], a["note"]) == (
        "besluit",
        4840,
        484000,
        "De sectie kiest deze.",
    )
    assert shortlist["decisions"] == [
        {"uuid": str(decision.uuid), "decided_on": "2026-11-30", "summary": decision.summary}
    ]
    answer = client.get(f"/api/v1/choice/decisions/{decision.uuid}").json()
    assert answer["snapshot"] == decision.snapshot
    assert {p["uuid"] for p in answer["participants"]} == set(members(listed, Role.SECTION_HEAD, Role.TEACHER))
    missing = client.get("/api/v1/choice/decisions/00000000-0000-0000-0000-000000000000")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Dit besluit bestaat niet (meer)."})
    stranger = MembershipFactory(organisation=listed.other_school, role=Role.SECTION_HEAD)
    login_as(client, stranger)
    refused = client.get(f"/api/v1/choice/shortlists/{listed.shortlist.uuid}")
    assert refused.status_code == 403
    assert "andere school" in refused.json()["detail"]
