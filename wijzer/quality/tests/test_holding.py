"""School holdings and the verified-use mark (W6 §3): declared by the school, computed when shown."""

from __future__ import annotations

import pytest

from wijzer.accounts import service as accounts
from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.domain.experience import holding_schools, is_verified
from wijzer.quality.exceptions import Forbidden, QualityError
from wijzer.quality.experience_query import product_experiences
from wijzer.quality.models import SchoolHolding
from wijzer.quality.tests.experience_world import actor_for
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    make_framework()
    board = OrganisationFactory(board=True, name="Bestuur")
    school = OrganisationFactory(school=True, name="De Wilg", parent=board)
    branch = OrganisationFactory(branch=True, name="De Wilg Noord", parent=school)
    other = OrganisationFactory(school=True, name="Het Anker")
    product = ProductFactory(title="Taalkracht 3")
    return {"board": board, "school": school, "branch": branch, "other": other, "product": product}


def verified(product) -> dict[str, bool]:
    return {v.text: v.verified for v in product_experiences(product)}


def test_the_pure_rule():
    assert holding_schools(5, "branch", 2) == frozenset({5, 2})
    assert holding_schools(5, "school", 1) == frozenset({5})
    assert holding_schools(None, "school", None) == frozenset()
    assert is_verified({5, 2}, [2])
    assert not is_verified({5}, [2, 7])


def test_verified_exactly_when_the_school_or_the_branchs_school_holds_the_product(w):
    for org, text in ((w["school"], "school"), (w["branch"], "vestiging"), (w["other"], "ander")):
        actions.write_experience(actor_for(org, Role.TEACHER), w["product"], scores={"inhoud": 3}, text=text)
    assert verified(w["product"]) == {"school": False, "vestiging": False, "ander": False}
    leader = actor_for(w["school"], Role.SCHOOL_LEADER)
    actions.declare_holding(leader, w["school"], w["product"])
    assert verified(w["product"]) == {"school": True, "vestiging": True, "ander": False}
    actions.remove_holding(leader, w["school"], w["product"])
    assert verified(w["product"]) == {"school": False, "vestiging": False, "ander": False}
    # a branch's own holding verifies its teachers, not the parent school's
    actions.declare_holding(actor_for(w["branch"], Role.SCHOOL_LEADER), w["branch"], w["product"])
    assert verified(w["product"]) == {"school": False, "vestiging": True, "ander": False}
    # another product held by the school verifies nothing here
    actions.declare_holding(leader, w["school"], ProductFactory())
    assert verified(w["product"])["school"] is False


def test_holdings_are_audited_and_declared_once(w):
    leader = actor_for(w["school"], Role.SCHOOL_LEADER)
    actions.declare_holding(leader, w["school"], w["product"])
    with pytest.raises(QualityError):
        actions.declare_holding(leader, w["school"], w["product"])
    assert SchoolHolding.objects.count() == 1
    actions.remove_holding(leader, w["school"], w["product"])
    with pytest.raises(QualityError):
        actions.remove_holding(leader, w["school"], w["product"])
    logged = AuditEvent.objects.filter(action__startswith="quality.holding").order_by("pk")
    assert [(e.action, e.organisation) for e in logged] == [
        (QualityAuditAction.HOLDING_DECLARED, w["school"]),
        (QualityAuditAction.HOLDING_REMOVED, w["school"]),
    ]


def test_the_board_buyer_declares_for_the_boards_schools_only(w):
    buyer = actor_for(w["board"], Role.BOARD_BUYER)
    actions.declare_holding(buyer, w["branch"], w["product"])
    with pytest.raises(Forbidden):
        actions.declare_holding(buyer, w["other"], w["product"])
    with pytest.raises(QualityError):
        actions.declare_holding(buyer, w["board"], w["product"])  # a board is no school
    assert list(SchoolHolding.objects.values_list("school__name", flat=True)) == ["De Wilg Noord"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SECTION_HEAD])
def test_teachers_do_not_declare_and_the_refusal_is_audited(w, role):
    with pytest.raises(Forbidden):
        actions.declare_holding(actor_for(w["school"], role), w["school"], w["product"])
    assert not SchoolHolding.objects.exists()
    denial = AuditEvent.objects.get(action=accounts.AuditAction.ACCESS_DENIED)
    assert denial.details["action"] == "quality.declare_holding"
    assert denial.organisation == w["school"]


def test_a_school_leader_of_another_school_is_refused(w):
    with pytest.raises(Forbidden):
        actions.declare_holding(actor_for(w["other"], Role.SCHOOL_LEADER), w["school"], w["product"])
    assert not SchoolHolding.objects.exists()


@pytest.mark.parametrize("decision", ["bogus", "", "REMOVE"])
def test_an_unknown_decision_is_a_dutch_400_and_not_an_add(w, decision):
    """Regression: any decision other than "remove" (e.g. "bogus") declared the holding."""
    from wijzer.quality.tests.experience_world import client_for, membership_for

    client = client_for(membership_for(w["school"], Role.SCHOOL_LEADER))
    data = {"product": str(w["product"].uuid)} | ({"decision": decision} if decision else {})
    response = client.post(f"/kwaliteit/school/{w['school'].uuid}/gebruik/", data)
    assert response.status_code == 400
    assert "Onbekende keuze" in response.content.decode()
    assert SchoolHolding.objects.count() == 0
    assert not AuditEvent.objects.filter(action=QualityAuditAction.HOLDING_DECLARED).exists()
    added = client.post(f"/kwaliteit/school/{w['school'].uuid}/gebruik/", {**data, "decision": "add"})
    assert added.status_code == 302
    assert SchoolHolding.objects.count() == 1
