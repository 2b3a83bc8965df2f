"""The Dutch analyser (W4): one function turns any text into the tokens both search backends index and query.

Folding (lower case, diacritics removed) happens before stemming, so "ideeën" and "ideeen" give the same token.
Each word is indexed twice: as its Snowball Dutch stem and as the folded word itself. Snowball stems "fietsen"
to "fiets" but "fiets" to "fiet"; a query word matches either form of an indexed word (query.py), so "fietsen"
finds "fiets" and the other way round, and "breuken" finds "breuk". The algorithm is Snowball's classic Dutch
stemmer (``dutch_porter`` in PyStemmer 3, the one PostgreSQL's ``dutch`` configuration uses); the newer
Snowball 3 ``dutch`` maps "reken" to "reek". Very frequent function words (``STOPWORDS``) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from wijzer.core import text

WORD = re.compile(r"[^\W_]+")
MAX_TOKEN_LENGTH = 40  # longer "words" are noise (hashes, URLs glued together); they are cut, not dropped

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "als",
        "bij",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "het",
        "hij",
        "hoe",
        "in",
        "is",
        "je",
        "met",
        "na",
        "naar",
        "niet",
        "of",
        "om",
        "ook",
        "op",
        "te",
        "ten",
        "ter",
        "tot",
        "uit",
        "van",
        "voor",
        "want",
        "wat",
        "we",
        "wie",
        "wij",
        "ze",
        "zij",
        "zo",
        "zou",
    ]
)

_STEMMER = Stemmer.Stemmer("dutch_porter" if "dutch_porter" in Stemmer.algorithms() else "dutch")


fold = text.fold  # lower case without diacritics (core.text, the one copy)


def words(text: str) -> list[str]:
    """Folded words in order (letters and digits; punctuation and FTS syntax characters separate words)."""
    return [w[:MAX_TOKEN_LENGTH] for w in WORD.findall(fold(text))]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Dutch stem of one folded word; numbers and one-letter words stay as they are."""
    if len(word) < 3 or word.isdigit():
        return word
    result: str = _STEMMER.stemWord(word)
    return result


def forms(word: str) -> tuple[str, ...]:
    """The indexed forms of one folded word: its stem and, when different, the word itself."""
    stemmed = stem(word)
    return (stemmed,) if stemmed == word else (stemmed, word)


def analyse(text: str) -> list[str]:
    """Indexed tokens of `text`: per word (stop words left out) its stem and the folded word, in order."""
    return [form for w in words(text) if w not in STOPWORDS for form in forms(w)]


_WORD_TOKENS: dict[str, str] = {}
_WORD_TOKENS_MAX = 200_000  # emptied when full: bounded memory on any input
CACHED_TEXT_LENGTH = 160  # texts up to this length (names, keywords, short descriptions) are cached whole


def _word_tokens(word: str) -> str:
    """`forms(word)` joined by a space, "" for a stop word; cached per folded word."""
    found = _WORD_TOKENS.get(word)
    if found is None:
        found = "" if word in STOPWORDS else " ".join(forms(word))
        if len(_WORD_TOKENS) >= _WORD_TOKENS_MAX:
            _WORD_TOKENS.clear()
        _WORD_TOKENS[word] = found
    return found


def _text_tokens(text: str) -> str:
    """`" ".join(analyse(text))`, one cached look-up per word."""
    return " ".join(filter(None, map(_word_tokens, words(text))))


_cached_text_tokens = lru_cache(maxsize=20_000)(_text_tokens)


def text_tokens(text: str, *, repeats: bool = True) -> str:
    """The indexed form of one text (`" ".join(analyse(text))`).

    A short text that `repeats` across products (a method, publisher or keyword) is analysed once per process;
    pass `repeats=False` for texts that are mostly unique (titles), so they do not push those out of the cache.
    """
    if not text:
        return ""
    return _cached_text_tokens(text) if repeats and len(text) <= CACHED_TEXT_LENGTH else _text_tokens(text)


def token_text(texts: Iterable[str]) -> str:
    """The indexed form of several texts: their tokens joined by spaces (what FTS5 and tsvector receive)."""
    return " ".join(filter(None, map(text_tokens, texts)))
