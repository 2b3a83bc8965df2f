"""W5.2: Edu-V prices with a start date, tier and school-size prices are kept as delivered; the price per pupil,
the API's current prices and the search index use only the standard price in force today."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from decimal import Decimal

from django.test import Client

import pytest

from wijzer.catalog import actions, batch
from wijzer.catalog.domain.incoming import IncomingRecord
from wijzer.catalog.domain.records import Medium, ParsedRecord, Price
from wijzer.catalog.models import PriceObservation, Product, SearchRow

pytestmark = pytest.mark.usefixtures("slo")
TODAY = datetime.date.today()  # noqa: DTZ011  # the rule is about the calendar date the page is shown
RECORD = ParsedRecord(
    format_id="eduv_json", record_id="p1", product_id="9789006484908", title="Rekenpad groep 6 leerlinglicentie",
    medium=Medium.DIGITAL_LICENCE, licence_duration="12 maanden", end_user_roles=("Onderwijsvolger",), is_paid=True,
    prices=(
        Price(1000, Decimal(21), valid_from=TODAY - datetime.timedelta(days=400), kind="standard"),
        Price(2000, Decimal(21), valid_from=TODAY - datetime.timedelta(days=30), kind="standard"),
        Price(3000, Decimal(21), valid_from=TODAY + datetime.timedelta(days=60), kind="standard"),
        Price(1500, Decimal(21), valid_from=TODAY - datetime.timedelta(days=30), kind="tier", min_quantity=100),
    ),
)  # fmt: skip


def apply(record: ParsedRecord) -> None:
    incoming = IncomingRecord(
        source="eduv", record=record, record_id="p1", key="id:9789006484908", sectors=("po",), level_ids=(),
        subject_ids=(), content_hash=hashlib.sha256(repr(record.prices).encode()).hexdigest(), warnings=(),
    )  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)
    batch.do_apply_records([incoming], now=now, run_id=None, cache=batch.LookupCache())


def test_only_todays_standard_price_counts_and_the_others_are_kept_and_shown():
    apply(RECORD)
    product = Product.objects.get()
    stored = PriceObservation.objects.filter(product=product).order_by("line")
    assert [(p.amount_cents, p.kind, p.min_quantity) for p in stored] == [
        (1000, "standard", None), (2000, "standard", None), (3000, "standard", None), (1500, "tier", 100),
    ]  # fmt: skip
    detail = Client().get(f"/api/v1/catalog/products/{product.uuid}").json()
    assert [p["amount_cents"] for p in detail["current_prices"]] == [2000]
    assert SearchRow.objects.get(product=product).price_cents == 2420  # 2000 + 21 % VAT, per pupil per year
    written = SearchRow.objects.get(product=product).price_cents
    actions.do_reindex_search()
    assert SearchRow.objects.get(product=product).price_cents == written
    page = Client().get(f"/catalogus/{product.uuid}/").content.decode()
    assert "staffelprijs" in page
    assert "100 stuks of leerlingen" in page


def test_the_same_dated_prices_again_make_no_new_snapshot_and_a_changed_date_does():
    apply(RECORD)
    apply(dataclasses.replace(RECORD, title="Nieuwe titel"))
    assert PriceObservation.objects.count() == 4
    moved = list(RECORD.prices)
    moved[2] = Price(3000, Decimal(21), valid_from=TODAY + datetime.timedelta(days=61), kind="standard")
    apply(dataclasses.replace(RECORD, prices=tuple(moved)))
    assert PriceObservation.objects.count() == 8
