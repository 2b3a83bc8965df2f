"""Pages and API: coverage page with heat map and table, CSV, review queue with bulk decisions, suggest API."""

from __future__ import annotations

import csv
import io

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import AuditEvent, User
from wijzer.alignment import actions, engine
from wijzer.alignment.constants import PartLevel, Provenance
from wijzer.alignment.models import Alignment
from wijzer.catalog.models import Method, Product
from wijzer.curriculum.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def method(slo):
    engine.reset()
    method = Method.objects.create(name="Rekenroute (voorbeeld)", is_demo=True)
    Product.objects.create(key="k1", title="Rekenroute groep 5", method=method, product_type="digital")
    volume = actions.do_upsert_part(
        method, actions.PartSpec("d1", PartLevel.VOLUME, "Deel 1", sector="po"), is_demo=True
    )
    h1 = actions.do_upsert_part(
        method, actions.PartSpec("h1", PartLevel.CHAPTER, "1. Breuken", "Breuken", 1), parent=volume, is_demo=True
    )
    actions.do_upsert_part(
        method, actions.PartSpec("h2", PartLevel.CHAPTER, "2. Spelletjes", "Bingo", 2), parent=volume, is_demo=True
    )
    actions.do_declare_alignments(h1, [str(Goal.objects.get(code="PO Kerndoel 26").uuid)])
    return method


def reviewer_client() -> tuple[Client, User]:
    from wijzer.accounts.models import Organisation

    panel = Organisation.objects.create(kind=OrganisationKind.REVIEWER_PANEL, name="Beoordelingspanel test")
    user = User.objects.create_user(email="beoordelaar@test.example.nl", password="een-lang-wachtwoord-123")
    account_actions.do_grant_membership(user, panel, Role.REVIEWER)
    client = Client()
    client.force_login(user)
    return client, user


def test_coverage_page_shows_declared_links_apart_and_labels_demo_data(method):
    response = Client().get(f"/kerndoeldekking/methode/{method.uuid}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "voorbeeldgegevens" in html
    assert "Kerndoelen 2006: 0,0 % gedekt" in html  # declared only: nothing confirmed
    assert 'role="img"' in html
    assert "Opgegeven door de leverancier" in html
    assert "style=" not in html


def test_csv_has_one_row_per_goal_in_scope(method):
    response = Client().get(f"/kerndoeldekking/methode/{method.uuid}/dekking.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["kader", "code", "doel", "status", "Deel 1", "Deel 1 › 1. Breuken", "Deel 1 › 2. Spelletjes"]
    assert len(rows) == 1 + 11  # PO rekenen en wiskunde: kerndoel 23-33
    assert rows[4][1:2] + rows[4][3:4] == ["PO Kerndoel 26", "niet gedekt"]


def test_review_queue_bulk_confirm_is_audited_and_counts(method):
    client, user = reviewer_client()
    link = Alignment.objects.get(part__method=method)
    page = client.get("/kerndoeldekking/beoordelen/")
    assert page.status_code == 200
    assert 'accesskey="b"' in page.content.decode()
    response = client.post("/kerndoeldekking/beoordelen/", {"koppeling": [str(link.uuid)], "beslissing": "confirm"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.provenance, link.reviewer, link.origin) == (Provenance.CONFIRMED, user, Provenance.DECLARED)
    assert AuditEvent.objects.filter(action="alignment.confirmed", object_id=str(link.uuid), actor=user).count() == 1
    coverage = Client().get(f"/api/v1/alignment/methods/{method.uuid}/coverage").json()
    assert [(f["framework"], f["covered"], f["total"]) for f in coverage["frameworks"]] == [("kerndoelen-2006", 1, 11)]


def test_teacher_cannot_review_and_nothing_changes(method):
    from wijzer.accounts.models import Organisation

    school = Organisation.objects.create(kind=OrganisationKind.SCHOOL, name="School")
    user = User.objects.create_user(email="leraar@test.example.nl", password="een-lang-wachtwoord-123")
    account_actions.do_grant_membership(user, school, Role.TEACHER)
    client = Client()
    client.force_login(user)
    link = Alignment.objects.get(part__method=method)
    response = client.post("/kerndoeldekking/beoordelen/", {"koppeling": [str(link.uuid)], "beslissing": "confirm"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.provenance == Provenance.DECLARED
    assert not AuditEvent.objects.filter(object_type="alignment").exists()


def test_suggest_api(method):
    response = Client().post(
        "/api/v1/alignment/suggest",
        {
            "text": "Tafels uit het hoofd en optellen en aftrekken tot 20",
            "sector": "po",
            "framework": "kerndoelen-2006",
            "limit": 3,
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()[0]["code"] == "PO Kerndoel 27"


def test_product_page_shows_the_coverage_of_its_method(method):
    product = Product.objects.get(method=method)
    html = Client().get(f"/catalogus/{product.uuid}/").content.decode()
    assert "Kerndoeldekking van Rekenroute (voorbeeld)" in html
