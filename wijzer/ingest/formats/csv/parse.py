"""Map one row of the Wijzer supplier CSV template to a ``ParsedRecord``.

Columns are documented (in Dutch) in ``README.md`` next to this file; ``template.csv`` is the empty template.
Cells with several values (sector, niveau, leerjaar, vak) separate them with ``|``.
"""

from __future__ import annotations

from collections.abc import Mapping

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.medium import CSV_TYPES
from wijzer.ingest.formats.records import Curriculum, Medium, ParsedRecord, Price, Problem
from wijzer.ingest.formats.values import clean, parse_decimal, unique

FORMAT_ID = "csv"
COLUMNS = (
    "ean",
    "titel",
    "beschrijving",
    "methode",
    "uitgever",
    "leverancier",
    "type",
    "sector",
    "niveau",
    "leerjaar",
    "vak",
    "prijs_excl_btw",
    "btw",
    "eenheid",
    "licentieduur",
    "url",
    "licentie",
)
REQUIRED_COLUMNS = ("ean", "titel")
MULTI_SEPARATOR = "|"


def _multi(value: str) -> tuple[str, ...]:
    return unique(clean(part) for part in value.split(MULTI_SEPARATOR))


def _medium(value: str, problems: list[Problem]) -> Medium:
    if not value:
        return Medium.OTHER
    medium = CSV_TYPES.get(value.strip().lower())
    if medium is None:
        problems.append(
            Problem.warning(
                "csv.unknown_type",
                "medium",
                f"Onbekend type '{value[:40]}'; gebruik digitaal, folio, lifo, print, open, tool, toets of anders.",
            )
        )
        return Medium.OTHER
    return medium


def _price(row: Mapping[str, str], problems: list[Problem]) -> tuple[Price, ...]:
    amount_text, vat_text = row.get("prijs_excl_btw", ""), row.get("btw", "")
    if not amount_text and not vat_text:
        return ()
    euros = parse_decimal(amount_text.replace("€", ""))
    vat = parse_decimal(vat_text.replace("%", ""))
    if euros is None or vat is None or abs(euros) > 10**9:
        problems.append(
            Problem.error(
                "price.invalid",
                "prices",
                f"Prijs '{amount_text[:20]}' of btw '{vat_text[:20]}' is geen geldig getal "
                "(voorbeeld: prijs_excl_btw 27,98 en btw 9).",
            )
        )
        return ()
    cents = int((euros * 100).to_integral_value())
    return (Price(cents, vat, "EUR", row.get("eenheid", "")),)


def row_to_record(row: Mapping[str, str], line: int, raw: bytes) -> ParsedRecord:
    """The record for one data row (``row`` maps lower-case column names to trimmed cell values)."""
    problems: list[Problem] = []
    licence_raw = row.get("licentie", "")
    prices = _price(row, problems)
    medium = _medium(row.get("type", ""), problems)
    url = row.get("url", "") or None
    licence = normalise_licence(licence_raw)
    return ParsedRecord(
        format_id=FORMAT_ID,
        format_version="1",
        record_id=row.get("ean") or f"regel-{line}",
        product_id=row.get("ean", "").replace("-", "").replace(" ", "") or None,
        uri=url if medium is Medium.OPEN_RESOURCE else None,
        title=row.get("titel", ""),
        description=row.get("beschrijving", ""),
        family_name=row.get("methode", ""),
        publisher=row.get("uitgever", ""),
        supplier=row.get("leverancier", ""),
        medium=medium,
        medium_raw=row.get("type", ""),
        curriculum=Curriculum(
            sectors=_multi(row.get("sector", "")),
            levels=_multi(row.get("niveau", "")),
            years=_multi(row.get("leerjaar", "")),
            subjects=_multi(row.get("vak", "")),
        ),
        licence=licence or ("copyright" if medium is not Medium.OPEN_RESOURCE else None),
        licence_raw=licence_raw,
        is_paid=medium is not Medium.OPEN_RESOURCE and licence in (None, "copyright"),
        prices=prices,
        licence_duration=row.get("licentieduur", ""),
        information_url=url if medium is not Medium.OPEN_RESOURCE else None,
        content_url=url if medium is Medium.OPEN_RESOURCE else None,
        raw=raw,
        problems=tuple(problems),
    )
