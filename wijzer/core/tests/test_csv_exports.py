"""Every CSV export neutralises spreadsheet formulas (W5.1 item 7b): one writer, core.csvexport."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.service import record_audit_event
from wijzer.accounts.tests.helpers import build_world, login_as
from wijzer.alignment.demo import load_demo_alignment
from wijzer.alignment.models import MethodPart
from wijzer.catalog.models import Product
from wijzer.core.csvexport import FORMULA_STARTS, NEGATIVE_NUMBER, csv_text, neutralise
from wijzer.ingest import service as ingest
from wijzer.ingest.demo import load_demo_catalogue

TITLE = '=HYPERLINK("https://aanval.example/","klik")'
SAFE = "'" + TITLE


def _cells(body: str, delimiter: str = ";") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("start", sorted(FORMULA_STARTS))
def test_a_cell_starting_a_formula_gets_an_apostrophe(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize(
    "value", ["Rekenen", "", "'=al neutraal", " =spatie eerst", "–5 (en-dash)", 12, None, "-3,25", "-0.5", "-12", -7]
)
def test_other_cells_stay_as_they_are(value: object) -> None:
    assert neutralise(value) == ("" if value is None else str(value))


@given(st.lists(st.lists(st.text(), max_size=4), max_size=4))
def test_no_written_cell_starts_a_formula_and_nothing_else_changes(rows: list[list[str]]) -> None:
    written = list(csv.reader(io.StringIO(csv_text(rows), newline=""), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert [cell for row in written for cell in row] == [neutralise(cell) for cell in cells]
    formulas = [cell for row in written for cell in row if cell[:1] in FORMULA_STARTS]
    assert all(NEGATIVE_NUMBER.fullmatch(cell) for cell in formulas)


@pytest.mark.parametrize("value", ["-1+1", "-2,5*3", "-1,2,3", "-", "-1e3", "-1 ", "-1\n=2", "- 1", "-0x1"])
def test_a_minus_that_is_more_than_a_negative_number_still_gets_an_apostrophe(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.fixture
def demo(slo: None) -> dict[str, Any]:
    load_demo_catalogue()
    load_demo_alignment()
    products = list(Product.objects.order_by("pk")[:2])
    Product.objects.filter(pk=products[0].pk).update(title=TITLE)
    part = MethodPart.objects.filter(parent=None).select_related("method").order_by("pk").first()
    assert part is not None
    MethodPart.objects.filter(pk=part.pk).update(title=TITLE)
    return {"products": products, "method": part.method}


@pytest.mark.django_db
def test_the_comparison_export_neutralises_a_formula_title(client: Any, demo: dict[str, Any]) -> None:
    response = client.get("/catalogus/vergelijk/export.csv", {"p": [p.uuid for p in demo["products"]]})
    cells = _cells(response.content.decode())
    assert SAFE in cells
    assert TITLE not in cells


@pytest.mark.django_db
def test_the_shortlist_export_neutralises_a_formula_title(client: Any, demo: dict[str, Any]) -> None:
    client.post("/catalogus/keuzelijst/toevoegen/", {"product": str(demo["products"][0].uuid)})
    cells = _cells(client.get("/catalogus/keuzelijst/export.csv").content.decode())
    assert SAFE in cells
    assert TITLE not in cells


@pytest.mark.django_db
def test_the_coverage_exports_neutralise_a_formula_part_title(client: Any, demo: dict[str, Any]) -> None:
    uuid = demo["method"].uuid
    page = _cells(client.get(f"/kerndoeldekking/methode/{uuid}/dekking.csv").content.decode(), ",")
    api = _cells(client.get(f"/api/v1/alignment/methods/{uuid}/coverage", {"format": "csv"}).content.decode(), ",")
    assert SAFE in page
    assert SAFE in api
    assert TITLE not in page + api


@pytest.mark.django_db
def test_the_validation_report_neutralises_a_formula_record_id(client: Any, slo: None) -> None:
    source = ingest.ensure_source("formules", format_id="csv")
    delivery = f'ean;titel;uitgever\n"{TITLE.replace(chr(34), chr(34) * 2)}";;Uitgever\n'.encode()
    ingest.ingest_stream(io.BytesIO(delivery), source=source, input_name="formules.csv", format_id="csv")
    cells = _cells(client.get("/aanlevering/bronnen/formules/rapport.csv").content.decode())
    assert SAFE in cells
    assert TITLE not in cells


@pytest.mark.django_db
def test_the_audit_export_neutralises_a_formula_actor(client: Any, slo: None) -> None:
    world = build_world()
    record_audit_event(AuditAction.TOKEN_CREATED, actor_label=TITLE, organisation=world.school)
    login_as(client, world.members[Role.PRIVACY_OFFICER])
    cells = _cells(client.get(f"/organisaties/{world.school.uuid}/logboek/export/").content.decode())
    assert SAFE in cells
    assert TITLE not in cells
