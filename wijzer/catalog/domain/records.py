"""The normalised result of parsing one catalogue record, whatever its source format.

Everything here is immutable (frozen dataclasses with tuples) and free of Django, so adapters, validation and
tests can share it. Money is integer cents; VAT is a ``Decimal`` percentage; dates are ``datetime.date``
(the date part as delivered, without timezone conversion).

Texts addressed to users (``Problem.message_nl``) are Dutch; code and field names are English.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias


class Severity(StrEnum):
    """How bad a problem is: an ``error`` blocks publication of the record, a ``warning`` does not."""

    ERROR = "error"
    WARNING = "warning"


class Medium(StrEnum):
    """The kind of product, derived per format (see ``medium.py`` for the documented mapping).

    - ``digital_licence``: a digital product used through a licence (web app, platform, e-book).
    - ``folio``: a printed schoolbook or workbook ("Boek" in ECK).
    - ``lifo_bundle``: a printed book sold together with a digital licence ("inclusief licentie").
    - ``print``: other printed matter (posters, cards, copy masters).
    - ``open_resource``: openly available material (NL-LOM / Edurep), usually with a CC licence.
    - ``tool``: software or an instrument without content of its own (gereedschap).
    - ``test``: assessment material (toetsen, evaluatie- en toetsmateriaal).
    - ``other``: everything else, including carriers such as CD-ROM and DVD.
    """

    DIGITAL_LICENCE = "digital_licence"
    FOLIO = "folio"
    LIFO_BUNDLE = "lifo_bundle"
    PRINT = "print"
    OPEN_RESOURCE = "open_resource"
    TOOL = "tool"
    TEST = "test"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a record or file.

    ``code`` is a stable dotted machine code (``"price.negative"``), ``field`` the ``ParsedRecord`` field
    concerned (or ``""`` for the whole record/file), ``message_nl`` the Dutch explanation shown to suppliers.
    """

    code: str
    severity: Severity
    field: str
    message_nl: str

    @classmethod
    def error(cls, code: str, field_name: str, message_nl: str) -> Problem:
        return cls(code, Severity.ERROR, field_name, message_nl)

    @classmethod
    def warning(cls, code: str, field_name: str, message_nl: str) -> Problem:
        return cls(code, Severity.WARNING, field_name, message_nl)


@dataclass(frozen=True, slots=True)
class Price:
    """One price line.

    ``amount_cents`` is excluding VAT, in the smallest unit of ``currency`` (ECK ``Price/Amount``).
    ``vat_percent`` is the VAT rate as delivered (``Decimal("9.0")``). ``unit`` describes what the amount
    buys, as delivered ("per leerling", "per stuk", "hoog tarief"); empty when the source does not say.
    ``valid_from``: the first day the price applies (Edu-V ``validFrom``; a feed may list past, current and
    next year's prices). ``kind``: Edu-V ``priceType`` (``"standard"``, ``"tier"``, ``"schoolSize"``), empty
    for other formats; ``min_quantity``: for a tier or school-size price, the number of copies or pupils
    from which it applies.
    """

    amount_cents: int
    vat_percent: Decimal
    currency: str = "EUR"
    unit: str = ""
    valid_from: datetime.date | None = None
    kind: str = ""
    min_quantity: int | None = None


@dataclass(frozen=True, slots=True)
class SubProduct:
    """A part of a product (ECK ``SubProducts``): its product id, title (may be empty) and 1-based order."""

    product_id: str
    title: str = ""
    ordering: int = 0


