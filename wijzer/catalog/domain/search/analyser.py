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
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

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


def fold(text: str) -> str:
    """Lower case without diacritics: "Ideeën" -> "ideeen"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


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


def token_text(texts: Iterable[str]) -> str:
    """The indexed form of several texts: their tokens joined by spaces (what FTS5 and tsvector receive)."""
    return " ".join(token for text in texts for token in analyse(text))
