"""A tag mismatch in XML is reported as such, in Dutch, not as a truncated file (W5.1 item 7f)."""

from __future__ import annotations

import io

from wijzer.ingest.formats.records import RecordFailure
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.formats.xmlstream import ElementStream, XmlBreak


def _break(data: bytes) -> XmlBreak:
    *_elements, last = list(ElementStream(io.BytesIO(data)))
    assert isinstance(last, XmlBreak)
    return last


def test_an_ending_tag_that_does_not_match_is_a_tag_mismatch_not_a_truncation():
    problem = _break(b"<catalogus><product><titel>Rekenen</product></catalogus>").problem
    assert problem.code == "xml.tag_mismatch"
    assert problem.message_nl.startswith(
        "Het bestand bevat ongeldige XML: een eindtag past niet bij de begintag vanaf regel 1, kolom "
    )
    assert "afgebroken" not in problem.message_nl


def test_a_file_that_stops_early_is_still_called_truncated():
    problem = _break(b"<catalogus><product><titel>Rekenen</titel>").problem
    assert problem.code == "xml.truncated"
    assert "afgebroken (onvolledig)" in problem.message_nl


def test_extra_content_after_the_document_is_invalid_xml_not_truncated():
    problem = _break(b"<catalogus></catalogus><nog/>").problem
    assert problem.code == "xml.syntax"
    assert "afgebroken" not in problem.message_nl


def test_the_eck_adapter_reports_a_mismatch_in_a_delivered_file(eck_bytes):
    broken = eck_bytes.replace(b"</Title>", b"</Titel>", 1)
    results = list(default_registry.get("eck_catalog").parse(io.BytesIO(broken)))
    failure = results[-1]
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == "xml.tag_mismatch"
