"""Read the shallow structure of an SRU or OAI-PMH response with flat memory, safely.

``scan`` streams the response with ``lxml.etree.iterparse`` (no entity resolution, no DTD, no network, no
huge trees) and keeps only elements up to ``max_depth`` below the root, as ``Node`` objects. Deeper content
(the records themselves) is dropped as soon as it has been read, so a 50 MB page stays cheap.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree

from wijzer.ingest.formats.xmlstream import safe_iterparse
from wijzer.ingest.harvest.errors import HarvestError


@dataclass(frozen=True, slots=True)
class Node:
    """An element: ``path`` of local names below the root, its namespace, attributes and direct text."""

    path: tuple[str, ...]
    namespace: str
    attrib: tuple[tuple[str, str], ...]
    text: str

    def get(self, name: str) -> str:
        return next((value for key, value in self.attrib if key == name), "")


@dataclass(frozen=True, slots=True)
class Scan:
    """The root element's namespace and local name, and the shallow ``nodes`` in document order."""

    namespace: str
    root: str
    nodes: tuple[Node, ...]

    def all(self, *path: str) -> list[Node]:
        return [node for node in self.nodes if node.path == path]

    def text(self, *path: str) -> str | None:
        """Text of the first node at ``path``; ``None`` if there is none."""
        return next((node.text for node in self.nodes if node.path == path), None)

    def count(self, *path: str) -> int:
        return len(self.all(*path))


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def scan(body: bytes, url: str, max_depth: int = 3) -> Scan:
    """Scan ``body``; ``HarvestError`` when it is not well-formed XML."""
    try:
        return _scan(body, max_depth)
    except etree.XMLSyntaxError as exc:
        raise HarvestError(
            "xml.invalid",
            f"De bron gaf ongeldige of onvolledige XML terug ({exc.msg}; {url}): probeer het later opnieuw; "
            "blijft dit gebeuren, meld het dan bij de beheerder van de bron.",
            url=url,
        ) from None


def _scan(body: bytes, max_depth: int) -> Scan:
    events = safe_iterparse(io.BytesIO(body), events=("start", "end"))
    stack: list[str] = []
    nodes: list[Node] = []
    root = ("", "")
    for event, element in events:
        namespace, local = _split(element.tag)
        if event == "start":
            if not stack:
                root = (namespace, local)
            stack.append(local)
            continue
        depth = len(stack) - 1
        if 1 <= depth <= max_depth:
            text = (element.text or "").strip() if len(element) == 0 else ""
            attrib = tuple((str(key), str(value)) for key, value in element.attrib.items())
            nodes.append(Node(tuple(stack[1:]), namespace, attrib, text))
        stack.pop()
        if depth >= 1:
            element.clear(keep_tail=False)
    return Scan(root[0], root[1], tuple(nodes))
