"""BSN-like numbers (W5.1 item 7c): the elfproef, what counts as BSN-like, redaction (pure, no database)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wijzer.ingest.domain.privacy import (
    REDACTED,
    bsn_fields,
    bsn_like_numbers,
    passes_elfproef,
    redact_raw,
    redact_text,
)
from wijzer.ingest.formats.records import Curriculum, ParsedRecord, Price, SubProduct

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _check_digit(first8: list[int]) -> int:
    return sum(w * d for w, d in zip(WEIGHTS, first8, strict=False)) % 11


@st.composite
def bsns(draw: st.DrawFn) -> str:
    """Nine digits that pass the elfproef (not all zeros)."""
    first8 = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    last = _check_digit(first8)
    assume(last < 10 and any([*first8, last]))
    return "".join(map(str, [*first8, last]))


def _spelled(digits: str, style: str) -> str:
    if style == "plain":
        return digits
    sep = style[-1]
    if style.startswith("333"):
        return sep.join((digits[:3], digits[3:6], digits[6:]))
    return sep.join((digits[:4], digits[4:6], digits[6:]))


STYLES = ["plain", "333.", "333 ", "333-", "423.", "423 ", "423-"]
words = st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=30)


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_the_elfproef_is_the_weighted_sum_divisible_by_11(digits: list[int]) -> None:
    text = "".join(map(str, digits))
    expected = sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11 == 0 and any(digits)
    assert passes_elfproef(text) is expected


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("123456782", True), ("111222333", True), ("123456789", False), ("000000000", False), ("12345678", False)],
)
def test_known_numbers(digits: str, expected: bool) -> None:
    assert passes_elfproef(digits) is expected


@given(bsns(), st.sampled_from(STYLES), words, words)
def test_a_bsn_in_running_text_is_found_and_redacted(number: str, style: str, before: str, after: str) -> None:
    spelled = _spelled(number, style)
    text = f"{before} {spelled} {after}"
    assert bsn_like_numbers(text) == [spelled]
    assert number not in redact_text(text).replace(".", "").replace(" ", "").replace("-", "")
    assert REDACTED in redact_text(text)


@given(bsns(), st.sampled_from(STYLES))
def test_a_number_failing_the_elfproef_is_not_bsn_like(number: str, style: str) -> None:
    wrong = number[:8] + str((int(number[8]) + 1) % 10)
    assert bsn_like_numbers(f"nummer {_spelled(wrong, style)} hier") == []


@given(st.integers(min_value=10**12, max_value=10**13 - 1))
def test_ean_and_isbn_13_never_count(ean: int) -> None:
    assert bsn_like_numbers(f"ISBN {ean} en EAN {str(ean)[:3]}-{str(ean)[3:]}") == []


@given(st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2))
def test_prices_never_count(amount: Decimal) -> None:
    dutch = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert bsn_like_numbers(f"Prijs € {dutch} per leerling, of {amount} EUR") == []


@pytest.mark.parametrize(
    "text",
    [
        "code a123456782",  # glued to letters: part of a code
        "123456782b",
        "1234567820",  # ten digits
        "0612345678",  # a mobile number
        "020 123 4567",  # a phone number
        "8cd7169b-ec2b-4b1a-bc35-123456782abc",  # a UUID segment
        "123.456.782,00",  # a decimal amount
        "1.123.456.782",  # part of a longer grouped number
        "١٢٣٤٥٦٧٨٢",  # Arabic-Indic digits are not how a BSN is written in a Dutch record
    ],
)
def test_numbers_that_are_not_bsn_like(text: str) -> None:
    assert bsn_like_numbers(text) == []


def test_free_text_fields_are_named_and_identifiers_are_not_scanned() -> None:
    record = ParsedRecord(
        format_id="csv",
        record_id="123456782",
        product_id="123456782",
        uri="https://voorbeeld.nl/123456782",
        title="Rekenen BSN 123.456.782",
        keywords=("breuken", "1234 56 782"),
        curriculum=Curriculum(subjects=("rekenen 123456782",)),
        sub_products=(SubProduct("123456782", "deel 123-456-782"),),
        prices=(Price(1000, Decimal(9), unit="per 123456782"),),
    )
    assert bsn_fields(record) == {
        "title": ["123.456.782"],
        "keywords": ["1234 56 782"],
        "curriculum.subjects": ["123456782"],
        "sub_products.title": ["123-456-782"],
        "prices.unit": ["123456782"],
    }


def test_raw_records_are_redacted_or_given_up_when_the_number_hides_in_another_spelling() -> None:
    assert redact_raw(b"<t>BSN 123456782</t>", ["123456782"]) == f"<t>BSN {REDACTED}</t>".encode()
    assert redact_raw(b"<t>BSN &#49;23456782</t>", ["123456782"]) is None
    assert redact_raw(b'{"t": "\\u00312345678 2"}', ["123456782"]) is None
    assert redact_raw(b"\xff\xfe BSN 123456782", ["123456782"]) is None


def test_the_raw_bytes_do_not_decide_whether_fields_are_scanned() -> None:
    """The parsed fields are scanned whatever the raw record looks like (digits as character references there)."""
    clean = ParsedRecord(format_id="csv", title="Rekenen", raw=b"9789006987904;Rekenen;groep 5")
    assert bsn_fields(clean) == {}
    escaped = dataclasses.replace(clean, description="Leerling 123.456.782", raw=b"Leerling &#49;23456782")
    assert bsn_fields(escaped) == {"description": ["123.456.782"]}


_bits = st.text(alphabet="0123456789 .-\u00a0abc,\x1f", max_size=12)
_numbers = st.one_of(st.just(""), st.tuples(bsns(), st.sampled_from(STYLES)).map(lambda n: _spelled(*n)))
texts = st.tuples(_bits, _numbers, _bits).map("".join)  # BSN-like or not, digits and separators at either end


@settings(max_examples=400)
@given(texts, texts, st.lists(texts, max_size=3), texts, texts, texts, texts)
def test_one_scan_of_the_joined_texts_finds_what_a_scan_per_field_finds(
    title: str, description: str, keywords: list[str], subject: str, part: str, unit: str, part_id: str
) -> None:
    """bsn_fields scans a record's free texts joined in one go and walks the fields only when that finds a number:
    the result is the per-field scan's, whatever digits and separators meet at the joins."""
    record = ParsedRecord(
        format_id="csv",
        record_id=part_id,
        title=title,
        description=description,
        keywords=tuple(keywords),
        curriculum=Curriculum(subjects=(subject,)),
        sub_products=(SubProduct(part_id, part),),
        prices=(Price(1000, Decimal(9), unit=unit),),
    )
    expected: dict[str, list[str]] = {}
    for path, values in (
        ("title", [title]),
        ("description", [description]),
        ("keywords", keywords),
        ("curriculum.subjects", [subject]),
        ("sub_products.title", [part]),
        ("prices.unit", [unit]),
    ):
        for text in values:
            if numbers := bsn_like_numbers(text):
                expected.setdefault(path, []).extend(numbers)
    assert bsn_fields(record) == expected
