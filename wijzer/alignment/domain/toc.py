"""Read a method's table of contents (inhoudsopgave) as JSON or CSV and check every row. Pure: no Django.

JSON::

    {"method": "<method uuid, product uuid or EAN>",
     "parts": [{"key": "d1", "level": "volume", "title": "Deel 1", "text": "…", "parent": null, "position": 1,
                "sector": "po", "stage": "groep 5", "goals": ["<SLO uuid or code>", …]}, …]}

CSV (UTF-8 with or without BOM, `;` or `,`), one part per row, a Dutch header::

    sleutel;niveau;titel;tekst;bovenliggend;volgorde;sector;leerjaar;doelen

with the goals in `doelen` separated by `|`. Levels may be written in Dutch (deel, hoofdstuk, paragraaf) or as
in JSON (volume, chapter, section).

`parse_toc` returns a `TableOfContents` whose parts come parents first, or raises `TocError` with every problem
found (row number and a Dutch reason). It raises nothing else, whatever the bytes (a property test checks this).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FORMATS = ("json", "csv")
LEVELS: Mapping[str, str] = {
    "volume": "volume",
    "chapter": "chapter",
    "section": "section",
    "deel": "volume",
    "hoofdstuk": "chapter",
    "paragraaf": "section",
}
LEVEL_DEPTH: Mapping[str, int] = {"volume": 0, "chapter": 1, "section": 2}
LEVEL_NAMES: Mapping[str, str] = {"volume": "deel", "chapter": "hoofdstuk", "section": "paragraaf"}
SECTORS = ("po", "vo", "so", "vso")

CSV_COLUMNS = ("sleutel", "niveau", "titel", "tekst", "bovenliggend", "volgorde", "sector", "leerjaar", "doelen")
REQUIRED_COLUMNS = ("sleutel", "niveau", "titel")
JSON_FIELDS = ("key", "level", "title", "text", "parent", "position", "sector", "stage", "goals")
JSON_TOP = ("method", "parts")
FIELD_OF_COLUMN: Mapping[str, str] = dict(zip(CSV_COLUMNS, JSON_FIELDS, strict=True))
GOAL_SEPARATOR = "|"

MAX_BYTES = 5 * 1024 * 1024
MAX_PARTS = 5_000
MAX_KEY = 200
MAX_TITLE = 500
MAX_TEXT = 10_000  # as the suggestion page and POST /api/v1/alignment/suggest
MAX_STAGE = 100
MAX_GOAL = 100
MAX_GOALS = 100
MAX_POSITION = 1_000_000
MAX_PROBLEMS = 200  # a report longer than this helps nobody; the rest is counted

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL and friends: PostgreSQL refuses NUL in text
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """One reason to refuse the file: on a row (1-based; CSV counts the header as row 1) or the file (row 0)."""

    row: int
    message: str
    key: str = ""

    def describe(self, unit: str) -> str:
        if self.row == 0:
            return f"Bestand: {self.message}"
        where = f"{unit.capitalize()} {self.row}"
        return f"{where} ({self.key}): {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class TocPart:
    row: int
    key: str
    level: str  # volume | chapter | section
    title: str
    text: str
    parent: str | None
    position: int
    sector: str  # "" = the parent's
    stage: str  # "" = the parent's
    goals: tuple[str, ...]  # SLO uuids or codes, as delivered


@dataclass(frozen=True)
class TableOfContents:
    format: str  # json | csv
    method: str  # the method as the file names it ("" when it does not)
    parts: tuple[TocPart, ...]  # parents before their children, otherwise in file order

    @property
    def unit(self) -> str:
        return row_unit(self.format)

    def sector_of(self, key: str) -> str:
        """The part's sector, else the nearest ancestor's ("" when none has one)."""
        by_key = {p.key: p for p in self.parts}
        node = by_key.get(key)
        while node is not None:
            if node.sector:
                return node.sector
            node = by_key.get(node.parent) if node.parent else None
        return ""


def row_unit(format_id: str) -> str:
    """How a report names a part: a spreadsheet row, or the n-th part of the JSON list."""
    return "rij" if format_id == "csv" else "onderdeel"


class TocError(ValueError):
    """The table of contents is refused; `problems` says where and why (Dutch)."""

    def __init__(self, problems: Sequence[Problem], *, format_id: str = "", omitted: int = 0) -> None:
        self.problems = tuple(problems)
        self.format = format_id
        self.omitted = omitted
        super().__init__("; ".join(self.lines()[:3]))

    @property
    def unit(self) -> str:
        return row_unit(self.format)

    def lines(self) -> list[str]:
        lines = [p.describe(self.unit) for p in self.problems]
        if self.omitted:
            lines.append(f"… en nog {self.omitted} problemen (los eerst deze op).")
        return lines


def _fail(message: str, format_id: str = "") -> TocError:
    return TocError([Problem(0, message)], format_id=format_id)


# --- entry point ---------------------------------------------------------------------------------------------------


def detect_format(data: bytes, *, filename: str = "", content_type: str = "") -> str:
    """json or csv, from the content type, else the file name, else the first character."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in {"application/json", "text/json"} or kind.endswith("+json"):
        return "json"
    if kind in {"text/csv", "application/csv", "text/comma-separated-values"}:
        return "csv"
    name = filename.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith((".csv", ".txt")):
        return "csv"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in {b"{", b"["} else "csv"


