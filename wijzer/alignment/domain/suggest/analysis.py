"""A Dutch analyser for goal and chapter texts: fold accents, tokenise, drop stop words, stem, split compounds.

The stemmer is Snowball's classic Dutch algorithm (PyStemmer ``dutch_porter``). PyStemmer 3 maps ``dutch`` to the
newer Kraaij-Pohlmann variant, which strips ``ge-`` and over-stems ("gezondheid" → "zon", "gemeente" → "meen"),
so unrelated words would match; the classic stemmer keeps them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from wijzer.core import text as core_text

_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("dutch_porter")

# Snowball's Dutch stop words plus words every goal or chapter text uses ("de leerling leert …"), which say
# nothing about the content. Kept short on purpose: content words must never be dropped.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "daarna",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jou",
        "jouw",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "zoals",
        "hen",
        "hoe",
        "welke",
        "waarbij",
        "waarin",
        "daarbij",
        "daarmee",
        "hierbij",
        "ermee",
        "erover",
        "eigen",
        "elkaar",
        "elk",
        "elke",
        "ieder",
        "iedere",
        "onze",
        "jullie",
        "zichzelf",
        "zowel",
        "alle",
        "allerlei",
        "enkele",
        "verschillende",
        "leerling",
        "leerlingen",
        "leer",
        "leert",
        "leren",
        "kinderen",
        "kind",
        "klas",
        "groep",
        "hoofdstuk",
        "hoofdstukken",
        "les",
        "lessen",
        "blok",
        "thema",
        "unit",
        "paragraaf",
        "deel",
        "onderdeel",
        "methode",
        "gaat",
        "gaan",
        "hierbij",
        "manier",
        "bijvoorbeeld",
        "daarnaast",
        "tevens",
        "stap",
        "stappen",
        "keer",
        # separable-verb particles and question words ("trekt … af", "telt … op"); not "weer" (het weer) or
        # "even" (even getallen), which are content words in some goals
        "af",
        "toe",
        "mee",
        "wij",
        "wanneer",
        "waarom",
    ]
)
_STOP_STEMS = frozenset(_STEMMER.stemWords(sorted(STOP_WORDS)))
MIN_PART = 4  # shortest compound part that counts (avoids "kaart" → "ka" + "art")


fold = core_text.fold  # lower case without diacritics: "Ideeën" → "ideeen" (core.text, the one copy)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    """Folded tokens without stop words (before stemming)."""
    return [w for w in _TOKEN.findall(fold(text)) if len(w) > 1 and w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """The content stems of a text, in order, with repeats."""
    return [s for s in (stem(w) for w in words(text)) if s not in _STOP_STEMS]


def split_compound(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The stems of a Dutch compound whose head and tail are both known stems ("getallenlijn" → getall, lijn).

    Tries every split point; the linking letters -s- and -e(n)- are allowed. Returns () when no split fits, so the
    word is kept whole. Deterministic: the split with the longest known tail wins.
    """
    if len(word) < 2 * MIN_PART:
        return ()
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        tail_stem = stem(tail)
        if tail_stem not in vocabulary or tail_stem in _STOP_STEMS:
            continue
        for linked in (head, head.removesuffix("s"), head.removesuffix("en"), head.removesuffix("e")):
            head_stem = stem(linked)
            if len(linked) >= MIN_PART - 1 and head_stem in vocabulary and head_stem not in _STOP_STEMS:
                return (head_stem, tail_stem)
    return ()


def analyse(text: str, vocabulary: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(stem, surface word) pairs of `text`; a compound also yields its parts when both are in `vocabulary`."""
    result: list[tuple[str, str]] = []
    for word in words(text):
        whole = stem(word)
        if whole in _STOP_STEMS:
            continue
        result.append((whole, word))
        if vocabulary:
            result.extend((part, word) for part in split_compound(word, vocabulary) if part != whole)
    return result


def vocabulary_of(texts: Iterable[str]) -> frozenset[str]:
    """Every stem of at least MIN_PART letters in `texts`: the known parts for compound splitting."""
    return frozenset(s for text in texts for s in stems(text) if len(s) >= MIN_PART)


# Words that frame a chapter description ("Blok 5 - groep 6", "Unit 3 (havo 2)", "de kinderen …") but say nothing
# about its content. Dropped, with stop words and numbers, from the text the embedding model reads: its budget is
# ~20 words (latency), so every word spent on "Hoofdstuk 5 (vmbo-basis 2)" is a content word lost. Generic
# publisher/school vocabulary only, written from the shape of chapter titles, not from any evaluation text.
_FRAME = (
    "blok deel hoofdstuk paragraaf unit les lessen lessenserie lessenreeks thema module project week groep groepen "
    "klas klassen leerjaar vmbo havo vwo mavo kader basis gt tl leerling leerlingen kind kinderen"
)
FRAME_WORDS = frozenset(_FRAME.split(" "))
_NUMBERED = re.compile(r"[a-z]?\d+[a-z]?")  # "5", "h5", "3b"


def content_words(text: str) -> str:
    """`text` without stop words, frame words and numbers, words otherwise as written (for the embedding model)."""
    kept = []
    for word in text.split():
        core = re.sub(r"[^a-z0-9]", "", fold(word))
        if not core or core in STOP_WORDS or core in FRAME_WORDS or _NUMBERED.fullmatch(core):
            continue
        kept.append(word)
    return " ".join(kept)


def sentences(text: str) -> list[str]:
    """Split a goal text into sentences or list items (for the "best matching sub-text" evidence)."""
    parts = re.split(r"(?<=[.;:!?])\s+|\n+", text)
    return [p.strip() for p in parts if len(p.strip()) > 3]
