"""JSON Schema (draft 2020-12) of one Edu-V Catalogue API ``Product``, written for Wijzer from the published spec.

Source: the OpenAPI description ``apis/catalogue-api.yaml`` of the Edu-V afsprakenstelsel
(github.com/edu-v/afsprakenstelsel), ``info.version`` 2.0.0 at commit fe3f2823717f593a829d74910c5f103a9847b2c1
(branch ``main``); version 1.0.1 at commit 0952f4c01bd35d2b596c5f63d249a2245d567e05 (branch ``Catalog-1.1.1``)
differs only in what 2.0.0 adds (``price[].priceType``/``tierPricing``/``schoolSizePricing``,
``specificAccessUrls``, ``edition`` required; ``infoLink`` on ``ProductInfo``), so a 1.0.1 product validates here
too, apart from a warning for the missing ``edition``. The repository carries no licence: this schema restates
the structure (names, types, enumerations, required fields) in our own form and copies none of its text.

Deliberate choices (see ``docs/ingest.md``):

- ``additionalProperties: false`` on the product and its objects, so an unknown or misspelt field is reported
  (as a warning: the product is still read).
- ``ProductInfo`` (``/products/info``) is read with the same schema: its one extra field ``infoLink`` is
  allowed; the fields only ``Product`` requires (``forSale``, ``saleUnitSize``, ``edition``, ``copyrightType``)
  then give a warning each.
- The conditions the spec states in prose are checked too: ``defaultAccessUrl`` for digital and combi
  products, ``licensePeriod`` for digital products, ``supportedUntilDate`` and ``endOfLifeDate`` for the
  statuses ``no-longer-available`` and ``not-available-or-usable``.
- ``date-time`` values are checked with a pattern (RFC 3339, section 5.6), because ``jsonschema`` checks that
  format only when an optional extra package is installed.
"""

from __future__ import annotations

from typing import Any

SPEC_VERSION = "2.0.0"
SPEC_COMMIT = "fe3f2823717f593a829d74910c5f103a9847b2c1"
SPEC_REPOSITORY = "edu-v/afsprakenstelsel"
SPEC_PATH = "apis/catalogue-api.yaml"

UUID_PATTERN = "^[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}$"
DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"

STATUSES = (
    "not-yet-available",
    "limited-available",
    "available",
    "temporary-not-available",
    "no-longer-available",
    "will-never-be-available",
    "not-available-or-usable",
)
COPYRIGHT_TYPES = (
    *(
        f"cc-{parts}-{version}"
        for version in ("40", "30")
        for parts in ("by", "by-sa", "by-nc", "by-nc-sa", "by-nd", "by-nc-nd")
    ),
    "yes",
    "no",
)
PRODUCT_USAGES = (
    "leerboek",
    "werkboek",
    "leerwerkboek",
    "examenbundel",
    "oefenmateriaal",
    "naslagwerk",
    "docentenmateriaal",
    "toets",
    "examen",
    "anders",
)
DELIVERY_TYPES = (
    "school-all",
    "school-studies",
    "school-subjects",
    "school-groups",
    "school-students",
    "school-employees",
    "school-activationcodes",
    "customer-student",
    "customer-activationcode",
)

