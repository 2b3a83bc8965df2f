"""Empty pages: a valid SRU or OAI-PMH response (or Edu-V list) without records is zero records, not a failure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from wijzer.ingest.formats.envelope import guess_adapter_id, is_empty_response
from wijzer.ingest.formats.records import RecordFailure
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.formats.tests.helpers import fixture_bytes, parse_all

FIXTURES = Path(__file__).parent / "fixtures"
EMPTY_PAGES = (
    ("edurep__sru-facets-only.xml", "nl_lom"),
    ("handmade__sru-1.2-zero.xml", "eck_catalog"),
    ("handmade__sru-1.2-last-page.xml", "eck_catalog"),
    ("handmade__oai-norecordsmatch.xml", "nl_lom"),
    ("handmade__oai-empty-last-page.xml", "nl_lom"),
)
SRU_2_ZERO = (
    b'<?xml version="1.0"?><sruResponse:searchRetrieveResponse '
    b'xmlns:sruResponse="http://docs.oasis-open.org/ns/search-ws/sruResponse"><sruResponse:version>2.0'
    b"</sruResponse:version><sruResponse:numberOfRecords>0</sruResponse:numberOfRecords>"
    b"</sruResponse:searchRetrieveResponse>"
)


def _data(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(("name", "guessed"), EMPTY_PAGES)
def test_auto_detection_recognises_the_empty_response(name, guessed):
    adapter = default_registry.detect(_data(name)[:8192])

    assert adapter is not None
    assert adapter.identifier == guessed
    assert parse_all(adapter, _data(name)) == []


@pytest.mark.parametrize("name", [name for name, _ in EMPTY_PAGES])
@pytest.mark.parametrize("format_id", ["eck_catalog", "nl_lom"])
def test_both_xml_adapters_read_an_empty_response_as_zero_records(name, format_id):
    assert parse_all(default_registry.get(format_id), _data(name)) == []


@pytest.mark.parametrize("format_id", ["eck_catalog", "nl_lom"])
def test_sru_2_0_empty_response(format_id):
    assert is_empty_response(io.BytesIO(SRU_2_ZERO))
    assert parse_all(default_registry.get(format_id), SRU_2_ZERO) == []


@pytest.mark.parametrize("data", [b"[]", b'{"products": []}', b'{"items": [], "total": 0}'])
def test_an_empty_edu_v_page_is_zero_records(data):
    adapter = default_registry.detect(data)

    assert adapter is not None
    assert adapter.identifier == "eduv_json"
    assert parse_all(adapter, data) == []


def _codes(results):
    return [p.code for r in results if isinstance(r, RecordFailure) for p in r.problems]


def test_records_of_another_format_are_still_reported():
    # an SRU page with NL-LOM records given to the ECK adapter is not empty: its records were not read
    lom_page = fixture_bytes("nl_lom", "edurep__sru-ims.xml")

    assert not is_empty_response(io.BytesIO(lom_page))
    assert _codes(parse_all(default_registry.get("eck_catalog"), lom_page)) == ["file.no_records"]


def test_an_sru_diagnostic_is_still_an_error():
    data = (
        b'<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:version>1.2</srw:version>'
        b"<srw:numberOfRecords>0</srw:numberOfRecords><srw:diagnostics>"
        b'<diag:diagnostic xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/">'
        b"<diag:uri>info:srw/diagnostic/1/10</diag:uri><diag:message>Query syntax error</diag:message>"
        b"</diag:diagnostic></srw:diagnostics></srw:searchRetrieveResponse>"
    )

    assert not is_empty_response(io.BytesIO(data))
    assert "sru.diagnostic" in _codes(parse_all(default_registry.get("eck_catalog"), data))


def test_an_oai_error_other_than_no_records_match_is_still_an_error():
    data = fixture_bytes("nl_lom", "handmade__oai-bad-argument.xml")

    assert not is_empty_response(io.BytesIO(data))
    assert "oai.error" in _codes(parse_all(default_registry.get("nl_lom"), data))


@pytest.mark.parametrize(
    "data",
    [
        b"<catalogus><titel>geen records</titel></catalogus>",
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><Identify/></OAI-PMH>',
        b"<searchRetrieveResponse><records><record/></records></searchRetrieveResponse>",
        b"<srw:searchRetrieveResponse xmlns:srw='http://www.loc.gov/zing/srw/'><srw:numberOfRecords>0",
    ],
)
def test_other_files_without_records_are_still_reported(data):
    assert not is_empty_response(io.BytesIO(data))
    assert _codes(parse_all(default_registry.get("nl_lom"), data))


def test_a_stream_that_cannot_be_rewound_is_not_guessed_empty():
    class OneWay(io.BytesIO):
        def seekable(self) -> bool:
            return False

    assert not is_empty_response(OneWay(_data("handmade__sru-1.2-zero.xml")))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><request metadataPrefix="lom">', "nl_lom"),
        (b"<srw:searchRetrieveResponse><srw:recordSchema>eckcs2.3</srw:recordSchema>", "eck_catalog"),
        (b"<searchRetrieveResponse><recordSchema> lom </recordSchema>", "nl_lom"),
        (b"<srw:searchRetrieveResponse><srw:version>1.2</srw:version>", "eck_catalog"),
        (b"<catalogus/>", None),
        (b"%PDF-1.7", None),
    ],
)
def test_guess_adapter_id(head, expected):
    assert guess_adapter_id(head) == expected
