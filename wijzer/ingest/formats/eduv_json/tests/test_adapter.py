"""Edu-V Catalogue API JSON adapter: the published 2.0.0 Product, page shapes, schema warnings, broken input.

``fixtures/spec200__products.json`` is written after the spec's schema and examples with our own values (see
``fixtures/SOURCE.md``).
"""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.eduv_json.adapter import EduvJsonAdapter
from wijzer.ingest.formats.eduv_json.parse import FIELD_MAP, derive_vat, schema_problems
from wijzer.ingest.formats.eduv_json.schema import PRODUCT_SCHEMA, SPEC_VERSION
from wijzer.ingest.formats.records import AccessUrl, Medium, Price, RecordFailure, SubProduct
from wijzer.ingest.formats.tests.helpers import assert_well_behaved, fixture_bytes, mutated, parse_all, records
from wijzer.ingest.formats.validate import validate

ADAPTER = EduvJsonAdapter()
PAGE = fixture_bytes("eduv_json", "spec200__products.json")
PRODUCTS = json.loads(PAGE)
HAVO_4 = "70af3752-c6ad-43d9-aa0c-9ff099931f8a"
HAVO_5 = "cb61531d-61eb-4412-a52f-ca065ca37e39"


def _codes(record):
    return [p.code for p in record.problems]


def _one(product):
    (result,) = parse_all(ADAPTER, json.dumps(product).encode())
    return result


def test_spec_product_keeps_description_price_levels_subjects_and_access():
    # when
    digital = records(parse_all(ADAPTER, PAGE))[0]
    # then: what the issue says was lost before
    assert digital.description.startswith("Online lesmethode natuurkunde voor de bovenbouw havo")
    assert digital.short_description == "Natuurkunde voor havo 4 en 5 met oefeningen en uitleg"
    assert digital.prices == (
        Price(3899, Decimal(9), "EUR", "", datetime.date(2025, 8, 1), "standard", None),
        Price(4037, Decimal(9), "EUR", "", datetime.date(2026, 8, 1), "standard", None),
    )
    assert digital.obk_level_ids == (HAVO_4, HAVO_5)
    assert digital.curriculum.levels == ("havo 4", "havo 5")
    assert digital.curriculum.sectors == ("havo",)
    assert digital.curriculum.subjects == ("Natuurkunde",)
    assert digital.access_url == "https://start.lindeboom.example/na-havo"
    # and the rest of the field map
    assert digital.record_id == digital.product_id == "9789491234569"
    assert digital.format_version == SPEC_VERSION
    assert digital.title == "Spectrum natuurkunde havo 4-5 online"
    assert digital.family_name == "Spectrum natuurkunde"
    assert digital.edition == "3e editie, 1e druk"
    assert digital.publisher == "Uitgeverij Lindeboom"
    assert digital.supplier == "Schoolboekhandel Noord"
    assert digital.medium is Medium.DIGITAL_LICENCE
    assert digital.medium_raw == "digital; leerboek; oefenmateriaal"
    assert digital.product_state == "Leverbaar"
    assert digital.deleted is False
    assert digital.for_sale is True
    assert digital.sale_unit_size == 1
    assert digital.consumable is False
    assert digital.end_user_roles == ("Onderwijsvolger",)
    assert digital.licence == "copyright"
    assert digital.licence_raw == "yes"
    assert digital.is_paid is True
    assert digital.consumer_price_cents is None  # two standard prices (this and next school year): none is "the" price
    assert digital.licence_duration == "tot 31 juli na eerste gebruik (schooljaar)"
    assert digital.activation_before_days == 60
    assert digital.trial_url == "https://proef.lindeboom.example/na-havo"
    assert digital.specific_access_urls == (
        AccessUrl("https://start.lindeboom.example/na-havo/entree", "ENTREE"),
        AccessUrl("https://start.lindeboom.example/na-havo/oidc", "OIDC"),
    )
    assert digital.thumbnail_url == "https://media.lindeboom.example/na-havo.png"
    assert digital.authors == ("Anna van den Berg", "Karim Bouzid", "Redactie Spectrum")
    assert digital.followup_product_ids == ("9789491234576",)
    assert digital.related_product_ids == ("9789491234583",)
    assert digital.first_published == datetime.date(2024, 6, 1)
    assert digital.supported_until == datetime.date(2029, 7, 31)
    assert digital.end_of_life == datetime.date(2030, 7, 31)
    assert digital.last_modified == datetime.date(2025, 6, 20)
    assert json.loads(digital.raw)["productId"] == "9789491234569"
    assert digital.problems == ()  # conforms to the schema
    assert validate(digital) == ()


