"""Map one Edu-V Catalogue API ``Product`` (JSON object) to a ``ParsedRecord``.

The field names are those of the published Edu-V Catalogue API, version 2.0.0 (``schema.SPEC_COMMIT``; see
``schema.py`` for the source and for what 1.0.1 lacks). ``FIELD_MAP`` lists **every** property of ``Product``
(and ``infoLink`` of ``ProductInfo``) with the ``ParsedRecord`` field it goes to, or why it is kept only in the
raw record; a test checks that it names exactly the properties of ``schema.PRODUCT_SCHEMA``.

Each product is first checked against ``schema.PRODUCT_SCHEMA`` with ``jsonschema``: an unknown, misspelt or
mistyped field, a missing required field and a value outside the spec's lists become warnings
(``eduv.schema``), never silence; the record is still read as far as it can be.

Amounts are euros (``priceExcl``/``priceIncl``, numbers with at most two decimals) and stored as cents
excluding VAT; the VAT rate is derived from the pair (``derive_vat``). Withdrawn statuses
(``WITHDRAWN_STATUSES``) set ``deleted``.

Names the adapter read before the spec was available (``id``, ``ean``, ``title``, ``description``, ``prices``,
``accessLocation`` …) were guesses, not from 1.0.1, and are no longer read: such a field now gives a warning.
The names that did come from 1.0.1 (``productId``, ``name``, ``productFamilyName``, ``publisher``, ``type``,
``status``, ``intendedEndUserRole``, ``subjects``, ``authors``, ``firstPublishedDate``, ``endOfLifeDate``) are
unchanged in 2.0.0 and read as before (``subjects`` and ``authors`` now by their real structure).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from wijzer.ingest.formats.eduv_json.schema import PRODUCT_SCHEMA, SPEC_VERSION
from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.records import (
    AccessUrl,
    Curriculum,
    Medium,
    ParsedRecord,
    Price,
    Problem,
    SubProduct,
)
from wijzer.ingest.formats.values import clean, obk_uuid, parse_date, unique

FORMAT_ID = "eduv_json"
JsonValue = object

RAW_ONLY = "(alleen in het ruwe record)"
FIELD_MAP: Final[dict[str, str]] = {
    # Edu-V Catalogue API 2.0.0 property -> ParsedRecord field(s)
    "productId": "record_id, product_id",
    "publisher": "publisher",
    "reseller": "supplier",
    "type": "medium, medium_raw (physical/digital/combi, with productUsages)",
    "status": "product_state (Dutch, STATUS_NL); deleted for WITHDRAWN_STATUSES",
    "forSale": "for_sale",
    "saleUnitSize": "sale_unit_size",
    "isConsumptionProduct": "consumable",
    "name": "title",
    "productFamilyName": "family_name",
    "edition": "edition",
    "productUsages": "medium, medium_raw",
    "intendedEndUserRole": "end_user_roles (Dutch, ROLES_NL)",
    "courseReferences": RAW_ONLY + ": references into the Course API, not catalogue data",
    "studies": "curriculum.sectors (studyName), curriculum.levels (studyLevels[].studyLevelName), "
    "obk_level_ids (studyLevels[].studyLevelId, SLO niveau UUIDs); studyCode and studyLevelPrefix " + RAW_ONLY,
    "subjects": "curriculum.subjects (subjectName); subjectPrefix " + RAW_ONLY,
    "price": "prices (priceExcl in cents, VAT derived from priceIncl, priceCurrency, validFrom, priceType, "
    "tierPricing/schoolSizePricing as extra lines with min_quantity); consumer_price_cents (priceIncl) when "
    "there is exactly one standard price; is_paid",
    "paymentModels": RAW_ONLY + ": how a school pays, not what the product is",
    "licensePeriod": "licence_duration (Dutch text)",
    "activationPeriod": "activation_before_days (days) or activation_before_date (date)",
    "deliveryTypes": RAW_ONLY + ": how a licence is handed out (Bestelomgeving), not catalogue data",
    "trialAccessUrl": "trial_url",
    "defaultAccessUrl": "access_url",
    "specificAccessUrls": "specific_access_urls",
    "infoLink": "information_url (ProductInfo only)",
    "shortDescription": "short_description; description when there is no longDescription",
    "longDescription": "description",
    "copyrightType": "licence (normalised), licence_raw",
    "authors": "authors (individuals as 'given prefix family', then organisations)",
    "media": "thumbnail_url (mainThumbnailUrl.url); the other media " + RAW_ONLY,
    "followUpProduct": "followup_product_ids",
    "relatedProducts": "related_product_ids",
    "bundledProducts": "sub_products (in delivered order)",
    "firstPublishedDate": "first_published",
    "deprecationDate": RAW_ONLY + ": the follow-up product's date, see followUpProduct",
    "supportedUntilDate": "supported_until",
    "endOfLifeDate": "end_of_life",
    "dateCreated": RAW_ONLY,
    "dateLastModified": "last_modified (date part)",
}

STATUS_NL: Final[dict[str, str]] = {
    "not-yet-available": "Nog niet leverbaar",
    "limited-available": "Beperkt leverbaar",
    "available": "Leverbaar",
    "temporary-not-available": "Tijdelijk niet leverbaar",
    "no-longer-available": "Niet meer leverbaar",
    "will-never-be-available": "Zal niet verschijnen",
    "not-available-or-usable": "Niet meer leverbaar of bruikbaar",
}
WITHDRAWN_STATUSES: Final = frozenset({"will-never-be-available", "not-available-or-usable"})
"""Statuses after which nobody can use the product: the record is marked ``deleted`` (withdrawn at the source).
``no-longer-available`` is not among them: like ECK "Niet meer leverbaar", the product can no longer be
ordered but existing licences still work (``supportedUntilDate`` / ``endOfLifeDate`` say until when)."""
ROLES_NL: Final[dict[str, str]] = {
    "student": "Onderwijsvolger",
    "educator": "Onderwijsgever",
    "administrator": "Beheerder",
}
LICENCE_PERIOD_NL: Final[dict[str, str]] = {
    "month": "1 maand na eerste gebruik",
    "year": "1 jaar na eerste gebruik",
    "schoolyear": "tot 31 juli na eerste gebruik (schooljaar)",
}
BOOK_USAGES: Final = frozenset(
    {"leerboek", "werkboek", "leerwerkboek", "examenbundel", "oefenmateriaal", "naslagwerk", "docentenmateriaal"}
)
TEST_USAGES: Final = frozenset({"toets", "examen"})
VAT_RATES: Final = (Decimal(0), Decimal(9), Decimal(21), Decimal(6))
"""Dutch VAT rates a price pair is matched against (6 %: the low rate before 2019)."""
MAX_SCHEMA_WARNINGS = 20

_VALIDATOR = Draft202012Validator(PRODUCT_SCHEMA, format_checker=FormatChecker())
_CENT = Decimal("0.01")


class _Problems(list[Problem]):
    def warn(self, code: str, field_name: str, message: str) -> None:
        self.append(Problem.warning(code, field_name, message))


# -- reading JSON values without trusting their types (the schema check reports wrong types) --------------------


def _text(value: JsonValue) -> str:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _objects(value: JsonValue) -> list[Mapping[str, JsonValue]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _texts(value: JsonValue) -> tuple[str, ...]:
    return unique(_text(item) for item in value) if isinstance(value, list) else ()


def _object(value: JsonValue) -> Mapping[str, JsonValue]:
    return value if isinstance(value, Mapping) else {}


def _bool(value: JsonValue) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: JsonValue) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9 else None


def _url(value: JsonValue) -> str | None:
    return _text(value) or None


def _date(product: Mapping[str, JsonValue], name: str, problems: _Problems) -> datetime.date | None:
    value, problem = parse_date(_text(product.get(name)), name)
    if problem:
        problems.append(problem)
    return value


# -- schema check ---------------------------------------------------------------------------------------------


def schema_problems(product: Mapping[str, JsonValue]) -> list[Problem]:
    """Warnings for everything in ``product`` that does not follow the Edu-V Catalogue API 2.0.0 ``Product``."""
    errors = sorted(_VALIDATOR.iter_errors(product), key=lambda e: [str(p) for p in e.absolute_path])
    problems = [Problem.warning("eduv.schema", _where(error), _message(error)) for error in errors]
    if len(problems) > MAX_SCHEMA_WARNINGS:
        rest = len(problems) - MAX_SCHEMA_WARNINGS
        problems = problems[:MAX_SCHEMA_WARNINGS]
        problems.append(Problem.warning("eduv.schema", "", f"En nog {rest} afwijkingen van de Edu-V-specificatie."))
    return problems


def _where(error: ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path)


def _message(error: ValidationError) -> str:
    where = _where(error)
    field = f"'{where}'" if where else "het product"
    kind = error.validator
    prefix = f"Edu-V Catalogue API {SPEC_VERSION}: "
    if kind == "additionalProperties":
        extra = ", ".join(
            f"'{name}'"
            for name in sorted(set(_object(error.instance)) - set(_object(_object(error.schema).get("properties"))))
        )
        return prefix + f"onbekend veld {extra} in {field}; dit veld is niet gelezen. Controleer de schrijfwijze."
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else str(error.message)
        return prefix + f"het verplichte veld '{missing}' ontbreekt in {field}."
    if kind == "type":
        expected = {"string": "tekst", "number": "getal", "integer": "geheel getal", "boolean": "true of false"}
        wanted = expected.get(str(error.validator_value), str(error.validator_value))
        return prefix + f"{field} heeft het verkeerde type (verwacht: {wanted}); de waarde is genegeerd of omgezet."
    if kind == "enum":
        values = error.validator_value if isinstance(error.validator_value, list) else []
        allowed = ", ".join(str(v) for v in values)
        return prefix + f"{field} heeft de onbekende waarde {_short(error.instance)} (toegestaan: {allowed})."
    explained = {
        "anyOf": "is geen EAN/ISBN-13 (13 cijfers) of UUID (kleine letters)",
        "pattern": "heeft niet de voorgeschreven vorm",
        "format": "is geen datum (JJJJ-MM-DD)",
        "maxLength": f"is langer dan {error.validator_value} tekens",
        "minLength": "is leeg",
        "minimum": f"is kleiner dan {error.validator_value}",
    }
    reason = explained.get(str(kind), f"voldoet niet aan de specificatie ({kind})")
    return prefix + f"{field} met waarde {_short(error.instance)} {reason}."


def _short(value: JsonValue) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"


# -- prices ---------------------------------------------------------------------------------------------------


def _cents(value: JsonValue, where: str, problems: _Problems) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        euros = Decimal(str(value).replace(",", ".")) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        return None
    if not euros.is_finite() or abs(euros) > Decimal(10) ** 10:
        return None
    rounded = euros.quantize(_CENT, rounding=ROUND_HALF_UP)
    if rounded != euros:
        problems.warn("price.rounded", "prices", f"Het bedrag {euros} in '{where}' is afgerond op {rounded} euro.")
    return int(rounded * 100)


def derive_vat(excl_cents: int, incl_cents: int) -> tuple[Decimal | None, Problem | None]:
    """The VAT rate that turns ``excl_cents`` into ``incl_cents``.

    A Dutch rate (0, 9, 21; 6 before 2019) is taken when it explains the pair to within one cent (both
    amounts are rounded to cents); otherwise the exact rate (one decimal) with a warning, e.g. for a combi
    product whose book (9 %) and licence (21 %) share one price.
    """
    if excl_cents == 0:
        if incl_cents == 0:
            return Decimal(0), None
        return None, Problem.error(
            "price.incomplete", "prices", "Een prijs is € 0,00 exclusief maar niet inclusief btw; controleer de prijs."
        )
    if excl_cents < 0 or incl_cents < 0:
        return None, Problem.error("price.negative", "prices", "Een prijs is negatief.")
    distance, _, rate = min(  # on a tie (tiny amounts) the current rates win, in the order of VAT_RATES
        (abs((Decimal(excl_cents) * (100 + r) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) - incl_cents), n, r)
        for n, r in enumerate(VAT_RATES)
    )
    if distance <= 1:
        return rate, None
    exact = (Decimal(incl_cents - excl_cents) * 100 / excl_cents).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return exact, Problem.warning(
        "price.vat_mixed",
        "prices",
        f"Uit de prijs exclusief ({excl_cents / 100:.2f}) en inclusief btw ({incl_cents / 100:.2f}) volgt "
        f"{exact}% btw, geen enkel Nederlands tarief; bij een combiproduct kan dat een mix van 9% en 21% zijn.",
    )


def _price_lines(item: Mapping[str, JsonValue], index: int, problems: _Problems) -> list[Price]:
    where = f"price/{index}"
    kind = _text(item.get("priceType")) or "standard"
    currency = _text(item.get("priceCurrency")) or "EUR"
    valid_from, problem = parse_date(_text(item.get("validFrom")), "prices")
    if problem:
        problems.append(problem)
    tiers: list[tuple[Mapping[str, JsonValue], str, str]] = [(item, where, "")]
    extra = {"tier": ("tierPricing", "exemplaren"), "schoolSize": ("schoolSizePricing", "leerlingen")}.get(kind)
    if extra:
        key, noun = extra
        tiers += [(tier, f"{where}/{key}/{n}", noun) for n, tier in enumerate(_objects(item.get(key)))]
    lines = []
    for tier, tier_where, noun in tiers:
        excl = _cents(tier.get("priceExcl"), tier_where, problems)
        incl = _cents(tier.get("priceIncl"), tier_where, problems)
        if excl is None or incl is None:
            problems.append(
                Problem.error(
                    "price.incomplete",
                    "prices",
                    f"De prijs '{tier_where}' mist een geldig bedrag exclusief en inclusief btw (priceExcl/priceIncl).",
                )
            )
            continue
        vat, vat_problem = derive_vat(excl, incl)
        if vat_problem:
            problems.append(vat_problem)
        if vat is None:
            continue
        quantity = _int(tier.get("qty")) if noun else None
        unit = f"vanaf {quantity} {noun}" if noun and quantity is not None else ""
        lines.append(Price(excl, vat, currency, unit, valid_from, kind, quantity))
    return lines


def _prices(product: Mapping[str, JsonValue], problems: _Problems) -> tuple[tuple[Price, ...], int | None]:
    """All price lines (ordered by valid-from date) and the consumer price incl. VAT if there is one standard price."""
    lines: list[Price] = []
    for index, item in enumerate(_objects(product.get("price"))):
        lines += _price_lines(item, index, problems)
    lines.sort(key=lambda p: (p.valid_from or datetime.date.min, p.min_quantity or 0))
    standard = [
        item for item in _objects(product.get("price")) if (_text(item.get("priceType")) or "standard") == "standard"
    ]
    consumer = _cents(standard[0].get("priceIncl"), "price/0", _Problems()) if len(standard) == 1 else None
    return tuple(lines), consumer


# -- other fields ---------------------------------------------------------------------------------------------


def _authors(value: JsonValue) -> tuple[str, ...]:
    authors = _object(value)
    people = (
        " ".join(part for part in (_text(p.get(k)) for k in ("givenName", "familyNamePrefix", "familyName")) if part)
        for p in _objects(authors.get("individuals"))
    )
    return unique([*people, *_texts(authors.get("organisations"))])


def _studies(
    product: Mapping[str, JsonValue], problems: _Problems
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(study names, level names, SLO niveau UUIDs) of ``studies``."""
    studies = _objects(product.get("studies"))
    levels = [level for study in studies for level in _objects(study.get("studyLevels"))]
    ids: list[str] = []
    for level in levels:
        raw = _text(level.get("studyLevelId"))
        uuid = obk_uuid(raw.rstrip("/"))
        if uuid:
            ids.append(uuid)
        elif raw:
            problems.warn(
                "eduv.level_id",
                "obk_level_ids",
                f"studyLevelId '{raw[:60]}' is geen UUID; niet als niveau gebruikt.",
            )
    names = unique(_text(study.get("studyName")) for study in studies)
    return names, unique(_text(level.get("studyLevelName")) for level in levels), unique(ids)


