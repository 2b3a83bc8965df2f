"""Length limits of delivered texts (W5.1): a longer text is cut with a warning that names the field (pure).

The catalogue stores what a school reads, not whole books: a title up to 1,000 characters, a description up to
20,000, at most 100 keywords of at most 200 characters each. The record as delivered stays complete in the product's
provenance (its raw bytes are not touched), so nothing is lost for the supplier.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from dataclasses import dataclass

from wijzer.ingest.formats.records import ParsedRecord, Problem


@dataclass(frozen=True, slots=True)
class TextLimit:
    label: str  # Dutch, for the warning
    chars: int  # per text
    items: int | None = None  # for lists: how many


# Limits follow the catalogue columns where there is one (catalog.models), and reading sense where there is not.
TEXT_LIMITS: dict[str, TextLimit] = {
    "title": TextLimit("titel", 1_000),
    "description": TextLimit("beschrijving", 20_000),
    "family_name": TextLimit("methode", 300),
    "publisher": TextLimit("uitgever", 300),
    "supplier": TextLimit("leverancier", 300),
    "medium_raw": TextLimit("soort zoals aangeleverd", 200),
    "licence_raw": TextLimit("licentie zoals aangeleverd", 500),
    "licence_duration": TextLimit("licentieduur", 100),
    "product_state": TextLimit("status", 100),
    "language": TextLimit("taal", 20),
    "keywords": TextLimit("trefwoorden", 200, items=100),
    "authors": TextLimit("auteurs", 300, items=100),
    "licence_options": TextLimit("licentievormen", 200, items=50),
    "end_user_roles": TextLimit("bedoelde gebruikers", 200, items=50),
}
SUB_PRODUCT_TITLE = 1_000
MAX_SUB_PRODUCTS = 1_000
PRICE_UNIT = 200
URL_CHARS = 1_000
URL_FIELDS = ("uri", "access_url", "information_url", "content_url", "thumbnail_url")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _cut_text(record: ParsedRecord, name: str, limit: TextLimit) -> tuple[dict[str, object], list[Problem]]:
    value = getattr(record, name)
    if isinstance(value, str):
        if len(value) <= limit.chars:
            return {}, []
        message = (
            f"De {limit.label} is {_count(len(value))} tekens lang; Wijzer toont de eerste {_count(limit.chars)}. "
            "Het volledige record blijft bewaard in de herkomst."
        )
        return {name: value[: limit.chars]}, [Problem.warning(f"length.{name}", name, message)]
    items = tuple(value)
    too_many = limit.items is not None and len(items) > limit.items
    if not too_many and all(len(item) <= limit.chars for item in items):
        return {}, []  # the usual case, without building anything
    kept = tuple(item[: limit.chars] for item in items[: limit.items])
    problems = []
    if limit.items is not None and len(items) > limit.items:
        message = (
            f"Er zijn {_count(len(items))} {limit.label} aangeleverd; Wijzer bewaart de eerste {_count(limit.items)}."
        )
        problems.append(Problem.warning(f"length.{name}", name, message))
    if any(len(item) > limit.chars for item in items[: limit.items]):
        message = f"Een of meer {limit.label} zijn langer dan {_count(limit.chars)} tekens en zijn ingekort."
        problems.append(Problem.warning(f"length.{name}", name, message))
    return ({name: kept}, problems) if kept != items else ({}, [])


# For the quick check of the usual record: every limited field read in one call, compared in C.
_TEXTS = tuple(name for name, limit in TEXT_LIMITS.items() if limit.items is None)
_TEXT_CHARS = tuple(TEXT_LIMITS[name].chars for name in _TEXTS)
_LISTS = tuple(name for name, limit in TEXT_LIMITS.items() if limit.items is not None)
_LIST_CHARS = tuple(TEXT_LIMITS[name].chars for name in _LISTS)
_LIST_ITEMS = tuple(TEXT_LIMITS[name].items or 0 for name in _LISTS)
_SHORTEST_ITEM = min(_LIST_CHARS)  # items no longer than this are within every list's limit
_title = operator.attrgetter("title")
_unit = operator.attrgetter("unit")
_texts = operator.attrgetter(*_TEXTS)
_lists = operator.attrgetter(*_LISTS)
_urls = operator.attrgetter(*URL_FIELDS)


def within_limits(record: ParsedRecord) -> bool:
    """True when no text of the record is over its limit, so `limit_lengths` would change nothing (a quick check
    that builds nothing; the usual record passes it)."""
    if any(map(operator.gt, map(len, _texts(record)), _TEXT_CHARS)):
        return False
    lists = _lists(record)
    if any(map(operator.gt, map(len, lists), _LIST_ITEMS)):
        return False
    if max(map(len, itertools.chain.from_iterable(lists)), default=0) > _SHORTEST_ITEM:
        for items, chars in zip(lists, _LIST_CHARS, strict=True):  # the exact check, per list
            if items and max(map(len, items)) > chars:
                return False
    if max(map(len, filter(None, _urls(record))), default=0) > URL_CHARS:
        return False
    parts = record.sub_products
    if parts and (len(parts) > MAX_SUB_PRODUCTS or max(map(len, map(_title, parts))) > SUB_PRODUCT_TITLE):
        return False
    return max(map(len, map(_unit, record.prices)), default=0) <= PRICE_UNIT


def limit_lengths(record: ParsedRecord) -> tuple[ParsedRecord, tuple[Problem, ...]]:
    """The record with over-long texts cut to TEXT_LIMITS (and too-long web addresses left out), plus one warning
    per field that was changed. `raw` is kept as delivered."""
    return (record, ()) if within_limits(record) else cut_lengths(record)


def cut_lengths(record: ParsedRecord) -> tuple[ParsedRecord, tuple[Problem, ...]]:
    """`limit_lengths` without the quick check."""
    changes: dict[str, object] = {}
    problems: list[Problem] = []
    for name, limit in TEXT_LIMITS.items():
        changed, found = _cut_text(record, name, limit)
        changes.update(changed)
        problems.extend(found)
    for name in URL_FIELDS:
        url = getattr(record, name)
        if url and len(url) > URL_CHARS:
            changes[name] = None
            message = (
                f"Het webadres in {name} is {_count(len(url))} tekens lang (hoogstens {_count(URL_CHARS)}); "
                "een ingekort adres wijst naar de verkeerde plek, dus Wijzer laat het weg."
            )
            problems.append(Problem.warning(f"length.{name}", name, message))
    long_parts = len(record.sub_products) > MAX_SUB_PRODUCTS or any(
        len(s.title) > SUB_PRODUCT_TITLE for s in record.sub_products
    )
    if long_parts:
        subs = record.sub_products[:MAX_SUB_PRODUCTS]
        cut_subs = tuple(dataclasses.replace(s, title=s.title[:SUB_PRODUCT_TITLE]) for s in subs)
        changes["sub_products"] = cut_subs
        message = (
            f"De onderdelen zijn ingekort: hoogstens {_count(MAX_SUB_PRODUCTS)} onderdelen met titels van hoogstens "
            f"{_count(SUB_PRODUCT_TITLE)} tekens."
        )
        problems.append(Problem.warning("length.sub_products", "sub_products", message))
    if any(len(p.unit) > PRICE_UNIT for p in record.prices):
        changes["prices"] = tuple(dataclasses.replace(p, unit=p.unit[:PRICE_UNIT]) for p in record.prices)
        message = f"Een prijseenheid is langer dan {_count(PRICE_UNIT)} tekens en is ingekort."
        problems.append(Problem.warning("length.prices", "prices", message))
    if not changes:
        return record, ()
    return dataclasses.replace(record, **changes), tuple(problems)  # type: ignore[arg-type]  # values per field
