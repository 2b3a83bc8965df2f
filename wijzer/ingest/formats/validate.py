"""Pure validation of a ``ParsedRecord``: returns ``Problem``s, never raises, never changes the record.

Rules (code → severity):

- ``required.<field>`` (error): per-format required fields (``REQUIRED_FIELDS``); deleted records are exempt.
- ``product_id.checksum`` (error): a 13-digit product id (EAN-13 / ISBN-13) with a wrong check digit;
  ``product_id.format`` (warning) for a product id that is not 13 digits where the format expects an EAN.
- ``price.negative`` (error), ``price.zero_paid`` (error: € 0 for a paid product that is still deliverable),
  ``price.absurd`` (warning: more than € 1.000 per unit).
- ``vat.invalid`` (error: not 0, 9 or 21 %), ``vat.historic`` (warning: the old 6 % rate).
- ``dates.order`` (error): end of life before first published.
- ``licence.expired`` (warning): the product is "Leverbaar" while its licence end date lies in the past.
- ``url.invalid`` (error): a URL field that is not a well-formed http(s) URL.
- ``vocab.unknown`` (warning, only when a ``VocabularyMapper`` is passed): a level/subject/year that cannot
  be mapped to OBK/SLO; the record is kept.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from wijzer.ingest.formats.records import ParsedRecord, Price, Problem
from wijzer.ingest.formats.values import is_http_url
from wijzer.ingest.formats.vocab.mapper import VocabularyMapper

DUTCH_VAT_RATES = frozenset({Decimal(0), Decimal(9), Decimal(21)})
HISTORIC_VAT_RATES = frozenset({Decimal(6)})
ABSURD_PRICE_CENTS = 100_000
NOT_DELIVERABLE_STATES = frozenset({"niet meer leverbaar", "zal niet verschijnen"})
EAN_FORMATS = frozenset({"eck_catalog", "csv", "eduv_json"})
URL_FIELDS = ("uri", "access_url", "information_url", "content_url", "thumbnail_url")

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "eck_catalog": ("record_id", "product_id", "title", "publisher"),
    "nl_lom": ("record_id", "title", "uri"),
    "eduv_json": ("product_id", "title", "publisher"),
    "csv": ("product_id", "title"),
}
FIELD_LABELS_NL = {
    "record_id": "recordidentificatie",
    "product_id": "productcode (EAN/ISBN)",
    "title": "titel",
    "publisher": "uitgever",
    "uri": "vindplaats (URL)",
}


def ean13_is_valid(code: str) -> bool:
    """True for 13 digits with a correct GS1 check digit (EAN-13, and ISBN-13 which is an EAN-13)."""
    if len(code) != 13 or not code.isascii() or not code.isdigit():
        return False
    digits = code.encode("ascii")  # byte values: a digit d is 48 + d, summed in C
    total = sum(digits[0:12:2]) + 3 * sum(digits[1:12:2]) - 24 * 48  # 6 + 3 x 6 digits, each 48 too high
    return (10 - total % 10) % 10 == digits[12] - 48


def check_required(record: ParsedRecord) -> list[Problem]:
    problems = []
    for name in REQUIRED_FIELDS.get(record.format_id, ("title",)):
        if not getattr(record, name):
            label = FIELD_LABELS_NL.get(name, name)
            problems.append(Problem.error(f"required.{name}", name, f"Het verplichte veld {label} ontbreekt."))
    return problems


def _is_uuid(code: str) -> bool:
    try:
        uuid.UUID(code)
    except ValueError:
        return False
    return True


def check_product_id(record: ParsedRecord) -> list[Problem]:
    code = (record.product_id or "").replace("-", "")
    if not code:
        return []
    if record.format_id == "eduv_json" and _is_uuid(record.product_id or ""):
        return []  # the Edu-V spec allows a UUID productId (products that are not sold with an EAN)
    if code.isdigit() and len(code) == 13:
        if ean13_is_valid(code):
            return []
        return [
            Problem.error(
                "product_id.checksum",
                "product_id",
                f"De EAN/ISBN '{code}' heeft een onjuist controlecijfer; controleer de code.",
            )
        ]
    if record.format_id in EAN_FORMATS:
        return [
            Problem.warning(
                "product_id.format",
                "product_id",
                f"De productcode '{code[:40]}' is geen EAN-13/ISBN-13 (13 cijfers).",
            )
        ]
    return []


def _is_paid(record: ParsedRecord) -> bool:
    if record.is_paid is not None:
        return record.is_paid
    return record.licence == "copyright"


def _euros(cents: int) -> str:
    return f"€ {Decimal(cents) / 100:.2f}".replace(".", ",")


def _check_price(price: Price, paid_and_deliverable: bool) -> list[Problem]:
    if price.amount_cents < 0:
        return [Problem.error("price.negative", "prices", f"De prijs {_euros(price.amount_cents)} is negatief.")]
    if price.amount_cents == 0 and paid_and_deliverable:
        return [
            Problem.error(
                "price.zero_paid",
                "prices",
                "De prijs is € 0,00 terwijl het een betaald product is; vul de echte prijs in.",
            )
        ]
    if price.amount_cents > ABSURD_PRICE_CENTS:
        return [
            Problem.warning(
                "price.absurd",
                "prices",
                f"De prijs {_euros(price.amount_cents)} per eenheid is ongebruikelijk hoog; controleer het bedrag.",
            )
        ]
    return []


def _check_vat(price: Price) -> list[Problem]:
    rate = price.vat_percent
    if rate in DUTCH_VAT_RATES:
        return []
    shown = f"{rate.normalize():f}".replace(".", ",")
    if rate in HISTORIC_VAT_RATES:
        return [
            Problem.warning("vat.historic", "prices", f"Btw {shown}% is het oude lage tarief; sinds 2019 is dat 9%.")
        ]
    return [Problem.error("vat.invalid", "prices", f"Btw {shown}% is geen Nederlands tarief (0, 9 of 21%).")]


def check_prices(record: ParsedRecord) -> list[Problem]:
    deliverable = record.product_state.strip().lower() not in NOT_DELIVERABLE_STATES
    paid_and_deliverable = _is_paid(record) and deliverable
    # An Edu-V combi product (book + licence) has one price excl. and incl. VAT: the rate derived from the two is
    # a mix of 9 and 21 %. The parser says so (price.vat_mixed); that is not a wrong rate.
    mixed = record.format_id == "eduv_json" and any(p.code == "price.vat_mixed" for p in record.problems)
    problems: list[Problem] = []
    for price in record.prices:
        problems += _check_price(price, paid_and_deliverable)
        if not mixed:
            problems += _check_vat(price)
    return problems


def check_dates(record: ParsedRecord) -> list[Problem]:
    if record.first_published and record.end_of_life and record.end_of_life < record.first_published:
        return [
            Problem.error(
                "dates.order",
                "end_of_life",
                f"De einddatum ({record.end_of_life:%d-%m-%Y}) ligt vóór de datum van eerste verschijning "
                f"({record.first_published:%d-%m-%Y}).",
            )
        ]
    return []


def check_licence_end(record: ParsedRecord, today: datetime.date) -> list[Problem]:
    state = record.product_state.strip().lower()
    if record.licence_end_date and record.licence_end_date < today and state == "leverbaar":
        return [
            Problem.warning(
                "licence.expired",
                "licence_end_date",
                f"Het product heet leverbaar, maar de licentie liep af op {record.licence_end_date:%d-%m-%Y}: "
                "controleer LicenseEndDate of ProductState.",
            )
        ]
    return []


def check_urls(record: ParsedRecord) -> list[Problem]:
    problems = []
    for name in URL_FIELDS:
        value = getattr(record, name)
        if value and not is_http_url(value):
            problems.append(
                Problem.error(
                    "url.invalid",
                    name,
                    f"'{value[:80]}' is geen geldige webadres; verwacht een volledige URL die begint met https://.",
                )
            )
    return problems


def validate(
    record: ParsedRecord, mapper: VocabularyMapper | None = None, *, today: datetime.date | None = None
) -> tuple[Problem, ...]:
    """All problems of ``record`` (parser problems excluded; combine with ``record.problems`` yourself).
    ``today`` (default: the local date) is the clock for date rules."""
    if record.deleted:
        return ()
    problems = [
        *check_required(record),
        *check_product_id(record),
        *check_prices(record),
        *check_dates(record),
        *check_licence_end(record, today or datetime.date.today()),  # noqa: DTZ011  # a calendar date is meant
        *check_urls(record),
    ]
    if mapper is not None:
        problems += mapper.map_record(record).problems
    return tuple(problems)


def validated(record: ParsedRecord, mapper: VocabularyMapper | None = None) -> ParsedRecord:
    """``record`` with the validation problems appended."""
    return record.with_problems(validate(record, mapper))
