"""A deterministic DEMO catalogue (not real data) in the real delivery formats.

``demo_eck_sru()`` returns an SRU 1.2 ``searchRetrieveResponse`` with ECK CatalogService 2.5.2 Entries (closed
products of fictional publishers: digital licences, workbooks, LiFo bundles, teacher licences, tests and a few
tools/prints), shaped like the real Kennisnet sample. ``demo_nllom_oai()`` returns an OAI-PMH 2.0 ``ListRecords``
response with IMS NL-LOM records (open material with CC licences), classified with real OBK/SLO level,
discipline and 2006 kerndoel UUIDs.

Everything is clearly demo data: publishers and providers end in " (voorbeeld)", every description starts with
"Voorbeeldgegevens: ", authors/keywords say "voorbeeld", URLs use the reserved ``.example`` domain and EANs use
the GS1 restricted-circulation prefix 200, so they never clash with real ISBNs. A few ECK records are flawed on
purpose (``FLAWED_RECORDS``) so the validation report and quarantine have something to show. Output depends only
on ``SEED`` and the tables below: the same bytes on every call.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

SEED = 2024
LOM_SOURCE = "voorbeeldcatalogus-open"

SRW_NS = "http://www.loc.gov/zing/srw/"
ECK_NS = "http://dt2.eck.nl/schema/catalogservice/v2.5.2"
ECK_COMMON_NS = "http://dt2.eck.nl/schema/common/v2.5"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
LOM_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEMO_PREFIX = "Voorbeeldgegevens: "

# --- ECK: publishers, distributors, methods and prices -----------------------------------------------------------

PUBLISHERS = (  # (name, URL slug, index into DISTRIBUTORS)
    ("Uitgeverij De Rekenpen (voorbeeld)", "rekenpen", 0),
    ("Uitgeverij Duinroos (voorbeeld)", "duinroos", 0),
    ("Uitgeverij Klimop (voorbeeld)", "klimop", 1),
    ("Uitgeverij Zeeklaver (voorbeeld)", "zeeklaver", 1),
    ("Uitgeverij Polderwind (voorbeeld)", "polderwind", 0),
    ("Uitgeverij Sterrenkijker (voorbeeld)", "sterrenkijker", 1),
)
DISTRIBUTORS = ("Leermiddelendistributie Waddenzee (voorbeeld)", "Schoolboekenhuis Veluwezoom (voorbeeld)")

# Every publisher delivers its own feed, through a source registered to it (W5.1): its records are its own.
# (name, label, publisher index) per ECK source; the open material comes from a platform source (no owner).
ECK_SOURCES: tuple[tuple[str, str, int], ...] = tuple(
    (f"voorbeeld-{slug}", f"Voorbeeldfeed {name.removesuffix(' (voorbeeld)')} (ECK)", index)
    for index, (name, slug, _distributor) in enumerate(PUBLISHERS)
)
DEMO_SOURCES: tuple[tuple[str, str], ...] = (
    *((name, label) for name, label, _index in ECK_SOURCES),
    (LOM_SOURCE, "Voorbeeld open leermateriaal (NL-LOM)"),
)
DEMO_FORMATS = {**{name: "eck_catalog" for name, _label, _index in ECK_SOURCES}, LOM_SOURCE: "nl_lom"}
"""Format adapter identifier per demo source."""


@dataclass(frozen=True, slots=True)
class Method:
    """A fictional method (ECK ``ProductFamilyName``) with the DEP strings it is delivered with."""

    name: str
    publisher: int
    sector: str  # DEPSector: "PO" or "VO"
    subject: str  # DEPSubject
    course: str  # DEPCourse
    stages: tuple[tuple[str, tuple[int, ...]], ...]  # (DEPLevel, leerjaren/groepen)
    first_published: str
    extras: tuple[str, ...] = ()  # method-wide products besides the teacher licence: "toets", "digibord", "poster"

    @property
    def family_name(self) -> str:
        return f"{self.name} (voorbeeld)"

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")


PO = "BASISONDERWIJS"
METHODS = (
    Method("Sommenspoor", 0, "PO", "REKENEN/WISKUNDE", "REKENEN/WISKUNDE", ((PO, (3, 4, 5, 6, 7, 8)),),
           "2021-08-01", ("toets", "digibord")),
    Method("Telkracht", 3, "PO", "REKENEN/WISKUNDE", "REKENEN/WISKUNDE", ((PO, (3, 4, 5, 6, 7, 8)),),
           "2023-08-01", ("toets",)),
    Method("Woordenwaaier", 1, "PO", "NEDERLANDS", "TAAL", ((PO, (4, 5, 6, 7, 8)),), "2022-08-01"),
    Method("Letterlab", 2, "PO", "NEDERLANDS", "TAAL", ((PO, (4, 5, 6, 7, 8)),), "2020-08-01", ("toets",)),
    Method("Leeslantaarn", 0, "PO", "NEDERLANDS", "LEZEN", ((PO, (5, 6, 7, 8)),), "2022-08-01", ("toets",)),
    Method("Wereldvenster", 4, "PO", "WERELDORIENTATIE", "WERELDORIENTATIE", ((PO, (5, 6, 7, 8)),),
           "2021-08-01", ("digibord", "poster")),
    Method("Harbour English", 5, "PO", "ENGELS", "ENGELS", ((PO, (5, 6, 7, 8)),), "2023-08-01"),
    Method("Formulepad", 3, "VO", "WISKUNDE", "WISKUNDE",
           (("VMBO", (1, 2, 3)), ("HAVO", (1, 2, 3, 4, 5)), ("VWO", (1, 2, 3))), "2022-08-01", ("toets",)),
    Method("Taaltoren", 1, "VO", "NEDERLANDS", "NEDERLANDS",
           (("VMBO", (1, 2, 3)), ("HAVO", (1, 2, 3)), ("VWO", (1, 2, 3))), "2021-08-01", ("toets",)),
    Method("Wordbridge", 5, "VO", "ENGELS", "ENGELS", (("VMBO", (1, 2)), ("HAVO", (1, 2)), ("VWO", (1, 2))),
           "2023-08-01", ("toets",)),
    Method("Krachtveld", 2, "VO", "NATUURKUNDE", "NATUURKUNDE", (("HAVO", (2, 3, 4, 5)), ("VWO", (2, 3))),
           "2020-08-01"),
    Method("Levensweb", 4, "VO", "BIOLOGIE", "BIOLOGIE", (("VMBO", (1, 2)), ("HAVO", (1, 2)), ("VWO", (1, 2))),
           "2022-08-01"),
    Method("Tijdlijnen", 0, "VO", "GESCHIEDENIS", "GESCHIEDENIS", (("HAVO", (1, 2)), ("VWO", (1, 2))), "2021-08-01"),
    Method("Landschapper", 4, "VO", "AARDRIJKSKUNDE", "AARDRIJKSKUNDE",
           (("VMBO", (1,)), ("HAVO", (1, 2)), ("VWO", (1, 2))), "2023-08-01", ("poster",)),
    Method("Marktplein", 2, "VO", "ECONOMIE", "ECONOMIE", (("VMBO", (3,)), ("HAVO", (4, 5))), "2022-08-01"),
)  # fmt: skip
LEVEL_LABELS = {PO: "groep", "VMBO": "vmbo-kgt", "HAVO": "havo", "VWO": "vwo"}

# Price ranges in cents excluding VAT, per pupil per year unless stated otherwise.
PO_LICENCE = (1800, 4500)
PO_WORKBOOK = (800, 1600)
VO_LIFO = (3500, 7500)  # licence part (21 %) + folio part (9 %) together
TEACHER_LICENCE = (6500, 14500)  # per teacher per year
TEST_LICENCE = (350, 900)
DIGIBORD_LICENCE = (19500, 39500)  # per school per year
POSTER = (1250, 2950)
HIGH_VAT, LOW_VAT = "21.0", "9.0"
UNLICENSED_KINDS = frozenset({"werkboek", "poster"})
END_OF_LIFE = "2031-07-31"

METHOD_WIDE = {  # kind → (title template, description, ECK Medium, price range, IntendedEndUserRole); VAT 21 %
    "docent": ("{name} docentlicentie {scope}", "docentlicentie met lesbrieven, antwoorden en beheeromgeving, per "
               "docent per jaar.", "Web browser", TEACHER_LICENCE, "Onderwijsgever"),
    "toets": ("{name} toetsen {scope}", "digitale methodetoetsen met nakijkhulp, per leerling per jaar.",
              "Web browser", TEST_LICENCE, "Onderwijsvolger"),
    "digibord": ("{name} digibordsoftware schoollicentie", "digibordsoftware voor de hele school, per school per "
                 "jaar.", "Downloadable installer", DIGIBORD_LICENCE, "Onderwijsgever"),
    "poster": ("{name} wandplaat {scope}", "wandplaat voor in het lokaal (drukwerk).", "Poster", POSTER,
               "Onderwijsgever"),
}  # fmt: skip

# Deliberately flawed records (ECK record id → the validation error code each one must produce).
FLAWED_RECORDS: dict[str, str] = {
    "voorbeeld:0012": "product_id.checksum",
    "voorbeeld:0031": "price.negative",
    "voorbeeld:0058": "required.title",
    "voorbeeld:0125": "vat.invalid",
    "voorbeeld:0170": "dates.order",
    "voorbeeld:0202": "url.invalid",
}
FLAWED_RECORD_IDS: tuple[str, ...] = tuple(FLAWED_RECORDS)


@dataclass(frozen=True, slots=True)
class Product:
    """One ECK Entry before serialisation."""

    number: int
    method: Method
    kind: str
    level: str  # DEPLevel, "" for method-wide products
    years: tuple[int, ...]
    ean: str
    title: str
    description: str
    medium: str
    prices: tuple[tuple[int, str], ...]  # (amount in cents excl. VAT, VAT percent as delivered)
    role: str = "Onderwijsvolger"
    licensed: bool = True
    sub_products: tuple[tuple[str, str], ...] = ()  # (product id, title)
    end_of_life: str = END_OF_LIFE
    access_url: str = ""

    @property
    def record_id(self) -> str:
        return record_id(self.number)


def record_id(number: int) -> str:
    return f"voorbeeld:{number:04d}"


def demo_ean(publisher: int, serial: int) -> str:
    """A valid EAN-13 ``200 PP SSSSSSS C`` in the GS1 restricted-circulation range (never a real ISBN)."""
    body = f"200{publisher + 1:02d}{serial:07d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _cents(rng: random.Random, low: int, high: int) -> int:
    """A price in ``[low, high]`` rounded to 5 cents."""
    return rng.randrange(low, high + 1) // 5 * 5


def _stage_label(level: str, year: int) -> str:
    return f"{LEVEL_LABELS[level]} {year}"


def _scope_label(method: Method) -> str:
    first = min(y for _level, years in method.stages for y in years)
    last = max(y for _level, years in method.stages for y in years)
    if method.sector == "PO":
        return f"groep {first}-{last}"
    return ", ".join(LEVEL_LABELS[level] for level, _years in method.stages)


class _Catalogue:
    """Builds the product list method by method, numbering records and EANs in order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.products: list[Product] = []

    def add(
        self,
        method: Method,
        kind: str,
        level: str,
        years: tuple[int, ...],
        text: tuple[str, str, str],
        prices: tuple[tuple[int, str], ...],
        role: str = "Onderwijsvolger",
    ) -> Product:
        """Append a product; ``text`` is (title, description without the demo prefix, ECK ``Medium``)."""
        number = len(self.products) + 1
        ean = demo_ean(method.publisher, number)
        title, description, medium = text
        product = Product(
            number,
            method,
            kind,
            level,
            years,
            ean,
            title,
            description,
            medium,
            prices,
            role,
            licensed=kind not in UNLICENSED_KINDS,
            access_url=f"https://toegang.voorbeeld.example/{ean}",
        )
        self.products.append(product)
        return product

    def po_year(self, method: Method, level: str, year: int, licence: int, workbook: int) -> None:
        name, stage = method.family_name, _stage_label(level, year)
        amount = _cents(self.rng, licence, min(licence + 300, PO_LICENCE[1]))
        text = (f"{name} {stage} leerlinglicentie 1 jaar", f"digitale leerlinglicentie voor één schooljaar, {stage}.")
        self.add(method, "licentie", level, (year,), (*text, "Web browser"), ((amount, HIGH_VAT),))
        amount = _cents(self.rng, workbook, min(workbook + 150, PO_WORKBOOK[1]))
        text = (f"{name} {stage} werkboek", f"papieren werkboek (verbruiksmateriaal), {stage}.")
        self.add(method, "werkboek", level, (year,), (*text, "Boek"), ((amount, LOW_VAT),))

    def vo_year(self, method: Method, level: str, year: int, lifo: int, share: int) -> None:
        """LiFo bundle (licence 21 % + folio 9 %), the licence alone and the folio alone for one leerjaar."""
        name, stage = method.family_name, _stage_label(level, year)
        total = _cents(self.rng, lifo, min(lifo + 500, VO_LIFO[1]))
        licence = total * share // 100 // 5 * 5
        folio = total - licence
        text = (
            f"{name} {stage} LiFo: werkboek inclusief 1 jaar licentie",
            f"LiFo-pakket: digitale licentie voor één schooljaar met papieren werkboek (folio), {stage}.",
        )
        bundle = self.add(method, "lifo", level, (year,), (*text, "Boek"), ((licence, HIGH_VAT), (folio, LOW_VAT)))
        text = (
            f"{name} {stage} leerlinglicentie 1 jaar",
            f"alleen digitaal: leerlinglicentie voor één schooljaar, {stage}.",
        )
        amount = licence + _cents(self.rng, 300, 800)
        digital = self.add(method, "licentie", level, (year,), (*text, "Web browser"), ((amount, HIGH_VAT),))
        text = (f"{name} {stage} werkboek (los)", f"los papieren werkboek (folio) zonder licentie, {stage}.")
        amount = folio + _cents(self.rng, 100, 400)
        book = self.add(method, "werkboek", level, (year,), (*text, "Boek"), ((amount, LOW_VAT),))
        parts = ((book.ean, book.title), (digital.ean, f"{name} {stage} licentie"))
        self.products[bundle.number - 1] = dataclasses.replace(bundle, sub_products=parts)

    def method_wide(self, method: Method, kind: str) -> None:
        """A product for the whole method: teacher licence, tests, digibord software or a wall poster."""
        name, scope = method.family_name, _scope_label(method)
        title, description, medium, (low, high), role = METHOD_WIDE[kind]
        years = tuple(sorted({year for _level, stage_years in method.stages for year in stage_years}))
        text = (title.format(name=name, scope=scope), description, medium)
        self.add(method, kind, "", years, text, ((_cents(self.rng, low, high), HIGH_VAT),), role)

    def method(self, method: Method) -> None:
        rng = self.rng
        if method.sector == "PO":
            licence, workbook = _cents(rng, PO_LICENCE[0], PO_LICENCE[1] - 300), _cents(rng, *PO_WORKBOOK)
            for level, years in method.stages:
                for year in years:
                    self.po_year(method, level, year, licence, workbook)
        else:
            lifo, share = _cents(rng, VO_LIFO[0], VO_LIFO[1] - 500), rng.randrange(58, 71)
            for level, years in method.stages:
                for year in years:
                    self.vo_year(method, level, year, lifo, share)
        for kind in ("docent", *method.extras):
            self.method_wide(method, kind)


