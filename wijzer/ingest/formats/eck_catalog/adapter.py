"""ECK Distributie en Toegang CatalogService adapter (closed materials from publishers).

Accepts, in one streaming pass:

- a bare ``Entry`` document, or any wrapper element holding several ``Entry`` elements;
- an SRU 1.2 ``searchRetrieveResponse`` (``http://www.loc.gov/zing/srw/``) whose ``recordData`` holds Entries;
  ``srw:recordIdentifier`` becomes the record id and SRU ``diagnostics`` become a file-level failure.

The Entry namespace is ``http://dt2.eck.nl/schema/catalogservice/v<version>``; it is matched by pattern and
the version is recorded in ``ParsedRecord.format_version``. A version outside ``SUPPORTED_VERSIONS`` yields a
``RecordFailure`` for that record (the rest of the file is still read).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from lxml import etree

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.eck_catalog.parse import FORMAT_ID, entry_to_record
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure
from wijzer.ingest.formats.xmlstream import (
    ElementStream,
    XmlBreak,
    file_failure,
    no_records_failure,
    qname,
    release,
    serialise,
    text_of,
)

ECK_NS_BASE = "http://dt2.eck.nl/schema/catalogservice/"
ECK_NS_RE = re.compile(r"^http://dt2\.eck\.nl/schema/catalogservice/v(?P<version>[^/\s]+)$")
SRW_NS = "http://www.loc.gov/zing/srw/"
DIAG_NS = "http://www.loc.gov/zing/srw/diagnostic/"
SUPPORTED_VERSIONS = ("2.1.1", "2.2", "2.3", "2.4", "2.5", "2.5.1", "2.5.2")
SRW_RECORD_ID = f"{{{SRW_NS}}}recordIdentifier"
SRW_RECORD = f"{{{SRW_NS}}}record"
DIAG_DIAGNOSTIC = f"{{{DIAG_NS}}}diagnostic"
STREAM_TAGS = (SRW_RECORD_ID, SRW_RECORD, DIAG_DIAGNOSTIC, "{*}Entry")
"""The only elements the adapter looks at; libxml2 filters out all others before Python sees them."""


def version_of(namespace: str) -> str | None:
    """The schema version in an ECK CatalogService namespace (``…/v2.5.2`` → ``"2.5.2"``)."""
    match = ECK_NS_RE.match(namespace)
    return match.group("version") if match else None


class _Cursor:
    """Per-file streaming state."""

    def __init__(self) -> None:
        self.sru_record_id: str | None = None
        self.position = 0


class EckCatalogAdapter(FormatAdapter):
    identifier: ClassVar[str] = FORMAT_ID
    label: ClassVar[str] = "ECK CatalogService (XML, ook via SRU)"

    def sniff(self, head: bytes) -> bool:
        return ECK_NS_BASE.encode() in head or b">eckcs2" in head

    def parse(self, stream: BinaryIO) -> Iterator[ParsedRecord | RecordFailure]:
        cursor = _Cursor()
        elements = ElementStream(stream, STREAM_TAGS)
        for element in elements:
            if isinstance(element, XmlBreak):
                yield file_failure(element.problem, position=cursor.position + 1)
                return
            tag = element.tag
            if tag == SRW_RECORD_ID:
                cursor.sru_record_id = text_of(element) or None
            elif tag == SRW_RECORD:
                cursor.sru_record_id = None
                release(element)
            elif tag == DIAG_DIAGNOSTIC:
                yield _diagnostic_failure(element)
            else:
                namespace, local = qname(element)
                if local == "Entry" and namespace.startswith(ECK_NS_BASE):
                    cursor.position += 1
                    yield _entry_result(element, namespace, cursor)
                    release(element)
        if cursor.position == 0:
            yield no_records_failure(
                "ECK CatalogService", elements.root, f"Entry-elementen in namespace {ECK_NS_BASE}v<versie>"
            )


def _entry_result(element: etree._Element, namespace: str, cursor: _Cursor) -> ParsedRecord | RecordFailure:
    raw = serialise(element)
    version = version_of(namespace)
    if version not in SUPPORTED_VERSIONS:
        problem = Problem.error(
            "eck.unknown_version",
            "format_version",
            f"Onbekende ECK CatalogService-versie (namespace '{namespace}'). "
            f"Ondersteunde versies: {', '.join(SUPPORTED_VERSIONS)}.",
        )
        return RecordFailure(cursor.sru_record_id, raw, (problem,), cursor.position)
    try:
        return entry_to_record(element, namespace, version, cursor.sru_record_id, raw)
    except Exception as exc:  # a bug or unforeseen shape must not stop the import of the other records
        problem = Problem.error(
            "record.unreadable", "", f"Dit record kon niet worden verwerkt ({type(exc).__name__}: {exc})."
        )
        return RecordFailure(cursor.sru_record_id, raw, (problem,), cursor.position)


def _diagnostic_failure(element: etree._Element) -> RecordFailure:
    message = text_of(element.find(f"{{{DIAG_NS}}}message")) or text_of(element)
    details = text_of(element.find(f"{{{DIAG_NS}}}details"))
    text = "; ".join(part for part in (message, details) if part) or "onbekende fout"
    return file_failure(Problem.error("sru.diagnostic", "", f"De SRU-server meldt een fout: {text[:300]}"))