@dataclass(frozen=True, slots=True)
class AccessUrl:
    """A specific access link (Edu-V ``specificAccessUrls``): ``url`` and its ``kind`` as delivered
    (``"OIDC"``, ``"BP"``, ``"ENTREE"``)."""

    url: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Environment:
    """One technical requirement from ECK ``Environments`` as delivered: ``kind`` is the element name
    (``"Platform"``, ``"Device"``, ``"Browser"``, …) and ``value`` its text (``"iOS"``, ``"pc ready"``)."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Taxon:
    """One classification taxon as delivered (NL-LOM ``classification/taxonpath/taxon``).

    ``purpose`` is the classification purpose (``"discipline"``, ``"educational level"``,
    ``"educational objective"``, …), ``source`` the taxonpath source URI, ``taxon_id`` the taxon id (an OBK
    UUID for modern records, a legacy VDEX id such as ``"vmbo_kl2"`` for old ones) and ``label`` its entry.
    ``obk_uuid`` is set when ``taxon_id`` is (or contains) an OBK/SLO UUID.
    """

    purpose: str
    source: str
    taxon_id: str
    label: str = ""
    obk_uuid: str | None = None


@dataclass(frozen=True, slots=True)
class Curriculum:
    """Curriculum strings exactly as delivered (trimmed), not yet mapped to OBK/SLO.

    For ECK these are the ``DEP*`` / ``CurriculumInfo`` values ("VO", "HAVO", "jaar 4", "NATUURKUNDE");
    for NL-LOM the ``educational/context`` values (sectors) and taxon labels (levels, subjects).
    """

    sectors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    courses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """One normalised catalogue record.

    Identification
      ``format_id``: identifier of the adapter that produced it (``"eck_catalog"``).
      ``format_version``: schema version or binding (``"2.5.2"``, ``"imsmd_v1p2"``, ``"ieee_lom"``).
      ``record_id``: the source's record identifier (SRU ``recordIdentifier``, OAI header identifier, ECK
      ``RecordId``, or the product id when nothing better exists).
      ``product_id``: EAN/ISBN-13 or the supplier's own product id. ``uri``: the resource URL (open material).
      ``deleted``: the source reports this record as deleted (OAI-PMH ``status="deleted"``); then most
      other fields are empty. Also set for an Edu-V product whose ``status`` says it is withdrawn
      (``will-never-be-available``, ``not-available-or-usable``); its other fields are then kept.

    Description
      ``title``, ``description``, ``family_name`` (method / ``ProductFamilyName``), ``sub_products``,
      ``authors``, ``publisher``, ``supplier``, ``keywords``, ``language`` (ISO 639-1 as delivered).

    Kind
      ``medium`` (derived, see ``Medium``) and ``medium_raw`` (the source value it was derived from).

    Curriculum
      ``curriculum``: raw strings. ``taxons``: NL-LOM taxons as delivered. ``obk_level_ids``,
      ``obk_discipline_ids``, ``obk_objective_ids``: OBK/SLO UUIDs found in the record (taxon ids,
      ``http://purl.edustandaard.nl/begrippenkader/<uuid>`` or ``bk:<uuid>``), without duplicates.

    Commerce
      ``licence``: normalised code (``"cc-by-sa-4.0"``, ``"cc0-1.0"``, ``"copyright"``, ``"no-restrictions"``,
      ``"other"``; see ``licence.py``) or ``None`` when unknown; ``licence_raw`` the delivered value.
      ``is_paid``: the product costs money (ECK: a non-zero price or licensed product; NL-LOM ``cost``).
      ``prices``, ``consumer_price_cents`` (incl. VAT, ECK ``Consumerprice``), ``price_is_indicative``,
      ``licence_options`` (``LicenseAvailabilityOptions`` / ``AdditionalLicenseOptions``),
      ``licence_duration`` (as delivered), ``sale_unit_size``, ``product_state`` ("Leverbaar", …),
      ``end_user_roles`` ("Onderwijsvolger", "learner", …).
      ``additional_licence_options``: ECK ``AdditionalLicenseOptions`` alone ("Inkijkexemplaar",
      "Demo-exemplaar", "Proefexemplaar"; also merged into ``licence_options``).
      ``licence_start_date`` / ``licence_end_date``: ECK ``LicenseStartDate`` / ``LicenseEndDate``.
      ``activation_before_days`` / ``activation_before_date``: ECK ``ActivationBefore`` (a licence must be
      activated within so many days of purchase, or before that date).
      ``followup_product_ids``: ECK ``FollowupProduct`` (the product that replaces this one), as delivered.
      ``environments``: ECK ``Environments`` (platforms, devices, … the product needs).

    Dates
      ``first_published``, ``end_of_life``, ``last_revision``, ``last_modified``.

    Locations
      ``access_url`` (where a licensed user starts), ``information_url`` (product page),
      ``content_url`` (the content itself), ``thumbnail_url``.
      ``trial_url``: a trial or preview link (Edu-V ``trialAccessUrl``); ``specific_access_urls``: access
      links per login route (Edu-V ``specificAccessUrls``).

    Edu-V Catalogue API extras
      ``short_description`` (``shortDescription``, at most 80 characters; ``description`` holds the long one
      when both are delivered), ``edition``, ``for_sale`` (``forSale``: false for demo products and for
      parts only sold in a set), ``consumable`` (``isConsumptionProduct``), ``related_product_ids``
      (``relatedProducts``), ``supported_until`` (``supportedUntilDate``: last day it can be ordered).

    Provenance
      ``raw``: the record's exact bytes as serialised from the source (XML element or JSON object, UTF-8).
      ``problems``: what the parser noticed; ``validate.py`` adds more.
    """

    format_id: str
    format_version: str = ""
    record_id: str | None = None
    product_id: str | None = None
    uri: str | None = None
    deleted: bool = False
    title: str = ""
    description: str = ""
    family_name: str = ""
    sub_products: tuple[SubProduct, ...] = ()
    authors: tuple[str, ...] = ()
    publisher: str = ""
    supplier: str = ""
    keywords: tuple[str, ...] = ()
    language: str = ""
    medium: Medium = Medium.OTHER
    medium_raw: str = ""
    curriculum: Curriculum = field(default_factory=Curriculum)
    taxons: tuple[Taxon, ...] = ()
    obk_level_ids: tuple[str, ...] = ()
    obk_discipline_ids: tuple[str, ...] = ()
    obk_objective_ids: tuple[str, ...] = ()
    licence: str | None = None
    licence_raw: str = ""
    is_paid: bool | None = None
    prices: tuple[Price, ...] = ()
    consumer_price_cents: int | None = None
    price_is_indicative: bool | None = None
    licence_options: tuple[str, ...] = ()
    licence_duration: str = ""
    sale_unit_size: int | None = None
    product_state: str = ""
    end_user_roles: tuple[str, ...] = ()
    additional_licence_options: tuple[str, ...] = ()
    licence_start_date: datetime.date | None = None
    licence_end_date: datetime.date | None = None
    activation_before_days: int | None = None
    activation_before_date: datetime.date | None = None
    followup_product_ids: tuple[str, ...] = ()
    environments: tuple[Environment, ...] = ()
    first_published: datetime.date | None = None
    end_of_life: datetime.date | None = None
    last_revision: datetime.date | None = None
    last_modified: datetime.date | None = None
    access_url: str | None = None
    information_url: str | None = None
    content_url: str | None = None
    thumbnail_url: str | None = None
    short_description: str = ""
    edition: str = ""
    for_sale: bool | None = None
    consumable: bool | None = None
    trial_url: str | None = None
    specific_access_urls: tuple[AccessUrl, ...] = ()
    related_product_ids: tuple[str, ...] = ()
    supported_until: datetime.date | None = None
    raw: bytes = b""
    problems: tuple[Problem, ...] = ()

    def with_problems(self, extra: tuple[Problem, ...]) -> ParsedRecord:
        """A copy with ``extra`` problems appended (records are immutable)."""
        return dataclasses.replace(self, problems=self.problems + extra)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True, slots=True)
class RecordFailure:
    """A record (or, with ``record_id=None`` and ``file_level=True``, a whole file) that could not be parsed.

    ``raw`` holds whatever bytes of the record could be recovered (may be empty). ``problems`` has at least
    one error with a Dutch message. ``position`` is the 1-based index of the record in the file, if known.
    """

    record_id: str | None
    raw: bytes
    problems: tuple[Problem, ...]
    position: int | None = None
    file_level: bool = False


ParseResult: TypeAlias = ParsedRecord | RecordFailure
