"""Validation rules, each with a passing and a failing case."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.records import ParsedRecord, Price, Severity
from wijzer.ingest.formats.validate import ean13_is_valid, validate

GOOD = ParsedRecord(
    format_id="eck_catalog",
    record_id="r1",
    product_id="9789006987904",
    title="Newton",
    publisher="ThiemeMeulenhoff",
    prices=(Price(2798, Decimal("9.0")),),
    is_paid=True,
    product_state="Leverbaar",
    first_published=datetime.date(2021, 5, 1),
    end_of_life=datetime.date(2051, 11, 11),
    access_url="https://toegang.org/9789006987904",
)


def codes(record: ParsedRecord) -> list[str]:
    return [p.code for p in validate(record)]


def test_good_record_has_no_problems():
    assert validate(GOOD) == ()


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("9789006987904", True),
        ("9789034553966", True),
        ("9789006987905", False),
        ("978900698790", False),
        ("97890069879O4", False),
        ("\uff19\uff17\uff18\uff19\uff10\uff10\uff16\uff19\uff18\uff17\uff19\uff10\uff14", False),
    ],
)
def test_ean13_check_digit(code, valid):
    assert ean13_is_valid(code) is valid


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_ean13_check_digit_is_the_gs1_sum_digit_by_digit(code):
    # the check on byte values gives exactly the GS1 rule written out digit by digit
    digits = [int(c) for c in code]
    total = sum(digits[0:12:2]) + 3 * sum(digits[1:12:2])
    assert ean13_is_valid(code) is ((10 - total % 10) % 10 == digits[12])


@pytest.mark.parametrize(
    ("_case", "changes", "expected"),
    [
        ("missing title", {"title": ""}, ["required.title"]),
        ("missing product id", {"product_id": None}, ["required.product_id"]),
        ("bad check digit", {"product_id": "9789006987905"}, ["product_id.checksum"]),
        ("not an ean", {"product_id": "ABC-123"}, ["product_id.format"]),
        ("negative price", {"prices": (Price(-1, Decimal(9)),)}, ["price.negative"]),
        ("zero price paid", {"prices": (Price(0, Decimal(9)),)}, ["price.zero_paid"]),
        ("absurd price", {"prices": (Price(100_001, Decimal(21)),)}, ["price.absurd"]),
        ("bad vat", {"prices": (Price(100, Decimal(19)),)}, ["vat.invalid"]),
        ("historic vat", {"prices": (Price(100, Decimal(6)),)}, ["vat.historic"]),
        ("dates reversed", {"end_of_life": datetime.date(2020, 1, 1)}, ["dates.order"]),
        ("relative url", {"access_url": "toegang.org/123"}, ["url.invalid"]),
        ("ftp url", {"information_url": "ftp://example.org/x"}, ["url.invalid"]),
        ("url with space", {"thumbnail_url": "https://example.org/a b.png"}, ["url.invalid"]),
    ],
)
def test_rule_fails(_case, changes, expected):
    assert codes(dataclasses.replace(GOOD, **changes)) == expected


@pytest.mark.parametrize(
    ("_case", "changes"),
    [
        ("zero price for free product", {"prices": (Price(0, Decimal(0)),), "is_paid": False}),
        (
            "zero price when no longer deliverable",
            {"prices": (Price(0, Decimal(0)),), "product_state": "Niet meer leverbaar"},
        ),
        ("exactly 1000 euro", {"prices": (Price(100_000, Decimal(21)),)}),
        ("vat 0 and 21", {"prices": (Price(100, Decimal("0.0")), Price(100, Decimal("21.00")))}),
        ("same day", {"end_of_life": datetime.date(2021, 5, 1)}),
        ("http url", {"information_url": "http://www.thiememeulenhoff.nl"}),
    ],
)
def test_rule_passes(_case, changes):
    assert codes(dataclasses.replace(GOOD, **changes)) == []


def test_severities():
    record = dataclasses.replace(GOOD, prices=(Price(200_000, Decimal(6)),))
    assert {p.code: p.severity for p in validate(record)} == {
        "price.absurd": Severity.WARNING,
        "vat.historic": Severity.WARNING,
    }


def test_required_fields_depend_on_format_and_deleted_records_are_exempt():
    lom = ParsedRecord(format_id="nl_lom", record_id="oai:x:1", title="Open les")
    assert codes(lom) == ["required.uri"]
    assert codes(dataclasses.replace(lom, deleted=True, title="")) == []


def test_messages_are_dutch():
    (problem,) = validate(dataclasses.replace(GOOD, prices=(Price(-250, Decimal(9)),)))
    assert problem.message_nl == "De prijs € -2,50 is negatief."


@pytest.mark.parametrize(
    ("state", "end", "warned"),
    [
        ("Leverbaar", datetime.date(2026, 12, 2), True),
        ("Leverbaar", datetime.date(2026, 12, 3), False),
        ("Niet meer leverbaar", datetime.date(2020, 1, 1), False),
        ("Leverbaar", None, False),
    ],
    ids=["ended_yesterday_case", "ends_today_case", "not_deliverable_case", "no_end_case"],
)
def test_a_deliverable_product_with_a_past_licence_end_is_a_warning(state, end, warned):
    record = dataclasses.replace(GOOD, product_state=state, licence_end_date=end)
    found = [p for p in validate(record, today=datetime.date(2026, 12, 3)) if p.code == "licence.expired"]
    assert [p.severity for p in found] == ([Severity.WARNING] if warned else [])


def test_an_eduv_combi_price_with_a_mixed_rate_and_a_uuid_product_id_pass():
    """The Edu-V spec allows a UUID productId; a combi product's derived rate (book 9 % + licence 21 %) is
    reported by the parser as price.vat_mixed (a warning), not rejected as an invalid rate."""
    from wijzer.ingest.formats.records import Problem

    record = dataclasses.replace(
        GOOD,
        format_id="eduv_json",
        product_id="3f6c1b0e-6a52-4d0e-9a7e-2b9a0c7f4e11",
        prices=(Price(4000, Decimal("13.25")),),
        problems=(Problem.warning("price.vat_mixed", "prices", "gemengd tarief"),),
    )
    assert codes(record) == []
    assert "vat.invalid" in codes(dataclasses.replace(record, problems=()))
    assert "product_id.format" in codes(dataclasses.replace(record, format_id="eck_catalog"))
