"""The search rows an ingest batch writes equal what a full reindex builds from the stored catalogue (W4).

Ingest builds the documents of a batch from the records it has just written (no re-read of the products); these
tests pin that the result is the same row for row, for new products, updated products, products that keep their
older prices, products with a declared vision and a product delivered in two formats.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from decimal import Decimal

import pytest

from wijzer.catalog import actions, batch
from wijzer.catalog.domain.incoming import IncomingRecord
from wijzer.catalog.domain.records import Curriculum, ParsedRecord, Price
from wijzer.catalog.models import Product, SearchRow
from wijzer.catalog.search.engine import search
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
HAVO = "a3ddbe60-8478-4204-b769-6f5e9f4cbca2"


def index_rows() -> dict[int, tuple[object, ...]]:
    return {
        row[0]: row[1:]
        for row in SearchRow.objects.values_list(
            "product_id", "tokens", "title_tokens", "sort_title", "price_cents", "quality", "coverage", "facet_keys"
        )
    }


def assert_same_as_reindex() -> None:
    written = index_rows()
    actions.do_reindex_search()
    assert index_rows() == written


def incoming(record: ParsedRecord, *, source: str = "handmatig", key: str = "id:2000000000008") -> IncomingRecord:
    return IncomingRecord(
        source=source,
        record=record,
        record_id=record.record_id or "r",
        key=key,
        sectors=("vo",),
        level_ids=(HAVO,),
        subject_ids=(),
        content_hash=hashlib.sha256(f"{record.title}|{record.prices}|{record.format_id}".encode()).hexdigest(),
        warnings=(),
    )


BASE = ParsedRecord(
    format_id="eck_catalog",
    record_id="r1",
    product_id="2000000000008",
    title="Fietsen en breuken rekenen",
    description="Rekenen met breuken voor de bovenbouw",
    family_name="Getal & Ruimte",
    publisher="Uitgeverij Voorbeeld",
    keywords=("rekenen", "breuken"),
    curriculum=Curriculum(levels=("HAVO",)),
    licence="copyright",
    is_paid=True,
    prices=(Price(1995, Decimal("21.0"), "EUR", "per leerling"),),
    licence_duration="12 maanden",
    end_user_roles=("Onderwijsvolger",),
)


def test_the_demo_catalogue_is_indexed_as_a_reindex_would(demo_catalogue):
    assert len(index_rows()) == Product.objects.count() == 298
    assert_same_as_reindex()


def test_an_updated_product_keeps_its_vision_and_older_prices_in_the_index():
    cache = batch.LookupCache()
    batch.do_apply_records([incoming(BASE)], now=NOW, run_id=None, cache=cache)
    product = Product.objects.get()
    actions.do_declare_vision(product, ["onderzoekend_leren"], source="demo")
    # when: a new delivery without prices and with another title
    later = dataclasses.replace(BASE, title="Fietsen en breuken rekenen, tweede druk", prices=())
    outcome = batch.do_apply_records([incoming(later)], now=NOW, run_id=None, cache=cache)
    # then
    assert (outcome.created, outcome.updated) == (0, 1)
    row = SearchRow.objects.get(product=product)
    assert "visie:onderzoekend_leren" in row.facet_keys
    assert row.price_cents is not None  # the stored price of the first delivery still counts
    assert set(search("druk").items) == {product.pk}
    assert_same_as_reindex()


def test_one_product_delivered_in_two_formats_in_one_batch_has_both_standards():
    lom = dataclasses.replace(BASE, format_id="nl_lom", record_id="oai:1", title="Fietsen (open)", prices=())
    batch.do_apply_records(
        [incoming(BASE), incoming(lom, source="open")], now=NOW, run_id=None, cache=batch.LookupCache()
    )
    row = SearchRow.objects.get()
    assert {"standaard:eck", "standaard:nllom"} <= set(row.facet_keys)
    assert_same_as_reindex()


def test_a_stemmed_word_finds_an_ingested_product():
    batch.do_apply_records([incoming(BASE)], now=NOW, run_id=None, cache=batch.LookupCache())
    product = Product.objects.get()
    for q in ("fiets", "fietsen", "breuk", "getal", "uitgeverij voorbeeld", "havo"):
        assert search(q).items == (product.pk,), q
    assert search("natuurkunde").items == ()


@pytest.fixture
def demo_catalogue():
    return load_demo_catalogue()
