"""The Dutch analyser, the query parser, price bands and bitmaps: pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.catalog.domain.search import bitmap
from wijzer.catalog.domain.search.analyser import analyse, fold, stem
from wijzer.catalog.domain.search.facets import price_band
from wijzer.catalog.domain.search.query import MAX_TERMS, Term, fts5_term, parse, tsquery_term


@pytest.mark.parametrize(
    ("word", "expected"),
    [("fietsen", "fiets"), ("breuken", "breuk"), ("breuk", "breuk"), ("rekenen", "reken"), ("boeken", "boek")],
)
def test_dutch_stemming_reduces_inflected_forms(word, expected):
    assert stem(fold(word)) == expected


@pytest.mark.parametrize(
    ("query", "indexed"),
    [("fietsen", "fiets"), ("fiets", "fietsen"), ("breuken", "breuk"), ("breuk", "breuken"), ("Ideeën", "ideeen"),
     ("rekenen", "reken"), ("fietsen wiel", "fiets"), ("fiets wiel", "fietsen")],
)  # fmt: skip
def test_a_query_word_matches_other_forms_of_the_word(query, indexed):
    """Every word is indexed as stem and as itself; a query word matches either ("fiets" stems to "fiet")."""
    term = parse(query).terms[0]
    tokens = analyse(indexed)
    assert any(tok.startswith(term.forms) if term.prefix else tok in term.forms for tok in tokens)


def test_analyse_folds_accents_drops_stop_words_and_keeps_numbers():
    assert analyse("De Breuken van Wiskunde, havo 2!") == ["breuk", "breuken", "wiskund", "wiskunde", "havo", "2"]


def test_parse_makes_the_last_word_a_prefix_of_its_stem():
    # given / when
    parsed = parse("breuken rekenen")
    # then: "reken"* covers "rekenen"*
    assert parsed.terms == (Term(("breuk", "breuken")), Term(("reken",), prefix=True))


def test_parse_turns_fts_syntax_into_plain_words():
    parsed = parse('"NEAR(a b)" * -havo OR')
    assert [t.token for t in parsed.terms] == ["near", "a", "b", "havo", "or"]
    assert fts5_term(parsed.terms[0]) == '"near"'
    assert fts5_term(parsed.terms[-1]) == '"or"'  # too short for a prefix


def test_parse_keeps_only_stop_words_when_there_is_nothing_else():
    assert [t.token for t in parse("de het").terms] == ["de", "het"]


def test_parse_caps_the_number_of_terms():
    parsed = parse(" ".join(f"woord{i}" for i in range(20)))
    assert (len(parsed.terms), parsed.dropped_words) == (MAX_TERMS, 20 - MAX_TERMS)


def test_empty_query_has_no_terms():
    assert parse("  ").is_empty
    assert parse('"*-').is_empty


def test_term_expressions_quote_tokens_for_both_backends():
    term = Term(("wisk",), prefix=True)
    assert fts5_term(term, exclude=("wiskund",)) == '"wisk"* NOT ("wiskund")'
    assert tsquery_term(term, exclude=("wiskund",)) == "('wisk':*) & !('wiskund')"
    assert tsquery_term(Term(("o'neil",))) == "'o''neil'"
    assert fts5_term(Term(("breuk", "breuken"))) == '("breuk" OR "breuken")'


@pytest.mark.parametrize(
    ("cents", "band"),
    [(None, "onbekend"), (0, "gratis"), (1, "tot-10"), (999, "tot-10"), (1000, "10-25"), (4999, "25-50"),
     (5000, "50-100"), (10000, "100-plus")],
)  # fmt: skip
def test_price_bands_per_pupil_per_year(cents, band):
    assert price_band(cents) == band


@given(st.sets(st.integers(min_value=0, max_value=3 * bitmap.CHUNK_BITS - 1), max_size=200))
def test_bitmap_round_trip_and_counts(ids):
    words = bitmap.words_for(3 * bitmap.CHUNK_BITS - 1)
    bits = bitmap.from_ids(sorted(ids), words)
    assert bitmap.to_ids(bits).tolist() == sorted(ids)
    assert bitmap.count(bits) == len(ids)
    evens = bitmap.from_ids([i for i in ids if i % 2 == 0], words)
    assert bitmap.and_count(bits, evens) == len([i for i in ids if i % 2 == 0])


def test_chunks_assemble_to_the_same_bitmap():
    words = bitmap.words_for(bitmap.CHUNK_BITS + 5)
    chunk0 = bitmap.apply_to_chunk(None, [1, 7], [])
    chunk1 = bitmap.apply_to_chunk(bitmap.apply_to_chunk(None, [5, 6], []), [], [6])
    bits = bitmap.assemble({0: chunk0, 1: chunk1}, words)
    assert bitmap.to_ids(bits).tolist() == [1, 7, bitmap.CHUNK_BITS + 5]


def test_decimal_free_price_band_matches_vat_rounding():
    assert price_band(int(Decimal("999.5").quantize(Decimal(1)))) == "10-25"
