"""Length limits of delivered texts (W5.1 item 7d): cut with a visible warning, the raw record kept in provenance."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.catalog.models import Product
from wijzer.ingest import service
from wijzer.ingest.domain.limits import TEXT_LIMITS, limit_lengths
from wijzer.ingest.formats.records import ParsedRecord, Price, SubProduct


def test_a_record_within_the_limits_is_returned_unchanged():
    record = ParsedRecord(format_id="csv", title="Rekenen", description="x" * 20_000, keywords=("a",) * 100)
    assert limit_lengths(record) == (record, ())


def test_over_long_texts_are_cut_each_with_a_warning_naming_the_field():
    record = ParsedRecord(
        format_id="csv",
        title="t" * 1_500,
        description="d" * 25_000,
        keywords=(*(f"w{i}" for i in range(150)), "k" * 300),
        information_url="https://voorbeeld.nl/" + "a" * 1_000,
        sub_products=(SubProduct("1", "s" * 2_000),),
        prices=(Price(100, Decimal(9), unit="u" * 300),),
        raw=b"<record/>",
    )
    cut, problems = limit_lengths(record)
    assert (len(cut.title), len(cut.description), len(cut.keywords)) == (1_000, 20_000, 100)
    assert cut.information_url is None
    assert (len(cut.sub_products[0].title), len(cut.prices[0].unit)) == (1_000, 200)
    assert cut.raw == record.raw
    assert [(p.code, str(p.severity)) for p in problems] == [
        ("length.title", "warning"),
        ("length.description", "warning"),
        ("length.keywords", "warning"),
        ("length.information_url", "warning"),
        ("length.sub_products", "warning"),
        ("length.prices", "warning"),
    ]
    assert problems[0].message_nl == (
        "De titel is 1.500 tekens lang; Wijzer toont de eerste 1.000. "
        "Het volledige record blijft bewaard in de herkomst."
    )
    assert problems[2].message_nl == "Er zijn 151 trefwoorden aangeleverd; Wijzer bewaart de eerste 100."


@given(st.text(max_size=1_200), st.lists(st.text(max_size=250), max_size=120))
def test_limits_hold_for_any_text(title: str, keywords: list[str]) -> None:
    cut, problems = limit_lengths(ParsedRecord(format_id="csv", title=title, keywords=tuple(keywords)))
    assert len(cut.title) <= TEXT_LIMITS["title"].chars
    assert len(cut.keywords) <= 100
    assert all(len(k) <= 200 for k in cut.keywords)
    assert bool(problems) == (cut.title != title or cut.keywords != tuple(keywords))


@pytest.mark.usefixtures("slo")
def test_an_over_long_description_is_stored_cut_with_a_warning_and_the_raw_record_complete():
    # given a CSV delivery with a 25,000-character description and a 1,500-character title
    body = f"ean;titel;beschrijving;uitgever\n9789006987904;{'T' * 1_500};{'D' * 25_000};Uitgeverij Proef\n"
    source = service.ensure_source("lang", format_id="csv")
    # when
    service.ingest_stream(io.BytesIO(body.encode()), source=source, input_name="lang.csv", format_id="csv")
    # then
    product = Product.objects.get()
    assert (len(product.title), len(product.description)) == (1_000, 20_000)
    provenance = product.provenance.get()
    assert [w["code"] for w in provenance.warnings if w["code"].startswith("length.")] == [
        "length.title",
        "length.description",
    ]
    assert b"D" * 25_000 in bytes(provenance.raw)
