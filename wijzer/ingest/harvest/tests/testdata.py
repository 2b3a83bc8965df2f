"""Sample records and response bodies for ``testserver`` (test support; no network, no Django).

The records are the real samples in ``fixtures`` beside this module (see ``SOURCE.md`` there): 10 ECK CatalogService
entries and 3 NL-LOM records. Edu-V products are derived from the ECK entries (flat fields in lowerCamelCase),
because no public Edu-V sample exists.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures"
ECK_FILE = "thiememeulenhoff__sru-2.5.2.xml"
LOM_FILES = ("phpnllom__complete.xml", "phpnllom__minimal.xml", "pylom__ims-complete.xml")
LOM_DATESTAMPS = ("2024-01-15", "2024-02-15", "2024-03-15")
SRW = "http://www.loc.gov/zing/srw/"
SRU2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
OAI = "http://www.openarchives.org/OAI/2.0/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)


@dataclass(frozen=True, slots=True)
class SampleRecord:
    """One sample record: its identifier, OAI datestamp (``YYYY-MM-DD``) and serialised XML element."""

    identifier: str
    datestamp: str
    xml: bytes


def _parse(name: str) -> etree._Element:
    return etree.fromstring((FIXTURES / name).read_bytes(), _PARSER)


@functools.cache
def eck_records() -> tuple[SampleRecord, ...]:
    """The 10 ECK ``Entry`` records, with their SRU record identifiers."""
    root = _parse(ECK_FILE)
    records = []
    for record in root.iterfind(f"{{{SRW}}}records/{{{SRW}}}record"):
        identifier = record.findtext(f"{{{SRW}}}recordIdentifier", default="").strip()
        entry = record.find(f"{{{SRW}}}recordData/*")
        if entry is not None:
            records.append(SampleRecord(identifier, "2024-01-01", etree.tostring(entry, encoding="utf-8")))
    return tuple(records)


@functools.cache
def lom_records() -> tuple[SampleRecord, ...]:
    """The 3 NL-LOM records, with invented OAI identifiers and the datestamps in ``LOM_DATESTAMPS``."""
    return tuple(
        SampleRecord(f"oai:wijzer.test:{name.removesuffix('.xml')}", datestamp, etree.tostring(_parse(name)))
        for name, datestamp in zip(LOM_FILES, LOM_DATESTAMPS, strict=True)
    )


def _camel(tag: str) -> str:
    local = etree.QName(tag).localname
    return local[:1].lower() + local[1:]


def _product(record: SampleRecord) -> dict[str, object]:
    product: dict[str, object] = {"id": record.identifier}
    for child in etree.fromstring(record.xml, _PARSER):
        if not isinstance(child.tag, str):
            continue
        texts = [(item.text or "").strip() for item in child if isinstance(item.tag, str) and len(item) == 0]
        if len(child) == 0 and (child.text or "").strip():
            product[_camel(child.tag)] = (child.text or "").strip()
        elif texts and len(texts) == len(child):
            product[_camel(child.tag)] = texts
    if "title" in product:  # the Edu-V Catalogue API name of the title; the other ECK names give schema warnings
        product["name"] = product.pop("title")
    return product


@functools.cache
def eduv_products() -> tuple[str, ...]:
    """The ECK entries as Edu-V-like products, each serialised as a JSON object."""
    return tuple(json.dumps(_product(record), ensure_ascii=False) for record in eck_records())


def eduv_page(products: tuple[str, ...], key: str | None, total: int | None) -> bytes:
    """A JSON page: a bare list (``key`` ``None``) or ``{key: [...], "total": total}``."""
    items = "[" + ",".join(products) + "]"
    if key is None:
        return items.encode("utf-8")
    extra = "" if total is None else f', "total": {total}'
    return f'{{"{key}": {items}{extra}}}'.encode()


def sru_page(records: tuple[SampleRecord, ...], *, start: int, size: int, schema: str, version: str) -> bytes:
    """A searchRetrieveResponse with ``records[start-1 : start-1+size]`` and ``nextRecordPosition`` if needed."""
    namespace = SRU2 if version.startswith("2") else SRW
    chosen = records[start - 1 : start - 1 + size]
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse xmlns:sru="{namespace}">',
        f"<sru:version>{escape(version)}</sru:version><sru:numberOfRecords>{len(records)}</sru:numberOfRecords>",
        "<sru:records>",
    ]
    for position, record in enumerate(chosen, start=start):
        parts.append(
            f"<sru:record><sru:recordSchema>{escape(schema)}</sru:recordSchema>"
            f"<sru:recordPacking>xml</sru:recordPacking>"
            f"<sru:recordIdentifier>{escape(record.identifier)}</sru:recordIdentifier><sru:recordData>"
        )
        parts.append(record.xml.decode("utf-8"))
        parts.append(f"</sru:recordData><sru:recordPosition>{position}</sru:recordPosition></sru:record>")
    parts.append("</sru:records>")
    if start - 1 + size < len(records):
        parts.append(f"<sru:nextRecordPosition>{start + size}</sru:nextRecordPosition>")
    parts.append("</sru:searchRetrieveResponse>\n")
    return "".join(parts).encode("utf-8")


def sru_diagnostic(uri: str, message: str, details: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<srw:searchRetrieveResponse xmlns:srw="{SRW}" '
        'xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/"><srw:version>1.2</srw:version>'
        "<srw:numberOfRecords>0</srw:numberOfRecords><srw:diagnostics><diag:diagnostic>"
        f"<diag:uri>{escape(uri)}</diag:uri><diag:details>{escape(details)}</diag:details>"
        f"<diag:message>{escape(message)}</diag:message></diag:diagnostic></srw:diagnostics>"
        "</srw:searchRetrieveResponse>\n"
    ).encode()


def _oai(request: dict[str, str], content: str) -> bytes:
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in sorted(request.items()))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI}">'
        f"<responseDate>2024-04-01T00:00:00Z</responseDate><request{attributes}>http://127.0.0.1/oai</request>"
        f"{content}</OAI-PMH>\n"
    ).encode()


def oai_error(request: dict[str, str], code: str, text: str) -> bytes:
    return _oai(request, f"<error code={quoteattr(code)}>{escape(text)}</error>")


def oai_page(request: dict[str, str], records: tuple[SampleRecord, ...], token: str, size: int, cursor: int) -> bytes:
    """A ListRecords response; ``token`` empty on the last page (an empty ``resumptionToken`` element)."""
    parts = ["<ListRecords>"]
    for record in records:
        parts.append(
            f"<record><header><identifier>{escape(record.identifier)}</identifier>"
            f"<datestamp>{record.datestamp}</datestamp></header><metadata>"
        )
        parts.append(record.xml.decode("utf-8"))
        parts.append("</metadata></record>")
    parts.append(f'<resumptionToken completeListSize="{size}" cursor="{cursor}">{escape(token)}</resumptionToken>')
    parts.append("</ListRecords>")
    return _oai(request, "".join(parts))
