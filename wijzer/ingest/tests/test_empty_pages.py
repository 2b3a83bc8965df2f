"""Empty pages end to end: `wijzer ingest FILE` and `wijzer harvest` of a source without records is a successful run
of 0 records (not "format not recognised", not a quarantined file), and an Edu-V spec product imports with its
description, price, level, subject and access URL (and a withdrawn status withdraws it)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import override_settings

import pytest

from wijzer.catalog.models import Product
from wijzer.ingest.harvest.tests.testserver import HarvestTestServer
from wijzer.ingest.models import QuarantinedRecord, Run

from .conftest import FORMATS

pytestmark = pytest.mark.usefixtures("slo")

EMPTY = FORMATS / "tests" / "fixtures"
EDUV_PAGE = FORMATS / "eduv_json" / "tests" / "fixtures" / "spec200__products.json"


def _ingest(path: Path, source: str, *flags: str) -> dict[str, Any]:
    out = StringIO()
    call_command("ingest", str(path), "--source", source, "--json", *flags, stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _succeeded_with_nothing(data: dict[str, Any]) -> None:
    assert data["status"] == "succeeded"
    assert (data["received"], data["created"], data["quarantined"], data["problems"]) == (0, 0, 0, [])
    assert QuarantinedRecord.objects.count() == 0
    assert Product.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("edurep__sru-facets-only.xml", "nl_lom"),
        ("handmade__sru-1.2-zero.xml", "eck_catalog"),
        ("handmade__sru-1.2-last-page.xml", "eck_catalog"),
        ("handmade__oai-norecordsmatch.xml", "nl_lom"),
        ("handmade__oai-empty-last-page.xml", "nl_lom"),
    ],
)
def test_ingest_of_an_empty_response_is_a_successful_run_of_zero(name, fmt):
    data = _ingest(EMPTY / name, "leeg")

    _succeeded_with_nothing(data)
    assert data["format"] == fmt


@pytest.mark.parametrize("flag", ["eck", "nllom"])
def test_ingest_of_an_empty_sru_page_with_the_format_given(flag):
    _succeeded_with_nothing(_ingest(EMPTY / "handmade__sru-1.2-zero.xml", "leeg", "--format", flag))


def test_ingest_of_an_empty_edu_v_list(tmp_path):
    page = tmp_path / "leeg.json"
    page.write_bytes(b"[]")

    _succeeded_with_nothing(_ingest(page, "leeg"))


def test_edu_v_spec_product_imports_with_description_price_level_subject_and_access_url(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps(json.loads(EDUV_PAGE.read_bytes())[:1]), encoding="utf-8")

    data = _ingest(page, "eduv-lindeboom")

    assert (data["status"], data["received"], data["created"], data["quarantined"]) == ("succeeded", 1, 1, 0)
    product = Product.objects.get()
    assert product.title == "Spectrum natuurkunde havo 4-5 online"
    assert product.description.startswith("Online lesmethode natuurkunde voor de bovenbouw havo")
    assert product.access_url == "https://start.lindeboom.example/na-havo"
    assert product.prices.count() >= 1
    assert {p.amount_cents for p in product.prices.all()} <= {3899, 4037}
    assert set(product.level_ids) >= {"70af3752-c6ad-43d9-aa0c-9ff099931f8a", "cb61531d-61eb-4412-a52f-ca065ca37e39"}
    assert product.subject_ids


@pytest.fixture
def server():
    with HarvestTestServer() as running:
        yield running


@pytest.mark.parametrize(("protocol", "path"), [("sru", "/sru/empty"), ("eduv", "/eduv/empty")])
def test_harvest_of_a_source_without_records_is_a_successful_run_of_zero(server, tmp_path, protocol, path):
    with override_settings(VAR_DIR=tmp_path):
        call_command("harvest", "--add", "leeg", "--protocol", protocol, "--url", server.url(path), stdout=StringIO())
        out = StringIO()
        call_command("harvest", "leeg", "--json", stdout=out)

    _succeeded_with_nothing(json.loads(out.getvalue()))
    assert Run.objects.get().status == "succeeded"
    # only the first page was asked for (`harvest_run._fetch` then `Spool.resume` ask it twice when no page was stored)
    assert {q.get("start", q.get("startRecord")) for q in server.queries(path)} == {"0" if protocol == "eduv" else "1"}


def test_edu_v_withdrawn_status_withdraws_the_product_and_makes_none(tmp_path):
    product = json.loads(EDUV_PAGE.read_bytes())[0]
    page = tmp_path / "page.json"
    page.write_text(json.dumps([product]), encoding="utf-8")
    _ingest(page, "eduv-lindeboom")
    page.write_text(json.dumps([product | {"status": "not-available-or-usable"}]), encoding="utf-8")

    data = _ingest(page, "eduv-lindeboom")

    assert (data["status"], data["received"], data["created"], data["quarantined"]) == ("succeeded", 1, 0, 0)
    withdrawn = Product.objects.get()
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == "eduv-lindeboom"
