"""NL-LOM adapter (open materials, Edurep/Wikiwijs), IMS and IEEE bindings.

Accepts, in one streaming pass:

- a bare ``lom`` document (or any wrapper with several ``lom`` elements);
- OAI-PMH 2.0 ``ListRecords`` / ``GetRecord`` responses: the ``header/identifier`` becomes the record id, the
  ``datestamp`` the last-modified date, and a header with ``status="deleted"`` yields a ``ParsedRecord`` with
  ``deleted=True``; OAI ``error`` elements (e.g. ``noRecordsMatch``) become a file-level failure;
- SRU ``searchRetrieveResponse`` with ``lom`` records (``srw:recordIdentifier`` becomes the record id).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from lxml import etree

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.nl_lom.parse import BINDINGS, FORMAT_ID, lom_to_record
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure
from wijzer.ingest.formats.values import clean, parse_date
from wijzer.ingest.formats.xmlstream import (
    ElementStream,
    XmlBreak,
    file_failure,
    no_records_failure,
    release,
    serialise,
    text_of,
)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
SRW_NS = "http://www.loc.gov/zing/srw/"
_NO_RECORDS_CODES = frozenset({"noRecordsMatch"})
OAI_HEADER = f"{{{OAI_NS}}}header"
OAI_RECORD = f"{{{OAI_NS}}}record"
OAI_ERROR = f"{{{OAI_NS}}}error"
OAI_IDENTIFIER = f"{{{OAI_NS}}}identifier"
OAI_DATESTAMP = f"{{{OAI_NS}}}datestamp"
SRW_RECORD_ID = f"{{{SRW_NS}}}recordIdentifier"
SRW_RECORD = f"{{{SRW_NS}}}record"
LOM_TAGS = frozenset(f"{{{namespace}}}lom" for namespace in BINDINGS)
STREAM_TAGS = (OAI_HEADER, OAI_RECORD, OAI_ERROR, SRW_RECORD_ID, SRW_RECORD, *sorted(LOM_TAGS))
"""The only elements the adapter looks at; libxml2 filters out all others before Python sees them."""


class _Cursor:
    """Per-file streaming state: the identifier of the enclosing OAI/SRU record, if any."""

    def __init__(self) -> None:
        self.record_id: str | None = None
        self.datestamp: datetime.date | None = None
        self.deleted = False
        self.lom_seen = False
        self.position = 0
        self.oai_empty = False

    def reset(self) -> None:
        self.record_id, self.datestamp, self.deleted, self.lom_seen = None, None, False, False


class NlLomAdapter(FormatAdapter):
    identifier: ClassVar[str] = FORMAT_ID
    label: ClassVar[str] = "NL-LOM (XML, los of via OAI-PMH/SRU)"

    def sniff(self, head: bytes) -> bool:
        return any(namespace.encode() in head for namespace in BINDINGS)

    def parse(self, stream: BinaryIO) -> Iterator[ParsedRecord | RecordFailure]:
        cursor = _Cursor()
        elements = ElementStream(stream, STREAM_TAGS)
        for element in elements:
            if isinstance(element, XmlBreak):
                yield file_failure(element.problem, position=cursor.position + 1)
                return
            tag = element.tag
            if tag in LOM_TAGS:
                cursor.position += 1
                cursor.lom_seen = True
                yield _lom_result(element, cursor)
                release(element)
            elif tag in (OAI_HEADER, OAI_RECORD, OAI_ERROR):
                yield from _handle_oai(element, tag, cursor)
            elif tag == SRW_RECORD_ID:
                cursor.record_id = text_of(element) or None
            elif tag == SRW_RECORD:
                cursor.reset()
                release(element)
        if cursor.position == 0 and not cursor.oai_empty:
            yield no_records_failure("NL-LOM", elements.root, "lom-elementen (IMS imsmd_v1p2 of IEEE LOM)")


def _handle_oai(element: etree._Element, tag: str, cursor: _Cursor) -> Iterator[ParsedRecord | RecordFailure]:
    if tag == OAI_HEADER:
        cursor.record_id = _child_text(element, OAI_IDENTIFIER) or None
        cursor.datestamp = parse_date(_child_text(element, OAI_DATESTAMP), "last_modified")[0]
        cursor.deleted = element.get("status") == "deleted"
    elif tag == OAI_RECORD:
        if cursor.deleted and not cursor.lom_seen:
            cursor.position += 1
            yield ParsedRecord(
                format_id=FORMAT_ID,
                record_id=cursor.record_id,
                deleted=True,
                last_modified=cursor.datestamp,
                raw=serialise(element),
            )
        cursor.reset()
        release(element)
    else:
        code = element.get("code") or ""
        if code in _NO_RECORDS_CODES:
            cursor.oai_empty = True
            return
        message = clean(text_of(element)) or code
        yield file_failure(Problem.error("oai.error", "", f"De OAI-PMH-server meldt een fout ({code}): {message}"))


def _child_text(element: etree._Element, tag: str) -> str:
    """``text_of`` the first direct child with Clark name ``tag`` (``element.find(tag)``), else ``""``."""
    for child in element.iterchildren(tag):
        return text_of(child)
    return ""


def _lom_result(element: etree._Element, cursor: _Cursor) -> ParsedRecord | RecordFailure:
    raw = serialise(element)
    try:
        return lom_to_record(element, cursor.record_id, raw, cursor.datestamp)
    except Exception as exc:  # a bug or unforeseen shape must not stop the import of the other records
        problem = Problem.error(
            "record.unreadable", "", f"Dit record kon niet worden verwerkt ({type(exc).__name__}: {exc})."
        )
        return RecordFailure(cursor.record_id, raw, (problem,), cursor.position)