def test_combi_tier_prices_bundles_and_mixed_vat():
    combi = records(parse_all(ADAPTER, PAGE))[1]

    assert combi.medium is Medium.LIFO_BUNDLE
    assert [(p.amount_cents, p.kind, p.min_quantity, p.unit) for p in combi.prices] == [
        (5000, "tier", None, ""),
        (4750, "tier", 25, "vanaf 25 exemplaren"),
        (4500, "tier", 100, "vanaf 100 exemplaren"),
    ]
    assert {p.vat_percent for p in combi.prices} == {Decimal("13.0")}
    assert set(_codes(combi)) == {"price.vat_mixed"}
    assert combi.consumer_price_cents is None  # a tier price is not a standard one
    assert combi.sub_products == (SubProduct("9789491234606", "", 1), SubProduct("9789491234569", "", 2))
    assert combi.licence_duration == "365 dagen na eerste gebruik"
    assert combi.supplier == ""


def test_free_demo_with_uuid_id_and_creative_commons_licence():
    demo = records(parse_all(ADAPTER, PAGE))[2]

    assert demo.product_id == "0b6f2a4e-5c1d-4e8f-9a37-2d4c6b8e1f05"
    assert demo.for_sale is False
    assert demo.is_paid is False
    assert [(p.amount_cents, p.vat_percent, p.kind, p.min_quantity) for p in demo.prices] == [
        (0, Decimal(0), "schoolSize", None),
        (0, Decimal(0), "schoolSize", 1),
    ]
    assert demo.consumer_price_cents is None
    assert demo.licence == "cc-by-sa-4.0"
    assert demo.licence_duration == "1 maand na eerste gebruik"
    assert demo.curriculum.levels == ("groep 5", "groep 6")
    assert demo.last_modified == datetime.date(2025, 1, 2)
    assert demo.problems == ()


def test_withdrawn_status_marks_the_record_deleted_and_keeps_its_fields():
    withdrawn = records(parse_all(ADAPTER, PAGE))[3]

    assert withdrawn.deleted is True
    assert withdrawn.product_state == "Niet meer leverbaar of bruikbaar"
    assert withdrawn.record_id == "9789491234613"
    assert withdrawn.title.startswith("Spectrum natuurkunde havo 4 practicumset")
    assert withdrawn.sale_unit_size == 5
    assert withdrawn.medium is Medium.FOLIO


@pytest.mark.parametrize(
    ("status", "deleted", "state"),
    [
        ("will-never-be-available", True, "Zal niet verschijnen"),
        ("no-longer-available", False, "Niet meer leverbaar"),
        ("temporary-not-available", False, "Tijdelijk niet leverbaar"),
        ("not-yet-available", False, "Nog niet leverbaar"),
    ],
)
def test_statuses(status, deleted, state):
    product = copy.deepcopy(PRODUCTS[0]) | {"status": status}

    record = _one(product)

    assert (record.deleted, record.product_state) == (deleted, state)


def test_one_standard_price_is_the_consumer_price():
    product = copy.deepcopy(PRODUCTS[0])
    product["price"] = product["price"][:1]

    assert _one(product).consumer_price_cents == 4250


@pytest.mark.parametrize(
    ("excl", "incl", "rate", "code"),
    [
        (3899, 4250, Decimal(9), None),
        (1000, 1210, Decimal(21), None),
        (10, 11, Decimal(9), None),  # 0,109 rounds to 0,11
        (500, 500, Decimal(0), None),
        (1000, 1060, Decimal(6), None),
        (5000, 5650, Decimal("13.0"), "price.vat_mixed"),
        (0, 0, Decimal(0), None),
        (0, 100, None, "price.incomplete"),
    ],
)
def test_vat_is_derived_from_excl_and_incl(excl, incl, rate, code):
    vat, problem = derive_vat(excl, incl)

    assert vat == rate
    assert (problem.code if problem else None) == code


def test_unknown_and_mistyped_fields_become_warnings_not_silence():
    product = copy.deepcopy(PRODUCTS[0])
    product["titel"] = "verkeerd gespeld"
    product["saleUnitSize"] = "1"
    product["status"] = "beschikbaar"
    product["price"][0]["priceExcl"] = "38,99"
    del product["edition"]

    record = _one(product)

    schema = [p for p in record.problems if p.code == "eduv.schema"]
    assert all(p.severity == "warning" for p in schema)
    messages = {p.field: p.message_nl for p in schema if p.field}
    assert any("onbekend veld 'titel' in het product" in p.message_nl for p in schema)
    assert "verwacht: geheel getal" in messages["saleUnitSize"]
    assert "onbekende waarde 'beschikbaar'" in messages["status"]
    assert "verwacht: getal" in messages["price/0/priceExcl"]
    assert any("verplichte veld 'edition'" in p.message_nl for p in schema)
    # read as far as possible: the string amount with a decimal comma is still understood
    assert record.prices[0].amount_cents == 3899
    assert record.sale_unit_size is None
    assert record.product_state == "beschikbaar"


def test_digital_product_without_access_url_or_licence_period_is_warned():
    product = copy.deepcopy(PRODUCTS[0])
    del product["defaultAccessUrl"], product["licensePeriod"]

    messages = " ".join(p.message_nl for p in schema_problems(product))

    assert "'defaultAccessUrl' ontbreekt" in messages
    assert "'licensePeriod' ontbreekt" in messages


