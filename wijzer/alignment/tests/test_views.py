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
from wijzer.alignment.constants import Decision, LinkState
from wijzer.alignment.models import Alignment
from wijzer.alignment.tests.factories import method_with_chapters
from wijzer.catalog import service as catalog
from wijzer.catalog.models import Method, Product
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory

pytestmark = pytest.mark.django_db

OBK_REKENEN_WISKUNDE = "7afbb7a6-c29b-425c-9c59-6f79c845f5f0"  # OBK "Rekenen/wiskunde"


@pytest.fixture
def method(slo):
    """A demo PO method whose product declares rekenen en wiskunde: chapter 1 declares PO Kerndoel 26, chapter 2
    has no link."""
    return method_with_chapters(
        [("1. Breuken", "Breuken", ["PO Kerndoel 26"]), ("2. Spelletjes", "Bingo")],
        method=MethodFactory(name="Rekenroute (voorbeeld)", demo=True),
        demo=True,
        product={"title": "Rekenroute groep 5", "subject_ids": [OBK_REKENEN_WISKUNDE]},
    )


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
    assert "Kerndoelen 2006: 0 van 11 kerndoelen voor rekenen en wiskunde (0,0 %)" in html  # declared: not counted
    assert 'role="img"' in html
    assert "Opgegeven door de leverancier" in html
    assert "style=" not in html


