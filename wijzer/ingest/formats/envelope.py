"""SRU and OAI-PMH response envelopes around records: recognise a valid response that carries no record.

A harvest's last page, a facet-only Edurep SRU response or an OAI-PMH ``noRecordsMatch`` answer is a valid
response with zero records: importing it is a successful run of 0 records, not "format not recognised" and not
a quarantined file. The XML adapters report a file without records as a ``file.no_records`` failure (right for a
file that holds something else); ``skip_empty_response`` drops that failure when the file is such an empty
response, and ``guess_adapter_id`` lets auto-detection pick an adapter for an envelope whose first bytes name no
record format (an empty page has no record to show its namespace).

Pure and safe like ``xmlstream``: no entity resolution, no DTD, no network, no huge trees; flat memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from wijzer.ingest.formats.records import ParseResult, RecordFailure
from wijzer.ingest.formats.xmlstream import safe_iterparse

SRU_NAMESPACES = frozenset({"http://www.loc.gov/zing/srw/", "http://docs.oasis-open.org/ns/search-ws/sruResponse", ""})
OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
OAI_LISTS = frozenset({"ListRecords", "ListIdentifiers", "GetRecord"})
EMPTY_OAI_ERRORS = frozenset({"noRecordsMatch"})

_SRU_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?searchRetrieveResponse[\s>/]")
_OAI_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?OAI-PMH[\s>/]")
_SCHEMA_RE = re.compile(rb"<(?:[\w.-]+:)?recordSchema>\s*([^<\s]+)\s*<")
_PREFIX_RE = re.compile(rb"metadataPrefix=[\"']([^\"']+)[\"']")


def is_empty_response(stream: BinaryIO) -> bool:
    """True when ``stream`` (read again from its start) is a well-formed SRU ``searchRetrieveResponse`` without
    records and diagnostics, or an OAI-PMH response whose list holds no record or whose only errors are
    ``noRecordsMatch``. False for anything else, and for a stream that cannot be rewound."""
    try:
        if not stream.seekable():
            return False
        stream.seek(0)
        return _empty(stream)
    except (OSError, ValueError, etree.LxmlError):
        return False


_KINDS: dict[tuple[str, ...], str] = {
    ("records", "record"): "record",
    ("ListRecords", "record"): "record",
    ("ListIdentifiers", "header"): "record",
    ("GetRecord", "record"): "record",
    ("diagnostics", "diagnostic"): "diagnostic",
    **{(name,): "list" for name in OAI_LISTS},
}
"""Element paths below the root that matter, by what they are."""


def _empty(stream: BinaryIO) -> bool:
    root, counts, errors = _shape(stream)
    if root[1] == "searchRetrieveResponse" and root[0] in SRU_NAMESPACES:
        return counts.get("record", 0) == 0 and counts.get("diagnostic", 0) == 0
    if root == (OAI_NAMESPACE, "OAI-PMH"):
        if errors:
            return errors <= EMPTY_OAI_ERRORS
        return counts.get("list", 0) > 0 and counts.get("record", 0) == 0
    return False


def _shape(stream: BinaryIO) -> tuple[tuple[str, str], dict[str, int], set[str]]:
    """The root (namespace, local name), counts of the ``_KINDS`` and the OAI-PMH error codes of a response."""
    events = safe_iterparse(stream, events=("start", "end"))
    path: list[str] = []
    root = ("", "")
    counts: dict[str, int] = {}
    errors: set[str] = set()
    for event, element in events:
        namespace, local = _split(element.tag)
        if event == "start":
            root = root if path else (namespace, local)
            path.append(local)
            continue
        below = tuple(path[1:])
        if below == ("error",):
            errors.add(element.get("code") or "")
        elif below in _KINDS:
            counts[_KINDS[below]] = counts.get(_KINDS[below], 0) + 1
        path.pop()
        if len(path) >= 2:
            element.clear(keep_tail=False)
    return root, counts, errors


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def skip_empty_response(results: Iterator[ParseResult], stream: BinaryIO) -> Iterator[ParseResult]:
    """``results`` of an XML adapter, without the ``file.no_records`` failure of an empty SRU/OAI-PMH response."""
    for result in results:
        if _no_records(result) and is_empty_response(stream):
            continue
        yield result


def _no_records(result: ParseResult) -> bool:
    return (
        isinstance(result, RecordFailure)
        and result.file_level
        and [problem.code for problem in result.problems] == ["file.no_records"]
    )


def guess_adapter_id(head: bytes) -> str | None:
    """The adapter for an SRU or OAI-PMH response whose first bytes show no record format, else ``None``.

    OAI-PMH is NL-LOM's protocol here (``nl_lom``). For SRU the ``recordSchema`` in the head decides (echoed
    request or first record: ``eckcs…`` → ``eck_catalog``, ``lom`` and the like → ``nl_lom``); without one, an
    Edurep response is NL-LOM and anything else ECK CatalogService (the other SRU catalogue).
    """
    if _OAI_ROOT_RE.search(head):
        prefix = _PREFIX_RE.search(head)
        return "eck_catalog" if prefix and prefix.group(1).lower().startswith(b"eckcs") else "nl_lom"
    if not _SRU_ROOT_RE.search(head):
        return None
    schema = _SCHEMA_RE.search(head)
    if schema:
        return "eck_catalog" if schema.group(1).lower().startswith(b"eckcs") else "nl_lom"
    return "nl_lom" if b"edurep" in head.lower() else "eck_catalog"
