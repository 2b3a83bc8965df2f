"""NL-LOM adapter: IMS and IEEE bindings, bare / OAI-PMH / SRU wrappers, taxons, licences, broken input."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter
from wijzer.ingest.formats.records import Medium, RecordFailure, Taxon
from wijzer.ingest.formats.tests.helpers import (
    assert_well_behaved,
    failures,
    fixture_bytes,
    mutated,
    parse_all,
    records,
)

ADAPTER = NlLomAdapter()
COMPLETE = fixture_bytes("nl_lom", "kennisnet__nllom-complete.xml")
OAI = fixture_bytes("nl_lom", "handmade__oai-listrecords-obk.xml")
VDEX_LEVEL = "http://download.edustandaard.nl/vdex/vdex_classification_educationallevel_czp_20071115.xml"


def test_complete_nllom_sample_fields_are_exact():
    (record,) = parse_all(ADAPTER, COMPLETE)
    assert not isinstance(record, RecordFailure)
    assert record.format_version == "imsmd_v1p2"
    assert record.title == "Test <strike>test</strike>"
    assert record.description == "één beschrijving met speciale tekens"
    assert record.product_id == "9789034553966"
    assert record.record_id == "urn:isbn:9789034553966"
    assert record.uri == "https://delen.edurep.nl/download.php?id=1c1aad84-a96b-4efe-8d23-25c870566497&test=1"
    assert record.keywords == ("Nederlands", "Engels")
    assert record.language == "nl"
    assert record.authors == ("Digischool",)
    assert record.first_published == datetime.date(1999, 6, 1)
    assert record.licence == "cc-by-3.0"
    assert record.licence_raw == "cc-by-30"
    assert record.is_paid is False
    assert record.medium is Medium.OPEN_RESOURCE
    assert record.end_user_roles == ("learner",)
    assert record.curriculum.sectors == ("VO",)
    assert record.curriculum.subjects == ("Duitse taal",)
    assert record.curriculum.levels == ("Voortgezet Onderwijs", "VMBO", "VWO", "Duits", "vmbo_kl2")
    assert len(record.taxons) == 6
    assert record.taxons[-1] == Taxon("educational level", VDEX_LEVEL, "vmbo_kl2", "", None)
    assert record.obk_level_ids == ()


def test_minimal_sample_is_one_empty_record():
    (record,) = parse_all(ADAPTER, fixture_bytes("nl_lom", "kennisnet__nllom-minimal.xml"))
    assert not isinstance(record, RecordFailure)
    assert record.title == ""
    assert record.record_id is None
    assert record.problems == ()


def test_generic_ims_sample_reads_cc_licence_from_rights_description():
    (record,) = parse_all(ADAPTER, fixture_bytes("nl_lom", "pylom__ims-complete.xml"))
    assert not isinstance(record, RecordFailure)
    assert record.title == "Bloodbath of B-R5RB"
    assert record.publisher == "Wikipedia"
    assert record.authors == ("3family6",)
    assert record.licence == "cc-by-sa"
    assert record.uri == "https://en.wikipedia.org/wiki/Bloodbath_of_B-R5RB"
    assert record.first_published == datetime.date(2014, 2, 2)
    assert record.curriculum.sectors == ("school", "higher education")


def test_oai_listrecords_gives_identifiers_obk_ids_and_deleted_record():
    # when
    results = parse_all(ADAPTER, OAI)
    # then
    first, deleted = records(results)
    assert len(results) == 2
    assert first.record_id == "oai:example.org:lm-1"
    assert first.last_modified == datetime.date(2024, 2, 28)
    assert first.title == "Licht en lenzen"
    assert first.obk_level_ids == ("2a1401e9-c223-493b-9b86-78f6993b1a8d", "a3ddbe60-8478-4204-b769-6f5e9f4cbca2")
    assert first.obk_discipline_ids == ("e98be5ad-4bd2-4768-a9eb-7e24026e360c",)
    assert first.obk_objective_ids == ("8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902",)
    assert first.licence == "cc-by-sa-4.0"
    assert first.medium is Medium.TEST
    assert first.uri == "https://maken.wikiwijs.nl/12345/Licht_en_lenzen"
    assert first.raw.startswith(b"<czp:lom")
    assert deleted.deleted is True
    assert deleted.record_id == "oai:example.org:lm-2"
    assert deleted.last_modified == datetime.date(2024, 2, 29)


def test_ieee_binding_is_read_like_ims():
    (record,) = parse_all(ADAPTER, fixture_bytes("nl_lom", "handmade__ieee-lom.xml"))
    assert not isinstance(record, RecordFailure)
    assert record.format_version == "ieee_lom"
    assert record.title == "Breuken oefenen"
    assert record.product_id == "9789006987904"
    assert record.uri == "https://example.org/ieee/1"
    assert record.publisher == "Stichting Voorbeeld"
    assert record.first_published == datetime.date(2019, 5, 3)
    assert record.licence == "cc-by-nc-4.0"
    assert record.obk_level_ids == ("bc213214-b83d-4673-b9c1-8fdaa63d6d56",)
    assert record.curriculum.levels == ("Groep 5",)
    assert record.curriculum.sectors == ("PO",)


def test_sru_wrapped_lom_uses_sru_identifiers():
    results = parse_all(ADAPTER, fixture_bytes("nl_lom", "handmade__sru-lom.xml"))
    assert [(r.record_id, r.title) for r in records(results)] == [
        ("wikiwijsmaken:oai:maken.wikiwijs.nl:111", "Eerste"),
        ("wikiwijsmaken:oai:maken.wikiwijs.nl:222", "Tweede"),
    ]


def test_oai_no_records_match_is_an_empty_result():
    assert parse_all(ADAPTER, fixture_bytes("nl_lom", "handmade__oai-no-records.xml")) == []


def test_oai_error_is_a_file_failure():
    (failure, no_records) = parse_all(ADAPTER, fixture_bytes("nl_lom", "handmade__oai-bad-argument.xml"))
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == "oai.error"
    assert "badArgument" in failure.problems[0].message_nl
    assert no_records.problems[0].code == "file.no_records"


def test_truncated_oai_keeps_the_first_record():
    cut = OAI.index(b'<header status="deleted">') + 12
    results = parse_all(ADAPTER, OAI[:cut])
    assert [r.record_id for r in records(results)] == ["oai:example.org:lm-1"]
    (failure,) = failures(results)
    assert failure.file_level is True
    assert "regel" in failure.problems[0].message_nl


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><body>Service unavailable</body></html>", "file.html"),
        (b"", "file.empty"),
        (b'<lom xmlns="http://example.org/not-lom"><general/></lom>', "file.no_records"),
        (b"<lom", "xml.truncated"),
    ],
)
def test_unusable_files_give_one_failure(data, code):
    (failure,) = parse_all(ADAPTER, data)
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == code


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(data):
    assert_well_behaved(ADAPTER, data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(COMPLETE), mutated(OAI)))
def test_mutated_samples_never_raise(data):
    assert_well_behaved(ADAPTER, data)
