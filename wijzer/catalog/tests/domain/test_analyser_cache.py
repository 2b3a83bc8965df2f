"""The cached analysis paths give exactly the tokens of `analyse`, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijzer.catalog.domain.search import analyser

DUTCH_WORDS = st.sampled_from(["fietsen", "fiets", "Ideeën", "de", "het", "breuken", "REKENEN", "wiskunde", "1e", "x"])
TEXTS = st.text() | st.lists(DUTCH_WORDS | st.text(max_size=8), max_size=60).map(" ".join)


@given(TEXTS)
def test_text_tokens_equal_the_analysed_tokens(text):
    expected = " ".join(analyser.analyse(text))
    assert analyser.text_tokens(text) == expected
    assert analyser.text_tokens(text) == expected  # from the caches the second time
    assert analyser.text_tokens(text, repeats=False) == expected


@given(st.lists(TEXTS, max_size=5))
def test_token_text_joins_the_tokens_of_every_text(texts):
    assert analyser.token_text(texts) == " ".join(token for text in texts for token in analyser.analyse(text))


def test_a_full_word_cache_is_emptied_not_grown(monkeypatch):
    monkeypatch.setattr(analyser, "_WORD_TOKENS_MAX", 3)
    analyser._WORD_TOKENS.clear()
    assert analyser.text_tokens("appels peren bananen kiwi's fietsen " * 10) == " ".join(
        analyser.analyse("appels peren bananen kiwi's fietsen " * 10)
    )
    assert len(analyser._WORD_TOKENS) <= 3
