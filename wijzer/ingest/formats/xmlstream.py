"""Safe, flat-memory XML streaming shared by the XML adapters.

``ElementStream`` (and ``iter_end_elements``) feed an ``lxml`` pull parser chunk by chunk so that:

- external entities, DTD loading and network access are off, and ``huge_tree`` stays off (XXE and
  "billion laughs" protection);
- it never raises: an empty file, an HTML page, broken or truncated XML ends the stream with an ``XmlBreak``
  carrying a Dutch problem, after all elements before the break have been yielded;
- the caller calls ``release(element)`` after handling a record, which clears it and drops every completed
  sibling before it and before its ancestors, so memory stays flat for files of any size.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypedDict

from lxml import etree

from wijzer.ingest.formats.records import Problem, RecordFailure

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

SNIFF_BYTES = 8192
_HTML_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class HeadStream(io.RawIOBase):
    """A read-only raw stream that first returns ``head`` and then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        chunk = self._rest.read(len(view)) or b""
        view[: len(chunk)] = chunk
        return len(chunk)


def peek(stream: BinaryIO, size: int = SNIFF_BYTES) -> tuple[bytes, HeadStream]:
    """Read the first ``size`` bytes for sniffing and return a stream that still yields everything."""
    head = stream.read(size) or b""
    return head, HeadStream(head, stream)


def strip_bom(data: bytes) -> bytes:
    for bom in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def looks_like_html(head: bytes) -> bool:
    """True for an HTML page (an error or login page served instead of the export)."""
    return bool(_HTML_RE.match(strip_bom(head)))


@dataclass(frozen=True, slots=True)
class XmlBreak:
    """The stream ended early; ``problem`` says why, in Dutch."""

    problem: Problem


# libxml2 messages that mean the input stopped too early (a cut-off download), not that it is malformed.
_TRUNCATED = ("premature end of data", "couldn't find end of start tag", "not closed")


def _syntax_problem(exc: etree.XMLSyntaxError) -> Problem:
    line, column = exc.position if exc.position else (0, 0)
    detail = str(exc.msg or exc)[:200]
    lowered = detail.lower()
    if "tag mismatch" in lowered:  # "Opening and ending tag mismatch: b line 1 and c": malformed, not cut off
        code, reason = "xml.tag_mismatch", "bevat ongeldige XML: een eindtag past niet bij de begintag"
    elif any(marker in lowered for marker in _TRUNCATED):
        code, reason = "xml.truncated", "is afgebroken (onvolledig)"
    else:
        code, reason = "xml.syntax", "bevat ongeldige XML"
    return Problem.error(
        code,
        "",
        f"Het bestand {reason} vanaf regel {line}, kolom {column} ({detail}). "
        "De records vóór dit punt zijn wel ingelezen; lever het bestand opnieuw volledig aan.",
    )


EMPTY_FILE = Problem.error("file.empty", "", "Het bestand is leeg.")
HTML_FILE = Problem.error(
    "file.html",
    "",
    "Dit bestand is een HTML-webpagina (bijvoorbeeld een foutmelding of inlogpagina), "
    "geen XML-bestand met catalogusgegevens.",
)


# The one set of parser options for delivered XML: no entities, no network, no DTD, no huge trees (XXE-safe).
class _SafeOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    huge_tree: bool
    load_dtd: bool
    dtd_validation: bool
    remove_comments: bool
    remove_pis: bool


_SAFE = _SafeOptions(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)


def safe_iterparse(
    source: Any, events: tuple[Literal["start", "end"], ...] = ("end",), tag: list[str] | None = None
) -> etree.iterparse[tuple[str, etree._Element]]:
    """The one way Wijzer iterparses delivered XML (the ``_SAFE`` options)."""
    return etree.iterparse(source, events=events, tag=tag, **_SAFE)


READ_BYTES = 64 * 1024


def _pull_parser(tags: Sequence[str] | None) -> etree.XMLPullParser:
    """A pull parser with the ``_SAFE`` options; with ``tags``, only those elements reach Python."""
    return etree.XMLPullParser(events=("end",), tag=list(tags) if tags else None, **_SAFE)


def _pulled(parser: etree.XMLPullParser) -> Iterator[etree._Element]:
    for _event, element in parser.read_events():
        yield element