_STRING: dict[str, Any] = {"type": "string"}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}
_DATE_TIME: dict[str, Any] = {"type": "string", "pattern": DATE_TIME_PATTERN}
_PRODUCT_ID: dict[str, Any] = {
    "type": "string",
    "anyOf": [{"pattern": UUID_PATTERN}, {"pattern": "^[0-9]{13}$"}],
}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _when(name: str, values: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    """``required`` fields become required when property ``name`` has one of ``values``."""
    return {
        "if": {"properties": {name: {"enum": list(values)}}, "required": [name]},
        "then": {"required": list(required)},
    }


_MEDIA = _object(
    {"url": _STRING, "description": _STRING, "width": {"type": "integer"}, "height": {"type": "integer"}},
    ("url",),
)
_QUANTITY_PRICE = _object(
    {"qty": {"type": "integer"}, "priceExcl": {"type": "number"}, "priceIncl": {"type": "number"}}
)
_PRICE = _object(
    {
        "priceExcl": {"type": "number"},
        "priceIncl": {"type": "number"},
        "priceCurrency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "validFrom": _DATE,
        "priceType": _enum(("standard", "tier", "schoolSize")),
        "schoolSizePricing": _array(_QUANTITY_PRICE),
        "tierPricing": _array(_QUANTITY_PRICE),
    },
    ("priceExcl", "priceIncl", "priceCurrency", "validFrom"),
)
_STUDY_LEVEL = _object(
    {
        "studyLevelId": {"type": "string", "pattern": UUID_PATTERN},
        "studyLevelPrefix": {"type": "string", "minLength": 4, "maxLength": 4, "pattern": "^[0-9]*$"},
        "studyLevelName": _STRING,
    },
    ("studyLevelId", "studyLevelPrefix", "studyLevelName"),
)
_STUDY = _object(
    {"studyName": _STRING, "studyCode": _STRING, "studyLevels": _array(_STUDY_LEVEL)},
    ("studyName",),
)
_SUBJECT = _object({"subjectPrefix": _STRING, "subjectName": _STRING}, ("subjectName", "subjectPrefix"))
_COURSE_REFERENCE = _object({"courseId": _STRING, "title": _STRING, "description": _STRING})
_AUTHORS = _object(
    {
        "individuals": _array(
            _object(
                {"givenName": _STRING, "familyName": _STRING, "familyNamePrefix": _STRING},
                ("givenName", "familyName"),
            )
        ),
        "organisations": _array(_STRING),
    }
)
_MEDIA_SET = _object(
    {
        "publisherThumbnailUrl": _MEDIA,
        "mainThumbnailUrl": _MEDIA,
        "resellerThumbnailUrl": _MEDIA,
        "productImageUrls": _array(_MEDIA),
        "productVideoUrls": _array(_MEDIA),
        "productDocUrls": _array(_MEDIA),
    },
    ("publisherThumbnailUrl",),
)
_LICENSE_PERIOD = _object(
    {"licenseVariant": _enum(("days", "month", "year", "schoolyear")), "licenseDays": {"type": "integer"}},
    ("licenseVariant",),
)
_ACTIVATION_PERIOD = _object(
    {
        "activationVariant": _enum(("days", "date", "schoolyear")),
        "activationDays": {"type": "integer"},
        "activationUntilDate": _DATE,
    },
    ("activationVariant",),
)
_SPECIFIC_ACCESS_URL = _object(
    {"accessUrl": _STRING, "accessUrlType": _enum(("OIDC", "BP", "ENTREE"))}, ("accessUrl", "accessUrlType")
)

PRODUCT_REQUIRED = (
    "productId",
    "publisher",
    "type",
    "status",
    "forSale",
    "saleUnitSize",
    "name",
    "studies",
    "edition",
    "subjects",
    "shortDescription",
    "copyrightType",
    "media",
    "firstPublishedDate",
    "dateCreated",
    "dateLastModified",
)

PRODUCT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": f"Edu-V Catalogue API {SPEC_VERSION} Product (Wijzer)",
    **_object(
        {
            "productId": _PRODUCT_ID,
            "publisher": _STRING,
            "reseller": _STRING,
            "type": _enum(("physical", "digital", "combi")),
            "status": _enum(STATUSES),
            "forSale": {"type": "boolean"},
            "saleUnitSize": {"type": "integer", "minimum": 1},
            "isConsumptionProduct": {"type": "boolean"},
            "name": _STRING,
            "productFamilyName": _STRING,
            "edition": _STRING,
            "productUsages": _array(_enum(PRODUCT_USAGES)),
            "intendedEndUserRole": _enum(("student", "educator", "administrator")),
            "courseReferences": _array(_COURSE_REFERENCE),
            "studies": _array(_STUDY),
            "subjects": _array(_SUBJECT),
            "price": _array(_PRICE),
            "paymentModels": _array(_enum(("pre-paid", "post-paid", "periodically-paid"))),
            "licensePeriod": _LICENSE_PERIOD,
            "activationPeriod": _ACTIVATION_PERIOD,
            "deliveryTypes": _array(_enum(DELIVERY_TYPES)),
            "trialAccessUrl": _STRING,
            "defaultAccessUrl": _STRING,
            "specificAccessUrls": _array(_SPECIFIC_ACCESS_URL),
            "infoLink": _STRING,
            "shortDescription": {"type": "string", "minLength": 1, "maxLength": 80},
            "longDescription": _STRING,
            "copyrightType": _enum(COPYRIGHT_TYPES),
            "authors": _AUTHORS,
            "media": _MEDIA_SET,
            "followUpProduct": _PRODUCT_ID,
            "relatedProducts": _array(_PRODUCT_ID),
            "bundledProducts": _array(_PRODUCT_ID),
            "firstPublishedDate": _DATE,
            "deprecationDate": _DATE,
            "supportedUntilDate": _DATE,
            "endOfLifeDate": _DATE,
            "dateCreated": _DATE_TIME,
            "dateLastModified": _DATE_TIME,
        },
        PRODUCT_REQUIRED,
    ),
    "allOf": [
        _when("type", ("digital", "combi"), ("defaultAccessUrl",)),
        _when("type", ("digital",), ("licensePeriod",)),
        _when("status", ("no-longer-available", "not-available-or-usable"), ("supportedUntilDate", "endOfLifeDate")),
    ],
}
"""The product schema. Every property of ``Product`` (and ``infoLink`` of ``ProductInfo``) is listed."""
