"""Integer query parameters (W5.1): one parser for every page and API function, so that odd input ("²", "①",
"99999999999999999999", "-0", NUL bytes) gives a default, a clamped value or a Dutch 422, never a 500.

`str.isdigit()` accepts superscripts and circled digits that `int()` refuses, and Python integers have no upper
bound while SQLite and PostgreSQL stop at 2**63 - 1 (an OFFSET or an id beyond it raises in the database).

Also (W5.4) the aliases of the API: parameters have English names, their old Dutch names stay accepted and documented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ninja import Field, Query
from ninja.errors import HttpError

DB_INT_MAX = 2**63 - 1  # the largest value SQLite INTEGER and PostgreSQL bigint hold
MAX_OFFSET = 1_000_000_000  # far beyond any list Wijzer serves; the page is simply empty
MAX_DIGITS = 19  # len(str(DB_INT_MAX)); longer numbers are refused before int() sees them

_ASCII_INT = re.compile(r"[+-]?[0-9]{1,%d}" % MAX_DIGITS)  # noqa: UP031  # a regex quantifier, not formatting


def parse_int(raw: object) -> int | None:
    """The integer an ASCII decimal string denotes (surrounding spaces allowed), or None for anything else:
    unicode digits, underscores, decimals, empty strings, more than 19 digits, non-strings."""
    if not isinstance(raw, str):
        return None
    text = raw.strip(" \t")
    if not _ASCII_INT.fullmatch(text):
        return None
    value = int(text)
    return value if -DB_INT_MAX <= value <= DB_INT_MAX else None


def clamped_int(raw: object, *, default: int, minimum: int, maximum: int) -> int:
    """For pages: an unreadable value gives `default`, a readable one is kept within [minimum, maximum]."""
    value = parse_int(raw)
    if value is None:
        return default
    return max(minimum, min(value, maximum))


def page_number(raw: object, *, last: int = 1000) -> int:
    """A 1-based page number from `?pagina=`: 1 when unreadable, at most `last`."""
    return clamped_int(raw, default=1, minimum=1, maximum=last)


def db_ids(values: Iterable[object]) -> list[int]:
    """The values that are usable primary keys (positive and within a database integer); the rest is dropped."""
    found = (parse_int(v) for v in values)
    return [v for v in found if v is not None and v > 0]


# --- django-ninja: bounded parameters, so that large numbers fail validation (a Dutch 422) instead of the query ---


def offset_field(default: int = 0) -> Any:
    """An `offset` field of a ninja Schema: 0 … MAX_OFFSET."""
    return Field(default, ge=0, le=MAX_OFFSET, description=f"Aantal over te slaan items (0 tot {MAX_OFFSET}).")


def limit_field(default: int, maximum: int) -> Any:
    """A `limit` field of a ninja Schema: 1 … maximum."""
    return Field(default, ge=1, le=maximum, description=f"Aantal items per pagina (1 tot {maximum}).")


def offset_query(default: int = 0) -> Any:
    """An `offset` function parameter of a ninja operation: 0 … MAX_OFFSET."""
    return Query(  # type: ignore[type-arg]  # ninja: Query(...) as a default value is the documented form
        default,
        ge=0,
        le=MAX_OFFSET,
        description=f"Aantal over te slaan items (0 tot {MAX_OFFSET}).",
    )


def limit_query(default: int, maximum: int) -> Any:
    """A `limit` function parameter of a ninja operation: 1 … maximum."""
    return Query(  # type: ignore[type-arg]  # ninja: Query(...) as a default value is the documented form
        default,
        ge=1,
        le=maximum,
        description=f"Aantal items per pagina (1 tot {maximum}).",
    )


# --- one naming convention (W5.4): English API parameters, the old (Dutch) names kept as documented aliases ---


def alias_note(old: str) -> str:
    """The sentence that documents an old name in the description of the new parameter."""
    return f"(alias: {old}, verouderd)"


def alias_field(new: str, old: str, *, many: bool = False) -> Any:
    """The old name of parameter `new` as its own, deprecated field of a ninja Schema: still accepted, documented."""
    description = f"Verouderde alias van `{new}` (de oude naam); gebruik `{new}`."
    if many:
        return Field(default_factory=list, deprecated=True, description=description)
    return Field(None, deprecated=True, description=description)


def _given(value: object) -> bool:
    return value is not None and value != "" and value != []


def _same(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return set(a) == set(b)  # list parameters are OR-sets: order and repeats do not matter
    return a == b


def with_alias(new: str, new_value: Any, old: str, old_value: Any) -> Any:
    """The value of a parameter given under its new name, its old name or both; both with different values is a
    Dutch 422 that says which name to use."""
    if not _given(old_value):
        return new_value
    if not _given(new_value) or _same(new_value, old_value):
        return old_value
    raise HttpError(
        422,
        f"De parameters '{new}' en '{old}' zijn dezelfde ('{old}' is de oude naam) maar hebben een verschillende "
        f"waarde. Gebruik alleen '{new}'.",
    )
