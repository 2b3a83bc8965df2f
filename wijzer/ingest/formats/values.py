"""Small pure converters from delivered text to typed values, shared by all adapters.

Each converter returns the value plus (where a value was present but unusable) a ``Problem`` with a Dutch
message, so adapters never raise on bad data.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from wijzer.ingest.formats.records import Problem

OBK_URI_PREFIX = "http://purl.edustandaard.nl/begrippenkader/"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID_RE = re.compile(rf"^(?:{re.escape(OBK_URI_PREFIX)}|bk:)?({_UUID})$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WS_RE = re.compile(r"\s+")
_TRUE = frozenset({"true", "1", "yes", "ja", "j", "waar"})
_FALSE = frozenset({"false", "0", "no", "nee", "n", "onwaar"})
_CACHED_TEXT_MAX = 64
_INT_RE = re.compile(r"-?\d{1,12}")
_DECIMAL_MARK_RE = re.compile(r"[.,]")
_TERM_PUNCTUATION_RE = re.compile(r"[_,.;:]+")
_HTTP_URL_RE = re.compile(r"https?://[^\s/?#:@]+(?::\d{1,5})?(?:[/?#][^\s]*)?")
"""Only short texts go through the result caches, so a hostile file cannot fill memory with huge keys."""


def clean(text: str | None) -> str:
    """Trim and collapse internal whitespace (XML pretty-printing puts newlines inside values)."""
    if not text:
        return ""
    # ``str.split()`` and ``\s`` in a str pattern agree on what whitespace is, so this equals
    # ``_WS_RE.sub(" ", text).strip()``, only faster.
    return " ".join(text.split())


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Non-empty values in first-seen order without duplicates."""
    return tuple(dict.fromkeys(filter(None, values)))


def obk_uuid(text: str) -> str | None:
    """The lower-case UUID in a bare UUID, ``bk:<uuid>`` or OBK URI; ``None`` for anything else."""
    match = _UUID_RE.match(text.strip())
    return match.group(1).lower() if match else None


def parse_date(text: str, field_name: str) -> tuple[datetime.date | None, Problem | None]:
    """Date part of an ISO 8601 date/datetime (``2020-09-01T00:00:00.000Z`` → 2020-09-01).

    ``YYYY`` and ``YYYY-MM`` (allowed in LOM) become the first day of that year/month.
    """
    if not text:
        return None, None
    if len(text) > _CACHED_TEXT_MAX:
        return _read_date(text, field_name)
    return _read_date_cached(text, field_name)


def _read_date(text: str, field_name: str) -> tuple[datetime.date | None, Problem | None]:
    value = clean(text)
    if not value:
        return None, None
    match = _DATE_RE.match(value)
    if match:
        year, month, day = match.group(1), match.group(2) or "1", match.group(3) or "1"
        try:
            return datetime.date(int(year), int(month), int(day)), None
        except ValueError:
            pass
    return None, Problem.warning(
        "date.invalid", field_name, f"De datum '{value[:40]}' is geen geldige datum (verwacht: JJJJ-MM-DD)."
    )


# Catalogues repeat the same few dates; the results are immutable, so sharing them between records is safe.
_read_date_cached = functools.lru_cache(maxsize=2048)(_read_date)


def parse_bool(text: str, field_name: str) -> tuple[bool | None, Problem | None]:
    """``true``/``false`` (also ``1``/``0``, ``ja``/``nee``); empty gives ``None``."""
    value = clean(text).lower()
    if not value:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    return None, Problem.warning(
        "bool.invalid",
        field_name,
        f"De waarde '{value[:40]}' is geen ja/nee-waarde (verwacht: true of false).",
    )


def parse_decimal(text: str) -> Decimal | None:
    """A decimal number with ``.`` or ``,`` as decimal separator; ``None`` if it is not a finite number."""
    if not text:
        return None
    if len(text) > _CACHED_TEXT_MAX:
        return _read_decimal(text)
    return _read_decimal_cached(text)


def _read_decimal(text: str) -> Decimal | None:
    value = clean(text).replace(" ", "")
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# VAT rates and the like repeat; ``Decimal`` is immutable.
_read_decimal_cached = functools.lru_cache(maxsize=1024)(_read_decimal)


def parse_cents(text: str, field_name: str) -> tuple[int | None, Problem | None]:
    """An amount in cents (ECK ``Amount``: ``2798`` = € 27,98).

    An amount with decimals is read as euros (``27.98`` → 2798) and reported as a warning.
    """
    value = clean(text)
    if not value:
        return None, None
    if len(value) <= 12 and value.isdigit() and value.isascii():  # plain cents, the common case
        return int(value), None
    number = parse_decimal(value)
    if number is None or abs(number) > Decimal(10) ** 12:
        return None, Problem.error(
            "price.invalid", field_name, f"Het bedrag '{value[:40]}' is geen geldig getal (verwacht: centen)."
        )
    if number == number.to_integral_value() and not _DECIMAL_MARK_RE.search(value):
        return int(number), None
    return int((number * 100).to_integral_value()), Problem.warning(
        "price.decimal_euros",
        field_name,
        f"Het bedrag '{value}' bevat decimalen en is gelezen als euro's; lever bedragen in centen aan.",
    )


def parse_int(text: str) -> int | None:
    value = clean(text)
    return int(value) if _INT_RE.fullmatch(value) else None


def normalise_term(text: str) -> str:
    """Key for vocabulary look-ups: NFKC, lower case, ``_ , . ;`` as spaces, single spaces.

    ``"VWO, 3"`` → ``"vwo 3"``; ``"po_groep5"`` → ``"po groep5"``; ``" HAVO "`` → ``"havo"``.
    """
    if len(text) > _CACHED_TEXT_MAX:
        return _normalise_term(text)
    return _normalise_term_cached(text)


def _normalise_term(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).lower()
    return clean(_TERM_PUNCTUATION_RE.sub(" ", value))


# Vocabulary terms repeat in every record ("HAVO", "jaar 4"); strings are immutable.
_normalise_term_cached = functools.lru_cache(maxsize=4096)(_normalise_term)


def is_http_url(text: str) -> bool:
    """A well-formed absolute ``http``/``https`` URL with a host and no whitespace."""
    return _HTTP_URL_RE.fullmatch(text) is not None