def _medium(kind: str, usages: tuple[str, ...]) -> Medium:
    lowered = {usage.lower() for usage in usages}
    if lowered and lowered <= TEST_USAGES:
        return Medium.TEST
    if kind == "digital":
        return Medium.DIGITAL_LICENCE
    if kind == "combi":
        return Medium.LIFO_BUNDLE
    if kind == "physical":
        return Medium.FOLIO if lowered & BOOK_USAGES else Medium.PRINT
    return Medium.OTHER


def _licence_duration(value: JsonValue) -> str:
    period = _object(value)
    variant = _text(period.get("licenseVariant"))
    if variant == "days":
        days = _int(period.get("licenseDays"))
        return f"{days} dagen na eerste gebruik" if days is not None else "een aantal dagen na eerste gebruik"
    return LICENCE_PERIOD_NL.get(variant, variant)


def _activation(value: JsonValue, problems: _Problems) -> tuple[int | None, datetime.date | None]:
    period = _object(value)
    variant = _text(period.get("activationVariant"))
    if variant == "days":
        return _int(period.get("activationDays")), None
    if variant == "date":
        return None, _date(period, "activationUntilDate", problems)
    return None, None


def _specific_access_urls(value: JsonValue) -> tuple[AccessUrl, ...]:
    return tuple(
        AccessUrl(url, _text(item.get("accessUrlType")))
        for item in _objects(value)
        if (url := _text(item.get("accessUrl")))
    )