def _flawed(product: Product, code: str) -> Product:
    """``product`` with the one mistake that makes validation report ``code``."""
    note = f" Dit record bevat met opzet een fout ({code}) om de validatie te laten zien."
    product = dataclasses.replace(product, description=product.description + note)
    (amount, vat), rest = product.prices[0], product.prices[1:]
    if code == "product_id.checksum":
        return dataclasses.replace(product, ean=product.ean[:12] + str((int(product.ean[12]) + 1) % 10))
    if code == "price.negative":
        return dataclasses.replace(product, prices=((-amount, vat), *rest))
    if code == "vat.invalid":
        return dataclasses.replace(product, prices=((amount, "19.0"), *rest))
    if code == "dates.order":
        return dataclasses.replace(product, end_of_life="2019-07-31")
    if code == "url.invalid":
        return dataclasses.replace(product, access_url=product.access_url.removeprefix("https://"))
    if code == "required.title":
        return dataclasses.replace(product, title="")
    raise ValueError(f"Unknown flaw: {code}")


def demo_products() -> list[Product]:
    """All ECK demo products in record order, the flawed ones included."""
    catalogue = _Catalogue(random.Random(SEED))  # noqa: S311 - demo data, not security
    for method in METHODS:
        catalogue.method(method)
    return [_flawed(p, FLAWED_RECORDS[p.record_id]) if p.record_id in FLAWED_RECORDS else p for p in catalogue.products]


