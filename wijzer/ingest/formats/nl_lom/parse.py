"""Map one NL-LOM ``lom`` element (IMS or IEEE binding) to a ``ParsedRecord``.

The two bindings differ in element names and casing; ``key`` folds them onto the IMS names:

=====================  ============================  =================================
IMS (imsmd_v1p2)       IEEE (LOM)                    folded key
=====================  ============================  =================================
``langstring``         ``string``                    ``langstring``
``catalogentry``       ``identifier``                ``catalogentry``
``centity/vcard``      ``entity`` (vCard as text)    ``entity`` / ``vcard``
``lifecycle``          ``lifeCycle``                 ``lifecycle`` (all keys lower case)
``xml:lang``           ``language`` attribute        (both read)
=====================  ============================  =================================

Vocabulary items are ``source`` + ``value`` with a langstring (IMS) or plain text (IEEE); both are read by
``lang_text``, which prefers Dutch, then ``x-none``, then the first string.
"""

from __future__ import annotations

import datetime

from lxml import etree

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.medium import lom_medium
from wijzer.ingest.formats.records import Curriculum, ParsedRecord, Problem, Taxon
from wijzer.ingest.formats.values import clean, is_http_url, obk_uuid, parse_date, unique
from wijzer.ingest.formats.xmlstream import qname, text_of

