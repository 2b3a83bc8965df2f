"""The name in an NL-LOM vCard (``contribute/centity/vcard`` or IEEE ``contribute/entity``), unescaped.

vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) escape ``\\`` ``,`` ``;`` and newlines in text values as ``\\\\``,
``\\,``, ``\\;`` and ``\\n`` (or ``\\N``); structured values (``N``, ``ORG``) separate their components with an
unescaped ``;``. Real NL-LOM records deliver vCards in several shapes, all read here:

- one property per line, lines folded per RFC (a line starting with one space or tab continues the previous);
- pretty-printed inside the XML, so every line is indented (an indented line that starts with a property name,
  ``FN:``, ``ORG;CHARSET=…:`` …, is a new property, not a continuation);
- everything on one line (``BEGIN:VCARD FN:… ORG:… END:VCARD``), split before each known property name.

No vCard library is used: the well-kept one (``vobject``) rejects the indented and one-line shapes above, so it
would need this fallback anyway; this module is the one tested place that knows the escaping.
"""

from __future__ import annotations

import re

_PROPERTY = (
    r"(?:BEGIN|END|VERSION|FN|N|ORG|EMAIL|TEL|ADR|URL|TITLE|ROLE|NOTE|UID|REV|PRODID|SOURCE|NICKNAME|PHOTO|LOGO"
    r"|LABEL|KIND|GENDER|BDAY|LANG|TZ|GEO|CATEGORIES|IMPP|KEY|MEMBER|RELATED|X-[A-Z0-9-]+)"
)
_LINE_START = re.compile(rf"^(?:[A-Za-z0-9-]+\.)?{_PROPERTY}(?=[;:])", re.IGNORECASE)
"""A logical line's start: an optional group (``item1.``), a known property name, then parameters or value."""
_ONE_LINE_SPLIT = re.compile(rf"\s+(?=(?:[A-Za-z0-9-]+\.)?{_PROPERTY}[;:])", re.IGNORECASE)
_ESCAPES = {"\\": "\\", ",": ",", ";": ";", ":": ":", "n": "\n", "N": "\n"}


def escape_text(value: str) -> str:
    """The vCard text-value form of ``value`` (RFC 6350 §3.4): the inverse of ``unescape_text``."""
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def unescape_text(value: str) -> str:
    """``value`` with the vCard escapes resolved; a backslash before any other character is kept as delivered."""
    if "\\" not in value:
        return value
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value) and value[index + 1] in _ESCAPES:
            out.append(_ESCAPES[value[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def split_structured(value: str) -> list[str]:
    """The components of a structured value (``N``, ``ORG``), split at unescaped ``;`` and unescaped."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            current.append(value[index : index + 2])
            index += 2
            continue
        if char == ";":
            parts.append(unescape_text("".join(current)))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append(unescape_text("".join(current)))
    return parts


def _logical_lines(vcard: str) -> list[str]:
    text = vcard.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text:
        return _ONE_LINE_SPLIT.split(text)
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if line[:1] in (" ", "\t") and lines and not _LINE_START.match(stripped):
            lines[-1] += line[1:]  # an RFC fold: drop the one whitespace character
        else:
            lines.append(line.lstrip())  # trailing blanks may belong to a value that is folded next
    return lines


def properties(vcard: str) -> dict[str, list[str]]:
    """Property name (upper case, without group) → raw values in document order (escapes still in place)."""
    found: dict[str, list[str]] = {}
    for line in _logical_lines(vcard):
        name_params, sep, value = line.partition(":")
        if not sep:
            continue
        name = name_params.split(";", 1)[0].rpartition(".")[2].strip().upper()
        if name:
            found.setdefault(name, []).append(value.strip())
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def vcard_name(vcard: str) -> str:
    """``FN`` of a vCard, else the organisation name (first ``ORG`` component), else ``N`` as "given additional
    family" (with prefixes and suffixes), all unescaped and on one line; ``""`` when there is none."""
    found = properties(vcard)
    for value in found.get("FN", ()):
        name = _one_line(unescape_text(value))
        if name:
            return name
    for value in found.get("ORG", ()):
        name = _one_line(split_structured(value)[0])
        if name:
            return name
    for value in found.get("N", ()):
        parts = [*split_structured(value), "", "", "", "", ""]
        family, given, additional, prefixes, suffixes = parts[:5]
        name = _one_line(" ".join((prefixes, given, additional, family, suffixes)))
        if name:
            return name
    return ""
