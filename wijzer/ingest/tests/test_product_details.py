"""W5.2 §1: what schools use and only sat in the raw record is kept on the product and shown in the API and on the
product page (a real Kinheim ECK 2.3 record: environments, activation, extra licence options, authors)."""

from __future__ import annotations

import datetime
import hashlib
import io

from django.test import Client

import pytest

from wijzer.catalog import batch
from wijzer.catalog.domain.incoming import IncomingRecord
from wijzer.catalog.models import Product
from wijzer.ingest import service
from wijzer.ingest.formats.records import ParsedRecord

from .conftest import FORMATS

pytestmark = pytest.mark.usefixtures("slo")
KINHEIM = FORMATS / "eck_catalog" / "tests" / "fixtures" / "kinheim__sru-2.3.xml"


def test_a_real_ecks_environments_activation_and_licence_options_reach_the_api_and_the_page():
    source = service.ensure_source("kinheim")
    service.ingest_stream(io.BytesIO(KINHEIM.read_bytes()), source=source, input_name="kinheim")
    product = Product.objects.get(product_id="9789060523094")
    detail = Client().get(f"/api/v1/catalog/products/{product.uuid}").json()
    assert detail["environments"] == [
        {"kind": "Platform", "value": "iOS"}, {"kind": "Platform", "value": "Windows"},
        {"kind": "Device", "value": "pc ready"},
    ]  # fmt: skip
    assert detail["activation_before_days"] == 30
    assert detail["additional_licence_options"] == ["Inkijkexemplaar", "Demo-exemplaar"]
    assert detail["authors"] == ["kinheim"]
    assert detail["owner"] is None  # a platform source (operator import)
    assert detail["licence_expired"] is False
    for key in ("thumbnail_url", "sale_unit_size", "language"):
        assert key in detail
    page = Client().get(f"/catalogus/{product.uuid}/").content.decode()
    assert "binnen 30 dagen na aankoop" in page
    assert "Platform: iOS; Platform: Windows; Device: pc ready" in page


def test_a_deliverable_product_whose_licence_ended_is_flagged():
    record = ParsedRecord(
        format_id="eck_catalog", record_id="r1", product_id="9789006484908", title="Verlopen licentie",
        product_state="Leverbaar", licence_end_date=datetime.date(2020, 7, 31), authors=("A. Auteur",),
    )  # fmt: skip
    incoming = IncomingRecord(
        source="s", record=record, record_id="r1", key="id:9789006484908", sectors=(), level_ids=(), subject_ids=(),
        content_hash=hashlib.sha256(b"r1").hexdigest(), warnings=(),
    )  # fmt: skip
    batch.do_apply_records([incoming], now=datetime.datetime.now(datetime.UTC), run_id=None, cache=batch.LookupCache())
    product = Product.objects.get()
    detail = Client().get(f"/api/v1/catalog/products/{product.uuid}").json()
    assert (detail["licence_end_date"], detail["licence_expired"]) == ("2020-07-31", True)
    assert "maar de licentie liep af op 31 jul. 2020" in Client().get(f"/catalogus/{product.uuid}/").content.decode()
