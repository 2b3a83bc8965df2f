"""The labelled demo catalogue goes through the real pipeline, once, and says "voorbeeldgegevens" where it shows."""

from __future__ import annotations

import pytest

from wijzer.catalog.models import Product
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.ingest.demo_data import DEMO_SOURCES, FLAWED_RECORD_IDS
from wijzer.ingest.models import QuarantinedRecord, Run

pytestmark = pytest.mark.usefixtures("slo")


@pytest.fixture
def demo():
    return load_demo_catalogue()


def test_demo_catalogue_loads_once_and_flawed_records_wait_in_quarantine(demo):
    assert [r.source.name for r in demo] == [name for name, _label in DEMO_SOURCES]
    eck, lom = demo[:-1], demo[-1]
    assert [sum(getattr(r, n) for r in eck) for n in ("received", "created", "quarantined", "conflicts")] == [
        244,
        238,
        6,
        0,
    ]
    assert (lom.received, lom.created, lom.quarantined) == (60, 60, 0)
    assert sorted(QuarantinedRecord.objects.values_list("record_id", flat=True)) == sorted(FLAWED_RECORD_IDS)
    runs, products = Run.objects.count(), Product.objects.count()
    assert load_demo_catalogue() == []
    assert (Run.objects.count(), Product.objects.count()) == (runs, products)
    assert Product.objects.filter(is_demo=False).count() == 0


def test_demo_lifo_bundle_has_licence_and_folio_price_lines(demo):
    bundle = Product.objects.filter(product_type="lifo_bundle").order_by("title").first()
    assert bundle is not None
    assert sorted(str(p.vat_percent.normalize()) for p in bundle.prices.all()) == ["21", "9"]


def test_every_catalogue_screen_with_demo_data_says_so(client, demo):
    product = Product.objects.order_by("title").first()
    assert product is not None
    for url in (
        "/catalogus/",
        f"/catalogus/{product.uuid}/",
        "/aanlevering/",
        "/aanlevering/bronnen/voorbeeld-rekenpen/",
        f"/aanlevering/runs/{demo[0].pk}/",
    ):
        html = client.get(url).content.decode()
        assert "voorbeeldgegevens" in html.lower(), url


def test_demo_product_api_names_the_publisher_and_flags_demo_data(client, demo):
    product = Product.objects.filter(publisher__name="Uitgeverij De Rekenpen (voorbeeld)").first()
    assert product is not None
    detail = client.get(f"/api/v1/catalog/products/{product.uuid}").json()
    assert detail["publisher_detail"]["name"] == "Uitgeverij De Rekenpen (voorbeeld)"
    assert detail["is_demo"] is True


def test_each_demo_publisher_owns_its_products_and_open_material_is_the_platforms(demo):
    """W5.1: the product's owner in Wijzer is the organisation its source is registered to."""
    owned = Product.objects.exclude(owner=None)
    assert owned.count() == 238
    assert all(p.owner_id == p.publisher_id for p in owned)
    open_material = Product.objects.filter(provenance__source="voorbeeldcatalogus-open")
    assert list(Product.objects.filter(owner=None)) == list(open_material)
    assert open_material.count() == 60
