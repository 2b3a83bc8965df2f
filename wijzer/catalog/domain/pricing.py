"""Price per pupil per year (W4), computed from the price lines, their unit text and the licence terms.

Pure and explainable: `per_pupil_per_year` returns the amounts and the steps in Dutch, so the product page can
show how a figure came about. Rules, in order:

1. Who the price is for: the unit of a price line ("per leerling", "per docent", "per school", "per stuk"),
   else the title and description ("leerlinglicentie", "per docent per jaar", "schoollicentie"), else the
   intended user (ECK ``Onderwijsvolger`` / NL-LOM ``learner`` = a pupil). Only pupil prices get a per-pupil
   figure; a teacher or school licence is shown as such.
2. For how long: the licence duration ("12 maanden", "2 jaar", "schooljaar"), else the texts ("1 jaar",
   "per jaar", "één schooljaar"); a consumable workbook (folio, "verbruiksmateriaal") is one per pupil per
   school year. Without a period there is no per-year figure (the reason is given).
3. VAT per line (digital 21 %, print 9 %), rounded half up to whole cents. A LiFo bundle's lines are split into
   the licence part (the 21 % lines) and the folio part (the 9 % lines).
4. Free open material (not paid, no price lines) is € 0.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from .search.analyser import fold

HIGH_VAT = Decimal(21)


@dataclass(frozen=True, slots=True)
class PriceLine:
    amount_cents: int  # excluding VAT
    vat_percent: Decimal
    unit: str = ""

    @property
    def incl_vat_cents(self) -> int:
        return incl_vat(self.amount_cents, self.vat_percent)


@dataclass(frozen=True, slots=True)
class PriceTerms:
    lines: tuple[PriceLine, ...]
    product_type: str  # ProductType value
    title: str = ""
    description: str = ""
    licence_duration: str = ""
    end_user_roles: tuple[str, ...] = ()
    is_paid: bool | None = None


@dataclass(frozen=True, slots=True)
class Part:
    label: str
    excl_cents: int
    incl_cents: int


@dataclass(frozen=True, slots=True)
class PerPupilPrice:
    """The outcome: amounts are per pupil per year, or None with `reason` when they cannot be derived."""

    excl_cents: int | None
    incl_cents: int | None
    basis: str  # "leerling", "docent", "school", "stuk" or "" (unknown)
    years: Decimal | None
    parts: tuple[Part, ...] = ()
    steps: tuple[str, ...] = field(default=())
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.incl_cents is not None


def incl_vat(amount_cents: int, vat_percent: Decimal) -> int:
    value = Decimal(amount_cents) * (100 + vat_percent) / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


BASIS_PATTERNS = (
    ("leerling", re.compile(r"per leerling|leerlinglicentie|per gebruiker|per student|per kind")),
    ("docent", re.compile(r"per docent|docentlicentie|per leraar|per leerkracht")),
    ("school", re.compile(r"per school|schoollicentie|per vestiging|per locatie")),
    ("stuk", re.compile(r"per stuk|per exemplaar")),
)
PUPIL_ROLES = frozenset({"onderwijsvolger", "learner", "leerling"})
MONTHS = re.compile(r"(\d+)\s*(maand|maanden|mnd)\b")
YEARS = re.compile(r"(\d+)\s*(jaar|jaren|schooljaar|schooljaren)\b")
ONE_YEAR = re.compile(r"per jaar|per schooljaar|een schooljaar|een jaar|jaarlicentie|\bjaarlijks")
CONSUMABLE = re.compile(r"verbruiksmateriaal|werkboek|werkschrift|folio")
ROLE_LABEL = {"leerling": "per leerling", "docent": "per docent", "school": "per school", "stuk": "per stuk"}


def _basis(terms: PriceTerms) -> tuple[str, str]:
    for line in terms.lines:
        unit = fold(line.unit)
        for basis, pattern in BASIS_PATTERNS:
            if pattern.search(unit):
                return basis, f"Eenheid van de prijs: “{line.unit}”."
    text = fold(f"{terms.title} {terms.description}")
    for basis, pattern in BASIS_PATTERNS:
        if match := pattern.search(text):
            return basis, f"In titel of beschrijving staat “{match.group(0)}”."
    if any(fold(role) in PUPIL_ROLES for role in terms.end_user_roles):
        return "leerling", "Bedoeld voor leerlingen (beoogde gebruiker); de prijs geldt dus per leerling."
    return "", ""


def _years(terms: PriceTerms) -> tuple[Decimal | None, str]:
    duration = fold(terms.licence_duration)
    if match := MONTHS.search(duration):
        months = int(match.group(1))
        if months > 0:
            return Decimal(months) / 12, f"Licentieduur “{terms.licence_duration}” = {months} maanden."
    if match := YEARS.search(duration):
        count = int(match.group(1))
        if count > 0:
            return Decimal(count), f"Licentieduur “{terms.licence_duration}” = {count} jaar."
    if "schooljaar" in duration or duration.strip() == "jaar":
        return Decimal(1), f"Licentieduur “{terms.licence_duration}” = 1 jaar."
    text = fold(f"{terms.title} {terms.description}")
    if match := YEARS.search(text):
        count = int(match.group(1))
        if count > 0:
            return Decimal(count), f"In de titel of beschrijving staat “{match.group(0)}”."
    if match := ONE_YEAR.search(text):
        return Decimal(1), f"In de titel of beschrijving staat “{match.group(0)}”: 1 jaar."
    if terms.product_type == "folio" or CONSUMABLE.search(text):
        return Decimal(1), "Verbruiksmateriaal (werkboek): één per leerling per schooljaar."
    return None, ""


def licence_years(licence_duration: str) -> Decimal | None:
    """The delivered licence duration alone ("12 maanden", "2 jaar", "schooljaar") in years, by the same rules as
    the price per year; None when it names no term (W7 lock-in: a term longer than one school year binds)."""
    return _years(PriceTerms(lines=(), product_type="", licence_duration=licence_duration))[0]


def _per_year(cents: int, years: Decimal) -> int:
    return int((Decimal(cents) / years).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per_pupil_per_year(terms: PriceTerms) -> PerPupilPrice:
    """Price per pupil per year excluding and including VAT, with the steps that led to it."""
    if not terms.lines:
        if terms.is_paid is False or terms.product_type == "open_resource":
            return PerPupilPrice(0, 0, "leerling", Decimal(1), steps=("Gratis: open leermateriaal zonder prijs.",))
        return PerPupilPrice(None, None, "", None, reason="Geen prijs bekend.")
    basis, basis_step = _basis(terms)
    if basis != "leerling":
        what = ROLE_LABEL.get(basis, "per onbekende eenheid")
        return PerPupilPrice(
            None, None, basis, None, steps=(basis_step,) if basis_step else (), reason=f"De prijs geldt {what}."
        )
    years, years_step = _years(terms)
    if years is None:
        return PerPupilPrice(
            None, None, basis, None, steps=(basis_step,), reason="Onbekend voor hoe lang de prijs geldt."
        )
    excl = sum(line.amount_cents for line in terms.lines)
    incl = sum(line.incl_vat_cents for line in terms.lines)
    steps = [basis_step, years_step]
    lines_text = " + ".join(f"{_euro(x.amount_cents)} excl. {x.vat_percent.normalize()}% btw" for x in terms.lines)
    steps.append(f"Prijsregels: {lines_text} = {_euro(excl)} excl. btw, {_euro(incl)} incl. btw.")
    parts: tuple[Part, ...] = ()
    if terms.product_type == "lifo_bundle" and len(terms.lines) > 1:
        licence = [x for x in terms.lines if x.vat_percent >= HIGH_VAT]
        folio = [x for x in terms.lines if x.vat_percent < HIGH_VAT]
        parts = tuple(
            Part(
                label,
                _per_year(sum(x.amount_cents for x in group), years),
                _per_year(sum(x.incl_vat_cents for x in group), years),
            )
            for label, group in (("licentie", licence), ("folio", folio))
            if group
        )
        steps.append("LiFo: de regels met 21% btw zijn de licentie, die met een lager tarief het folio (drukwerk).")
    if years != 1:
        steps.append(f"Gedeeld door {years.normalize()} jaar.")
    return PerPupilPrice(_per_year(excl, years), _per_year(incl, years), basis, years, parts, tuple(steps))


def _euro(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


T = TypeVar("T")
STANDARD_KINDS = frozenset({"", "standard"})


def applicable_lines(lines: list[tuple[datetime.date | None, str, T]], today: datetime.date) -> tuple[list[T], list[T]]:
    """Which delivered price lines apply today (W5.2): standard lines without a start date, and of the dated
    standard lines those with the latest start date not after today. Tier and school-size lines (a price from a
    quantity) and lines that start later are returned apart: shown, never added into the price per pupil.

    `lines`: (valid_from, kind, line) in delivered order. Returns (applicable, apart), both in delivered order.
    """
    started = [d for d, kind, _line in lines if kind in STANDARD_KINDS and d is not None and d <= today]
    current = max(started) if started else None
    applicable: list[T] = []
    apart: list[T] = []
    for valid_from, kind, line in lines:
        applies = kind in STANDARD_KINDS and (valid_from is None or valid_from == current)
        (applicable if applies else apart).append(line)
    return applicable, apart