def test_a_1_0_1_product_reads_with_only_the_missing_edition_warned():
    product = copy.deepcopy(PRODUCTS[0])
    del product["edition"], product["specificAccessUrls"]
    for price in product["price"]:
        del price["priceType"]

    record = _one(product)

    assert [p.message_nl for p in record.problems] == [
        f"Edu-V Catalogue API {SPEC_VERSION}: het verplichte veld 'edition' ontbreekt in het product."
    ]
    assert [p.kind for p in record.prices] == ["standard", "standard"]


def test_guessed_pre_spec_names_are_not_read_and_are_warned():
    record = _one([{"id": "a:1", "ean": "9789491234569", "title": "Oud", "prices": [{"amount": 4500, "vat": 9}]}])

    assert (record.product_id, record.title, record.prices) == (None, "", ())
    assert sum("onbekend veld" in p.message_nl for p in record.problems) == 1
    assert "'ean', 'id', 'prices', 'title'" in next(p.message_nl for p in record.problems if "onbekend" in p.message_nl)


def test_field_map_names_every_property_of_the_schema():
    assert set(FIELD_MAP) == set(PRODUCT_SCHEMA["properties"])


def test_product_info_with_info_link():
    info = {
        key: PRODUCTS[0][key]
        for key in ("productId", "publisher", "type", "status", "name", "studies", "subjects", "defaultAccessUrl")
    } | {"infoLink": "https://lindeboom.example/na-havo", "shortDescription": "Kort", "media": PRODUCTS[0]["media"]}

    record = _one(info)

    assert record.information_url == "https://lindeboom.example/na-havo"
    assert not any("infoLink" in p.message_nl for p in record.problems)


@pytest.mark.parametrize(
    ("document", "count"),
    [
        ({"items": PRODUCTS[:2]}, 2),
        (PRODUCTS[:1], 1),
        (PRODUCTS[0], 1),
        ({"products": PRODUCTS}, 4),
        ({"products": []}, 0),
        ([], 0),
    ],
)
def test_accepted_shapes(document, count):
    results = parse_all(ADAPTER, json.dumps(document).encode())

    assert len(results) == count
    assert all(r.title for r in records(results))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"products": [', "json.syntax"),
        (b"", "file.empty"),
        (b"<!DOCTYPE html><html></html>", "file.html"),
        (b'{"foo": 1}', "file.no_records"),
        (b"\xff\xfe{", "json.syntax"),
        (b'{"status": 401, "statusMessage": "Token verlopen"}', "eduv.status"),
    ],
)
def test_unusable_files_give_one_failure(data, code):
    (failure,) = parse_all(ADAPTER, data)
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == code


def test_status_response_message():
    (failure,) = parse_all(ADAPTER, b'{"status": 401, "statusMessage": "Token verlopen"}')

    assert "status 401: Token verlopen" in failure.problems[0].message_nl


def test_a_non_object_in_the_list_is_one_failure():
    results = parse_all(ADAPTER, json.dumps([PRODUCTS[0], "geen product"]).encode())

    assert isinstance(results[1], RecordFailure)
    assert results[1].problems[0].code == "record.not_object"
    assert results[1].position == 2


def test_sniff():
    assert ADAPTER.sniff(b"\xef\xbb\xbf  [") is True
    assert ADAPTER.sniff(b"<?xml") is False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1024) | mutated(PAGE))
def test_random_and_mutated_input_never_raises(data):
    assert_well_behaved(ADAPTER, data)


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda c: (
            st.lists(c)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "productId",
                        "name",
                        "price",
                        "priceExcl",
                        "priceIncl",
                        "priceType",
                        "tierPricing",
                        "qty",
                        "studies",
                        "studyLevels",
                        "studyLevelId",
                        "subjects",
                        "authors",
                        "individuals",
                        "media",
                        "mainThumbnailUrl",
                        "url",
                        "licensePeriod",
                        "status",
                        "products",
                    ]
                ),
                c,
            )
        ),
    )
)
def test_arbitrary_json_never_raises(document):
    assert_well_behaved(ADAPTER, json.dumps(document).encode())


def test_the_spec_examples_own_quirks_are_read_and_warned():
    # The spec's example for studyLevelId ends in "/" (its own pattern forbids that) and its example
    # studyLevelPrefix is a number (the type is string): read the level anyway, and say what deviates.
    product = copy.deepcopy(PRODUCTS[0])
    product["studies"][0]["studyLevels"] = [
        {"studyLevelId": f"{HAVO_5}/", "studyLevelPrefix": 4205, "studyLevelName": "havo 5"}
    ]

    record = _one(product)

    assert record.obk_level_ids == (HAVO_5,)
    fields = {p.field for p in record.problems if p.code == "eduv.schema"}
    assert fields == {"studies/0/studyLevels/0/studyLevelId", "studies/0/studyLevels/0/studyLevelPrefix"}
