"""BSN-like numbers in delivered records (W5.1): found, named by field, and redacted from what is kept (pure).

A catalogue record describes a product; a burgerservicenummer has no place in it. A number counts as BSN-like when it
has nine digits (written together, or as 123.456.782 / 123 456 782 / 1234.56.782 with dots, spaces or hyphens) that
pass the elfproef: 9·d1 + 8·d2 + … + 2·d8 - 1·d9 is divisible by 11 (and not all zeros).

Not BSN-like: longer digit runs (EAN/ISBN-13, phone numbers with ten digits), numbers glued to letters or other digits
(parts of codes and UUIDs), numbers with a decimal part (prices like 123.456.789,00).

Identifier and web-address fields are not scanned: product codes, record ids and URLs are numbers by design, and one
in eleven nine-digit numbers passes the elfproef; a scan there would quarantine ordinary products.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from wijzer.ingest.formats.records import ParsedRecord

REDACTED = "[BSN verwijderd]"
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)

# Nine ASCII digits: together, 3-3-3 or 4-2-3 with one kind of separator; not glued to a letter or digit, and not
# part of a longer number (another digit group, or a decimal part, after a separator).
_SEP = r"[.\- \u00a0]"
BSN_LIKE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][.,\- \u00a0])"
    rf"([0-9]{{9}}|[0-9]{{3}}({_SEP})[0-9]{{3}}\2[0-9]{{3}}|[0-9]{{4}}({_SEP})[0-9]{{2}}\3[0-9]{{3}})"
    r"(?![0-9A-Za-z])(?![.,\- \u00a0][0-9])"
)

# A fast superset of BSN_LIKE on bytes: 3-4, 2-3 and 3 digits with at most two separator bytes between the groups
# (a UTF-8 no-break space is two), not inside a longer digit run.
_CANDIDATE = re.compile(rb"(?<![0-9])[0-9]{3,4}[^0-9A-Za-z]{0,2}[0-9]{2,3}[^0-9A-Za-z]{0,2}[0-9]{3}(?![0-9])")

# Fields of ParsedRecord that are identifiers, codes, web addresses or machine values, not free text.
NOT_SCANNED = frozenset(
    {
        "format_id",
        "format_version",
        "record_id",
        "product_id",
        "uri",
        "access_url",
        "information_url",
        "content_url",
        "thumbnail_url",
        "obk_level_ids",
        "obk_discipline_ids",
        "obk_objective_ids",
        "raw",
        "problems",
        "medium",
        "licence",
        "language",
    }
)
NOT_SCANNED_NESTED = frozenset({"product_id", "taxon_id", "obk_uuid", "source", "purpose"})


def passes_elfproef(digits: str) -> bool:
    """True for nine ASCII digits whose weighted sum (9, 8, …, 2, -1) is divisible by 11, all zeros excluded."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True)) % 11 == 0


def bsn_like_numbers(text: str) -> list[str]:
    """The BSN-like numbers in a text, as written (with their separators), in order."""
    return [m.group(1) for m in BSN_LIKE.finditer(text) if passes_elfproef(re.sub(r"[^0-9]", "", m.group(1)))]


def redact_text(text: str) -> str:
    """The text with every BSN-like number replaced by REDACTED."""

    def replace(match: re.Match[str]) -> str:
        return REDACTED if passes_elfproef(re.sub(r"[^0-9]", "", match.group(1))) else match.group(0)

    return BSN_LIKE.sub(replace, text)


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item, path)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in NOT_SCANNED_NESTED:
                yield from _strings(getattr(value, f.name), f"{path}.{f.name}")


def may_hold_bsn(raw: bytes) -> bool:
    """False when the delivered bytes hold no BSN-like number at all, so no field parsed from them can (the fast
    path for nearly every record). Digits written as character references or JSON escapes count as "maybe"."""
    if b"&#" in raw or b"\\u" in raw:
        return True
    # cheap: nine digits in the shapes BSN_LIKE knows (a superset of its matches), and only those passing the
    # elfproef need the exact scan of the fields
    return any(passes_elfproef(bytes(c for c in m.group() if 48 <= c <= 57).decode()) for m in _CANDIDATE.finditer(raw))


def bsn_fields(record: ParsedRecord) -> dict[str, list[str]]:
    """Field name (dotted for nested values: "curriculum.subjects", "sub_products.title") -> the BSN-like numbers
    found in it, for every free-text field of the record."""
    if record.raw and not may_hold_bsn(record.raw):
        return {}
    found: dict[str, list[str]] = {}
    for f in dataclasses.fields(record):
        if f.name in NOT_SCANNED:
            continue
        for path, text in _strings(getattr(record, f.name), f.name):
            numbers = bsn_like_numbers(text)
            if numbers:
                found.setdefault(path, []).extend(numbers)
    return found


def redact_raw(raw: bytes, numbers: list[str]) -> bytes | None:
    """The raw record with every BSN-like number replaced by REDACTED, or None when that cannot be done safely: the
    bytes are not UTF-8, or one of `numbers` still appears in another spelling (an XML character reference, a JSON
    escape, other separators)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    cleaned = redact_text(text)
    plain = _unescaped(cleaned)
    for number in numbers:
        digits = re.sub(r"[^0-9]", "", number)
        spelled = "(?<![0-9])" + "[^0-9A-Za-z]{0,3}".join(digits) + "(?![0-9])"
        if re.search(spelled, plain):
            return None
    return cleaned.encode("utf-8")


def _unescaped(text: str) -> str:
    """Character references (&#49; &#x31;) and JSON escapes (\\u0031) of digits turned back into digits."""
    text = re.sub(r"&#([xX]3[0-9]|4[89]|5[0-7]);", lambda m: _reference(m.group(1)), text)
    return re.sub(r"\\u003([0-9])", r"\1", text)


def _reference(code: str) -> str:
    return chr(int(code[1:], 16)) if code[:1] in "xX" else chr(int(code))
