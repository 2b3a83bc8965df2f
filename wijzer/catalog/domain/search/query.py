"""User text -> a safe search expression (W4). Nothing the user types reaches FTS5 or tsquery syntax unquoted.

Words are analysed like the indexed text (fold, stop words, Dutch stem). Every word must match (AND), in one
of its forms (stem or folded word, OR); the last word also matches as a prefix (search while typing), from
`MIN_PREFIX` letters on. FTS5 syntax (``"``, ``*``, ``NEAR``, ``-``, ``AND``/``OR``/``NOT``, ``:``, ``^``) is plain
text here: punctuation separates words and the
operator words become ordinary quoted terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analyser import STOPWORDS, words
from .analyser import forms as word_forms

MAX_QUERY_CHARS = 500  # longer input is refused with a message (API 422, page: shortened with a notice)
MAX_TERMS = 8
MIN_PREFIX = 3


@dataclass(frozen=True, slots=True)
class Term:
    """One query word: the tokens it may match (its stem and the folded word), as prefixes for the last word."""

    forms: tuple[str, ...]
    prefix: bool = False

    @property
    def token(self) -> str:
        return self.forms[0]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()
    dropped_words: int = 0  # words beyond MAX_TERMS, left out

    @property
    def is_empty(self) -> bool:
        return not self.terms


def _prefix_forms(word: str) -> tuple[str, ...]:
    candidates = tuple(dict.fromkeys(f for f in word_forms(word) if len(f) >= MIN_PREFIX))
    # A form that starts with another form adds nothing: "fiets"* already covers "fietsen"*.
    return tuple(f for f in candidates if not any(o != f and f.startswith(o) for o in candidates))


def parse(text: str) -> ParsedQuery:
    """Terms of the user's text; stop words are left out unless the query has nothing else."""
    raw = words(text[: MAX_QUERY_CHARS * 2])
    meaningful = [w for w in raw if w not in STOPWORDS] or raw
    unique = list(dict.fromkeys(meaningful))
    kept, dropped = unique[:MAX_TERMS], max(0, len(unique) - MAX_TERMS)
    terms = [Term(word_forms(w)) for w in kept]
    if kept and len(kept[-1]) >= MIN_PREFIX and not kept[-1].isdigit() and _prefix_forms(kept[-1]):
        terms[-1] = Term(_prefix_forms(kept[-1]), prefix=True)
    return ParsedQuery(tuple(terms), dropped)


def _fts5_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_term(term: Term, exclude: tuple[str, ...] = ()) -> str:
    """One term as an FTS5 expression; `exclude` lists exact tokens whose documents are counted elsewhere."""
    star = "*" if term.prefix else ""
    parts = [f"{_fts5_quote(f)}{star}" for f in term.forms]
    expression = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    if exclude:
        expression += " NOT (" + " OR ".join(_fts5_quote(t) for t in exclude) + ")"
    return expression


def _ts_quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def tsquery_term(term: Term, exclude: tuple[str, ...] = ()) -> str:
    """The same term as a PostgreSQL tsquery (for ``to_tsquery('simple', …)``)."""
    star = ":*" if term.prefix else ""
    parts = [f"{_ts_quote(f)}{star}" for f in term.forms]
    expression = parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"
    if exclude:
        expression = f"({expression}) & !(" + " | ".join(_ts_quote(t) for t in exclude) + ")"
    return expression
