"""Publisher push with a scoped token, catalogue API with prices and provenance, and the ingest pages."""

from __future__ import annotations

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.models import Product
from wijzer.ingest.models import QuarantinedRecord, Run, Source

from .conftest import ECK_SAMPLE

pytestmark = pytest.mark.usefixtures("slo")
PUSH = "/api/v1/ingest/push"


@pytest.fixture
def publisher():
    return OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Proef")


def _token(org, scopes=("catalog:push",)):
    _token_row, raw = account_actions.do_create_api_token(org, name="feed", scopes=scopes, created_by=None)
    return raw


def test_push_with_a_scoped_token_ingests_as_one_run_for_that_publisher(client, publisher):
    response = client.post(
        PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}"
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["received"], data["created"], data["quarantined"]) == (10, 8, 2)
    source = Source.objects.get(name=data["source"])
    assert source.owner == publisher
    assert data["source"] == "push-uitgeverij-proef"


def test_push_without_token_is_refused_and_writes_nothing(client):
    response = client.post(PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml")
    assert response.status_code == 401
    assert Run.objects.count() == 0
    assert Product.objects.count() == 0


def test_push_with_a_forged_token_is_refused(client):
    response = client.post(
        PUSH,
        ECK_SAMPLE.read_bytes(),
        content_type="application/xml",
        HTTP_AUTHORIZATION="Bearer wzr_abcdefgh_" + "x" * 40,
    )
    assert response.status_code == 401
    assert Product.objects.count() == 0


def test_push_with_a_token_without_the_scope_is_forbidden(client, publisher):
    response = client.post(
        PUSH,
        ECK_SAMPLE.read_bytes(),
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {_token(publisher, scopes=('school:read',))}",
    )
    assert response.status_code == 403
    assert Product.objects.count() == 0


def test_push_into_another_publishers_source_is_forbidden(client, publisher):
    other = OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Andere Uitgever")
    client.post(
        PUSH + "?source=andere-feed",
        ECK_SAMPLE.read_bytes(),
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {_token(other)}",
    )
    before = Run.objects.count()
    response = client.post(
        PUSH + "?source=andere-feed",
        ECK_SAMPLE.read_bytes(),
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}",
    )
    assert response.status_code == 403
    assert "geregistreerd op naam van Andere Uitgever" in response.json()["detail"]
    assert Run.objects.count() == before


def test_push_of_html_is_a_dutch_400(client, publisher):
    response = client.post(
        PUSH,
        b"<!DOCTYPE html><html><body>Inloggen</body></html>",
        content_type="text/html",
        HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}",
    )
    assert response.status_code == 400
    assert "HTML" in response.json()["detail"]


def test_products_api_shows_prices_and_provenance(client, publisher):
    client.post(
        PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}"
    )
    listing = client.get("/api/v1/catalog/products", {"source": "push-uitgeverij-proef", "limit": 100}).json()
    assert listing["count"] == 8
    priced = [p for p in listing["items"] if p["current_prices"]]
    assert priced
    detail = client.get(f"/api/v1/catalog/products/{priced[0]['id']}").json()
    assert detail["price_history"][0]["amount_cents"] == priced[0]["current_prices"][0]["amount_cents"]
    assert detail["provenance"][0]["source"] == "push-uitgeverij-proef"
    assert detail["provenance"][0]["format"] == "eck_catalog"
    assert detail["provenance"][0]["record_id"].startswith("toegangorg:")


def test_products_api_filters_by_type_and_refuses_bad_ids(client, publisher):
    client.post(
        PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}"
    )
    by_type = client.get("/api/v1/catalog/products", {"type": "open_resource"}).json()
    assert by_type["count"] == Product.objects.filter(product_type="open_resource").count()
    assert client.get("/api/v1/catalog/products/geen-uuid").status_code == 422
    missing = client.get("/api/v1/catalog/products/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Product niet gevonden."


def test_validation_report_json_csv_and_page_agree(client, publisher):
    client.post(
        PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}"
    )
    report = client.get("/api/v1/ingest/sources/push-uitgeverij-proef/report").json()
    assert (report["received"], report["valid"], report["valid_share"]) == (10, 8, 0.8)
    assert report["problems"][0]["code"] == "price.zero_paid"
    assert report["problems"][0]["count"] == 2
    csv_text = client.get("/aanlevering/bronnen/push-uitgeverij-proef/rapport.csv").content.decode()
    assert "price.zero_paid;error;prices;2;" in csv_text
    html = client.get("/aanlevering/bronnen/push-uitgeverij-proef/").content.decode()
    assert "80%" in html
    assert "vul de echte prijs in" in html


def _login_as(client, role, organisation):
    login_as(client, MembershipFactory(role=role, organisation=organisation))


def test_publisher_editor_uploads_a_file_and_sees_the_counts(client, publisher):
    _login_as(client, Role.PUBLISHER_EDITOR, publisher)
    with ECK_SAMPLE.open("rb") as handle:
        response = client.post(
            "/aanlevering/aanleveren/", {"bestand": handle, "bron": "proef-upload", "formaat": "auto"}, follow=True
        )
    html = response.content.decode()
    assert "10 ontvangen: 8 nieuw" in html
    assert Source.objects.get(name="proef-upload").owner == publisher


def test_teacher_cannot_upload_or_reprocess(client, publisher):
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL)
    _login_as(client, Role.TEACHER, school)
    with ECK_SAMPLE.open("rb") as handle:
        response = client.post("/aanlevering/aanleveren/", {"bestand": handle, "bron": "x", "formaat": "auto"})
    assert response.status_code == 403
    assert Run.objects.count() == 0


def test_quarantined_raw_record_is_only_for_the_publisher(client, publisher):
    client.post(
        PUSH, ECK_SAMPLE.read_bytes(), content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {_token(publisher)}"
    )
    record = QuarantinedRecord.objects.first()
    assert record is not None
    url = f"/aanlevering/bronnen/push-uitgeverij-proef/quarantaine/{record.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    _login_as(client, Role.PUBLISHER_EDITOR, publisher)
    response = client.get(url)
    assert response.status_code == 200
    assert b"<Entry" in response.content