def test_csv_has_one_row_per_goal_in_scope(method):
    response = Client().get(f"/kerndoeldekking/methode/{method.uuid}/dekking.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["kader", "code", "doel", "status", "Deel 1", "Deel 1 › 1. Breuken", "Deel 1 › 2. Spelletjes"]
    assert len(rows) == 1 + 11 + 15  # PO rekenen en wiskunde: kerndoel 23-33, and the 15 PO doelzinnen
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
    assert (link.provenance, link.reviewer, link.origin) == (LinkState.CONFIRMED, user, LinkState.DECLARED)
    assert AuditEvent.objects.filter(action="alignment.confirmed", object_id=str(link.uuid), actor=user).count() == 1
    coverage = Client().get(f"/api/v1/alignment/methods/{method.uuid}/coverage").json()
    assert [(f["framework"], f["covered"], f["total"]) for f in coverage["frameworks"]] == [
        ("kerndoelen-2006", 1, 11),
        ("kerndoelen-fo", 0, 15),
    ]


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
    assert link.provenance == LinkState.DECLARED
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


def _method_with_chapters(name: str, *, sectors: list[str], subject_ids: list[str]) -> Method:
    """A method with one chapter and no links; its product declares sectors and subjects in the catalogue."""
    return method_with_chapters(
        [("1. Tellen", "Tellen tot 100")],
        method=MethodFactory(name=name),
        sector="",
        product={"sectors": sectors, "subject_ids": subject_ids},
    )


def test_coverage_page_of_a_method_without_links_shows_the_gaps_of_its_declared_subject(slo):
    # given a PO method that declares "Rekenen/wiskunde" (OBK) in the catalogue, and has no link yet
    method = _method_with_chapters("Telrijk", sectors=["po"], subject_ids=["7afbb7a6-c29b-425c-9c59-6f79c845f5f0"])
    # when
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    csv_rows = list(csv.reader(io.StringIO(Client().get(f"/kerndoeldekking/methode/{method.uuid}/dekking.csv").text)))
    # then the page says where the scope comes from and shows every goal as a gap, in both frameworks
    (label,) = catalog.method_curriculum(method.pk).subjects  # the OBK label ("Wiskunde" since the facet merge)
    assert f"Doelbereik (PO): de kerndoelen bij het vak uit de catalogus ({label})." in html
    assert "Kerndoelen 2006: 0 van 11 kerndoelen voor rekenen en wiskunde (0,0 %)" in html
    assert "0,0 % gedekt: 0 gedekt, 0 gedeeltelijk, 11 niet gedekt" in html
    assert "Nieuwe kerndoelen: 0 van 15 doelzinnen voor rekenen en wiskunde (0,0 %)" in html
    assert "<h3>Hiaten</h3>" in html
    assert "Geen doelbereik bekend" not in html
    assert len(csv_rows) == 1 + 11 + 15
    assert {row[3] for row in csv_rows[1:]} == {"niet gedekt"}


def test_coverage_page_without_any_scope_says_so_instead_of_a_percentage(slo):
    # given a method with chapters, no links, and a product that declares no subject
    method = _method_with_chapters("Zonder vak", sectors=["po"], subject_ids=[])
    # when
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    product_html = Client().get(f"/catalogus/{Product.objects.get(method=method).uuid}/").content.decode()
    # then
    message = (
        "Geen doelbereik bekend: bevestig eerst een koppeling van een hoofdstuk aan een kerndoel, of geef het vak van "
        "de methode op in de catalogus."
    )
    assert message in html
    assert "% gedekt" not in html
    assert message in product_html
    assert "Dekking per kader" not in product_html


def test_coverage_page_names_a_declared_subject_without_kerndoelen(slo):
    from wijzer.curriculum.models import Subject

    latijn = str(Subject.objects.get(title="Latijn").uuid)
    method = _method_with_chapters("Roma", sectors=["vo"], subject_ids=[latijn])
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    assert "Geen doelbereik bekend: bevestig eerst een koppeling van een hoofdstuk aan een kerndoel" in html
    assert "Bij het opgegeven vak Latijn vinden we geen kerndoelen voor VO." in html
    assert "% gedekt" not in html


def test_coverage_page_of_a_method_without_chapters(slo):
    method = MethodFactory(name="Alleen catalogus")
    ProductFactory(method=method, subject_ids=[OBK_REKENEN_WISKUNDE])
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    assert "Van deze methode zijn nog geen hoofdstukken bekend, dus ook geen dekking." in html
    assert "% gedekt" not in html


def test_reject_without_a_reason_is_refused_on_page_and_api_and_nothing_changes(method):
    # given
    client, _user = reviewer_client()
    link = Alignment.objects.get(part__method=method)
    # when: the page and the API are asked to reject without a reason
    page = client.post(
        "/kerndoeldekking/beoordelen/",
        {"koppeling": [str(link.uuid)], "beslissing": "reject", "reden": "  "},
        follow=True,
    )
    api = client.post(
        "/api/v1/alignment/review",
        {"alignments": [str(link.uuid)], "decision": "reject", "reason": ""},
        content_type="application/json",
    )
    # then: a Dutch message that says what to do, and the link is as it was
    assert "Geef een reden op bij afwijzen" in page.content.decode()
    assert api.status_code == 422
    assert "Geef een reden op bij afwijzen" in api.json()["detail"]
    link.refresh_from_db()
    assert link.provenance == LinkState.DECLARED
    assert not AuditEvent.objects.filter(object_type="alignment").exists()
    # and with a reason the API rejects it
    done = client.post(
        "/api/v1/alignment/review",
        {"alignments": [str(link.uuid)], "decision": "reject", "reason": "gaat over kommagetallen"},
        content_type="application/json",
    )
    assert done.json() == {"reviewed": 1}
    link.refresh_from_db()
    assert (link.provenance, link.reason) == (LinkState.REJECTED, "gaat over kommagetallen")


def test_coverage_api_says_where_the_scope_comes_from(method, slo):
    from wijzer.curriculum.models import Subject

    # given: the fixture method with its declared link confirmed; a method whose only subject has no kerndoelen
    _reviewer, user = reviewer_client()
    actions.do_review_alignments(list(Alignment.objects.filter(part__method=method)), Decision.CONFIRM, user=user)
    latijn = str(Subject.objects.get(title="Latijn").uuid)
    roma = _method_with_chapters("Roma", sectors=["vo"], subject_ids=[latijn])
    # when
    linked = Client().get(f"/api/v1/alignment/methods/{method.uuid}/coverage").json()["scope"]
    empty = Client().get(f"/api/v1/alignment/methods/{roma.uuid}/coverage").json()["scope"]
    page = Client().get(f"/kerndoeldekking/methode/{roma.uuid}/").content.decode()
    # then
    declared = list(catalog.method_curriculum(method.pk).subjects)
    assert (linked["from_links"], linked["empty"], linked["from_subjects"]) == (True, False, declared)
    assert linked["explanation"].startswith(
        "Doelbereik (PO): alle doelen van de doelensets die de bevestigde koppelingen raken"
    )
    assert (empty["empty"], empty["unmatched_subjects"]) == (True, ["Latijn"])
    assert "Bij het opgegeven vak Latijn vinden we geen kerndoelen voor VO." in empty["explanation"]
    assert empty["explanation"] in page


def test_methods_page_also_lists_methods_without_a_table_of_contents(method):
    # given: a catalogue method without parts next to the fixture's method with parts
    bare = MethodFactory(name="Taalreis (nog zonder hoofdstukken)")
    # when
    html = Client().get("/kerndoeldekking/").content.decode()
    # then: both are reachable; the bare one sits under its own heading, with how to deliver the contents
    with_parts, _sep, without = html.partition("Methodes zonder inhoudsopgave")
    assert f"/kerndoeldekking/methode/{method.uuid}/" in with_parts
    assert f"/kerndoeldekking/methode/{bare.uuid}/" in without
    assert f"/kerndoeldekking/methode/{method.uuid}/" not in without
    assert "wijzer align import" in without


def test_method_page_and_review_queue_say_why_a_suggestion_scored(method):
    from wijzer.alignment.domain.explain import explain
    from wijzer.alignment.models import MethodPart

    # given: a recorded suggestion for the second chapter
    part = MethodPart.objects.get(method=method, key="h2")
    found = engine.suggest(
        "Tafels oefenen met bingo", sector="po", framework="kerndoelen-2006", limit=1, mode="lexical"
    )
    actions.do_record_suggestions(part, found, "kerndoelen-2006")
    link = Alignment.objects.get(part=part, provenance=LinkState.SUGGESTED)
    expected = explain(link.evidence)
    client, _user = reviewer_client()
    # when
    page = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    queue = client.get("/kerndoeldekking/beoordelen/").content.decode()
    # then: the same line, built from the stored evidence, on both screens
    assert expected.startswith("woorden: tafels (")
    assert "score = woordovereenkomst (woordscore " in expected
    assert expected in page
    assert expected in queue
