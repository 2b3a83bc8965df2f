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
``lang_text``, which prefers Dutch, then ``x-none``, then the first string. Names in vCards are unescaped per
RFC 6350 (``vcard.py``): "AERES Hogeschool\\; HAS Hogeschool" is read as "AERES Hogeschool; HAS Hogeschool".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from lxml import etree

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.medium import lom_medium
from wijzer.ingest.formats.nl_lom.vcard import vcard_name
from wijzer.ingest.formats.records import Curriculum, ParsedRecord, Problem, Taxon
from wijzer.ingest.formats.values import is_http_url, obk_uuid, parse_date, unique
from wijzer.ingest.formats.xmlstream import qname, text_of

FORMAT_ID = "nl_lom"
IMS_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
IEEE_NS = "http://ltsc.ieee.org/xsd/LOM"
IMS_ROOT_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
"""The IMS Meta-data 1.2.1 root namespace, used by older IMS repositories; same element names as imsmd_v1p2."""
BINDINGS = {IMS_NS: "imsmd_v1p2", IMS_ROOT_NS: "imsmd_rootv1p2p1", IEEE_NS: "ieee_lom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ALIASES = {"string": "langstring", "identifier": "catalogentry", "centity": "entity"}
_LANG_PREFERENCE = ("nl", "x-none", "")
PURPOSE_LEVEL = "educational level"
PURPOSE_DISCIPLINE = "discipline"
PURPOSE_OBJECTIVE = "educational objective"


_KEYS: dict[object, str] = {}
"""Cache of element tag → folded key (tags repeat endlessly; bounded by ``_KEYS_MAX`` against hostile input)."""
_KEYS_MAX = 4096


def _fold(tag: object) -> str:
    """The folded key for an element tag (see the module docstring); ``""`` for comments and entities."""
    if not isinstance(tag, str):
        return ""
    local = tag[1:].partition("}")[2] if tag.startswith("{") else tag
    lowered = local.lower()
    folded = _ALIASES.get(lowered, lowered)
    if len(_KEYS) < _KEYS_MAX:
        _KEYS[tag] = folded
    return folded


def key(element: etree._Element) -> str:
    tag = element.tag
    return _KEYS.get(tag) or _fold(tag)


def kids(node: etree._Element | None, name: str) -> list[etree._Element]:
    if node is None:
        return []
    get = _KEYS.get
    return [child for child in node if (get(tag := child.tag) or _fold(tag)) == name]


def first(node: etree._Element | None, name: str) -> etree._Element | None:
    if node is not None:
        get = _KEYS.get
        for child in node:
            if (get(tag := child.tag) or _fold(tag)) == name:
                return child
    return None


def walk(node: etree._Element | None, *names: str) -> list[etree._Element]:
    """All descendants along the folded path ``names`` (every match at every step)."""
    current = [] if node is None else [node]
    get = _KEYS.get
    for name in names:
        if not current:
            break
        current = [child for parent in current for child in parent if (get(tag := child.tag) or _fold(tag)) == name]
    return current


def lang_text(node: etree._Element | None) -> str:
    """The preferred-language string of a langstring container, or the node's own text."""
    if node is None:
        return ""
    strings = kids(node, "langstring")
    if not strings:
        return text_of(node)
    if len(strings) == 1:  # the preference below can only pick this one
        return text_of(strings[0])
    by_lang = {(s.get(XML_LANG) or s.get("language") or "").lower(): s for s in reversed(strings)}
    for lang in _LANG_PREFERENCE:
        if lang in by_lang:
            return text_of(by_lang[lang])
    return text_of(strings[0])


def vocab_values(node: etree._Element | None, *names: str) -> tuple[str, ...]:
    return _vocab_values(walk(node, *names))


def _vocab_values(elements: list[etree._Element]) -> tuple[str, ...]:
    if not elements:
        return ()
    return unique([lang_text(value) for element in elements for value in kids(element, "value")])


class LomReader:
    """Reads one ``lom`` element, collecting parse problems.

    The ``lom`` element's children are grouped by folded key once, and so are the children of every element on
    a path the first time that path is read (``general`` is read for title, description, keywords, language and
    identifiers), so each element is looked at once and a path look-up is a few dict accesses.
    """

    __slots__ = ("_groups", "lom", "problems")

    def __init__(self, lom: etree._Element) -> None:
        self.lom = lom
        self.problems: list[Problem] = []
        self._groups: dict[tuple[str, ...], dict[str, list[etree._Element]]] = {(): _grouped([lom])}

    def _group(self, path: tuple[str, ...]) -> dict[str, list[etree._Element]]:
        """Folded key → children of every element at ``path`` below ``lom``, in document order."""
        found = self._groups.get(path)
        if found is None:
            found = _grouped(self._group(path[:-1]).get(path[-1]) or ())
            self._groups[path] = found
        return found

    def walk(self, section: str, *names: str) -> list[etree._Element]:
        """Like ``walk(self.lom, section, *names)``."""
        path = (section, *names)
        return self._group(path[:-1]).get(path[-1]) or []

    def vocab(self, section: str, *names: str) -> tuple[str, ...]:
        """Like ``vocab_values(self.lom, section, *names)``."""
        return _vocab_values(self.walk(section, *names))

    def text(self, *names: str) -> str:
        found = self.walk(*names)
        return lang_text(found[0]) if found else ""

    def texts(self, *names: str) -> tuple[str, ...]:
        found = self.walk(*names)
        return unique([lang_text(element) for element in found]) if found else ()

    def catalog_entries(self, section: str) -> list[tuple[str, str]]:
        result = []
        for entry in self.walk(section, "catalogentry"):
            catalog = first(entry, "catalog")
            result.append((text_of(catalog) if catalog is not None else "", self.text_in(entry)))
        return result

    @staticmethod
    def text_in(entry: etree._Element) -> str:
        found = first(entry, "entry")
        return lang_text(found) if found is not None else ""

    def contributions(self, section: str) -> list[tuple[str, tuple[str, ...], datetime.date | None]]:
        """(role, names, date) per ``contribute`` in ``section``."""
        result = []
        for contribute in self.walk(section, "contribute"):
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


def _grouped(parents: Iterable[etree._Element]) -> dict[str, list[etree._Element]]:
    """Folded key → children of ``parents``, in document order."""
    groups: dict[str, list[etree._Element]] = {}
    get = _KEYS.get
    for parent in parents:
        for child in parent:
            tag = child.tag
            name = get(tag) or _fold(tag)
            found = groups.get(name)
            if found is None:
                groups[name] = [child]
            else:
                found.append(child)
    return groups


def _vcards(contribute: etree._Element) -> list[etree._Element]:
    """IMS ``centity/vcard`` or IEEE ``entity`` (whose text is the vCard)."""
    entities = kids(contribute, "entity")
    return [vcard for entity in entities for vcard in (kids(entity, "vcard") or [entity])]


def _taxons(reader: LomReader) -> tuple[Taxon, ...]:
    taxons = []
    for classification in reader.walk("classification"):
        purpose = (vocab_values(classification, "purpose") or ("",))[0].lower()
        for path in kids(classification, "taxonpath"):
            source = lang_text(first(path, "source"))
            for taxon in kids(path, "taxon"):
                taxon_id = text_of(first(taxon, "id"))
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
    raw = (reader.vocab("rights", "copyrightandotherrestrictions") or ("",))[0]
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
    cost = (reader.vocab("rights", "cost") or ("",))[0].lower()
    is_paid = {"yes": True, "no": False}.get(cost)
    licence, licence_raw = _licence(reader)
    product_id, uri, fallback_id = _identifiers(reader)
    publisher, authors, first_published = _people(reader)
    resource_types = reader.vocab("educational", "learningresourcetype")
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
            sectors=reader.vocab("educational", "context"),
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
        end_user_roles=reader.vocab("educational", "intendedenduserrole"),
        first_published=first_published,
        last_modified=last_modified,
        content_url=uri,
        raw=raw,
        problems=tuple(reader.problems),
    )