def product_to_record(product: Mapping[str, JsonValue], raw: bytes) -> ParsedRecord:
    problems = _Problems(schema_problems(product))
    product_id = _text(product.get("productId"))
    status = _text(product.get("status"))
    kind = _text(product.get("type"))
    usages = _texts(product.get("productUsages"))
    prices, consumer = _prices(product, problems)
    study_names, level_names, level_ids = _studies(product, problems)
    copyright_type = _text(product.get("copyrightType"))
    activation_days, activation_date = _activation(product.get("activationPeriod"), problems)
    short = _text(product.get("shortDescription"))
    follow_up = _text(product.get("followUpProduct"))
    return ParsedRecord(
        format_id=FORMAT_ID,
        format_version=SPEC_VERSION,
        record_id=product_id or None,
        product_id=product_id or None,
        deleted=status in WITHDRAWN_STATUSES,
        title=_text(product.get("name")),
        description=_text(product.get("longDescription")) or short,
        short_description=short,
        family_name=_text(product.get("productFamilyName")),
        edition=_text(product.get("edition")),
        sub_products=tuple(
            SubProduct(part, "", n) for n, part in enumerate(_texts(product.get("bundledProducts")), start=1)
        ),
        related_product_ids=_texts(product.get("relatedProducts")),
        followup_product_ids=(follow_up,) if follow_up else (),
        authors=_authors(product.get("authors")),
        publisher=_text(product.get("publisher")),
        supplier=_text(product.get("reseller")),
        medium=_medium(kind, usages),
        medium_raw="; ".join((kind, *usages)) if kind else "; ".join(usages),
        curriculum=Curriculum(
            sectors=study_names,
            levels=level_names,
            subjects=unique(_text(s.get("subjectName")) for s in _objects(product.get("subjects"))),
        ),
        obk_level_ids=level_ids,
        licence=normalise_licence(copyright_type) if copyright_type else None,
        licence_raw=copyright_type,
        is_paid=any(p.amount_cents > 0 for p in prices) if prices else None,
        prices=prices,
        consumer_price_cents=consumer,
        for_sale=_bool(product.get("forSale")),
        sale_unit_size=_int(product.get("saleUnitSize")),
        consumable=_bool(product.get("isConsumptionProduct")),
        licence_duration=_licence_duration(product.get("licensePeriod")),
        activation_before_days=activation_days,
        activation_before_date=activation_date,
        product_state=STATUS_NL.get(status, status),
        end_user_roles=unique([ROLES_NL.get(role, role) for role in (_text(product.get("intendedEndUserRole")),)]),
        first_published=_date(product, "firstPublishedDate", problems),
        supported_until=_date(product, "supportedUntilDate", problems),
        end_of_life=_date(product, "endOfLifeDate", problems),
        last_modified=_date(product, "dateLastModified", problems),
        access_url=_url(product.get("defaultAccessUrl")),
        trial_url=_url(product.get("trialAccessUrl")),
        specific_access_urls=_specific_access_urls(product.get("specificAccessUrls")),
        information_url=_url(product.get("infoLink")),
        thumbnail_url=_url(_object(_object(product.get("media")).get("mainThumbnailUrl")).get("url")),
        raw=raw,
        problems=tuple(problems),
    )
