"""POST /api/v1/alignment/methods/{id}/parts: a publisher delivers a table of contents (token or session)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import AuditEvent, Organisation, User
from wijzer.accounts.tests.helpers import login_as
from wijzer.alignment import engine
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.api import api
from wijzer.catalog.models import Method, Product

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "data" / "alignment" / "examples"
EXAMPLE_CSV = (EXAMPLES / "inhoudsopgave-voorbeeld.csv").read_bytes()
EXAMPLE_JSON = (EXAMPLES / "inhoudsopgave-voorbeeld.json").read_bytes()


@pytest.fixture
def world(slo):
    engine.reset()
    publisher = Organisation.objects.create(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Telwerk (test)")
    supplier = Organisation.objects.create(kind=OrganisationKind.DISTRIBUTOR, name="Leverancier Boekenbus (test)")
    other = Organisation.objects.create(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Anders (test)")
    method = Method.objects.create(name="Telkracht (test)", publisher=publisher, owner=publisher)
    Product.objects.create(
        key="id:2000400000288", product_id="2000400000288", title="Telkracht groep 6", method=method,
        product_type="digital", sectors=["po"], supplier=supplier,
    )  # fmt: skip
    return {"publisher": publisher, "supplier": supplier, "other": other, "method": method}


def bearer(organisation, scope="catalog:push") -> dict[str, str]:
    _token, raw = account_actions.do_create_api_token(organisation, name="inhoud", scopes=[scope], created_by=None)
    return {"Authorization": f"Bearer {raw}"}


def url(method, **query) -> str:
    tail = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/alignment/methods/{method.uuid}/parts" + (f"?{tail}" if tail else "")


def post(method, body: bytes, content_type: str, headers: dict[str, str], **query):
    return Client().post(url(method, **query), body, content_type=content_type, headers=headers)


def test_the_publisher_delivers_json_and_the_parts_are_visible(world):
    method = world["method"]
    # when
    response = post(method, EXAMPLE_JSON, "application/json", bearer(world["publisher"]), suggest="false")
    # then
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["accepted"] is True
    assert report["counts"]["created"] == 10
    assert report["counts"]["declared"] == 7
    assert report["counts"]["suggested"] == 0
    assert report["parts"][0] == {
        "row": 1, "key": "blok-1", "title": "Blok 1: Getallen en bewerkingen", "status": "created", "declared": 0,
        "suggested": 0,
    }  # fmt: skip
    parts = Client().get(f"/api/v1/alignment/methods/{method.uuid}/parts").json()
    assert [p["key"] for p in parts][:3] == ["blok-1", "blok-1/h1", "blok-1/h1/p1"]
    by_key = {p["key"]: p for p in parts}
    chapter = by_key["blok-1/h2"]
    assert chapter["title"] == "2. Breuken en procenten"
    assert chapter["parent"] == by_key["blok-1"]["id"]
    assert (chapter["sector"], chapter["stage"], chapter["withdrawn_at"]) == ("po", "groep 6", None)
    assert sorted((a["code"], a["provenance"]) for a in chapter["alignments"]) == [
        ("Doelzin 10B", "declared"),
        ("PO Kerndoel 26", "declared"),
    ]
    event = AuditEvent.objects.get(action="alignment.imported")
    assert event.organisation == world["publisher"]
    assert event.actor_label.startswith("sleutel wzr_")


def test_a_supplier_named_in_a_feed_may_not_deliver_the_table_of_contents(world):
    """W5.1: rights come from Wijzer's records (who owns the method), never from a product's Supplier element."""
    response = post(world["method"], EXAMPLE_JSON, "application/json", bearer(world["supplier"]), suggest="false")
    assert response.status_code == 403
    assert not MethodPart.objects.exists()
    denied = AuditEvent.objects.get(action="access.denied", object_type="method")
    assert denied.details["action"] == "alignment.deliver_toc"
    assert denied.details["acting_for"] == str(world["supplier"].uuid)


def test_csv_body_and_file_upload_from_the_owner(world):
    method = world["method"]
    headers = bearer(world["publisher"])
    first = post(method, EXAMPLE_CSV, "text/csv; charset=utf-8", headers, suggest="false")
    assert first.status_code == 200, first.content
    assert first.json()["format"] == "csv"
    upload = SimpleUploadedFile("inhoudsopgave.json", EXAMPLE_JSON, content_type="application/json")
    again = Client().post(url(method, suggest="false"), {"bestand": upload}, headers=headers)
    assert again.status_code == 200, again.content
    assert again.json()["counts"]["unchanged"] == 10
    assert MethodPart.objects.filter(method=method).count() == 10


def upload(data: bytes = EXAMPLE_JSON) -> SimpleUploadedFile:
    return SimpleUploadedFile("inhoudsopgave.json", data, content_type="application/json")


def test_the_upload_field_file_and_its_old_name_bestand_give_the_same_parts(world):
    method = world["method"]
    headers = bearer(world["publisher"])
    by_new = Client().post(url(method, suggest="false"), {"file": upload()}, headers=headers)
    assert by_new.status_code == 200, by_new.content
    assert by_new.json()["counts"]["created"] == 10
    parts = list(MethodPart.objects.filter(method=method).order_by("key").values_list("key", "title"))
    by_old = Client().post(url(method, suggest="false"), {"bestand": upload()}, headers=headers)
    assert by_old.status_code == 200, by_old.content
    assert by_old.json()["counts"]["unchanged"] == 10
    both = Client().post(url(method, suggest="false"), {"file": upload(), "bestand": upload()}, headers=headers)
    assert both.status_code == 200, both.content
    assert both.json()["counts"]["unchanged"] == 10
    assert list(MethodPart.objects.filter(method=method).order_by("key").values_list("key", "title")) == parts


def test_two_different_files_under_file_and_bestand_are_refused_in_dutch_and_nothing_changes(world):
    method = world["method"]
    headers = bearer(world["publisher"])
    response = Client().post(url(method), {"file": upload(), "bestand": upload(EXAMPLE_CSV)}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "Bestand: De formuliervelden 'file' en 'bestand' zijn hetzelfde ('bestand' is de oude naam) maar bevatten "
        "een verschillend bestand. Gebruik alleen 'file'."
    )
    assert not MethodPart.objects.exists()


def test_the_openapi_description_of_the_delivery_names_the_old_upload_field():
    operation = api.get_openapi_schema()["paths"]["/api/v1/alignment/methods/{method_id}/parts"]["post"]
    assert "veld `file`; alias: bestand, verouderd" in operation["description"]


def test_suggestions_are_made_by_default(world):
    response = post(world["method"], EXAMPLE_JSON, "application/json", bearer(world["publisher"]))
    assert response.status_code == 200
    report = response.json()
    assert report["suggest"] is True
    assert report["counts"]["suggested"] == sum(p["suggested"] for p in report["parts"]) == 41
    assert Alignment.objects.filter(provenance="suggested").count() == report["counts"]["suggested"]


def test_another_publisher_is_refused_and_nothing_changes(world):
    response = post(world["method"], EXAMPLE_JSON, "application/json", bearer(world["other"]))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Alleen de organisatie die deze methode in Wijzer bezit")
    assert not MethodPart.objects.exists()
    denied = AuditEvent.objects.get(action="access.denied", object_type="method")  # in the owner's log
    assert (denied.organisation, denied.object_id) == (world["publisher"], str(world["method"].uuid))
    assert denied.details["acting_for"] == str(world["other"].uuid)


def test_a_token_without_catalog_push_and_no_token_are_refused(world):
    wrong_scope = post(world["method"], EXAMPLE_JSON, "application/json", bearer(world["publisher"], "audit:read"))
    assert wrong_scope.status_code == 403
    assert wrong_scope.json()["detail"] == "Deze API-sleutel mist de bevoegdheid catalog:push."
    anonymous = post(world["method"], EXAMPLE_JSON, "application/json", {})
    assert anonymous.status_code == 401
    assert not MethodPart.objects.exists()


def test_bad_rows_give_422_with_the_row_report_and_the_database_is_unchanged(world):
    method = world["method"]
    headers = bearer(world["publisher"])
    assert post(method, EXAMPLE_JSON, "application/json", headers, suggest="false").status_code == 200
    before = list(MethodPart.objects.order_by("key").values_list("key", "title", "text", "parent__key"))
    links = Alignment.objects.count()
    document = json.loads(EXAMPLE_JSON)
    document["parts"][1]["title"] = "1. Handig rekenen, nieuw"
    document["parts"][4]["level"] = "hoofdstukje"
    document["parts"][5]["text"] = "x" * 10_001
    # when
    response = post(method, json.dumps(document).encode(), "application/json", headers)
    # then
    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] is False
    assert body["detail"].startswith("De inhoudsopgave is afgekeurd; er is niets opgeslagen.")
    assert [(e["row"], e["key"], e["message"]) for e in body["errors"]] == [
        (5, "blok-1/h2", "Onderdeel 5 (blok-1/h2): onbekend level 'hoofdstukje'; kies deel, hoofdstuk of paragraaf."),
        (6, "blok-1/h3", "Onderdeel 6 (blok-1/h3): text is te lang: hoogstens 10.000 tekens, hier 10.001. Lever "
         "lange teksten per paragraaf aan."),
    ]  # fmt: skip
    assert list(MethodPart.objects.order_by("key").values_list("key", "title", "text", "parent__key")) == before
    assert Alignment.objects.count() == links
    assert AuditEvent.objects.filter(action="alignment.imported").count() == 1


def test_unsupported_body_and_missing_file(world):
    headers = bearer(world["publisher"])
    xml = post(world["method"], b"<toc/>", "application/xml", headers)
    assert xml.status_code == 415
    assert "JSON (application/json) of CSV (text/csv)" in xml.json()["detail"]
    empty = Client().post(url(world["method"]), {"iets": "anders"}, headers=headers)
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["message"].startswith("Bestand: Geen bestand ontvangen")
    unknown = Client().post(
        "/api/v1/alignment/methods/00000000-0000-4000-8000-000000000000/parts",
        EXAMPLE_JSON,
        content_type="application/json",
        headers=headers,
    )
    assert unknown.status_code == 404


def test_sessions_of_the_publishers_editor_and_a_platform_admin(world):
    editor = User.objects.create_user(email="redacteur@test.example.nl", password="een-lang-wachtwoord-123")
    membership = account_actions.do_grant_membership(editor, world["publisher"], Role.PUBLISHER_EDITOR)
    client = login_as(Client(), membership)
    response = client.post(url(world["method"], suggest="false"), EXAMPLE_JSON, content_type="application/json")
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.get(action="alignment.imported").actor == editor
    platform = Organisation.objects.create(kind=OrganisationKind.PLATFORM, name="Wijzer (test)")
    admin = User.objects.create_user(email="beheer@test.example.nl", password="een-lang-wachtwoord-123")
    admin_client = login_as(Client(), account_actions.do_grant_membership(admin, platform, Role.PLATFORM_ADMIN))
    again = admin_client.post(url(world["method"], suggest="false"), EXAMPLE_CSV, content_type="text/csv")
    assert again.status_code == 200
    assert again.json()["counts"]["unchanged"] == 10
    # the editor of another publisher may not
    stranger = User.objects.create_user(email="anders@test.example.nl", password="een-lang-wachtwoord-123")
    other_client = login_as(
        Client(), account_actions.do_grant_membership(stranger, world["other"], Role.PUBLISHER_EDITOR)
    )
    refused = other_client.post(url(world["method"]), EXAMPLE_JSON, content_type="application/json")
    assert refused.status_code == 403


def test_a_session_needs_the_csrf_token(world):
    editor = User.objects.create_user(email="redacteur@test.example.nl", password="een-lang-wachtwoord-123")
    membership = account_actions.do_grant_membership(editor, world["publisher"], Role.PUBLISHER_EDITOR)
    client = login_as(Client(enforce_csrf_checks=True), membership)
    response = client.post(url(world["method"]), EXAMPLE_JSON, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not MethodPart.objects.exists()