# --- ECK serialisation -------------------------------------------------------------------------------------------


def _document(root: etree._Element) -> bytes:
    """UTF-8 bytes with the XML declaration written like the real samples (double quotes)."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, text: str | None = None, ns: str = ECK_NS) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _list(parent: etree._Element, outer: str, inner: str, values: tuple[str, ...]) -> None:
    node = _sub(parent, outer)
    for value in values:
        _sub(node, inner, value)


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00.000Z"


def _consumer_price(prices: tuple[tuple[int, str], ...]) -> int:
    total = sum((Decimal(amount) * (100 + Decimal(vat)) / 100 for amount, vat in prices), Decimal(0))
    return int(total.quantize(Decimal(1)))


def _curriculum(entry: etree._Element, product: Product) -> None:
    method = product.method
    levels = (product.level,) if product.level else tuple(level for level, _years in method.stages)
    years = tuple(f"jaar {year}" for year in dict.fromkeys(product.years))
    _list(entry, "DEPSectors", "DEPSector", (method.sector,))
    _list(entry, "DEPCourses", "DEPCourse", (method.course,))
    _list(entry, "DEPLevels", "DEPLevel", levels)
    _list(entry, "DEPYears", "DEPYear", years)
    _list(entry, "DEPSubjects", "DEPSubject", (method.subject,))
    info = _sub(entry, "CurriculumInfo")
    _sub(info, "Sector", method.sector)
    _list(info, "Courses", "Course", (method.course,))
    _list(info, "Levels", "Level", levels)
    _list(info, "Years", "Year", years)
    _list(info, "Subjects", "Subject", (method.subject,))


def _prices(entry: etree._Element, product: Product) -> None:
    block = _sub(entry, "Prices")
    _sub(block, "Currency", "EUR")
    _sub(block, "Consumerprice", str(_consumer_price(product.prices)))
    for amount, vat in product.prices:
        price = _sub(block, "Price")
        _sub(price, "Amount", str(amount))
        _sub(price, "VAT", vat)


def _entry(parent: etree._Element, product: Product, modified: str) -> None:
    method = product.method
    publisher, slug, distributor = PUBLISHERS[method.publisher]
    entry = etree.SubElement(parent, f"{{{ECK_NS}}}Entry", nsmap={None: ECK_NS, "ct": ECK_COMMON_NS})
    _sub(entry, "ProductId", product.ean)
    _sub(entry, "Publisher", publisher)
    _sub(entry, "ProductFamilyName", method.family_name)
    _sub(entry, "Title", product.title)
    _list(entry, "Authors", "Author", (f"Auteursteam {method.name} (voorbeeld)",))
    _sub(entry, "Description", f"{DEMO_PREFIX}{product.description} Geen echt product.")
    _sub(entry, "Environments")
    _sub(entry, "InformationLocation", f"https://{slug}.voorbeeld.example/methoden/{method.slug}")
    _sub(entry, "AccessLocation", product.access_url)
    if product.sub_products:
        parts = _sub(entry, "SubProducts")
        for order, (part_id, part_title) in enumerate(product.sub_products, start=1):
            part = _sub(parts, "SubProduct")
            _sub(part, "ProductId", part_id)
            _sub(part, "Title", part_title)
            _sub(part, "Order", str(order))
    _sub(entry, "AggregationLevel", "Course")
    _sub(entry, "IsSeparatelyAvailable", "true")
    _sub(entry, "FirstPublishedDate", _timestamp(method.first_published))
    _sub(entry, "EndOfLifeDate", _timestamp(product.end_of_life))
    _sub(entry, "Version", "1")
    _sub(entry, "ProductState", "Leverbaar")
    _sub(entry, "IntendedEndUserRole", product.role)
    _sub(entry, "Medium", product.medium)
    _sub(entry, "IsConsumptionProduct", "true" if product.role == "Onderwijsvolger" else "false")
    _curriculum(entry, product)
    _sub(entry, "SaleUnitSize", "1")
    _sub(entry, "Supplier", DISTRIBUTORS[distributor])
    _prices(entry, product)
    _sub(entry, "PriceIsIndicative", "false")
    _sub(entry, "IsLicensed", "true" if product.licensed else "false")
    if product.licensed:
        _sub(entry, "LicenseDuration", "12 maanden")
    _sub(entry, "IsCatalogItem", "true")
    _sub(entry, "LastModifiedDate", _timestamp(modified))


def demo_eck_sru(publisher: int | None = None) -> bytes:
    """The ECK demo catalogue as one SRU 1.2 searchRetrieveResponse (recordSchema ``eckcs2.5.2``): all of it, or
    the feed of one publisher (an index into ``PUBLISHERS``). Records have the same content either way."""
    products = demo_products()
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not security
    days = {p.record_id: f"2024-06-{rng.randrange(1, 29):02d}" for p in products}
    if publisher is not None:
        products = [p for p in products if p.method.publisher == publisher]
    root = etree.Element(f"{{{SRW_NS}}}searchRetrieveResponse", nsmap={"srw": SRW_NS})
    _sub(root, "version", "1.2", SRW_NS)
    _sub(root, "numberOfRecords", str(len(products)), SRW_NS)
    records = _sub(root, "records", ns=SRW_NS)
    for product in products:
        record = _sub(records, "record", ns=SRW_NS)
        _sub(record, "recordSchema", "eckcs2.5.2", SRW_NS)
        _sub(record, "recordPacking", "xml", SRW_NS)
        _sub(record, "recordIdentifier", product.record_id, SRW_NS)
        _entry(_sub(record, "recordData", ns=SRW_NS), product, days[product.record_id])
        _sub(record, "recordPosition", str(product.number), SRW_NS)
    return _document(root)


# --- NL-LOM: open material -----------------------------------------------------------------------------------------

PROVIDERS = (
    ("Open Lesmateriaal Collectief (voorbeeld)", "https://collectief.voorbeeld.example/"),
    ("Stichting Vrije Leerbronnen (voorbeeld)", "https://vrijeleerbronnen.voorbeeld.example/"),
    ("Lerarennetwerk Open Vakdidactiek (voorbeeld)", "https://vakdidactiek.voorbeeld.example/"),
)
LEVEL_TAXONS = {  # key → (OBK/SLO niveau UUID, label)
    "po": ("512e4729-03a4-43a2-95ba-758071d1b725", "Primair onderwijs"),
    "groep 3": ("25a2f4f4-cf91-4b16-94bc-6d9e6fad88f4", "groep 3"),
    "groep 4": ("5c072b3f-7f58-40ee-9799-27981f0a6b2b", "groep 4"),
    "groep 5": ("bc213214-b83d-4673-b9c1-8fdaa63d6d56", "groep 5"),
    "groep 6": ("abfb190f-e814-46f5-a9cc-ebd53f04018e", "groep 6"),
    "groep 7": ("a4813bb6-cf63-4594-af56-6afb321723d8", "groep 7"),
    "groep 8": ("95138558-9f65-4888-8ea3-8acce5eea273", "groep 8"),
    "vo": ("2a1401e9-c223-493b-9b86-78f6993b1a8d", "Voortgezet onderwijs"),
    "vmbo": ("c7942bb1-bf4f-409f-bc98-9a0b02f175dc", "VMBO"),
    "havo": ("a3ddbe60-8478-4204-b769-6f5e9f4cbca2", "HAVO"),
    "vwo": ("ad9872e5-edc4-4a62-9ee7-ba7daceba2e0", "VWO"),
}
DISCIPLINES = {  # key → (OBK discipline UUID, label), from the OBK/VDEX mapping
    "rekenen": ("7afbb7a6-c29b-425c-9c59-6f79c845f5f0", "Rekenen/wiskunde"),
    "wiskunde": ("7afbb7a6-c29b-425c-9c59-6f79c845f5f0", "Wiskunde"),
    "nederlands": ("3401cf6e-82e4-404c-b216-b980ff407159", "Nederlandse taal"),
    "engels": ("18f53978-1118-4051-a778-b8d7f60ca982", "Engels"),
    "wereldorientatie": ("8b194f4d-d757-440d-b8a2-e7427849a6db", "Wereldoriëntatie"),
    "biologie": ("2b363227-8633-4652-ad57-c61f1efc02c8", "Biologie"),
    "natuurkunde": ("e98be5ad-4bd2-4768-a9eb-7e24026e360c", "Natuurkunde"),
    "geschiedenis": ("ef3a0b2e-0843-4e0a-b45b-788be6e1ec8d", "Geschiedenis"),
    "aardrijkskunde": ("c001f86a-4f8f-4420-bd78-381c615ecedc", "Aardrijkskunde"),
    "economie": ("4ba5583f-b147-42cc-a083-ce5ebfd53746", "Economie"),
}
KERNDOELEN = {  # SLO kerndoelen 2006 (data/slo/kerndoelen/kerndoelen.json): prefix → (UUID, label)
    "PO Kerndoel 04": ("396bce44-46c7-4af6-880e-1fc3ace5128a", "Informatie opzoeken"),
    "PO Kerndoel 06": ("998d290b-5882-43e9-bf38-b41992ff2ce7", "Informatie ordenen"),
    "PO Kerndoel 09": ("7893825b-806a-4850-9870-8cb5f94cf5a6", "Plezier in lezen en schrijven"),
    "PO Kerndoel 11": ("7b7a5317-c622-423c-b337-b4c656d8d372", "Principes en regels"),
    "PO Kerndoel 12": ("8990498f-49bb-4e40-8121-0a74b18c7ae7", "Woordenschat"),
    "PO Kerndoel 13": ("f7032363-a75d-4e9e-abc8-6fba2eb976d0", "Informatie verwerken"),
    "PO Kerndoel 14": ("7ec34151-af9f-46b3-ba7f-841672f00705", "Spreken"),
    "PO Kerndoel 15": ("1fa773c2-2e84-41e0-9a45-ab5f6d4af705", "Schrijfwijze van woorden"),
    "PO Kerndoel 17": ("721cb364-8e27-42ed-95b8-31296c4dd425", "Positieve attitude"),
    "PO Kerndoel 23": ("ca8a7c55-b038-4eb7-ab26-e87fa58bced0", "Wiskundetaal gebruiken"),
    "PO Kerndoel 24": ("7efa59c6-b263-42c3-9199-bf818c6a1b4b", "Wiskundige problemen oplossen"),
    "PO Kerndoel 27": ("c2bfba34-1ca1-4560-9131-67cd068f9713", "Basisbewerkingen automatiseren"),
    "PO Kerndoel 28": ("ff515534-6ed1-45cb-9767-ee4a70119b19", "Schattend rekenen"),
    "PO Kerndoel 29": ("1ef4dfbf-1810-4fc5-94ef-d455fdcf3661", "Handig rekenen"),
    "PO Kerndoel 32": ("9ed074c3-29f2-475b-bbe3-aaca1b78077b", "Meetkundige problemen oplossen"),
    "PO Kerndoel 33": ("d4b16fc2-8c8a-46ae-956c-d5cdfc6ff03d", "Eenheden en maten"),
    "PO Kerndoel 39": ("7f6e0edc-e38f-43bb-a7f8-82d0cab137ad", "Milieu"),
    "PO Kerndoel 41": ("1095e038-a147-4b0a-bbfa-a202789744da", "Bouw van organismen"),
    "PO Kerndoel 42": ("c3d8c8c0-0f94-4dec-8ce6-f52fab27158f", "Natuurkundige verschijnselen"),
    "PO Kerndoel 46": ("518b5749-dbe3-4e31-a139-f520752566e4", "Dagritme en seizoenen"),
    "PO Kerndoel 47": ("4fb0176d-c4b4-4455-9cce-d43b6c1a9ac8", "Ruimtelijke inrichting"),
    "PO Kerndoel 48": ("89dafb2b-df9c-4f05-af37-1468f91983d1", "Omgang met water"),
    "PO Kerndoel 50": ("f2bacf1a-e6f9-4556-a1b9-54960a50df4b", "Kaart en atlas"),
    "PO Kerndoel 52": ("e2a2a741-5b36-4aff-8acc-9523fba6af5e", "Tijdvakken"),
    "PO Kerndoel 53": ("c6af9dc7-efee-4cb3-83b2-bf5c54512238", "Personen en gebeurtenissen"),
    "VO Kerndoel 01": ("bd54ffca-45c2-457e-9f48-651e6a121332", "Spreken en schrijven"),
    "VO Kerndoel 02": ("93f8577e-74c9-4357-b02d-75abdb0762ff", "Correct taalgebruik"),
    "VO Kerndoel 04": ("e566f28b-7d92-4f4f-8a8c-0e5c844d3b24", "Lezen en luisteren"),
    "VO Kerndoel 08": ("11365e7f-ce64-4b37-9a0e-a2a16dc6f397", "Fictie en non-fictie"),
    "VO Kerndoel 11": ("c91c3e54-8c68-4613-9254-47371f377729", "Luistervaardigheid"),
    "VO Kerndoel 12": ("25eede46-d8f5-4b1d-b978-d0bd5e1e7b34", "Woordverwerving"),
    "VO Kerndoel 13": ("53593cb1-75c1-43e6-8384-21e959635856", "Lezen en luisteren"),
    "VO Kerndoel 15": ("9005d120-dbcf-4119-b8a7-887d7e5eeff3", "Informele gesprekken"),
    "VO Kerndoel 19": ("e7493653-7879-4239-96bf-61d286419cd0", "Wiskundetaal ontwikkelen"),
    "VO Kerndoel 20": ("148c452a-7914-46d5-9707-2e03408b21a4", "Wiskunde gebruiken in praktische situaties"),
    "VO Kerndoel 23": ("67576835-17d8-4f43-a636-829d3e0d7671", "Exact en schattend rekenen"),
    "VO Kerndoel 26": ("1e3af19f-b357-4bb4-b495-93357397e8c2", "Werken met en redeneren over vormen"),
    "VO Kerndoel 27": ("f515e0a8-27ff-413c-adfb-b9c63de2bd39", "Ordenen van gegevens"),
    "VO Kerndoel 30": ("814fa096-dae0-4590-9f2c-81476ec39f08", "Het milieu"),
    "VO Kerndoel 31": ("cc7113ed-5284-4a62-85a2-e312de34eac9", "Processen in de natuur"),
    "VO Kerndoel 32": ("21096fba-b47f-414b-a250-ed7ee45093cd", "Theorieën en modellen"),
    "VO Kerndoel 33": ("da377c1d-2c4d-4f42-b901-dc9e496dbb4d", "Techniek"),
    "VO Kerndoel 34": ("561d6f8d-5b09-4c75-903c-898616ac9428", "Lichaam en gezondheid"),
    "VO Kerndoel 36": ("558eddfb-ea01-4241-a1b4-7474053f4cf4", "Meningvorming"),
    "VO Kerndoel 37": ("86568021-9ee9-4a2d-beb1-9199ca5d2fca", "Historische basiskennis"),
    "VO Kerndoel 38": ("a8dda688-7a0d-47fb-97f0-0a7c907270c0", "Geografische basiskennis"),
    "VO Kerndoel 40": ("64bd24e0-c49b-45af-90cc-e989759dd94d", "Omgaan met historische bronnen"),
    "VO Kerndoel 41": ("099b0ca4-9564-41f9-8859-973fd65df18e", "Omgaan met atlas en kaarten"),
    "VO Kerndoel 42": ("78c38b49-0bfe-431a-87bf-eac142147d46", "Inzicht in de eigen omgeving"),
    "VO Kerndoel 46": ("f8329751-78d9-4d89-846e-8496d2581f5b", "Arm en rijk"),
}
PO_GROUPS = (("groep 3", "groep 4"), ("groep 5", "groep 6"), ("groep 7", "groep 8"))
VO_LEVELS = (("vmbo",), ("havo", "vwo"), ("vmbo", "havo", "vwo"))
OPEN_TOPICS = (  # (context, discipline, level options, kerndoel numbers, titles)
    ("PO", "rekenen", PO_GROUPS, (23, 24, 27, 29, 32, 33), ("Breuken op de getallenlijn", "Tafels oefenen op ritme",
     "Meten met de meetlat", "Schattend rekenen in de supermarkt", "Klokkijken tot op de minuut")),
    ("PO", "nederlands", PO_GROUPS, (4, 6, 9, 11, 12), ("Woorden rond het weer", "Een leesdagboek bijhouden",
     "Werkwoordspelling in stappen", "Informatie zoeken in een jeugdencyclopedie", "Zinsdelen herkennen")),
    ("PO", "engels", PO_GROUPS[1:], (13, 14, 15, 17), ("Colours and shapes", "At the bakery: a role play",
     "My family tree", "Weather words")),
    ("PO", "wereldorientatie", PO_GROUPS[1:], (47, 48, 50), ("Kaartlezen in je eigen wijk",
     "Nederland en het water", "Werken met de atlas", "Waar komt ons eten vandaan?")),
    ("PO", "wereldorientatie", PO_GROUPS[1:], (52, 53), ("De tijd van jagers en boeren",
     "Leven in een middeleeuwse stad", "De Gouden Eeuw in tien voorwerpen", "Een tijdlijn van je eigen familie")),
    ("PO", "wereldorientatie", PO_GROUPS, (39, 41, 42, 46), ("Bouw een eenvoudige stroomkring",
     "Seizoenen en de stand van de aarde", "Van zaadje tot plant", "Afval scheiden in de klas")),
    ("VO", "wiskunde", VO_LEVELS, (19, 20, 23, 26, 27), ("Verbanden in grafieken", "Procenten in het dagelijks leven",
     "Oppervlakte en inhoud van ruimtefiguren", "Statistiek met je eigen klas", "De stelling van Pythagoras")),
    ("VO", "nederlands", VO_LEVELS, (1, 2, 4, 8), ("Een betoog opbouwen", "Leesstrategieën bij zakelijke teksten",
     "Werkwoordspelling herhalen", "Een boekbespreking schrijven", "Presenteren met een pitch")),
    ("VO", "engels", VO_LEVELS, (11, 12, 13, 15), ("Listening to podcasts", "Vocabulary: travel and holidays",
     "Reading short news articles", "Small talk in English")),
    ("VO", "biologie", VO_LEVELS, (30, 31, 34), ("De cel onder de microscoop", "Voedselketens in de sloot",
     "Het menselijk hart", "Fotosynthese in een proefje")),
    ("VO", "natuurkunde", VO_LEVELS[1:], (31, 32, 33), ("Snelheid meten met je telefoon", "Licht en lenzen",
     "Elektrische schakelingen", "Krachten en hefbomen")),
    ("VO", "geschiedenis", VO_LEVELS, (37, 40), ("De tien tijdvakken in beeld", "Werken met historische bronnen",
     "De Industriële Revolutie", "Nederland in de Tweede Wereldoorlog")),
    ("VO", "aardrijkskunde", VO_LEVELS, (38, 41, 42), ("Klimaatzones van de aarde", "Kaartvaardigheden",
     "Verstedelijking in Nederland", "Rivieren en delta's")),
    ("VO", "economie", VO_LEVELS[1:], (36, 46), ("Je eigen budget maken", "Vraag en aanbod op de markt",
     "Arm en rijk in de wereld", "Sparen, lenen en rente")),
)  # fmt: skip
OPEN_LICENCES = ("cc-by-40", "cc-by-sa-40", "cc-by-nc-sa-40", "cc-by-nc-40")
LOM_SOURCE_URI = "LOMv1.0"
RESOURCE_TYPE_SOURCE = "http://purl.edustandaard.nl/vdex_learningresourcetype_czp_20060628.xml"
CONTEXT_SOURCE = "http://purl.edustandaard.nl/vdex_context_czp_20060628.xml"
RIGHTS_SOURCE = "http://purl.edustandaard.nl/copyrightsandotherrestrictions_nllom_20131202"
OBK_SOURCE = "http://purl.edustandaard.nl/begrippenkader"


@dataclass(frozen=True, slots=True)
class OpenResource:
    number: int
    context: str
    title: str
    discipline: str
    levels: tuple[str, ...]
    kerndoelen: tuple[str, ...]
    resource_type: str
    licence: str
    provider: int
    published: str

    @property
    def identifier(self) -> str:
        return f"oai:voorbeeld.example:open-{self.number:03d}"

    @property
    def url(self) -> str:
        return f"https://lesmateriaal.voorbeeld.example/open/{self.number:03d}"


def _resource_type(number: int) -> str:
    if number % 10 == 0:
        return "evaluatie- en toetsmateriaal"
    if number % 20 == 7:
        return "gereedschap"
    return ("informatiebron", "open opdracht", "gesloten opdracht")[number % 3]


def demo_open_resources() -> list[OpenResource]:
    """The NL-LOM demo records in order."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    resources: list[OpenResource] = []
    for context, discipline, level_options, goals, titles in OPEN_TOPICS:
        for title in titles:
            number = len(resources) + 1
            levels = (context.lower(), *rng.choice(level_options))
            picked = sorted(rng.sample(goals, k=min(2, len(goals))))
            kerndoelen = tuple(f"{context} Kerndoel {goal:02d}" for goal in picked)
            resources.append(
                OpenResource(
                    number,
                    context,
                    f"{title} (voorbeeld)",
                    discipline,
                    levels,
                    kerndoelen,
                    _resource_type(number),
                    rng.choice(OPEN_LICENCES),
                    rng.randrange(len(PROVIDERS)),
                    f"20{rng.randrange(19, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                )
            )
    return resources


def _lom(parent: etree._Element, tag: str) -> etree._Element:
    return _sub(parent, tag, ns=LOM_NS)


def _langstring(parent: etree._Element, tag: str, text: str, lang: str = "nl") -> etree._Element:
    node = _lom(parent, tag)
    string = _sub(node, "langstring", text, LOM_NS)
    string.set(XML_LANG, lang)
    return node


def _vocab(parent: etree._Element, tag: str, source: str, value: str) -> None:
    node = _lom(parent, tag)
    _langstring(node, "source", source, "x-none")
    _langstring(node, "value", value, "x-none")


def _vcard(name: str, url: str) -> str:
    return f"BEGIN:VCARD\nVERSION:3.0\nN:{name}\nFN:{name}\nORG:{name}\nURL:{url}\nEND:VCARD"


def _contribute(lifecycle: etree._Element, role: str, name: str, url: str, date: str) -> None:
    contribute = _lom(lifecycle, "contribute")
    _vocab(contribute, "role", LOM_SOURCE_URI, role)
    _sub(_lom(contribute, "centity"), "vcard", _vcard(name, url), LOM_NS)
    _sub(_lom(contribute, "date"), "datetime", date, LOM_NS)


def _classification(lom: etree._Element, purpose: str, taxons: list[tuple[str, str]]) -> None:
    classification = _lom(lom, "classification")
    _vocab(classification, "purpose", LOM_SOURCE_URI, purpose)
    path = _lom(classification, "taxonpath")
    _langstring(path, "source", OBK_SOURCE, "x-none")
    for taxon_id, label in taxons:
        taxon = _lom(path, "taxon")
        _sub(taxon, "id", taxon_id, LOM_NS)
        _langstring(taxon, "entry", label)


def _lom_general(lom: etree._Element, resource: OpenResource) -> None:
    general = _lom(lom, "general")
    _langstring(general, "title", resource.title)
    entry = _lom(general, "catalogentry")
    _sub(entry, "catalog", "uri", LOM_NS)
    _langstring(entry, "entry", resource.url, "x-none")
    _sub(general, "language", "nl", LOM_NS)
    subject = DISCIPLINES[resource.discipline][1]
    _langstring(
        general,
        "description",
        f"{DEMO_PREFIX}open lesmateriaal over '{resource.title.removesuffix(' (voorbeeld)')}' ({subject}), "
        f"bedoeld om Wijzer te demonstreren. Geen echt lesmateriaal.",
    )
    _langstring(general, "keyword", "voorbeeld")
    _langstring(general, "keyword", subject.lower())
    _vocab(general, "aggregationlevel", LOM_SOURCE_URI, "2")


def _lom_record(parent: etree._Element, resource: OpenResource) -> None:
    record = _sub(parent, "record", ns=OAI_NS)
    header = _sub(record, "header", ns=OAI_NS)
    _sub(header, "identifier", resource.identifier, OAI_NS)
    _sub(header, "datestamp", "2024-09-01T08:00:00Z", OAI_NS)
    _sub(header, "setSpec", "voorbeeld", OAI_NS)
    lom = etree.SubElement(_sub(record, "metadata", ns=OAI_NS), f"{{{LOM_NS}}}lom", nsmap={None: LOM_NS})
    _lom_general(lom, resource)
    lifecycle = _lom(lom, "lifecycle")
    provider, url = PROVIDERS[resource.provider]
    _contribute(
        lifecycle, "author", f"Werkgroep {DISCIPLINES[resource.discipline][1]} (voorbeeld)", url, resource.published
    )
    _contribute(lifecycle, "publisher", provider, url, resource.published)
    metametadata = _lom(lom, "metametadata")
    for scheme in ("LOMv1.0", "nl_lom_v1p0"):
        _sub(metametadata, "metadatascheme", scheme, LOM_NS)
    technical = _lom(lom, "technical")
    _sub(technical, "format", "text/html", LOM_NS)
    _sub(technical, "location", resource.url, LOM_NS)
    educational = _lom(lom, "educational")
    _vocab(educational, "learningresourcetype", RESOURCE_TYPE_SOURCE, resource.resource_type)
    _vocab(educational, "intendedenduserrole", LOM_SOURCE_URI, "learner")
    _vocab(educational, "context", CONTEXT_SOURCE, resource.context)
    rights = _lom(lom, "rights")
    _vocab(rights, "cost", LOM_SOURCE_URI, "no")
    _vocab(rights, "copyrightandotherrestrictions", RIGHTS_SOURCE, resource.licence)
    _classification(lom, "discipline", [DISCIPLINES[resource.discipline]])
    _classification(lom, "educational level", [LEVEL_TAXONS[level] for level in resource.levels])
    _classification(
        lom, "educational objective", [(KERNDOELEN[k][0], f"{k}: {KERNDOELEN[k][1]}") for k in resource.kerndoelen]
    )


def demo_nllom_oai() -> bytes:
    """The open demo material as one OAI-PMH 2.0 ListRecords response (metadataPrefix ``lom``)."""
    resources = demo_open_resources()
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS})
    _sub(root, "responseDate", "2024-09-01T08:00:00Z", OAI_NS)
    request = _sub(root, "request", "https://oai.voorbeeld.example/provider", OAI_NS)
    request.set("verb", "ListRecords")
    request.set("metadataPrefix", "lom")
    listing = _sub(root, "ListRecords", ns=OAI_NS)
    for resource in resources:
        _lom_record(listing, resource)
    token = _sub(listing, "resumptionToken", ns=OAI_NS)
    token.set("completeListSize", str(len(resources)))
    token.set("cursor", "0")
    return _document(root)


def _publisher_feed(index: int) -> Callable[[], bytes]:
    return lambda: demo_eck_sru(index)


DEMO_GENERATORS: dict[str, Callable[[], bytes]] = {
    **{name: _publisher_feed(index) for name, _label, index in ECK_SOURCES},
    LOM_SOURCE: demo_nllom_oai,
}
DEMO_OWNERS: dict[str, str] = {name: PUBLISHERS[index][0] for name, _label, index in ECK_SOURCES}
"""The publisher each demo source is registered to (the open source is the platform's)."""
"""The payload generator per demo source name."""


def iter_demo_payloads() -> Iterator[tuple[str, str, bytes]]:
    """(source name, label, file bytes) for every demo source."""
    for name, label in DEMO_SOURCES:
        yield name, label, DEMO_GENERATORS[name]()