class ElementStream:
    """Iterates the elements matching ``tags`` (all elements when ``None``) at their end tag, in document order.

    Iteration never raises: it ends with at most one ``XmlBreak`` (always last) for unreadable input. After a
    complete iteration without a break, ``root`` is the (namespace, local name) of the document element.
    ``tags`` are Clark names (``{ns}local``; ``{*}local`` for any namespace); filtering happens inside
    libxml2, so Python only sees the elements it asked for.
    """

    __slots__ = ("_stream", "_tags", "root")

    def __init__(self, stream: BinaryIO, tags: Sequence[str] | None = None) -> None:
        self._stream = stream
        self._tags = tags
        self.root: tuple[str, str] | None = None

    def __iter__(self) -> Iterator[etree._Element | XmlBreak]:
        try:
            head, source = peek(self._stream)
        except OSError as exc:
            yield XmlBreak(Problem.error("file.unreadable", "", f"Het bestand kon niet worden gelezen ({exc})."))
            return
        if not strip_bom(head).strip():
            yield XmlBreak(EMPTY_FILE)
            return
        if looks_like_html(head):
            yield XmlBreak(HTML_FILE)
            return
        # Fed chunk by chunk and drained after every chunk *and* after an error, so every record that ended before
        # a break is yielded, whatever lxml buffers internally (iterparse drops them in some lxml builds).
        parser = _pull_parser(self._tags)
        try:
            while chunk := source.read(READ_BYTES):
                parser.feed(chunk)
                yield from _pulled(parser)
        except etree.XMLSyntaxError as exc:
            # libxml2 stops at the error: every end it reported before stopping was really in the data.
            yield from _pulled(parser)
            yield XmlBreak(_syntax_problem(exc))
            return
        except Exception as exc:  # lxml raises assorted errors on pathological input; never let one escape
            yield _unreadable(exc)
            return
        try:
            root = parser.close()
        except etree.XMLSyntaxError as exc:
            # The data stopped early. Since lxml 6.2, closing gives an end event to every element still open (a record
            # cut in half among them); only an element that something else followed really ended before the break.
            yield from (element for element in _pulled(parser) if _followed(element))
            yield XmlBreak(_syntax_problem(exc))
            return
        except Exception as exc:
            yield _unreadable(exc)
            return
        yield from _pulled(parser)
        self.root = qname(root) if root is not None else None


def _unreadable(exc: Exception) -> XmlBreak:
    return XmlBreak(
        Problem.error("xml.unreadable", "", f"Het XML-bestand kon niet worden verwerkt ({type(exc).__name__}).")
    )


def _followed(element: etree._Element) -> bool:
    """True when a sibling follows the element or one of its ancestors: its end tag was then read, not supplied."""
    node: etree._Element | None = element
    while node is not None:
        if node.getnext() is not None:
            return True
        node = node.getparent()
    return False


def iter_end_elements(stream: BinaryIO, tags: Sequence[str] | None = None) -> Iterator[etree._Element | XmlBreak]:
    """Every element (or only those matching ``tags``) at its end tag; at most one ``XmlBreak``, always last."""
    return iter(ElementStream(stream, tags))


def release(element: etree._Element) -> None:
    """Free a handled record: clear it and delete completed siblings before it and its ancestors."""
    element.clear(keep_tail=False)
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        if parent is not None:
            while node.getprevious() is not None:
                del parent[0]
        node = parent


def qname(element: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of an element; comments/entities give ``("", "")``."""
    tag = element.tag
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def text_of(element: etree._Element | None) -> str:
    """All character data inside ``element``, whitespace collapsed; unresolved entity references are dropped."""
    if element is None:
        return ""
    if len(element) == 0:
        return " ".join((element.text or "").split())
    parts: list[str] = []
    _collect_text(element, parts)
    return " ".join("".join(parts).split())


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    """Document-order text of ``element`` (without its tail); entity nodes contribute only their tail."""
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def serialise(element: etree._Element) -> bytes:
    """The element's exact XML as UTF-8 bytes (namespace declarations it needs included)."""
    return etree.tostring(element, encoding="utf-8", xml_declaration=False, with_tail=False)


def file_failure(problem: Problem, position: int | None = None) -> RecordFailure:
    return RecordFailure(record_id=None, raw=b"", problems=(problem,), position=position, file_level=True)


def no_records_failure(format_label: str, root: tuple[str, str] | None, expected: str) -> RecordFailure:
    """Failure for a well-formed file that contained no record of the expected kind."""
    found = f"'{root[1]}' in namespace '{root[0] or '(geen)'}'" if root else "geen XML-element"
    return file_failure(
        Problem.error(
            "file.no_records",
            "",
            f"Geen {format_label}-records gevonden. Het bestand begint met {found}; verwacht: {expected}.",
        )
    )


def root_of(element: etree._Element) -> tuple[str, str]:
    node = element
    while (parent := node.getparent()) is not None:
        node = parent
    return qname(node)
