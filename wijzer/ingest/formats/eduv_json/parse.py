"""Map one Edu-V Catalogue API ``Product`` (JSON object) to a ``ParsedRecord``.

!!! The public Edu-V Catalogue API specification (OpenAPI, Edu-V "Catalogue API" v0.9.2 / v2.0.0) was NOT
!!! available when this was written. ``FIELD_MAP`` below is the ONLY place that knows JSON property names;
!!! every entry is a best guess and MUST be checked against the published Edu-V Catalogue API spec before
!!! production use. Each target lists candidate paths (dotted for nested objects), tried in order.

Amounts are read like ECK: integers are cents, numbers with decimals are euros (reported as a warning).
List values may hold strings or objects; of an object the first of ``name``, ``label``, ``title``, ``code``,
``value``, ``id`` is used.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.medium import CSV_TYPES, eck_medium
from wijzer.ingest.formats.records import Curriculum, Medium, ParsedRecord, Price, Problem, SubProduct
from wijzer.ingest.formats.values import (
    clean,
    obk_uuid,
    parse_bool,
    parse_cents,
    parse_date,
    parse_decimal,
    unique,
)

FORMAT_ID = "eduv_json"

# --- Check against the published Edu-V Catalogue API spec (see module docstring). ---------------------------
FIELD_MAP: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "productId", "ean"),
    "product_id": ("ean", "isbn", "productId", "id"),
    "title": ("title", "name"),
    "description": ("description", "summary"),
    "family_name": ("productFamilyName", "methodName", "method.name", "series"),
    "authors": ("authors",),
    "publisher": ("publisher.name", "publisher"),
    "supplier": ("supplier.name", "supplier", "reseller.name"),
    "medium": ("productType", "medium", "type"),
    "sectors": ("sectors", "educationalSectors"),
    "levels": ("levels", "educationalLevels"),
    "years": ("years", "schoolYears", "learningYears"),
    "subjects": ("subjects", "disciplines"),
    "courses": ("courses",),
    "obk_ids": ("obkIds", "curriculumIds", "educationalLevelIds"),
    "keywords": ("keywords", "tags"),
    "language": ("language",),
    "licence": ("license", "licence", "copyright"),
    "licence_options": ("licenseOptions", "licenseAvailabilityOptions"),
    "licence_duration": ("licenseDuration", "license.duration"),
    "product_state": ("productState", "availability", "status"),
    "end_user_roles": ("intendedEndUserRoles", "intendedEndUserRole", "endUserRoles"),
    "first_published": ("firstPublishedDate", "publicationDate"),
    "end_of_life": ("endOfLifeDate",),
    "last_revision": ("lastRevisionDate",),
    "last_modified": ("lastModifiedDate", "modifiedAt", "updatedAt"),
    "access_url": ("accessLocation", "accessUrl"),
    "information_url": ("informationLocation", "informationUrl", "infoUrl"),
    "content_url": ("contentLocation", "contentUrl"),
    "thumbnail_url": ("productThumbnailLocation", "thumbnailUrl", "imageUrl"),
    "price_is_indicative": ("priceIsIndicative",),
    "consumer_price_cents": ("consumerPrice", "prices.consumerPrice"),
    "prices": ("prices.price", "prices", "pricing"),
    "price.amount_cents": ("amount", "amountExclVat", "priceExclVat"),
    "price.vat_percent": ("vat", "vatPercentage", "vatRate"),
    "price.currency": ("currency",),
    "price.unit": ("unit", "description", "priceUnit"),
    "sub_products": ("subProducts", "components"),
    "sub.product_id": ("productId", "ean", "id"),
    "sub.title": ("title", "name"),
    "sub.ordering": ("order", "ordering", "sequence"),
}
# ---------------------------------------------------------------------------------------------------------------

_OBJECT_LABELS = ("name", "label", "title", "code", "value", "id")
JsonValue = object
_T = TypeVar("_T")


def lookup(product: Mapping[str, JsonValue], target: str) -> JsonValue:
    """The first non-empty value among ``FIELD_MAP[target]`` paths, else ``None``."""
    for path in FIELD_MAP[target]:
        node: JsonValue = product
        for step in path.split("."):
            node = node.get(step) if isinstance(node, Mapping) else None
        if node not in (None, "", [], {}):
            return node
    return None


def scalar(value: JsonValue) -> str:
    """A JSON scalar (or labelled object) as clean text; lists give their first item."""
    if isinstance(value, Mapping):
        return next((scalar(value[k]) for k in _OBJECT_LABELS if value.get(k) not in (None, "")), "")
    if isinstance(value, list):
        return scalar(value[0]) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value)) if value is not None else ""


def strings(value: JsonValue) -> tuple[str, ...]:
    if isinstance(value, list):
        return unique(scalar(item) for item in value)
    return unique([scalar(value)])


def _text(product: Mapping[str, JsonValue], target: str) -> str:
    return scalar(lookup(product, target))


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def keep(self, result: tuple[_T, Problem | None]) -> _T:
        value, problem = result
        if problem:
            self.items.append(problem)
        return value


def _prices(product: Mapping[str, JsonValue], problems: _Problems) -> tuple[Price, ...]:
    raw = lookup(product, "prices")
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, Mapping) else []
    prices = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        amount = problems.keep(parse_cents(_text(item, "price.amount_cents"), "prices"))
        vat: Decimal | None = parse_decimal(_text(item, "price.vat_percent"))
        if amount is None or vat is None:
            problems.items.append(
                Problem.error("price.incomplete", "prices", "Een prijs mist een geldig bedrag of btw-percentage.")
            )
            continue
        prices.append(Price(amount, vat, _text(item, "price.currency") or "EUR", _text(item, "price.unit")))
    return tuple(prices)


def _sub_products(product: Mapping[str, JsonValue]) -> tuple[SubProduct, ...]:
    raw = lookup(product, "sub_products")
    parts = []
    for index, item in enumerate(raw if isinstance(raw, list) else [], start=1):
        if isinstance(item, Mapping):
            order = parse_decimal(_text(item, "sub.ordering"))
            ordering = int(order) if order is not None and abs(order) < 10**6 else index
            parts.append(SubProduct(_text(item, "sub.product_id"), _text(item, "sub.title"), ordering))
        elif scalar(item):
            parts.append(SubProduct(scalar(item), "", index))
    return tuple(sorted((p for p in parts if p.product_id), key=lambda p: p.ordering))


def _medium(raw: str, title: str) -> Medium:
    return CSV_TYPES.get(raw.strip().lower()) or eck_medium(raw, title)


def _date(product: Mapping[str, JsonValue], target: str, problems: _Problems) -> datetime.date | None:
    return problems.keep(parse_date(_text(product, target), target))


def product_to_record(product: Mapping[str, JsonValue], raw: bytes) -> ParsedRecord:
    problems = _Problems()
    title = _text(product, "title")
    medium_raw = _text(product, "medium")
    prices = _prices(product, problems)
    licence_raw = _text(product, "licence")
    consumer = problems.keep(parse_cents(_text(product, "consumer_price_cents"), "consumer_price_cents"))
    obk_ids = unique(uuid for uuid in (obk_uuid(v) for v in strings(lookup(product, "obk_ids"))) if uuid)
    return ParsedRecord(
        format_id=FORMAT_ID,
        format_version="catalogue-api",
        record_id=_text(product, "record_id") or None,
        product_id=_text(product, "product_id") or None,
        title=title,
        description=_text(product, "description"),
        family_name=_text(product, "family_name"),
        sub_products=_sub_products(product),
        authors=strings(lookup(product, "authors")),
        publisher=_text(product, "publisher"),
        supplier=_text(product, "supplier"),
        keywords=strings(lookup(product, "keywords")),
        language=_text(product, "language"),
        medium=_medium(medium_raw, title),
        medium_raw=medium_raw,
        curriculum=Curriculum(
            *(strings(lookup(product, t)) for t in ("sectors", "levels", "years", "subjects", "courses"))
        ),
        obk_level_ids=obk_ids,
        licence=normalise_licence(licence_raw) or "copyright",
        licence_raw=licence_raw,
        is_paid=any(p.amount_cents > 0 for p in prices) or None,
        prices=prices,
        consumer_price_cents=consumer,
        price_is_indicative=problems.keep(parse_bool(_text(product, "price_is_indicative"), "price_is_indicative")),
        licence_options=strings(lookup(product, "licence_options")),
        licence_duration=_text(product, "licence_duration"),
        product_state=_text(product, "product_state"),
        end_user_roles=strings(lookup(product, "end_user_roles")),
        first_published=_date(product, "first_published", problems),
        end_of_life=_date(product, "end_of_life", problems),
        last_revision=_date(product, "last_revision", problems),
        last_modified=_date(product, "last_modified", problems),
        access_url=_text(product, "access_url") or None,
        information_url=_text(product, "information_url") or None,
        content_url=_text(product, "content_url") or None,
        thumbnail_url=_text(product, "thumbnail_url") or None,
        raw=raw,
        problems=tuple(problems.items),
    )
