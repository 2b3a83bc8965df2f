"""Map one ECK CatalogService ``Entry`` element to a ``ParsedRecord``.

Field names follow the ECK DT CatalogService Entry (verified against real 2.1.1, 2.3 and 2.5.2 records and the
``kennisnet/phpECKCS`` model; see ``tests/fixtures/SOURCE.md``). The same element names are used by all schema
versions; what differs between the versions and publishers (all layouts are read, whatever the namespace says):

- prices: ``Prices`` (``Currency``, ``Consumerprice``, ``Price`` with ``Amount`` in cents excl. VAT and ``VAT``
  in percent; 2.3 and later; a ``Price`` holding several ``Amount``/``VAT`` pairs, which Kennisnet's phpECKCS
  reads since commit dabf19a "multiple prices with different vats", gives one price per pair), else the older
  flat fields ``Currency`` + ``PriceVATHigh`` / ``PriceVATLow`` (2.1.1, 2.2, and still in some real 2.3 feeds).
  Kennisnet's CatalogService documentation says that 2.3 *replaced* the flat fields by ``Prices`` (whose
  ``Amount`` is in cents excl. VAT) but does not say whether the flat amounts included VAT, nor at which rate.
  They are read as cents excl. VAT at today's high/low rate (21 % / 9 %), marked ``price_is_indicative`` and
  reported in a warning (``price.legacy_vat``);
- curriculum: 2.5.2 ``DEPSectors/DEPSector`` …, 2.5 ``CurriculumInfo`` (``Sector``, ``Levels/Level``,
  ``Years/Year``, ``Courses/Course``, ``Subjects/Subject``) and, up to 2.3, the same containers directly under
  ``Entry`` (``Sectors/Sector``, ``Levels/Level``, ``Years/Year``, ``Courses/Course``, ``Subjects/Subject``); all
  are merged in that order, duplicates removed, strings kept as delivered (trimmed);
- ``SubProducts`` holds ``SubProduct`` elements (a bare product id or ``ProductId``/``Title``/``Order``
  children) or, in real 2.3 feeds, bare ``ProductId`` elements;
- ``LicenseAvailabilityOptions`` is also read under its 2.1.1 misspelling ``LicenseAvailablityOptions``;
- ``Edition`` → ``edition``, ``IsSeparatelyAvailable`` → ``for_sale`` (false: only sold as part of a set),
  ``IsConsumptionProduct`` → ``consumable``, ``SupportedUntilDate`` → ``supported_until``;
- a record without ``Copyright`` gets no licence (``None``); a ``Copyright`` text that is no known licence
  (``yes``, ``© Uitgeverij …``) means all rights reserved (``copyright``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from lxml import etree

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.medium import eck_medium
from wijzer.ingest.formats.records import Curriculum, Environment, ParsedRecord, Price, Problem, SubProduct
from wijzer.ingest.formats.values import (
    clean,
    parse_bool,
    parse_cents,
    parse_date,
    parse_decimal,
    parse_int,
    unique,
)
from wijzer.ingest.formats.xmlstream import text_of

FORMAT_ID = "eck_catalog"
OLD_VAT_HIGH = Decimal(21)
OLD_VAT_LOW = Decimal(9)


class EntryReader:
    """Namespace-aware access to the elements of one Entry, collecting parse problems.

    One plain pass groups the Entry's direct children in the Entry namespace by local name, so a field look-up
    is a dict access. A container (``Authors``, ``CurriculumInfo``, ``CurriculumInfo/Levels``) is grouped the
    same way the first time a path through it is read; elements the adapter never reads (``Environments``, …)
    are not walked, and no element's tag is built twice. Results keep document order, which is the order a
    step-by-step child search gives. Plain iteration with a prefix test is several times cheaper than lxml's
    ``"{ns}*"`` tag filter.
    """

    __slots__ = ("_children", "_groups", "entry", "ns", "prefix", "problems")

    def __init__(self, entry: etree._Element, namespace: str) -> None:
        self.entry = entry
        self.ns = namespace
        self.prefix = prefix = f"{{{namespace}}}"
        self.problems: list[Problem] = []
        self._children = _children(entry, prefix)
        self._groups: dict[str, dict[str, list[etree._Element]]] = {"": self._children}

    def _group(self, path: str) -> dict[str, list[etree._Element]]:
        """Local name → children (in the Entry namespace) of every element at ``path``, in document order."""
        found = self._groups.get(path)
        if found is None:
            parent, _, last = path.rpartition("/")
            found = {}
            for node in self._group(parent).get(last) or ():
                _children(node, self.prefix, found)
            self._groups[path] = found
        return found

    def path(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{step}" for step in path.split("/"))

    def _step(self, parents: list[etree._Element], step: str) -> list[etree._Element]:
        """Children of ``parents`` named ``step`` in the Entry namespace (``*``: any name in it)."""
        if step == "*":
            prefix = self.prefix
            return [
                child
                for parent in parents
                for child in parent
                if type(tag := child.tag) is str and tag.startswith(prefix)
            ]
        tag = self.prefix + step
        return [child for parent in parents for child in parent if child.tag == tag]

    def nodes(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        """Elements at ``path`` (``/``-separated local names, ``*`` for any child) below ``node`` or the Entry."""
        if node is None and "*" not in path:
            parent, _, last = path.rpartition("/")
            return self._group(parent).get(last) or []
        steps = path.split("/")
        if node is not None:
            found = self._step([node], steps[0])
        elif steps[0] == "*":
            found = self._step([self.entry], "*")
        else:
            found = self._children.get(steps[0]) or []
        for step in steps[1:]:
            if not found:
                break
            found = self._step(found, step)
        return found

    def text(self, path: str, node: etree._Element | None = None) -> str:
        if node is None:
            found = self._children.get(path)  # the usual case: a direct child of the Entry
            if found:
                first = found[0]
                if len(first) == 0:  # a leaf: text_of's first case, without the call
                    text = first.text
                    return " ".join(text.split()) if text else ""
                return text_of(first)
            if "/" not in path and path != "*":
                return ""
        elif "/" not in path and path != "*":
            return _first_text(node, self.prefix + path)
        found = self.nodes(path, node)
        return text_of(found[0]) if found else ""

    def texts(self, path: str, node: etree._Element | None = None) -> tuple[str, ...]:
        found = self.nodes(path, node)
        return unique(map(text_of, found)) if found else ()

    def url(self, path: str) -> str | None:
        return self.text(path) or None

    def date(self, path: str, field_name: str) -> datetime.date | None:
        text = self.text(path)
        if not text:
            return None
        value, problem = parse_date(text, field_name)
        if problem:
            self.problems.append(problem)
        return value

    def flag(self, path: str, field_name: str) -> bool | None:
        text = self.text(path)
        if not text:
            return None
        value, problem = parse_bool(text, field_name)
        if problem:
            self.problems.append(problem)
        return value

    def cents(self, text: str, field_name: str) -> int | None:
        if not text:
            return None
        value, problem = parse_cents(text, field_name)
        if problem:
            self.problems.append(problem)
        return value


def _children(
    entry: etree._Element, prefix: str, groups: dict[str, list[etree._Element]] | None = None
) -> dict[str, list[etree._Element]]:
    """Local name → direct children of ``entry`` in the ``prefix`` namespace, in document order (added to
    ``groups`` when given). Entity references and elements of other namespaces are skipped (their tag is no str
    or has another prefix)."""
    size = len(prefix)
    if groups is None:
        groups = {}
    get = groups.get
    for child in entry:
        tag = child.tag
        if type(tag) is str and tag.startswith(prefix):
            local = tag[size:]
            bucket = get(local)
            if bucket is None:
                groups[local] = [child]
            else:
                bucket.append(child)
    return groups


def _text(fields: dict[str, list[etree._Element]], name: str) -> str:
    found = fields.get(name)
    return text_of(found[0]) if found else ""


def _first_text(node: etree._Element, tag: str) -> str:
    """``text_of`` the first direct child of ``node`` with Clark name ``tag``; ``""`` if there is none."""
    for child in node:
        if child.tag == tag:
            return text_of(child)
    return ""


def _currency(text: str) -> str:
    """ISO 4217 code for a delivered currency (``EURO`` and ``€`` as sent by real 2.1.1/2.3 feeds → ``EUR``)."""
    code = text.strip().upper()
    return "EUR" if code in ("", "EURO", "€") else code


def _prices(reader: EntryReader) -> tuple[tuple[Price, ...], int | None, bool]:
    """(prices, consumer price, legacy): 2.3+ ``Prices`` block, else the flat ``PriceVATHigh``/``PriceVATLow``."""
    blocks = reader.nodes("Prices")
    if blocks:
        ns = reader.prefix
        block = _children(blocks[0], ns)
        currency = _currency(_text(block, "Currency") or reader.text("Currency"))
        consumer = reader.cents(_text(block, "Consumerprice"), "consumer_price_cents")
        prices = []
        for node in block.get("Price") or ():
            fields = _children(node, ns)
            unit = _text(fields, "Description") or _text(fields, "Unit")
            amounts = [text_of(n) for n in fields.get("Amount") or ()] or [""]
            vats = [text_of(n) for n in fields.get("VAT") or ()] or [""]
            if len(amounts) != len(vats):  # one Price with several Amount/VAT pairs must pair up one to one
                amounts, vats = amounts[:1], vats[:1]
            for amount_text, vat_text in zip(amounts, vats, strict=True):
                amount = reader.cents(amount_text, "prices")
                vat = parse_decimal(vat_text)
                if amount is None or vat is None:
                    reader.problems.append(
                        Problem.error(
                            "price.incomplete", "prices", "Een prijs mist een geldig bedrag of btw-percentage."
                        )
                    )
                    continue
                prices.append(Price(amount, vat, currency, unit))
        if prices or consumer is not None:
            return tuple(prices), consumer, False
    legacy = _old_prices(reader)
    return legacy, None, bool(legacy)


def _old_prices(reader: EntryReader) -> tuple[Price, ...]:
    """The flat 2.1.1/2.2 price fields, read as cents excl. VAT (see the module docstring)."""
    currency = _currency(reader.text("Currency"))
    prices = []
    for name, vat, unit in (
        ("PriceVATHigh", OLD_VAT_HIGH, "hoog tarief"),
        ("PriceVATLow", OLD_VAT_LOW, "laag tarief"),
    ):
        amount = reader.cents(reader.text(name), "prices")
        if amount is not None:
            prices.append(Price(amount, vat, currency, unit))
    if prices:
        reader.problems.append(
            Problem.warning(
                "price.legacy_vat",
                "prices",
                "Oude prijsvelden (PriceVATHigh/PriceVATLow, ECK 2.1.1/2.2): de ECK-documentatie zegt niet of "
                "deze bedragen inclusief of exclusief btw zijn. Aangenomen is: bedrag in centen exclusief btw, "
                "tegen het huidige hoge (21%) of lage (9%) tarief; de prijs is daarom als indicatief gemarkeerd. "
                "Lever bij voorkeur Prices/Price met Amount (exclusief btw) en VAT (ECK 2.3 en later).",
            )
        )
    return tuple(prices)


_CURRICULUM_ITEMS = ("Sector", "Level", "Year", "Subject", "Course")  # in the order of Curriculum's fields
_CURRICULUM_TAGS: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {}


def _curriculum_tags(prefix: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """Per curriculum item: (item, its container, the DEP container, the DEP item's and the item's Clark tag),
    built once per Entry namespace."""
    tags = _CURRICULUM_TAGS.get(prefix)
    if tags is None:
        tags = _CURRICULUM_TAGS[prefix] = tuple(
            (item, f"{item}s", f"DEP{item}s", f"{prefix}DEP{item}", prefix + item) for item in _CURRICULUM_ITEMS
        )
    return tags


def _curriculum(reader: EntryReader) -> Curriculum:
    """``DEP*`` lists, ``CurriculumInfo`` and the pre-2.5 containers directly under ``Entry``, merged in that
    order without duplicates.

    The containers hold one or a few children each, so their children are matched directly (no grouping);
    ``CurriculumInfo`` is read for several paths and is grouped once. Absent containers cost one dict look-up.
    """
    top = reader._children
    info = reader._group("CurriculumInfo") if "CurriculumInfo" in top else None
    values: list[tuple[str, ...]] = []
    for item, container, dep_container, dep_tag, tag in _curriculum_tags(reader.prefix):
        found: list[str] = []
        parents = top.get(dep_container)
        if parents:
            _add_child_texts(parents, dep_tag, found)
        if info:
            direct = info.get(item)
            if direct:
                found.extend(map(text_of, direct))
            parents = info.get(container)
            if parents:
                _add_child_texts(parents, tag, found)
        parents = top.get(container)
        if parents:
            _add_child_texts(parents, tag, found)
        values.append(unique(found) if found else ())
    return Curriculum(*values)


def _add_child_texts(parents: list[etree._Element], tag: str, found: list[str]) -> None:
    """Append ``text_of`` every child of ``parents`` with Clark name ``tag`` to ``found`` (a leaf's text without the
    call: its whitespace collapsed, an empty one left out as ``unique`` would)."""
    for parent in parents:
        for child in parent:
            if child.tag == tag:
                if len(child):
                    found.append(text_of(child))
                else:
                    text = child.text
                    if text:
                        found.append(" ".join(text.split()))


def _sub_products(reader: EntryReader) -> tuple[SubProduct, ...]:
    parts = []
    for index, node in enumerate(reader.nodes("SubProducts/*"), start=1):
        if node.tag == reader.prefix + "ProductId":  # real 2.3 feeds: <SubProducts><ProductId>…</ProductId>
            product_id, title, order = text_of(node), "", index
        elif node.tag != reader.prefix + "SubProduct":
            continue
        elif len(node) == 0:
            product_id, title, order = clean(node.text), "", index
        else:
            product_id = reader.text("ProductId", node)
            title = reader.text("Title", node)
            order = parse_int(reader.text("Order", node) or reader.text("Ordering", node)) or index
        if product_id:
            parts.append(SubProduct(product_id, title, order))
    return tuple(sorted(parts, key=lambda part: part.ordering))


def _licence_options(reader: EntryReader, additional: tuple[str, ...]) -> tuple[str, ...]:
    """``LicenseAvailabilityOptions`` (text or one child per option; also the 2.1.1 spelling
    ``LicenseAvailablityOptions``) plus the ``AdditionalLicenseOptions`` read by the caller."""
    availability: tuple[str, ...] = ()
    for name in ("LicenseAvailabilityOptions", "LicenseAvailablityOptions"):
        if name in reader._children:
            availability += reader.texts(f"{name}/*") or (reader.text(name),)
    return unique((*availability, *additional)) if availability else additional


def _activation_before(reader: EntryReader) -> tuple[int | None, datetime.date | None]:
    """``ActivationBefore``: ``ActivationBeforeDays`` and/or ``ActivationBeforeDate`` (or a bare number/date)."""
    if "ActivationBefore" not in reader._children:
        return None, None
    days_text = reader.text("ActivationBefore/ActivationBeforeDays")
    date_path = "ActivationBefore/ActivationBeforeDate"
    if not days_text and not reader.text(date_path):
        bare = reader.text("ActivationBefore")
        if bare.isdigit():
            days_text = bare
        else:
            date_path = "ActivationBefore"
    days = parse_int(days_text) if days_text else None
    if days_text and days is None:
        reader.problems.append(
            Problem.warning(
                "activation_before.days",
                "activation_before_days",
                f"ActivationBeforeDays '{days_text[:40]}' is geen geheel aantal dagen.",
            )
        )
    return days, reader.date(date_path, "activation_before_date")


def _environments(reader: EntryReader) -> tuple[Environment, ...]:
    """Every leaf element with text below ``Environments``, as (element name, text), without duplicates."""
    found: list[Environment] = []
    size = len(reader.prefix)
    for container in reader.nodes("Environments"):
        for node in container.iter():
            if node is container or len(node) or type(node.tag) is not str:
                continue
            value = text_of(node)
            kind = node.tag[size:] if node.tag.startswith(reader.prefix) else etree.QName(node).localname
            if value and Environment(kind, value) not in found:
                found.append(Environment(kind, value))
    return tuple(found)


def entry_to_record(
    entry: etree._Element, namespace: str, version: str, record_id: str | None, raw: bytes
) -> ParsedRecord:
    """The ``ParsedRecord`` for one Entry; ``record_id`` is the SRU identifier when there is one."""
    r = EntryReader(entry, namespace)
    top = r._children  # the fields most feeds leave out are read only when the Entry has them
    title = r.text("Title")
    prices, consumer, legacy_prices = _prices(r)
    medium_raw = r.text("Medium")
    copyright_text = r.text("Copyright")
    activation_days, activation_date = _activation_before(r)
    additional = (
        r.texts("AdditionalLicenseOptions/AdditionalLicenseOption") if "AdditionalLicenseOptions" in top else ()
    )
    paid = any(p.amount_cents > 0 for p in prices) or bool(consumer) or r.flag("IsLicensed", "is_paid") is not False
    return ParsedRecord(
        format_id=FORMAT_ID,
        format_version=version,
        record_id=record_id or r.text("RecordId") or r.text("ProductId") or None,
        product_id=r.text("ProductId").replace(" ", "") or None,
        title=title,
        description=r.text("Description"),
        family_name=r.text("ProductFamilyName"),
        sub_products=_sub_products(r) if "SubProducts" in top else (),
        authors=r.texts("Authors/Author"),
        publisher=r.text("Publisher"),
        supplier=r.text("Supplier"),
        medium=eck_medium(medium_raw, title),
        medium_raw=medium_raw,
        curriculum=_curriculum(r),
        licence=(normalise_licence(copyright_text) or "copyright") if copyright_text else None,
        licence_raw=copyright_text,
        is_paid=paid,
        prices=prices,
        consumer_price_cents=consumer,
        price_is_indicative=True if legacy_prices else r.flag("PriceIsIndicative", "price_is_indicative"),
        licence_options=_licence_options(r, additional),
        licence_duration=r.text("LicenseDuration"),
        sale_unit_size=parse_int(r.text("SaleUnitSize")),
        product_state=r.text("ProductState"),
        end_user_roles=r.texts("IntendedEndUserRole"),
        additional_licence_options=additional,
        licence_start_date=r.date("LicenseStartDate", "licence_start_date") if "LicenseStartDate" in top else None,
        licence_end_date=r.date("LicenseEndDate", "licence_end_date") if "LicenseEndDate" in top else None,
        activation_before_days=activation_days,
        activation_before_date=activation_date,
        followup_product_ids=r.texts("FollowupProduct") if "FollowupProduct" in top else (),
        environments=_environments(r) if "Environments" in top else (),
        edition=r.text("Edition"),
        for_sale=r.flag("IsSeparatelyAvailable", "for_sale"),
        consumable=r.flag("IsConsumptionProduct", "consumable"),
        supported_until=r.date("SupportedUntilDate", "supported_until") if "SupportedUntilDate" in top else None,
        first_published=r.date("FirstPublishedDate", "first_published"),
        end_of_life=r.date("EndOfLifeDate", "end_of_life"),
        last_revision=r.date("LastRevisionDate", "last_revision"),
        last_modified=r.date("LastModifiedDate", "last_modified"),
        access_url=r.url("AccessLocation"),
        information_url=r.url("InformationLocation"),
        content_url=r.url("ContentLocation"),
        thumbnail_url=r.url("ProductThumbnailLocation"),
        raw=raw,
        problems=tuple(r.problems),
    )
