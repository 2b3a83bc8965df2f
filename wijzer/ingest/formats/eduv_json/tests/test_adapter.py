"""Edu-V Catalogue API JSON adapter: page shapes, field mapping, broken input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.eduv_json.adapter import EduvJsonAdapter
from wijzer.ingest.formats.records import Medium, Price, RecordFailure, SubProduct
from wijzer.ingest.formats.tests.helpers import assert_well_behaved, fixture_bytes, mutated, parse_all, records

ADAPTER = EduvJsonAdapter()
PAGE = fixture_bytes("eduv_json", "handmade__products-page.json")
PRODUCT = {"ean": "9789006987904", "title": "Los product", "publisher": "P"}


def test_products_page_maps_fields():
    # when
    results = parse_all(ADAPTER, PAGE)
    # then
    first, second = records(results)
    assert len(results) == 3
    assert first.record_id == "uitgever-a:123"
    assert first.product_id == "9789006987904"
    assert first.family_name == "Newton"
    assert first.publisher == "Uitgeverij A"
    assert first.supplier == "Leverancier B"
    assert first.medium is Medium.LIFO_BUNDLE
    assert first.curriculum.levels == ("HAVO",)
    assert first.curriculum.years == ("jaar 4",)
    assert first.prices == (Price(4500, Decimal(9), "EUR", "per leerling"),)
    assert first.price_is_indicative is False
    assert first.sub_products == (SubProduct("9789006484908", "Licentie", 2), SubProduct("9789006439816", "", 2))
    assert json.loads(first.raw)["id"] == "uitgever-a:123"
    assert second.prices == (Price(1250, Decimal(21), "EUR", ""),)
    assert [p.code for p in second.problems] == ["price.decimal_euros"]
    failure = results[2]
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == "record.not_object"
    assert failure.position == 3


@pytest.mark.parametrize(
    ("document", "count"),
    [({"items": [PRODUCT, PRODUCT]}, 2), ([PRODUCT], 1), (PRODUCT, 1), ({"products": []}, 0)],
)
def test_accepted_shapes(document, count):
    results = parse_all(ADAPTER, json.dumps(document).encode())
    assert len(records(results)) == count
    assert all(r.title == "Los product" for r in records(results))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"products": [', "json.syntax"),
        (b"", "file.empty"),
        (b"<!DOCTYPE html><html></html>", "file.html"),
        (b'{"foo": 1}', "file.no_records"),
        (b"\xff\xfe{", "json.syntax"),
    ],
)
def test_unusable_files_give_one_failure(data, code):
    (failure,) = parse_all(ADAPTER, data)
    assert isinstance(failure, RecordFailure)
    assert failure.problems[0].code == code


def test_sniff():
    assert ADAPTER.sniff(b"\xef\xbb\xbf  [") is True
    assert ADAPTER.sniff(b"<?xml") is False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1024) | mutated(PAGE))
def test_random_and_mutated_input_never_raises(data):
    assert_well_behaved(ADAPTER, data)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: (
            st.lists(c)
            | st.dictionaries(st.sampled_from(["title", "prices", "ean", "amount", "vat", "products", "levels"]), c)
        ),
    )
)
def test_arbitrary_json_never_raises(document):
    assert_well_behaved(ADAPTER, json.dumps(document).encode())
