"""Confirmed alignments as NL-LOM (IMS binding) classification and as JSON (W5 §6). Pure (lxml only).

One ``lom`` record per method part with at least one confirmed link. Each goal becomes a ``classification``
with purpose ``educational objective`` (vocabulary source ``LOMv1.0``) and a ``taxonpath`` whose source is
``http://purl.edustandaard.nl/begrippenkader`` and whose taxon id is the SLO UUID (standards.md §3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

IMS_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BEGRIPPENKADER = "http://purl.edustandaard.nl/begrippenkader"
PURPOSE = "educational objective"
PURPOSE_SOURCE = "LOMv1.0"
SCHEMES = ("LOMv1.0", "nl_lom_v1p0")


@dataclass(frozen=True, slots=True)
class ExportGoal:
    goal_id: str  # SLO uuid
    code: str
    label: str
    strength: str


@dataclass(frozen=True, slots=True)
class ExportPart:
    part_id: str
    title: str
    text: str
    method: str
    path: str
    url: str
    goals: tuple[ExportGoal, ...]


def _el(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{IMS_NS}}}{name}")


def _langstring(parent: etree._Element, text: str, lang: str = "nl") -> None:
    string = _el(parent, "langstring")
    string.set(XML_LANG, lang)
    string.text = text


def _vocab(parent: etree._Element, name: str, source: str, value: str) -> None:
    element = _el(parent, name)
    _langstring(_el(element, "source"), source, "x-none")
    _langstring(_el(element, "value"), value, "x-none")


def _catalogentry(parent: etree._Element, catalog: str, entry: str) -> None:
    element = _el(parent, "catalogentry")
    _el(element, "catalog").text = catalog
    _langstring(_el(element, "entry"), entry, "x-none")


def lom_record(part: ExportPart) -> etree._Element:
    lom = etree.Element(f"{{{IMS_NS}}}lom", nsmap={None: IMS_NS})
    general = _el(lom, "general")
    _catalogentry(general, "URI", part.url)
    _langstring(_el(general, "title"), f"{part.method}: {part.path}")
    _el(general, "language").text = "nl"
    if part.text:
        _langstring(_el(general, "description"), part.text)
    meta = _el(lom, "metametadata")
    _catalogentry(meta, "wijzer", f"urn:uuid:{part.part_id}")
    for scheme in SCHEMES:
        _el(meta, "metadatascheme").text = scheme
    _el(_el(lom, "technical"), "location").text = part.url
    for goal in part.goals:
        classification = _el(lom, "classification")
        _vocab(classification, "purpose", PURPOSE_SOURCE, PURPOSE)
        path = _el(classification, "taxonpath")
        _langstring(_el(path, "source"), BEGRIPPENKADER, "x-none")
        taxon = _el(path, "taxon")
        _el(taxon, "id").text = goal.goal_id
        _langstring(_el(taxon, "entry"), f"{goal.code}: {goal.label}")
    return lom


def to_nl_lom(parts: Sequence[ExportPart]) -> bytes:
    """An XML document with one IMS ``lom`` per part, wrapped in ``<lomlist>`` (the adapter reads every lom)."""
    root = etree.Element("lomlist", nsmap={"lom": IMS_NS})
    for part in parts:
        if part.goals:
            root.append(lom_record(part))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def to_json(parts: Sequence[ExportPart]) -> list[dict[str, object]]:
    return [
        {
            "part": part.part_id,
            "method": part.method,
            "path": part.path,
            "title": part.title,
            "url": part.url,
            "objectives": [
                {
                    "goal_id": g.goal_id,
                    "code": g.code,
                    "label": g.label,
                    "strength": g.strength,
                    "purpose": PURPOSE,
                    "source": BEGRIPPENKADER,
                }
                for g in part.goals
            ],
        }
        for part in parts
        if part.goals
    ]
