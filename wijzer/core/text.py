"""Text folding, the one copy for every app (W5.4 §2): lower case without diacritics. Pure, no Django."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: "Ideeën" -> "ideeen" (ASCII text takes a fast path)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