def parse_toc(data: bytes, *, format_id: str = "", filename: str = "", content_type: str = "") -> TableOfContents:
    """The table of contents in `data` (JSON or CSV), or `TocError` with every problem."""
    chosen = format_id or detect_format(data, filename=filename, content_type=content_type)
    if chosen not in FORMATS:
        raise _fail(f"Onbekend formaat '{chosen[:20]}': lever JSON of CSV aan.")
    if not data.strip():
        raise _fail("Het bestand is leeg.", chosen)
    if len(data) > MAX_BYTES:
        raise _fail(
            f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; lever de methode in delen aan.", chosen
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            f"Het bestand is geen UTF-8 (ongeldige byte op positie {exc.start + 1}). Sla het op als 'CSV UTF-8' "
            "of als UTF-8-tekst en lever het opnieuw aan.",
            chosen,
        ) from None
    if chosen == "json":
        method, rows = _json_rows(text)
    else:
        method, rows = "", _csv_rows(text)
    return _check(chosen, method, rows)


# --- reading the two formats into rows of raw values ---------------------------------------------------------------

RawRow = tuple[int, dict[str, Any]]  # (row number, field -> raw value)


def _json_rows(text: str) -> tuple[str, list[RawRow]]:
    document = _json_document(text)
    method = _json_method(document.get("method"))
    parts = document.get("parts")
    if not isinstance(parts, list):
        raise _fail('"parts" ontbreekt of is geen lijst van onderdelen.', "json")
    _check_count(len(parts), "json")
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, item in enumerate(parts, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(number, "een onderdeel moet een JSON-object zijn."))
            continue
        unknown = sorted(str(k) for k in item if k not in JSON_FIELDS)
        if unknown:
            problems.append(
                Problem(number, f"onbekende velden {_names(unknown)}; toegestaan: {', '.join(JSON_FIELDS)}.")
            )
            continue
        rows.append((number, dict(item)))
    if problems:
        raise _error(problems, "json")
    return method, rows


