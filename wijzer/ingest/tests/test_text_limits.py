"""Length limits of delivered texts (W5.1 item 7d): cut with a visible warning, the raw record kept in provenance."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.catalog.models import Product
from wijzer.ingest import service
from wijzer.ingest.domain.limits import (
    MAX_SUB_PRODUCTS,
    PRICE_UNIT,
    SUB_PRODUCT_TITLE,
    TEXT_LIMITS,
    URL_CHARS,
    URL_FIELDS,
    cut_lengths,
    limit_lengths,
    within_limits,
)
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


def _near(name: str, length: int) -> dict[str, object]:
    """Record fields with one length `length` at the limit named `name` (a field, or "<field>.items" for how many),
    everything else short."""
    x = "x" * length
    if name.endswith(".items"):
        field = name.removesuffix(".items")
        return (
            {"sub_products": tuple(SubProduct(str(i)) for i in range(length))}
            if field == "sub_products"
            else {field: ("k",) * length}
        )
    if name in TEXT_LIMITS:
        return {name: x if TEXT_LIMITS[name].items is None else ("k", x)}
    if name in URL_FIELDS:
        return {name: "https://v.nl/" + x[13:]}
    if name == "sub_products":
        return {"sub_products": (SubProduct("1", "deel"), SubProduct("2", x))}
    return {"prices": (Price(100, Decimal(9), unit="per stuk"), Price(100, Decimal(9), unit=x))}


LIMITS = {
    **{name: limit.chars for name, limit in TEXT_LIMITS.items()},
    **{f"{name}.items": limit.items for name, limit in TEXT_LIMITS.items() if limit.items},
    **dict.fromkeys(URL_FIELDS, URL_CHARS),
    "sub_products": SUB_PRODUCT_TITLE,
    "sub_products.items": MAX_SUB_PRODUCTS,
    "prices": PRICE_UNIT,
}


@settings(max_examples=300)
@given(st.sampled_from(sorted(LIMITS)), st.integers(-2, 2))
def test_the_quick_check_passes_exactly_the_records_the_cut_leaves_alone(name: str, delta: int) -> None:
    """`within_limits` (what `limit_lengths` checks first) is True exactly when the full cut changes nothing, for
    every limit, just below, at and just above it."""
    fields = {"title": "Rekenen", **_near(name, LIMITS[name] + delta)}
    record = ParsedRecord(format_id="csv", **fields)  # type: ignore[arg-type]  # each value fits its field
    assert within_limits(record) is (delta <= 0)
    assert within_limits(record) is (cut_lengths(record) == (record, ()))
    assert limit_lengths(record) == cut_lengths(record)


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
