"""Text folding for accent- and case-insensitive search on any database."""

from __future__ import annotations

from wijzer.core import text as core_text


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse whitespace: "Ideeën  OVER" -> "ideeen over"."""
    return " ".join(core_text.fold(text).split())