def _json_document(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(f"Geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}.", "json") from None
    except (RecursionError, ValueError):  # too deeply nested, or a number too long to read
        raise _fail("Geen bruikbare JSON: te diep genest of een getal dat te lang is.", "json") from None
    if not isinstance(document, dict):
        raise _fail('Verwacht een JSON-object met "method" en "parts".', "json")
    unknown = sorted(str(k) for k in document if k not in JSON_TOP)
    if unknown:
        raise _fail(f"Onbekende velden bovenaan: {_names(unknown)}. Toegestaan: method, parts.", "json")
    return document


def _json_method(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or len(value) > MAX_KEY or _CONTROL.search(value) or not _encodes(value):
        raise _fail(
            '"method" moet het id van de methode of de productcode (EAN) van een van haar producten zijn.', "json"
        )
    return value.strip()


def _encodes(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape such as "\ud800"
        return False
    return True


def _csv_rows(text: str) -> list[RawRow]:
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise _fail(f"Het CSV-bestand is niet te lezen ({exc}); controleer de aanhalingstekens.", "csv") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise _fail(f"De eerste regel moet de kolomnamen bevatten: {';'.join(CSV_COLUMNS)}.", "csv")
    header = [cell.strip().lower() for cell in records[0]]
    while header and not header[-1]:
        header.pop()  # a spreadsheet may end every line with a separator
    _check_header(header)
    rows: list[RawRow] = []
    problems: list[Problem] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # an empty line (a spreadsheet leaves them at the end)
        if len(record) > len(header):
            extra = record[len(header) :]
            if any(cell.strip() for cell in extra):
                problems.append(
                    Problem(
                        number,
                        f"{len(record)} kolommen, de kop heeft er {len(header)}. Staat er een '{delimiter}' in een "
                        "tekst zonder aanhalingstekens eromheen?",
                    )
                )
                continue
        values = {FIELD_OF_COLUMN[column]: value for column, value in zip(header, record, strict=False)}
        rows.append((number, values))
    if problems:
        raise _error(problems, "csv")
    _check_count(len(rows), "csv")
    return rows


def _delimiter(first_line: str) -> str:
    """The separator that makes the header hold the column `sleutel`; else the most frequent of ; , and tab."""
    for candidate in (";", ",", "\t"):
        if "sleutel" in (cell.strip().strip('"').lower() for cell in first_line.split(candidate)):
            return candidate
    return max((";", ",", "\t"), key=first_line.count)


def _check_header(header: list[str]) -> None:
    problems = []
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        problems.append(f"onbekende kolommen {_names(unknown)}")
    doubled = sorted({c for c in header if header.count(c) > 1 and c in CSV_COLUMNS})
    if doubled:
        problems.append(f"dubbele kolommen {_names(doubled)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(f"verplichte kolommen ontbreken: {_names(missing)}")
    if problems:
        raise _fail(
            f"Kopregel: {'; '.join(problems)}. Gebruik de kolommen {';'.join(CSV_COLUMNS)} "
            "(sleutel, niveau en titel zijn verplicht).",
            "csv",
        )


def _check_count(count: int, format_id: str) -> None:
    if count == 0:
        raise _fail("Het bestand bevat geen onderdelen.", format_id)
    if count > MAX_PARTS:
        raise _fail(f"Te veel onderdelen ({count}); hoogstens {MAX_PARTS} per aanlevering.", format_id)


def _names(values: Sequence[str]) -> str:
    shown = [f"'{v[:40]}'" for v in values[:10]]
    return ", ".join(shown) + (" …" if len(values) > 10 else "")


def _number(value: int) -> str:
    """Dutch thousands separator: 10000 -> "10.000"."""
    return f"{value:,}".replace(",", ".")


def _error(problems: list[Problem], format_id: str) -> TocError:
    return TocError(problems[:MAX_PROBLEMS], format_id=format_id, omitted=max(0, len(problems) - MAX_PROBLEMS))


# --- checking the rows ---------------------------------------------------------------------------------------------


class _RowProblems:
    """Collects the reasons for one row."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.key = ""  # shortened, for the report
        self.full_key = ""
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def problems(self) -> list[Problem]:
        return [Problem(self.row, m, self.key) for m in self.messages]


def _check(format_id: str, method: str, rows: list[RawRow]) -> TableOfContents:
    problems: list[Problem] = []
    parts: list[TocPart] = []
    rows_of_key: dict[str, int] = {}  # every key in the file (also of rows with problems), at its first row
    unit = row_unit(format_id)
    for sequence, (row, raw) in enumerate(rows, start=1):
        found = _RowProblems(row)
        part = _part(found, raw, sequence, csv_input=format_id == "csv")
        if found.full_key in rows_of_key:
            found.add(f"de sleutel komt al voor in {unit} {rows_of_key[found.full_key]}; elke sleutel één keer.")
            part = None
        elif found.full_key:
            rows_of_key[found.full_key] = row
        problems.extend(found.problems())
        if part is not None:
            parts.append(part)
    problems.extend(_check_tree(parts, rows_of_key, unit))
    if problems:
        problems.sort(key=lambda p: p.row)
        raise _error(problems, format_id)
    return TableOfContents(format_id, method, tuple(_parents_first(parts)))


def _part(found: _RowProblems, raw: dict[str, Any], sequence: int, *, csv_input: bool) -> TocPart | None:
    name = _field_names(csv_input)
    key = _single_line(found, raw.get("key"), name["key"], MAX_KEY, required=True)
    found.key, found.full_key = key[:40], key
    level_raw = _single_line(found, raw.get("level"), name["level"], 40, required=True)
    level = LEVELS.get(level_raw.lower(), "")
    if level_raw and not level:
        found.add(f"onbekend {name['level']} '{level_raw[:40]}'; kies deel, hoofdstuk of paragraaf.")
    title = _single_line(found, raw.get("title"), name["title"], MAX_TITLE, required=True)
    text = _text(found, raw.get("text"), name["text"])
    parent = _single_line(found, raw.get("parent"), name["parent"], MAX_KEY) or None
    position = _position(found, raw.get("position"), name["position"], default=sequence)
    sector = _single_line(found, raw.get("sector"), name["sector"], 10).lower()
    if sector and sector not in SECTORS:
        found.add(f"onbekende sector '{sector}'; kies po, vo, so of vso (of laat het veld leeg).")
    stage = _single_line(found, raw.get("stage"), name["stage"], MAX_STAGE)
    goals = _goals(found, raw.get("goals"), name["goals"], csv_input=csv_input)
    if parent is not None and parent == key:
        found.add(f"het onderdeel kan niet bij zichzelf horen ({name['parent']} is de eigen {name['key']}).")
    if found.messages:
        return None
    return TocPart(found.row, key, level, title, text, parent, position, sector, stage, goals)


def _field_names(csv_input: bool) -> Mapping[str, str]:
    """The field names a report uses: the CSV column, or the JSON field."""
    if csv_input:
        return {field: column for column, field in FIELD_OF_COLUMN.items()}
    return {field: field for field in JSON_FIELDS}


def _as_text(found: _RowProblems, value: Any, name: str) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        found.add(f"{name} moet tekst zijn.")
        return None
    text = str(value)
    if not _encodes(text):
        found.add(f"{name} bevat een ongeldig teken.")
        return None
    return text


def _single_line(found: _RowProblems, value: Any, name: str, limit: int, *, required: bool = False) -> str:
    text = _as_text(found, value, name)
    if text is None:
        return ""
    if _CONTROL.search(text):
        found.add(f"{name} bevat een stuurteken (zoals NUL); haal het weg.")
        return ""
    text = _SPACE.sub(" ", text).strip()
    if required and not text:
        found.add(f"{name} is verplicht.")
    elif len(text) > limit:
        found.add(f"{name} is te lang: hoogstens {limit} tekens, hier {len(text)}.")
        return ""
    return text


def _text(found: _RowProblems, value: Any, name: str) -> str:
    text = _as_text(found, value, name)
    if text is None:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        found.add(f"{name} bevat een stuurteken (zoals NUL); haal het weg.")
        return ""
    if len(text) > MAX_TEXT:
        found.add(
            f"{name} is te lang: hoogstens {_number(MAX_TEXT)} tekens, hier {_number(len(text))}. Lever lange "
            "teksten per paragraaf aan."
        )
        return ""
    return text


def _position(found: _RowProblems, value: Any, name: str, *, default: int) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        found.add(f"{name} moet een geheel getal zijn.")
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        found.add(f"{name} moet een geheel getal zijn (0 of hoger), niet '{str(value)[:20]}'.")
        return default
    if not 0 <= number <= MAX_POSITION:
        found.add(f"{name} moet tussen 0 en {_number(MAX_POSITION)} liggen.")
        return default
    return number


def _goals(found: _RowProblems, value: Any, name: str, *, csv_input: bool) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if csv_input and isinstance(value, str):
        items: list[Any] = value.split(GOAL_SEPARATOR)
    elif isinstance(value, list):
        items = value
    else:
        found.add(f"{name} moet een lijst van SLO-id's of codes zijn.")
        return ()
    goals: dict[str, None] = {}
    for item in items:
        goal = _single_line(found, item, f"een doel in {name}", MAX_GOAL)
        if goal:
            goals[goal] = None
    if len(goals) > MAX_GOALS:
        found.add(f"te veel doelen ({len(goals)}); hoogstens {MAX_GOALS} per onderdeel.")
    return tuple(goals)


def _check_tree(parts: list[TocPart], rows_of_key: Mapping[str, int], unit: str) -> list[Problem]:
    """Parents in the file, a parent above its child (deel > hoofdstuk > paragraaf), no cycles."""
    by_key = {part.key: part for part in parts}
    problems, in_cycle = _cycles(by_key)
    for part in parts:
        if part.parent is None or part.key in in_cycle:
            continue
        parent = by_key.get(part.parent)
        if part.parent not in rows_of_key:
            problems.append(
                Problem(part.row, f"bovenliggend onderdeel '{part.parent[:40]}' staat niet in het bestand.", part.key)
            )
        elif parent is not None and LEVEL_DEPTH[parent.level] >= LEVEL_DEPTH[part.level]:
            problems.append(
                Problem(
                    part.row,
                    f"een {LEVEL_NAMES[part.level]} kan niet onder een {LEVEL_NAMES[parent.level]} hangen "
                    f"('{parent.key[:40]}'); de volgorde is deel → hoofdstuk → paragraaf.",
                    part.key,
                )
            )
    return problems


def _cycles(by_key: Mapping[str, TocPart]) -> tuple[list[Problem], set[str]]:
    """One problem per cycle (at its first part), and the keys in a cycle. Linear: each key is walked once."""
    problems = []
    in_cycle: set[str] = set()
    done: set[str] = set()
    for start in by_key:
        walk: dict[str, None] = {}  # this walk, in order
        node: str | None = start
        while node is not None and node in by_key and node not in done and node not in walk:
            walk[node] = None
            node = by_key[node].parent
        if node is not None and node in walk:
            keys = list(walk)
            loop = keys[keys.index(node) :]
            in_cycle.update(loop)
            part = by_key[node]
            shown = [k[:40] for k in loop[:8]] + (["…"] if len(loop) > 8 else [node[:40]])
            problems.append(
                Problem(part.row, f"de onderdelen hangen in een kring onder elkaar ({' → '.join(shown)}).", part.key)
            )
        done.update(walk)
    return problems, in_cycle


def _parents_first(parts: list[TocPart]) -> list[TocPart]:
    """Parents before their children; otherwise the order of the file (the tree has no cycles here)."""
    placed: dict[str, None] = {}
    by_key = {p.key: p for p in parts}
    ordered: list[TocPart] = []

    def place(part: TocPart) -> None:
        if part.key in placed:
            return
        if part.parent is not None:
            place(by_key[part.parent])
        placed[part.key] = None
        ordered.append(part)

    for part in parts:
        place(part)
    return ordered