FORMAT_ID = "nl_lom"
IMS_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
IEEE_NS = "http://ltsc.ieee.org/xsd/LOM"
BINDINGS = {IMS_NS: "imsmd_v1p2", IEEE_NS: "ieee_lom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ALIASES = {"string": "langstring", "identifier": "catalogentry", "centity": "entity"}
_LANG_PREFERENCE = ("nl", "x-none", "")
PURPOSE_LEVEL = "educational level"
PURPOSE_DISCIPLINE = "discipline"
PURPOSE_OBJECTIVE = "educational objective"


def key(element: etree._Element) -> str:
    local = qname(element)[1].lower()
    return _ALIASES.get(local, local)


def kids(node: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if node is None else [child for child in node if key(child) == name]


def first(node: etree._Element | None, name: str) -> etree._Element | None:
    found = kids(node, name)
    return found[0] if found else None


def walk(node: etree._Element | None, *names: str) -> list[etree._Element]:
    """All descendants along the folded path ``names`` (every match at every step)."""
    current = [] if node is None else [node]
    for name in names:
        current = [child for parent in current for child in kids(parent, name)]
    return current


def lang_text(node: etree._Element | None) -> str:
    """The preferred-language string of a langstring container, or the node's own text."""
    if node is None:
        return ""
    strings = kids(node, "langstring")
    if not strings:
        return clean(text_of(node))
    by_lang = {(s.get(XML_LANG) or s.get("language") or "").lower(): s for s in reversed(strings)}
    for lang in _LANG_PREFERENCE:
        if lang in by_lang:
            return clean(text_of(by_lang[lang]))
    return clean(text_of(strings[0]))


def vocab_values(node: etree._Element | None, *names: str) -> tuple[str, ...]:
    return unique(lang_text(value) for element in walk(node, *names) for value in kids(element, "value"))


def vcard_name(vcard: str) -> str:
    """``FN`` of a vCard, else ``ORG``, else ``N`` (vCard 3.0 as used in NL-LOM)."""
    fields: dict[str, str] = {}
    for line in vcard.replace("\r", "").split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            fields.setdefault(name.split(";")[0].strip().upper(), value.strip())
    return fields.get("FN") or fields.get("ORG", "").split(";")[0] or fields.get("N", "").replace(";", " ").strip()


class LomReader:
    """Reads one ``lom`` element, collecting parse problems."""

    def __init__(self, lom: etree._Element) -> None:
        self.lom = lom
        self.problems: list[Problem] = []

    def text(self, *names: str) -> str:
        found = walk(self.lom, *names)
        return lang_text(found[0]) if found else ""

    def texts(self, *names: str) -> tuple[str, ...]:
        return unique(lang_text(element) for element in walk(self.lom, *names))

    def catalog_entries(self, section: str) -> list[tuple[str, str]]:
        return [
            (clean(text_of(kids(entry, "catalog")[0])) if kids(entry, "catalog") else "", self.text_in(entry))
            for entry in walk(self.lom, section, "catalogentry")
        ]

    @staticmethod
    def text_in(entry: etree._Element) -> str:
        found = kids(entry, "entry")
        return lang_text(found[0]) if found else ""

    def contributions(self, section: str) -> list[tuple[str, tuple[str, ...], datetime.date | None]]:
        """(role, names, date) per ``contribute`` in ``section``."""
        result = []
        for contribute in walk(self.lom, section, "contribute"):
            role = (vocab_values(contribute, "role") or ("",))[0].lower()
            names = unique(vcard_name("".join(node.itertext())) for node in _vcards(contribute))
            date_nodes = walk(contribute, "date", "datetime")
            when = self.date(text_of(date_nodes[0]), "first_published") if date_nodes else None
            result.append((role, names, when))
        return result

    def date(self, text: str, field_name: str) -> datetime.date | None:
        value, problem = parse_date(text, field_name)
        if problem:
            self.problems.append(problem)
        return value


def _vcards(contribute: etree._Element) -> list[etree._Element]:
    """IMS ``centity/vcard`` or IEEE ``entity`` (whose text is the vCard)."""
    entities = kids(contribute, "entity")
    return [vcard for entity in entities for vcard in (kids(entity, "vcard") or [entity])]


def _taxons(reader: LomReader) -> tuple[Taxon, ...]:
    taxons = []
    for classification in walk(reader.lom, "classification"):
        purpose = (vocab_values(classification, "purpose") or ("",))[0].lower()
        for path in kids(classification, "taxonpath"):
            source = lang_text(first(path, "source"))
            for taxon in kids(path, "taxon"):
                taxon_id = clean(text_of(first(taxon, "id")))
                label = lang_text(first(taxon, "entry"))
                if taxon_id or label:
                    taxons.append(Taxon(purpose, source, taxon_id, label, obk_uuid(taxon_id)))
    return tuple(taxons)


def _obk_ids(taxons: tuple[Taxon, ...], purpose: str) -> tuple[str, ...]:
    return unique(t.obk_uuid for t in taxons if t.purpose == purpose and t.obk_uuid)


def _labels(taxons: tuple[Taxon, ...], purpose: str) -> tuple[str, ...]:
    return unique(t.label or t.taxon_id for t in taxons if t.purpose == purpose)


def _licence(reader: LomReader) -> tuple[str | None, str]:
    """Licence code and raw value from ``rights``; a CC name/URL in the description wins over yes/other."""
    raw = (vocab_values(reader.lom, "rights", "copyrightandotherrestrictions") or ("",))[0]
    description = reader.text("rights", "description")
    code = normalise_licence(raw)
    if code in (None, "copyright", "other"):
        from_description = normalise_licence(description)
        if from_description and from_description.startswith("cc"):
            return from_description, raw or description
    return code, raw


def _identifiers(reader: LomReader) -> tuple[str | None, str | None, str | None]:
    """(product id, resource URI, fallback record id) from catalog entries and ``technical/location``."""
    entries = reader.catalog_entries("general")
    product_id = None
    for catalog, entry in entries:
        lowered = entry.lower()
        if lowered.startswith(("urn:isbn:", "urn:ean:")):
            product_id = entry.split(":")[-1].replace("-", "")
        elif catalog.lower() in ("isbn", "ean") and entry:
            product_id = entry.replace("-", "")
    urls = [entry for _catalog, entry in entries if is_http_url(entry)]
    uri = reader.text("technical", "location") or (urls[0] if urls else None)
    meta = reader.catalog_entries("metametadata")
    fallback = next((entry for _c, entry in meta + entries if entry), None)
    return product_id, uri or None, fallback


def _people(reader: LomReader) -> tuple[str, tuple[str, ...], datetime.date | None]:
    """(publisher, authors, first-published date) from ``lifecycle/contribute``."""
    contributions = reader.contributions("lifecycle")
    publisher = next((names[0] for role, names, _d in contributions if role == "publisher" and names), "")
    authors = unique(name for role, names, _d in contributions if role == "author" for name in names)
    published = [when for role, _n, when in contributions if role == "publisher" and when]
    any_dates = [when for _r, _n, when in contributions if when]
    first = min(published or any_dates) if (published or any_dates) else None
    return publisher, authors, first


def lom_to_record(
    lom: etree._Element,
    record_id: str | None,
    raw: bytes,
    last_modified: datetime.date | None = None,
) -> ParsedRecord:
    """The ``ParsedRecord`` for one ``lom`` element; ``record_id`` comes from the OAI/SRU wrapper if any."""
    reader = LomReader(lom)
    taxons = _taxons(reader)
    cost = (vocab_values(lom, "rights", "cost") or ("",))[0].lower()
    is_paid = {"yes": True, "no": False}.get(cost)
    licence, licence_raw = _licence(reader)
    product_id, uri, fallback_id = _identifiers(reader)
    publisher, authors, first_published = _people(reader)
    resource_types = vocab_values(lom, "educational", "learningresourcetype")
    return ParsedRecord(
        format_id=FORMAT_ID,
        format_version=BINDINGS.get(qname(lom)[0], ""),
        record_id=record_id or fallback_id,
        product_id=product_id,
        uri=uri,
        title=reader.text("general", "title"),
        description=reader.text("general", "description"),
        authors=authors,
        publisher=publisher,
        keywords=reader.texts("general", "keyword"),
        language=reader.text("general", "language"),
        medium=lom_medium(resource_types, is_paid),
        medium_raw=", ".join(resource_types),
        curriculum=Curriculum(
            sectors=vocab_values(lom, "educational", "context"),
            levels=_labels(taxons, PURPOSE_LEVEL),
            subjects=_labels(taxons, PURPOSE_DISCIPLINE),
        ),
        taxons=taxons,
        obk_level_ids=_obk_ids(taxons, PURPOSE_LEVEL),
        obk_discipline_ids=_obk_ids(taxons, PURPOSE_DISCIPLINE),
        obk_objective_ids=_obk_ids(taxons, PURPOSE_OBJECTIVE),
        licence=licence,
        licence_raw=licence_raw,
        is_paid=is_paid,
        end_user_roles=vocab_values(lom, "educational", "intendedenduserrole"),
        first_published=first_published,
        last_modified=last_modified,
        content_url=uri,
        raw=raw,
        problems=tuple(reader.problems),
    )
