"""Search page, API contract, product page, comparison, shortlist and CSV exports (W4): what depends on the demo
catalogue's records on the demo catalogue, the rest on two products built for the test."""

from __future__ import annotations

import csv
import io

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.helpers import build_world, login_as
from wijzer.catalog.models import Product, ShortlistItem
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory, index
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")

LIFO = "Formulepad (voorbeeld) havo 2 LiFo: werkboek inclusief 1 jaar licentie"
LICENCE = "Formulepad (voorbeeld) havo 2 leerlinglicentie 1 jaar"


@pytest.fixture
def demo():
    return load_demo_catalogue()


@pytest.fixture
def shelf():
    """Two products of one method, indexed: for the tests that are not about the demo data."""
    method = MethodFactory(name="Formulepad (test)")
    products = [ProductFactory(lifo=True, title=LIFO, method=method), ProductFactory(title=LICENCE, method=method)]
    assert index() == 2
    return products


def test_search_api_contract(client, demo):
    response = client.get("/api/v1/catalog/search", {"q": "breuken", "type": "open_resource"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items", "facets"}
    assert body["count"] == 1
    assert [i["title"] for i in body["items"]] == ["Breuken op de getallenlijn (voorbeeld)"]
    assert body["items"][0]["price_per_pupil_year_incl_vat_cents"] == 0
    assert body["facets"]["type"] == [{"value": "open_resource", "label": "Open leermateriaal", "count": 1}]
    assert set(body["facets"]["price"][0]) == {"value", "label", "count"}


@pytest.mark.parametrize(
    ("q", "expected"), [("", 2), ('"', 2), ("*", 2), ("NEAR", 0), ("-", 2), ("a" * 499, 0), ("NEAR(x y) -z*", 0)]
)
def test_search_api_answers_normally_to_odd_queries(client, shelf, q, expected):
    response = client.get("/api/v1/catalog/search", {"q": q})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items", "facets"}
    assert (body["count"], len(body["items"])) == (expected, expected)


def test_search_api_refuses_a_5000_character_query_with_a_message(client):
    response = client.get("/api/v1/catalog/search", {"q": "a" * 5000})
    assert response.status_code == 422
    assert response.json() == {"detail": "De zoekvraag is te lang (5000 tekens); gebruik hoogstens 500 tekens."}


def test_search_page_filters_by_two_facets_and_labels_demo_data(client, demo):
    html = client.get("/catalogus/", {"q": "formulepad", "soort": "lifo_bundle", "leerjaar": ""}).content.decode()
    assert "voorbeeldgegevens" in html.lower()
    html = client.get("/catalogus/", {"q": "wiskunde", "sector": "vo", "soort": "lifo_bundle"}).content.decode()
    assert html.count('class="result"') == 11  # Formulepad: vmbo 1-3, havo 1-5, vwo 1-3
    assert 'name="soort" value="lifo_bundle" checked' in html
    assert client.get("/catalogus/", {"q": "x" * 5000}).status_code == 200


def test_product_page_shows_price_per_pupil_with_lifo_parts_and_explanation(client, demo):
    product = Product.objects.get(title=LIFO)
    html = client.get(f"/catalogus/{product.uuid}/").content.decode()
    for text in ("Prijs per leerling per jaar", "waarvan licentie", "waarvan folio", "Hoe is dit berekend?",
                 "ook los verkrijgbaar", "Open leermateriaal voor dezelfde doelen", "Voorbeeldgegevens",
                 "Herkomst van de gegevens", "Licentieduur “12 maanden” = 12 maanden."):  # fmt: skip
        assert text in html, text


def test_compare_two_products_marks_differences_and_exports_csv(client, demo):
    a, b = Product.objects.get(title=LIFO), Product.objects.get(title=LICENCE)
    html = client.get("/catalogus/vergelijk/", {"p": [a.uuid, b.uuid]}).content.decode()
    # title, type, price excl/incl, licence part, folio part, parts
    assert html.count('class="compare__differs"') == 7
    response = client.get("/catalogus/vergelijk/export.csv", {"p": [a.uuid, b.uuid]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert response["Content-Disposition"] == 'attachment; filename="vergelijking.csv"'
    assert rows[0] == ["Kenmerk", LIFO, LICENCE, "Verschilt"]
    assert rows[2] == ["Soort", "LiFo-bundel (licentie + folio)", "Digitale licentie", "ja"]
    assert rows[3] == ["Methode", "Formulepad (voorbeeld)", "Formulepad (voorbeeld)", "nee"]


def test_compare_needs_two_to_four_products(client, shelf):
    a = shelf[0]
    html = client.get("/catalogus/vergelijk/", {"p": [a.uuid]}).content.decode()
    assert "Kies 2 tot 4 producten om te vergelijken (nu 1)." in html
    response = client.get("/catalogus/vergelijk/export.csv", {"p": [a.uuid, "geen-uuid"]})
    assert response["Location"] == f"/catalogus/vergelijk/?p={a.uuid}&p=geen-uuid"


def test_anonymous_shortlist_lives_in_the_session(client, shelf):
    product = shelf[0]
    response = client.post("/catalogus/keuzelijst/toevoegen/", {"product": product.uuid, "next": "/catalogus/"})
    assert response["Location"] == "/catalogus/"
    assert LIFO in client.get("/catalogus/keuzelijst/").content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client.get("/catalogus/keuzelijst/export.csv").content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["Kenmerk", LIFO, "Verschilt"]
    assert ShortlistItem.objects.count() == 0
    client.post("/catalogus/keuzelijst/verwijderen/", {"product": product.uuid})
    assert "Uw keuzelijst is leeg." in client.get("/catalogus/keuzelijst/").content.decode()


def test_signed_in_shortlist_persists_per_user(client, shelf):
    world = build_world()
    login_as(client, world.members[Role.TEACHER])
    product = shelf[1]
    client.post("/catalogus/keuzelijst/toevoegen/", {"product": product.uuid, "next": "https://evil.example/"})
    assert list(ShortlistItem.objects.values_list("user", "product")) == [
        (world.members[Role.TEACHER].user.pk, product.pk)
    ]
