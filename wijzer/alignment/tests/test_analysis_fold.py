"""The suggester's analyser folds text with `core.text.fold` (W5.4 §2). Its own copy lowered the case *before*
decomposing, the shared one after: they differ only for compatibility letters such as U+2102. This proves that on the
texts the suggester actually reads (every SLO goal, kernzin, uitwerking and illustratie, and both keyword lists) the
analysed tokens are exactly the same, so the unification cannot move a suggestion or an evaluation figure."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

import pytest

from wijzer.alignment.domain.suggest import analysis
from wijzer.core import text as core_text


def previous_fold(text: str) -> str:
    """The analyser's own copy before the unification (commit be4e3ff), kept here as the reference."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strings(node: object, keys: frozenset[str]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield value
            elif key in keys and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _strings(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys)


def corpus() -> list[str]:
    data = Path(settings.DATA_DIR)
    files = [
        *sorted((data / "slo" / "kerndoelen").glob("*.json")),
        *sorted((data / "slo" / "fo").glob("*.json")),
        data / "alignment" / "kerndoelen-2006-trefwoorden.json",
        data / "alignment" / "kerndoelen-fo-trefwoorden.json",
    ]
    keys = frozenset({"title", "description", "trefwoorden", "code"})
    texts: list[str] = []
    for path in files:
        texts.extend(_strings(json.loads(path.read_text(encoding="utf-8")), keys))
    return texts


def test_the_analyser_uses_the_shared_fold():
    assert analysis.fold is core_text.fold


def test_the_shared_fold_gives_the_same_tokens_as_the_previous_copy_on_every_goal_text(monkeypatch):
    # given: every text the suggester indexes or that a keyword list adds (tens of thousands of strings)
    texts = corpus()
    assert len(texts) > 10_000
    vocabulary = analysis.vocabulary_of(texts[:2000])
    # when: analysed with the shared fold, and again with the previous copy
    shared = [analysis.analyse(t, vocabulary) for t in texts]
    shared_words = [analysis.content_words(t) for t in texts]
    monkeypatch.setattr(analysis, "fold", previous_fold)
    previous = [analysis.analyse(t, vocabulary) for t in texts]
    previous_words = [analysis.content_words(t) for t in texts]
    # then: the same (stem, word) pairs and the same words for the embedding model, text for text
    assert shared == previous
    assert shared_words == previous_words
    assert sum(len(pairs) for pairs in shared) > 100_000


@pytest.mark.parametrize(("raw", "same"), [("Ideeën Café", True), ("\u2102", False)])
def test_where_the_two_folds_differ(raw, same):
    # the one known difference: a compatibility letter without a lower case of its own (U+2102 -> "C" -> "c")
    assert (core_text.fold(raw) == previous_fold(raw)) is same
