"""CSV template adapter: delimiters, BOM, multi-values, template consistency, broken input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.csv.adapter import CsvAdapter
from wijzer.ingest.formats.csv.parse import COLUMNS
from wijzer.ingest.formats.records import Medium, Price, RecordFailure
from wijzer.ingest.formats.tests.helpers import (
    assert_well_behaved,
    fixture_bytes,
    mutated,
    parse_all,
    records,
)

ADAPTER = CsvAdapter()
SEMICOLON = fixture_bytes("csv", "uitgeverijklein__semicolon-bom.csv")


def test_semicolon_file_with_bom_and_quoted_delimiter():
    # when
    results = parse_all(ADAPTER, SEMICOLON)
    # then: the empty row is skipped
    book, open_lesson = records(results)
    assert len(results) == 2
    assert book.product_id == "9789006987904"
    assert book.title == "Rekenen groep 5"
    assert book.description == "Werkboek; deel 1"
    assert book.family_name == "Rekenrijk"
    assert book.medium is Medium.FOLIO
    assert book.prices == (Price(1250, Decimal(9), "EUR", "per stuk"),)
    assert book.licence == "copyright"
    assert book.is_paid is True
    assert book.information_url == "https://www.uitgeverijklein.nl/rekenrijk"
    assert open_lesson.medium is Medium.OPEN_RESOURCE
    assert open_lesson.curriculum.levels == ("havo", "vwo")
    assert open_lesson.curriculum.years == ("vwo 3",)
    assert open_lesson.licence == "cc-by-sa-4.0"
    assert open_lesson.uri == "https://maken.wikiwijs.nl/1"
    assert open_lesson.prices == ()


def test_comma_file_with_reordered_and_unknown_columns():
    (record,) = parse_all(ADAPTER, fixture_bytes("csv", "handmade__comma.csv"))
    assert not isinstance(record, RecordFailure)
    assert record.product_id == "9789006484908"
    assert record.prices == (Price(2798, Decimal(21), "EUR", ""),)
    assert record.medium is Medium.DIGITAL_LICENCE


def test_template_header_matches_documented_columns():
    template = Path(__file__).resolve().parent.parent / "template.csv"
    assert template.read_text(encoding="utf-8").strip().split(";") == list(COLUMNS)
    assert ADAPTER.sniff(template.read_bytes()) is True


def test_invalid_price_and_type_are_reported_on_the_record():
    data = b"ean;titel;prijs_excl_btw;btw;type\n9789006987904;X;gratis;9;boekje\n"
    (record,) = parse_all(ADAPTER, data)
    assert not isinstance(record, RecordFailure)
    assert [p.code for p in record.problems] == ["price.invalid", "csv.unknown_type"]


def test_missing_required_column_is_a_file_failure():
    (failure,) = parse_all(ADAPTER, b"titel;prijs\nX;1\n")
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == "csv.missing_columns"
    assert "ean" in failure.problems[0].message_nl


def test_non_utf8_rows_get_an_error_and_other_rows_are_kept():
    data = b"ean;titel\n9789006987904;Goed\n" + b"9789006439816;Caf\xe9\n" * 3000 + b"9789006484908;Laatste\n"
    results = records(parse_all(ADAPTER, data))
    assert len(results) == 3002
    assert results[0].problems == ()
    assert [p.code for p in results[1].problems] == ["csv.encoding"]
    assert results[-1].title == "Laatste"


@pytest.mark.parametrize(("data", "code"), [(b"", "file.empty"), (b"<html><body>x</body></html>", "file.html")])
def test_unusable_files(data, code):
    (failure,) = parse_all(ADAPTER, data)
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == code


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1024) | mutated(SEMICOLON))
def test_random_and_mutated_input_never_raises(data):
    assert_well_behaved(ADAPTER, data)
