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
import itertools
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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

# Quick refusals before the exact scan: a text with fewer than nine ASCII digits in all holds no BSN-like number, and
# neither does one this superset of BSN_LIKE's shapes does not match (it has no look-arounds, so it skips quickly).
_ASCII_DIGITS = b"0123456789"
_NINE_DIGITS = re.compile(r"[0-9]{3,4}[.\- \u00a0]?[0-9]{2,3}[.\- \u00a0]?[0-9]{3}")
# Joins the free texts of one record for a single scan; no BSN_LIKE match can contain or span it.
_TEXT_SEPARATOR = "\x1f"
_NON_DIGITS = re.compile(r"[^0-9]")

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
    d = [int(c) for c in digits]
    return (9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]) % 11 == 0


def bsn_like_numbers(text: str) -> list[str]:
    """The BSN-like numbers in a text, as written (with their separators), in order."""
    encoded = text.encode("utf-8", "surrogatepass")  # ASCII digits stay one byte each
    if len(encoded) - len(encoded.translate(None, _ASCII_DIGITS)) < 9 or _NINE_DIGITS.search(text) is None:
        return []
    return [m.group(1) for m in BSN_LIKE.finditer(text) if passes_elfproef(_NON_DIGITS.sub("", m.group(1)))]


def redact_text(text: str) -> str:
    """The text with every BSN-like number replaced by REDACTED."""

    def replace(match: re.Match[str]) -> str:
        return REDACTED if passes_elfproef(_NON_DIGITS.sub("", match.group(1))) else match.group(0)

    return BSN_LIKE.sub(replace, text)


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item, path)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name in _scanned(type(value), nested=True):
            yield from _strings(getattr(value, name), f"{path}.{name}")


_SCANNED: dict[tuple[type, bool], tuple[str, ...]] = {}


def _scanned(cls: type, *, nested: bool) -> tuple[str, ...]:
    """The scanned fields of dataclass `cls`: not skipped by name, and typed so that they can hold text (a string,
    or tuples or dataclasses holding strings); worked out once per class."""
    names = _SCANNED.get((cls, nested))
    if names is None:
        skipped = NOT_SCANNED_NESTED if nested else NOT_SCANNED
        hints = typing.get_type_hints(cls)
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skipped and _holds_text(hints[f.name]))
        _SCANNED[(cls, nested)] = names
    return names


def _holds_text(annotation: object) -> bool:
    if annotation is typing.Any or annotation is object:
        return True
    if isinstance(annotation, type):
        if issubclass(annotation, str):
            return True
        if dataclasses.is_dataclass(annotation):
            return bool(_scanned(annotation, nested=True))
    return any(_holds_text(arg) for arg in typing.get_args(annotation))


def _getter(names: list[str]) -> Callable[[object], tuple[Any, ...]] | None:
    """The values of attributes `names` of an object as a tuple, in one call; None for no names."""
    if not names:
        return None
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda instance: (one(instance),)
    return operator.attrgetter(*names)


@dataclass(frozen=True, slots=True)
class _Texts:
    """How to collect the scanned strings of an instance of one dataclass, planned once from its field types:
    strings, tuples of strings, nested dataclasses (alone or in tuples), and anything else the general way. Each
    part reads its fields in one call, or is None when the class has no such field."""

    strings: Callable[[object], tuple[Any, ...]] | None
    string_tuples: Callable[[object], tuple[Any, ...]] | None
    nested: Callable[[object], tuple[Any, ...]] | None
    nested_tuples: Callable[[object], tuple[Any, ...]] | None
    other: Callable[[object], tuple[Any, ...]] | None

    def add(self, instance: object, texts: list[str]) -> None:
        if self.strings is not None:
            texts.extend(filter(None, self.strings(instance)))
        if self.string_tuples is not None:
            texts.extend(itertools.chain.from_iterable(self.string_tuples(instance)))
        if self.nested is not None:
            for value in self.nested(instance):
                (_NESTED.get(type(value)) or _plan(type(value), nested=True)).add(value, texts)
        if self.nested_tuples is not None:
            for value in itertools.chain.from_iterable(self.nested_tuples(instance)):
                (_NESTED.get(type(value)) or _plan(type(value), nested=True)).add(value, texts)
        if self.other is not None:
            _add_texts(self.other(instance), texts)


_PLANS: dict[type, _Texts] = {}
_NESTED: dict[type, _Texts] = {}  # the plans of nested dataclasses


def _plan(cls: type, *, nested: bool) -> _Texts:
    """The plan for `cls` (worked out once per class)."""
    plans = _NESTED if nested else _PLANS
    plan = plans.get(cls)
    if plan is None:
        plan = plans[cls] = _Texts(**{kind: _getter(names) for kind, names in _kinds(cls, nested=nested).items()})
    return plan


def _kinds(cls: type, *, nested: bool) -> dict[str, list[str]]:
    """The scanned fields of `cls` by the part of a plan that collects them. A nested dataclass (not in a tuple)
    that holds only strings and tuples of strings is read through dotted names ("curriculum.levels"), so the
    record's own getters read it in the same call."""
    hints = typing.get_type_hints(cls)
    kinds: dict[str, list[str]] = {f.name: [] for f in dataclasses.fields(_Texts)}
    for name in _scanned(cls, nested=nested):
        kind = _kind(hints[name])
        if kind == "nested":
            inner = _kinds(hints[name], nested=True)
            if not (inner["nested"] or inner["nested_tuples"] or inner["other"]):
                kinds["strings"].extend(f"{name}.{n}" for n in inner["strings"])
                kinds["string_tuples"].extend(f"{name}.{n}" for n in inner["string_tuples"])
                continue
        kinds[kind].append(name)
    return kinds


def _kind(annotation: object) -> str:
    """Which part of a _Texts plan collects a field with this type (the exact types the record classes use)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if annotation is str or (typing.get_origin(annotation) in (types.UnionType, typing.Union) and args == [str]):
        return "strings"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return "nested"
    if typing.get_origin(annotation) is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] is str:
            return "string_tuples"
        if isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
            return "nested_tuples"
    return "other"


def _add_texts(values: Iterable[object], texts: list[str]) -> None:
    """Append every scanned string in `values` (strings, tuples or lists, nested dataclasses) to `texts`: the
    strings `_strings` yields, without their paths (empty ones left out)."""
    for value in values:
        if not value:
            continue
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (tuple, list)):  # the tuple form is the faster check
            _add_texts(value, texts)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _plan(type(value), nested=True).add(value, texts)


def bsn_fields(record: ParsedRecord) -> dict[str, list[str]]:
    """Field name (dotted for nested values: "curriculum.subjects", "sub_products.title") -> the BSN-like numbers
    found in it, for every free-text field of the record.

    The usual record holds none: its free texts are joined and scanned once (quickly passed over when they hold no
    nine digits in a BSN's shapes); only a record with a BSN-like number is walked field by field to name them."""
    texts: list[str] = []
    _plan(type(record), nested=False).add(record, texts)
    if not bsn_like_numbers(_TEXT_SEPARATOR.join(texts)):
        return {}
    found: dict[str, list[str]] = {}
    for name in _scanned(type(record), nested=False):
        for path, text in _strings(getattr(record, name), name):
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
