"""ECK CatalogService adapter: real SRU sample, every schema version, legacy prices, broken input."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.eck_catalog.adapter import SUPPORTED_VERSIONS, EckCatalogAdapter
from wijzer.ingest.formats.records import Medium, Price, RecordFailure, Severity, SubProduct
from wijzer.ingest.formats.tests.helpers import (
    assert_well_behaved,
    failures,
    fixture_bytes,
    mutated,
    parse_all,
    records,
)

ADAPTER = EckCatalogAdapter()
SAMPLE = fixture_bytes("eck_catalog", "thiememeulenhoff__sru-2.5.2.xml")


def _entry(version: str, body: str = "<ProductId>9789006987904</ProductId><Title>T</Title>") -> bytes:
    return f'<Entry xmlns="http://dt2.eck.nl/schema/catalogservice/v{version}">{body}</Entry>'.encode()


def test_sru_sample_yields_ten_records_with_sru_identifiers():
    # when
    results = parse_all(ADAPTER, SAMPLE)
    # then
    assert len(results) == 10
    assert failures(results) == []
    assert [r.record_id for r in records(results)][:2] == [
        "toegangorg:0c1b8824-6989-5034-b116-7ae1bc0922bd",
        "toegangorg:0c2a2c55-1928-5e64-a5bc-399d42c96a05",
    ]
    assert {r.format_version for r in records(results)} == {"2.5.2"}


def test_sru_sample_record_fields_are_exact():
    """The Perspectief record carries a real price: 2798 cents excl. 9 % VAT, consumer price 3050."""
    record = records(parse_all(ADAPTER, SAMPLE))[2]
    assert record.product_id == "9789006484908"
    assert record.title == "Perspectief 3 havo/vwo Leer-opdrachtenboek"
    assert record.family_name == "Perspectief 3e druk"
    assert record.publisher == "Thiememeulenhoff"
    assert record.authors == ("Brokerhof, D.",)
    assert record.prices == (Price(2798, Decimal("9.0"), "EUR", ""),)
    assert record.consumer_price_cents == 3050
    assert record.price_is_indicative is True
    assert record.curriculum.sectors == ("VO",)
    assert record.curriculum.levels == ("VWO", "HAVO")
    assert record.curriculum.years == ("jaar 3",)
    assert record.curriculum.subjects == ("LEVENSBESCHOUWING",)
    assert record.curriculum.courses == ("GODSDIENST/LEVENSBESCHOUWING",)
    assert record.first_published == datetime.date(2014, 8, 1)
    assert record.end_of_life == datetime.date(2051, 11, 11)
    assert record.access_url == "https://toegang.org/9789006484908"
    assert record.thumbnail_url is not None
    assert record.thumbnail_url.startswith("https://cdn.tham.thiememeulenhoff.nl/")
    assert record.end_user_roles == ("Onderwijsvolger",)
    assert record.product_state == "Leverbaar"
    assert record.medium is Medium.FOLIO
    assert record.licence is None  # the record has no Copyright element: no invented licence
    assert record.licence_raw == ""
    assert record.raw.startswith(b'<Entry xmlns="http://dt2.eck.nl/schema/catalogservice/v2.5.2"')
    assert b"<ProductId>9789006484908</ProductId>" in record.raw


@pytest.mark.parametrize(
    ("index", "medium"),
    [(0, Medium.LIFO_BUNDLE), (1, Medium.FOLIO), (8, Medium.OTHER), (9, Medium.DIGITAL_LICENCE)],
)
def test_sample_medium_mapping(index, medium):
    assert records(parse_all(ADAPTER, SAMPLE))[index].medium is medium


def test_sample_newton_record_keeps_both_curriculum_forms_once():
    record = records(parse_all(ADAPTER, SAMPLE))[1]
    assert record.title == "Newton LRN-line Keuzekatern havo 1 Optica"
    assert record.information_url == "https://www.thiememeulenhoff.nl"
    assert record.curriculum.levels == ("HAVO",)
    assert record.curriculum.years == ("jaar 4", "jaar 5")
    assert record.curriculum.subjects == ("NATUURKUNDE",)


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_every_supported_version_namespace_is_accepted(version):
    # when
    (result,) = parse_all(ADAPTER, _entry(version))
    # then
    assert not isinstance(result, RecordFailure)
    assert result.format_version == version
    assert result.product_id == "9789006987904"


def test_unknown_version_fails_that_record_only():
    results = parse_all(ADAPTER, fixture_bytes("eck_catalog", "handmade__unknown-version.xml"))
    assert len(results) == 2
    failure, record = results
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == "eck.unknown_version"
    assert "Onbekende ECK CatalogService-versie" in failure.problems[0].message_nl
    assert b"v9.0" in failure.raw
    assert not isinstance(record, RecordFailure)
    assert record.title == "Heden"


def test_bare_entry_2_2_reads_legacy_vat_prices_with_a_warning():
    (record,) = records(parse_all(ADAPTER, fixture_bytes("eck_catalog", "handmade__bare-entry-2.2-old-prices.xml")))
    assert record.format_version == "2.2"
    assert record.record_id == "uitgeverij-voorbeeld-0001"
    assert record.prices == (
        Price(1250, Decimal(21), "EUR", "hoog tarief"),
        Price(899, Decimal(9), "EUR", "laag tarief"),
    )
    assert [p.code for p in record.problems] == ["price.legacy_vat"]
    assert record.problems[0].severity is Severity.WARNING
    assert "exclusief btw" in record.problems[0].message_nl
    assert record.price_is_indicative is True
    assert record.supplier == "Distributeur Voorbeeld"
    assert record.licence_duration == "12 maanden"
    assert record.first_published == datetime.date(2012, 8, 1)


def test_entries_file_reads_prefixed_namespace_subproducts_and_curriculum_info():
    results = parse_all(ADAPTER, fixture_bytes("eck_catalog", "handmade__entries-2.5.1-subproducts.xml"))
    first, second = records(results)
    assert first.sub_products == (
        SubProduct("9789006987904", "Leerboek", 1),
        SubProduct("9789006484908", "Licentie", 2),
    )
    assert first.curriculum.levels == ("HAVO",)
    assert first.curriculum.years == ("jaar 4",)
    assert first.prices == (Price(4500, Decimal("9.0"), "EUR", ""),)
    assert first.consumer_price_cents == 4905
    assert first.licence_options == ("Schooljaar", "Proefexemplaar")
    assert first.licence_raw == "© Uitgeverij Voorbeeld"
    assert first.medium is Medium.DIGITAL_LICENCE
    assert second.medium is Medium.TEST
    assert second.end_of_life == datetime.date(2023, 7, 31)


def test_truncated_sru_yields_records_before_the_break_then_a_dutch_failure():
    # given: cut in the middle of the fourth record
    cut = SAMPLE.index(b"<ProductId>9789006616286") + 10
    # when
    results = parse_all(ADAPTER, SAMPLE[:cut])
    # then
    assert [r.product_id for r in records(results)] == ["9789006439816", "9789006987904", "9789006484908"]
    (failure,) = failures(results)
    assert failure is results[-1]
    assert failure.file_level is True
    assert failure.problems[0].code in {"xml.truncated", "xml.syntax"}
    assert "records vóór dit punt zijn wel ingelezen" in failure.problems[0].message_nl


def test_broken_xml_in_the_middle_yields_good_records_first():
    broken = SAMPLE.replace(b"<Title>Pit Taal Pluswerk groep 6</Title>", b"<Title>Pit <Taal</Title>")
    results = parse_all(ADAPTER, broken)
    assert len(records(results)) == 7
    assert results[-1].problems[0].code == "xml.syntax"
    assert "regel" in results[-1].problems[0].message_nl


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (fixture_bytes("eck_catalog", "handmade__login-page.html"), "file.html"),
        (b"", "file.empty"),
        (b"\xef\xbb\xbf  \n", "file.empty"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "file.no_records"),
        (_entry("2.5.2").replace(b"dt2.eck.nl", b"example.org"), "file.no_records"),
    ],
)
def test_unusable_files_give_one_file_level_failure(data, code):
    (failure,) = parse_all(ADAPTER, data)
    assert isinstance(failure, RecordFailure)
    assert failure.file_level is True
    assert failure.problems[0].code == code


def test_sru_diagnostics_become_a_failure():
    results = parse_all(ADAPTER, fixture_bytes("eck_catalog", "handmade__sru-diagnostic.xml"))
    assert [f.problems[0].code for f in failures(results)] == ["sru.diagnostic", "file.no_records"]
    assert "Malformed query" in results[0].problems[0].message_nl


def test_external_entities_are_not_resolved():
    results = parse_all(ADAPTER, fixture_bytes("eck_catalog", "handmade__xxe.xml"))
    (record,) = records(results)
    assert "root:" not in record.title
    assert "lol" not in record.title
    assert record.title.startswith("Veilig")


def test_sniff_recognises_sample_but_not_lom():
    assert ADAPTER.sniff(SAMPLE[:8192]) is True
    assert ADAPTER.sniff(b'<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"/>') is False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(data):
    assert_well_behaved(ADAPTER, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SAMPLE))
def test_mutated_sample_never_raises(data):
    assert_well_behaved(ADAPTER, data)
