"""Candidates for a profile (W8): who is one, what each covers and why, the price source, criteria values and
must-haves with their evidence; one query per kind of data, however many candidates."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from wijzer.accounts.models import Organisation
from wijzer.accounts.tests.factories import UserFactory
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.catalog.models import Method, Product
from wijzer.choice.candidates import UNKNOWN_SUBJECT, assemble
from wijzer.choice.domain.profile import ProfileInvalid, parse_profile
from wijzer.curriculum import service as curriculum
from wijzer.market import service as market
from wijzer.market.models import LockInDeclaration, PriceFact

pytestmark = pytest.mark.django_db


def spec(**changes: Any) -> Any:
    data: dict[str, Any] = {"sector": "vo", "subject": "Rekenen en wiskunde", "pupils": 10, "budget_per_pupil": 50}
    data.update(changes)
    return parse_profile(data)


@pytest.fixture
def world(slo: None) -> dict[str, Any]:
    subject, _title = curriculum.subject_by_id_or_name("Rekenen en wiskunde") or ("", "")
    goals = [g[0] for g in curriculum.goal_refs(framework="kerndoelen-2006", sector="vo", subject_uuid=subject)]
    g1, g2, g3 = goals[:3]
    publisher = Organisation.objects.create(name="Uitgeverij Test", kind="publisher")
    method = Method.objects.create(name="Rekenroute", publisher=publisher)

    def product(key: str, **fields: Any) -> Product:
        base = {
            "sectors": ["vo"],
            "subject_ids": [subject],
            "product_type": "folio",
            "method": method,
            "end_user_roles": ["Onderwijsvolger"],
            "is_paid": True,
            "for_sale": True,
            "publisher": publisher,
        }
        base.update(fields)
        return Product.objects.create(key=key, title=key, **base)  # fmt: skip

    items = {
        "werkboek": product("Rekenroute werkboek"),
        "docent": product(
            "Rekenroute docentlicentie", product_type="digital_licence", end_user_roles=["Onderwijsgever"]
        ),
        "toets": product("Rekenroute toetsen", product_type="test"),
        "app": product("Rekenroute app", product_type="tool", for_sale=None),
        "open": product("Open les", product_type="open_resource", method=None, is_paid=False, licence="cc-by-4.0",
                        objective_ids=[g3], for_sale=None),
        "ander vak": product("Taal werkboek", subject_ids=["00000000-0000-0000-0000-000000000001"]),
        "po": product("Rekenen po", sectors=["po"]),
        "weg": product("Ingetrokken", withdrawn_at=timezone.now()),
    }  # fmt: skip
    chapter = MethodPart.objects.create(method=method, key="h1", level="chapter", title="Breuken")
    Alignment.objects.create(
        part=chapter, goal_uuid=g1, framework="kerndoelen-2006", provenance="confirmed", origin="declared"
    )
    Alignment.objects.create(
        part=chapter, goal_uuid=g2, framework="kerndoelen-2006", provenance="suggested", origin="suggested"
    )
    Alignment.objects.create(
        part=chapter, goal_uuid=g3, framework="kerndoelen-2006", provenance="rejected", origin="declared"
    )
    app_part = MethodPart.objects.create(
        method=method, product=items["app"], key="app", level="chapter", title="Oefenen"
    )
    Alignment.objects.create(
        part=app_part, goal_uuid=g2, framework="kerndoelen-2006", provenance="declared", origin="declared"
    )
    market.refresh(actor_label="test")
    year = timezone.localdate().year
    now = timezone.now()
    PriceFact.objects.create(product=items["werkboek"], year=year, per_pupil_incl_cents=1250, observed_at=now)
    PriceFact.objects.create(product=items["app"], year=year, per_pupil_incl_cents=2500, observed_at=now)
    PriceFact.objects.create(product=items["docent"], year=year, reason="not_per_pupil", observed_at=now)
    LockInDeclaration.objects.create(
        product=items["werkboek"], supports_eduv=True, supports_eck=True, supports_lti=False, data_export=True,
        organisation=publisher, declared_by=UserFactory(),
    )  # fmt: skip
    return {"goals": (g1, g2, g3), "items": items, "year": year}


def by_title(assembly: Any) -> dict[str, Any]:
    return {c.title: c for c in assembly.candidates}


def test_who_is_a_candidate_and_what_each_covers_and_why(world: dict[str, Any]) -> None:
    g1, g2, g3 = world["goals"]
    assembly = assemble(spec())
    found = by_title(assembly)
    assert set(found) == {"Rekenroute werkboek", "Rekenroute docentlicentie", "Rekenroute toetsen", "Rekenroute app",
                          "Open les"}  # fmt: skip
    assert len(assembly.goals) == 9
    # a part naming no product counts for the method's pupil lesson material only; rejected and suggested don't
    assert list(found["Rekenroute werkboek"].covers) == [g1]
    assert found["Rekenroute werkboek"].covers[g1][0].provenance == "confirmed"
    assert "bevestigd door een beoordelaar" in found["Rekenroute werkboek"].covers[g1][0].text
    assert found["Rekenroute docentlicentie"].covers == {}
    assert found["Rekenroute toetsen"].covers == {}
    # a part naming the product counts for that product
    assert list(found["Rekenroute app"].covers) == [g2]
    # the product's own declaration
    assert found["Open les"].covers[g3][0].provenance == "product"

    with_suggested = by_title(assemble(spec(count_suggested=True)))
    assert list(with_suggested["Rekenroute werkboek"].covers) == [g1, g2]
    assert with_suggested["Rekenroute werkboek"].covers[g2][0].provenance == "suggested"


def test_prices_costs_and_criteria_carry_their_evidence(world: dict[str, Any]) -> None:
    found = by_title(assemble(spec()))
    workbook, app, free, teacher = (
        found["Rekenroute werkboek"], found["Rekenroute app"], found["Open les"], found["Rekenroute docentlicentie"]
    )  # fmt: skip
    assert (workbook.price_per_pupil_cents, workbook.cost_cents) == (1250, 12500)
    assert free.price_per_pupil_cents == 0
    assert teacher.price_per_pupil_cents is None
    assert "docent- of schoollicentie" in teacher.price_reason
    # price: cheapest 1, dearest 0, over the known prices
    assert free.values["price"].value == 1.0
    assert app.values["price"].value == 0.0
    assert workbook.values["price"].value == pytest.approx(0.5)
    assert teacher.values["price"].value is None
    assert "€ 12,50 per leerling per jaar" in workbook.values["price"].evidence
    # coverage: share of the 9 required goals
    assert workbook.values["coverage"].value == pytest.approx(1 / 9)
    # privacy unknown for everyone until W9
    assert all(c.values["privacy"].value is None for c in found.values())
    # openness: open = 1; else 1 - lock-in composite / 100 (Edu-V, ECK, export open, LTI locks in, for sale open)
    assert free.values["openness"].value == 1.0
    composite = workbook.values["openness"]
    assert composite.value is not None
    assert 0 < composite.value < 1
    assert "afhankelijkheidsscore" in composite.evidence
    # quality: no profile -> unknown
    assert workbook.values["quality"].value is None


def test_must_haves_fail_on_unknown_facts_with_the_reason(world: dict[str, Any]) -> None:
    found = by_title(assemble(spec(must_haves=["eduv", "sold_separately", "privacy_approved"])))
    workbook = found["Rekenroute werkboek"]
    checks = {c.code: c for c in workbook.must_haves}
    assert checks["eduv"].passed is True
    assert checks["sold_separately"].passed is True
    assert checks["privacy_approved"].passed is None
    assert "pas met W9" in checks["privacy_approved"].reason
    assert not workbook.passes
    app = {c.code: c for c in found["Rekenroute app"].must_haves}
    assert app["eduv"].passed is None
    assert "niets opgegeven" in app["eduv"].reason
    assert app["sold_separately"].passed is None
    assert {c.code: c for c in found["Open les"].must_haves}["sold_separately"].passed is True


def test_levels_must_overlap_when_both_name_levels(world: dict[str, Any]) -> None:
    havo = "a3ddbe60-8478-4204-b769-6f5e9f4cbca2"
    Product.objects.filter(title="Rekenroute werkboek").update(level_ids=["c7942bb1-bf4f-409f-bc98-9a0b02f175dc"])
    found = by_title(assemble(spec(levels=[havo])))
    assert "Rekenroute werkboek" not in found  # names only vmbo
    assert "Rekenroute app" in found  # names no level


def test_unknown_subject_or_goals_are_dutch_errors(world: dict[str, Any]) -> None:
    with pytest.raises(ProfileInvalid) as unknown:
        assemble(spec(subject="Quidditch"))
    assert unknown.value.fields["subject"] == UNKNOWN_SUBJECT
    with pytest.raises(ProfileInvalid) as goals:
        assemble(spec(required_goals=["11111111-1111-1111-1111-111111111111"]))
    assert "bestaat niet in het kader" in goals.value.fields["required_goals"]
    chosen = assemble(spec(required_goals=[world["goals"][2]]))
    assert chosen.goal_ids == (world["goals"][2],)


def test_one_query_per_kind_of_data_however_many_candidates(world: dict[str, Any]) -> None:
    assemble(spec())  # warm the per-process caches (labels, quality framework)
    with CaptureQueriesContext(connection) as few:
        assemble(spec())
    publisher = Organisation.objects.get(name="Uitgeverij Test")
    method = Method.objects.get(name="Rekenroute")
    subject = world["items"]["werkboek"].subject_ids
    for n in range(40):
        Product.objects.create(
            key=f"extra-{n}", title=f"Extra {n}", sectors=["vo"], subject_ids=subject, product_type="folio",
            method=method, publisher=publisher, first_published=datetime.date(2024, 1, 1),
        )  # fmt: skip
    market.refresh(actor_label="test")
    with CaptureQueriesContext(connection) as many:
        assembly = assemble(spec())
    assert len(assembly.candidates) == 45
    assert len(many.captured_queries) == len(few.captured_queries)
