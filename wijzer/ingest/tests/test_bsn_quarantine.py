"""A delivered record with a BSN-like number is never stored or shown (W5.1 item 7c): it goes to quarantine with a
reason that names the field, and quarantine keeps a redacted raw record (or none)."""

from __future__ import annotations

import io
import json

import pytest

from wijzer.catalog.models import Product, Provenance
from wijzer.ingest import service
from wijzer.ingest.domain.privacy import REDACTED
from wijzer.ingest.formats.records import Problem, RecordFailure
from wijzer.ingest.models import QuarantinedRecord
from wijzer.ingest.prepare import Rejected, prepare

pytestmark = pytest.mark.usefixtures("slo")

HEADER = "ean;titel;beschrijving;uitgever\n"
GOOD = "9789006987904;Rekenen groep 5;Oefenboek;Uitgeverij Proef\n"


def _ingest(body: str) -> None:
    source = service.ensure_source("bsn-proef", format_id="csv")
    service.ingest_stream(io.BytesIO(body.encode()), source=source, input_name="levering.csv", format_id="csv")


def test_a_bsn_in_the_description_quarantines_the_record_naming_the_field_not_the_number():
    # given a delivery with one good record and one with a BSN in its description
    body = HEADER + GOOD + "9789006987911;Taal groep 5;Leerling 123.456.782 (Jan);Uitgeverij Proef\n"
    # when
    _ingest(body)
    # then the good record is in the catalogue, the other only in quarantine
    assert list(Product.objects.values_list("title", flat=True)) == ["Rekenen groep 5"]
    held = QuarantinedRecord.objects.get()
    assert [(p["code"], p["field"]) for p in held.problems] == [("privacy.bsn", "description")]
    assert "burgerservicenummer" in held.problems[0]["message"]
    assert "geschoond" in held.problems[0]["message"]
    stored = json.dumps(held.problems) + bytes(held.raw).decode()
    assert "123.456.782" not in stored
    assert "123456782" not in stored.replace(".", "")
    assert REDACTED in bytes(held.raw).decode()
    assert not Provenance.objects.filter(raw__contains=b"123.456.782").exists()


def test_a_bsn_in_the_title_of_an_already_known_product_leaves_the_product_as_it_was():
    # given a product in the catalogue
    _ingest(HEADER + GOOD)
    # when the supplier delivers it again with a BSN in the title
    _ingest(HEADER + "9789006987904;Rekenen 123456782;Oefenboek;Uitgeverij Proef\n")
    # then the product keeps its title and the new delivery waits in quarantine
    assert list(Product.objects.values_list("title", flat=True)) == ["Rekenen groep 5"]
    held = QuarantinedRecord.objects.get()
    assert [p["field"] for p in held.problems] == ["title"]
    assert "123456782" not in bytes(held.raw).decode()


@pytest.mark.parametrize(
    "description",
    ["ISBN 9789006987904", "prijs 123.456.789,00", "€ 1.234,56", "bel 0612345678", "code a123456782"],
)
def test_eans_prices_and_phone_numbers_do_not_quarantine(description):
    _ingest(HEADER + GOOD.replace("Oefenboek", description))
    assert Product.objects.count() == 1
    assert QuarantinedRecord.objects.count() == 0


def test_an_unreadable_record_is_kept_without_the_number():
    failure = RecordFailure(
        None, b"<Record><Title>Leerling 123456782</Titel>", (Problem.error("xml.tag_mismatch", "", "stuk"),), 4
    )
    rejected = prepare(failure, source="s", position=4, mapper=None, level_sectors={})
    assert isinstance(rejected, Rejected)
    assert rejected.raw == f"<Record><Title>Leerling {REDACTED}</Titel>".encode()
    assert [(p.code, str(p.severity)) for p in rejected.problems] == [
        ("xml.tag_mismatch", "error"),
        ("privacy.bsn", "warning"),
    ]


def test_re_processing_never_releases_a_redacted_record():
    """Its raw was redacted: re-processing would publish "[BSN verwijderd]"; only a new delivery releases it."""
    _ingest(HEADER + "9789006987911;Taal groep 5;Leerling 123.456.782 (Jan);Uitgeverij Proef\n")
    run = service.reprocess_quarantine(service.ensure_source("bsn-proef"))
    assert (run.received, run.still_quarantined, run.created) == (1, 1, 0)
    assert not Product.objects.exists()
    assert QuarantinedRecord.objects.get().status == "still_invalid"
