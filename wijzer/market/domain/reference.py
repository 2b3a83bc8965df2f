"""Reference series of the market monitor: the CSV a platform admin imports, and two pure helpers. No Django.

The shipped data (`data/market/reference-series.csv`, described by `data/market/series.json`; sources in
`data/market/SOURCE.md`) and every later update use the same CSV: UTF-8 with or without BOM, `,` or `;` between
fields, decimal point or decimal comma, one value a line::

    series,year,value,status,note
    cpi,2024,130.31,computed,"berekend: ..."
    cpi,2025,134.49,computed,

Column names may also be Dutch (reeks, jaar, waarde, status, toelichting); `note` may be left out. `year` is the
calendar year (for pupil counts: the year the school year starts, 2022 for 2022/23). `status` says how the value was
obtained: official (read in the publication), computed (derived from it; the note says how) or estimated (an
approximate figure, e.g. "about €340"); Dutch words officieel, berekend and schatting are read too.

`parse_reference_csv` returns either every row or every problem, never part of the rows: each problem is one Dutch
sentence naming the line and what to fix. It raises nothing, whatever the input (a property test checks this).
Whether a batch is stored all at once is the caller's business.

`rebase` and `yearly_change` work on one series as a mapping year -> value.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COLUMNS = ("series", "year", "value", "status", "note")
REQUIRED_COLUMNS = ("series", "year", "value", "status")
COLUMN_ALIASES: Mapping[str, str] = {
    "series": "series",
    "reeks": "series",
    "year": "year",
    "jaar": "year",
    "value": "value",
    "waarde": "value",
    "status": "status",
    "note": "note",
    "toelichting": "note",
}

STATUSES = ("official", "computed", "estimated")
STATUS_ALIASES: Mapping[str, str] = {
    "official": "official",
    "officieel": "official",
    "computed": "computed",
    "berekend": "computed",
    "estimated": "estimated",
    "schatting": "estimated",
}

MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_DECIMALS = 4  # the model keeps four decimals
MAX_VALUE = Decimal(10) ** 12  # the model keeps 16 digits, 4 of them decimals
MAX_NOTE = 500
MAX_CODE = 40
MAX_BYTES = 1024 * 1024
MAX_ROWS = 10_000
MAX_PROBLEMS = 200  # a longer report helps nobody; the rest is counted

HEADER_HINT = "series,year,value,status,note"
DELIMITERS = (";", ",", "\t")

_YEAR = re.compile(r"[+]?\d+")
_SCHOOL_YEAR = re.compile(r"(\d{4})\s*[/-]\s*\d{2,4}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class SeriesDefinition:
    """What `series.json` says about one series."""

    code: str
    name: str
    unit: str
    base_year: int | None
    whole_numbers: bool
    source: str
    source_url: str
    licence: str
    retrieved: str


@dataclass(frozen=True)
class ReferenceRow:
    """One value of a series, as read from line `line` of the CSV."""

    line: int
    series: str
    year: int
    value: Decimal
    status: str
    note: str


@dataclass(frozen=True)
class ParseResult:
    """Every row of the file, or every problem found in it (then no rows)."""

    rows: tuple[ReferenceRow, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


# --- series.json ----------------------------------------------------------------------------------------------------

_DEFINITION_FIELDS = ("code", "name", "unit", "base_year", "whole_numbers", "source", "source_url", "licence")


def parse_series_definitions(text: str) -> tuple[SeriesDefinition, ...]:
    """The series described in `series.json`, or `ValueError` with a Dutch sentence saying what is wrong."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"series.json is geen geldige JSON: {exc}.") from None
    items = document.get("series") if isinstance(document, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError('series.json moet een object zijn met een niet-lege lijst "series".')
    definitions = [_definition(number, item) for number, item in enumerate(items, start=1)]
    codes = [definition.code for definition in definitions]
    doubled = sorted({code for code in codes if codes.count(code) > 1})
    if doubled:
        raise ValueError(f"series.json: de code {_quoted(doubled)} staat er meer dan eens in.")
    return tuple(definitions)


def _definition(number: int, item: object) -> SeriesDefinition:
    if not isinstance(item, dict):
        raise ValueError(f"series.json, reeks {number}: verwacht een object.")
    missing = [name for name in _DEFINITION_FIELDS if name not in item]
    if missing:
        raise ValueError(f"series.json, reeks {number}: velden ontbreken: {', '.join(missing)}.")
    code = item["code"]
    if not isinstance(code, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", code) or len(code) > MAX_CODE:
        raise ValueError(f"series.json, reeks {number}: code moet bestaan uit kleine letters, cijfers en '-'.")
    base_year = item["base_year"]
    if base_year is not None and (not isinstance(base_year, int) or isinstance(base_year, bool)):
        raise ValueError(f"series.json, reeks '{code}': base_year moet een jaartal of null zijn.")
    if not isinstance(item["whole_numbers"], bool):
        raise ValueError(f"series.json, reeks '{code}': whole_numbers moet true of false zijn.")
    texts = {name: item[name] for name in ("name", "unit", "source", "source_url", "licence")}
    texts["retrieved"] = item.get("retrieved", "")
    wrong = [name for name, value in texts.items() if not isinstance(value, str)]
    if wrong:
        raise ValueError(f"series.json, reeks '{code}': {', '.join(wrong)} moet tekst zijn.")
    return SeriesDefinition(
        code=code,
        name=texts["name"],
        unit=texts["unit"],
        base_year=base_year,
        whole_numbers=item["whole_numbers"],
        source=texts["source"],
        source_url=texts["source_url"],
        licence=texts["licence"],
        retrieved=texts["retrieved"],
    )


# --- the CSV ----------------------------------------------------------------------------------------------------------


class _Problems:
    """Collects problems up to a limit and counts the rest."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []
        self.dropped = 0

    def add(self, line: int, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((line, f"Regel {line}: {message}"))
        else:
            self.dropped += 1

    def result(self) -> ParseResult:
        """The problems in line order (a duplicate is found after the other problems of its line)."""
        extra = (f"… en nog {self.dropped} andere problemen.",) if self.dropped else ()
        ordered = sorted(self.items, key=lambda item: item[0])
        return ParseResult(errors=(*(message for _, message in ordered), *extra))


def parse_reference_csv(data: bytes | str, known: Mapping[str, SeriesDefinition] | Collection[str]) -> ParseResult:
    """Every row of the CSV in `data`, or every problem in it (Dutch, with the line), never a part of the rows.

    `known` holds the series that may be imported: their definitions (then a series with `whole_numbers` refuses
    fractions) or only their codes.
    """
    codes = {str(code).strip().lower() for code in known}
    whole = (
        {code.lower() for code, definition in known.items() if definition.whole_numbers}
        if isinstance(known, Mapping)
        else set()
    )
    text, problem = _text(data)
    if problem:
        return ParseResult(errors=(problem,))
    return _parse_text(text, codes, whole)


def _text(data: bytes | str) -> tuple[str, str]:
    """The text of `data` and "" , or "" and the problem that keeps it from being read."""
    if len(data) > MAX_BYTES:
        return "", (
            f"Het bestand is groter dan {MAX_BYTES // 1024} kB; een referentiereeks past in veel minder. "
            "Lever alleen de kolommen series, year, value, status en note aan."
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return "", (
                f"Het bestand is geen UTF-8 (ongeldige byte op positie {exc.start + 1}). Sla het op als "
                "'CSV UTF-8 (door komma's gescheiden)' en lever het opnieuw aan."
            )
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        return "", "Het bestand bevat binaire gegevens; lever een tekstbestand (CSV) aan."
    if not text.strip():
        return "", (
            f"Het bestand is leeg. Zet op de eerste regel de kolomnamen {HEADER_HINT} en daaronder één regel per "
            "waarde."
        )
    return text, ""


def _parse_text(text: str, codes: set[str], whole: set[str]) -> ParseResult:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems = _Problems()
    rows: list[ReferenceRow] = []
    header: list[str] | None = None
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # an empty line; a spreadsheet leaves them at the end
            if header is None:
                header, header_problem = _header(record)
                if header_problem:
                    return ParseResult(errors=(header_problem,))
                continue
            if len(rows) + len(problems.items) >= MAX_ROWS:
                return ParseResult(errors=(f"Te veel regels: hoogstens {MAX_ROWS} waarden per bestand.",))
            row = _row(start, record, header, delimiter, codes, whole, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.add(line, f"het CSV-bestand is hier niet te lezen ({exc}). Controleer de aanhalingstekens.")
    return _finish(header is not None, rows, problems)


def _finish(has_header: bool, rows: Sequence[ReferenceRow], problems: _Problems) -> ParseResult:
    if not has_header:
        return ParseResult(errors=(f"Het bestand is leeg. Zet op de eerste regel de kolomnamen {HEADER_HINT}.",))
    _check_doubles(rows, problems)
    if problems.items:
        return problems.result()
    if not rows:
        return ParseResult(
            errors=(
                "Het bestand heeft alleen een kopregel. Zet er één regel per waarde onder, bijvoorbeeld "
                "cpi,2025,134.49,computed,.",
            )
        )
    return ParseResult(rows=tuple(rows))


def _check_doubles(rows: Sequence[ReferenceRow], problems: _Problems) -> None:
    """A series may have one value a year: every later line with the same series and year is a problem."""
    first_line_of: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (row.series, row.year)
        if key in first_line_of:
            problems.add(
                row.line,
                f"reeks '{row.series}', jaar {row.year} staat al op regel {first_line_of[key]}. "
                "Laat een van beide regels weg.",
            )
        else:
            first_line_of[key] = row.line


def _delimiter(first_line: str) -> str:
    """The separator that splits the header into known column names; else the most frequent one."""
    best, best_count = ",", 0
    for candidate in DELIMITERS:
        names = [cell.strip().strip('"').strip().lower() for cell in first_line.split(candidate)]
        count = sum(1 for name in names if name in COLUMN_ALIASES)
        if count > best_count:
            best, best_count = candidate, count
    if best_count >= 2:
        return best
    return max(DELIMITERS, key=first_line.count) if any(d in first_line for d in DELIMITERS) else ","


def _header(record: Sequence[str]) -> tuple[list[str], str]:
    names = [cell.strip().lower() for cell in record]
    while names and not names[-1]:
        names.pop()  # a spreadsheet may end every line with a separator
    columns = [COLUMN_ALIASES.get(name, "") for name in names]
    parts: list[str] = []
    unknown = [name for name, column in zip(names, columns, strict=True) if not column]
    if unknown:
        parts.append(f"onbekende kolommen {_quoted(unknown)}")
    doubled = sorted({c for c in columns if c and columns.count(c) > 1})
    if doubled:
        parts.append(f"dubbele kolommen {_quoted(doubled)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        parts.append(f"de kolom{'men' if len(missing) > 1 else ''} {_quoted(missing)} ontbreekt")
    if parts:
        return columns, (
            f"Regel 1 (kopregel): {'; '.join(parts)}. Gebruik de kolommen {HEADER_HINT} "
            "(note mag ontbreken; Nederlandse namen reeks, jaar, waarde, status en toelichting mogen ook)."
        )
    return columns, ""


def _row(
    line: int,
    record: Sequence[str],
    header: Sequence[str],
    delimiter: str,
    codes: set[str],
    whole: set[str],
    problems: _Problems,
) -> ReferenceRow | None:
    if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
        hint = (
            " Staat er een komma in een getal of tekst zonder aanhalingstekens? Gebruik een punt als decimaalteken "
            "of zet de tekst tussen aanhalingstekens."
            if delimiter == ","
            else f" Staat er een '{delimiter}' in een tekst zonder aanhalingstekens eromheen?"
        )
        problems.add(line, f"{len(record)} velden, de kopregel heeft er {len(header)}.{hint}")
        return None
    cells = {column: value.strip() for column, value in zip(header, record, strict=False)}
    before = len(problems.items) + problems.dropped
    series = _series(line, cells.get("series", ""), codes, problems)
    year = _year(line, cells.get("year", ""), problems)
    value = _value(line, cells.get("value", ""), series, whole, problems)
    status = _status(line, cells.get("status", ""), problems)
    note = cells.get("note", "")
    if len(note) > MAX_NOTE:
        problems.add(line, f"de toelichting is {len(note)} tekens lang; hoogstens {MAX_NOTE}. Kort haar in.")
    if len(problems.items) + problems.dropped > before:
        return None
    if series is None or year is None or value is None or status is None:  # pragma: no cover - each adds a problem
        return None
    return ReferenceRow(line=line, series=series, year=year, value=value, status=status, note=note)


def _series(line: int, raw: str, codes: set[str], problems: _Problems) -> str | None:
    code = raw.lower()
    if not code:
        problems.add(line, f"de reeks ontbreekt. Bekende reeksen: {_known(codes)}.")
        return None
    if code not in codes:
        problems.add(line, f"onbekende reeks '{raw[:MAX_CODE]}'. Bekende reeksen: {_known(codes)}.")
        return None
    return code


def _year(line: int, raw: str, problems: _Problems) -> int | None:
    if not raw:
        problems.add(line, "het jaar ontbreekt. Vul een jaartal in, bijvoorbeeld 2025.")
        return None
    if not _YEAR.fullmatch(raw):
        school_year = _SCHOOL_YEAR.fullmatch(raw)
        hint = (
            f" Schrijf een schooljaar als zijn beginjaar ({school_year.group(1)} voor {raw})."
            if school_year
            else " Vul een jaartal in, bijvoorbeeld 2025."
        )
        problems.add(line, f"jaar '{raw[:20]}' is geen heel getal.{hint}")
        return None
    year = int(raw[:8]) if len(raw) <= 8 else MAX_YEAR + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.add(line, f"jaar {raw[:20]} ligt buiten {MIN_YEAR}–{MAX_YEAR}. Controleer het jaartal.")
        return None
    return year


def _value(line: int, raw: str, series: str | None, whole: set[str], problems: _Problems) -> Decimal | None:
    text = raw.replace("\u00a0", "").replace(" ", "")
    if not text:
        problems.add(line, "de waarde ontbreekt. Vul een positief getal in, bijvoorbeeld 130.31.")
        return None
    unsigned = text.removeprefix("+")
    negative = unsigned.startswith("-") and bool(_NUMBER.fullmatch(unsigned[1:]))
    if negative or not _NUMBER.fullmatch(unsigned):
        if negative:
            reason = "is negatief"
        elif re.fullmatch(r"[+-]?[\d.,]+", text) and re.search(r"\d", text):
            reason = (
                "heeft meer dan één punt of komma; gebruik er één als decimaalteken en geen scheidingsteken voor "
                "duizendtallen (1474521, 130.31 of 130,31)"
            )
        else:
            reason = "is geen getal"
        problems.add(line, f"waarde '{raw[:30]}' {reason}. Vul een positief getal in.")
        return None
    try:
        value = Decimal(unsigned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above only lets digits through
        problems.add(line, f"waarde '{raw[:30]}' is geen getal. Vul een positief getal in.")
        return None
    if value <= 0:
        problems.add(line, f"waarde '{raw[:30]}' is geen positief getal. Vul een getal groter dan 0 in.")
        return None
    if value >= MAX_VALUE:
        problems.add(line, f"waarde '{raw[:30]}' is te groot (hoogstens 999999999999,9999).")
        return None
    decimals = -int(value.as_tuple().exponent)
    if series in whole and value != value.to_integral_value():
        problems.add(
            line,
            f"de reeks '{series}' telt in hele getallen; '{raw[:30]}' is geen heel getal. Laat "
            f"scheidingstekens voor duizendtallen weg (schrijf {re.sub(r'[^0-9]', '', raw)[:30]}, niet {raw[:30]}).",
        )
        return None
    if decimals > MAX_DECIMALS:
        problems.add(line, f"waarde '{raw[:30]}' heeft {decimals} decimalen; hoogstens {MAX_DECIMALS}. Rond haar af.")
        return None
    return value


def _status(line: int, raw: str, problems: _Problems) -> str | None:
    choices = "official, computed of estimated (of officieel, berekend, schatting)"
    if not raw:
        problems.add(line, f"de status ontbreekt. Kies {choices}.")
        return None
    status = STATUS_ALIASES.get(raw.lower())
    if status is None:
        problems.add(line, f"onbekende status '{raw[:30]}'. Kies {choices}.")
    return status


def _known(codes: Iterable[str]) -> str:
    listed = sorted(codes)
    return ", ".join(listed) if listed else "(geen)"


def _quoted(values: Sequence[str]) -> str:
    shown = [f"'{value[:40]}'" for value in values[:10]]
    return ", ".join(shown) + (" …" if len(values) > 10 else "")


def format_reference_csv(rows: Iterable[ReferenceRow]) -> str:
    """`rows` in the import format (comma, decimal point, a header): what an export hands back for editing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.series, row.year, _plain(row.value), row.status, row.note])
    return out.getvalue()


def _plain(value: Decimal) -> str:
    return format(value, "f")


# --- helpers on one series ------------------------------------------------------------------------------------------


def values_of(rows: Iterable[ReferenceRow], series: str) -> dict[int, Decimal]:
    """The values of one series by year, in year order."""
    return dict(sorted((row.year, row.value) for row in rows if row.series == series))


def rebase(series: Mapping[int, Decimal], base_year: int, *, places: int | None = None) -> dict[int, Decimal]:
    """The series as an index with `base_year` = 100: value(Y) * 100 / value(base year), in year order.

    `places` rounds every value (half-even, as `Decimal.quantize`); None keeps the full precision.
    Raises ValueError when the base year is missing or its value is not positive.
    """
    if base_year not in series:
        raise ValueError(f"Het basisjaar {base_year} ontbreekt in de reeks.")
    base = series[base_year]
    if base <= 0:
        raise ValueError(f"De waarde in het basisjaar {base_year} is niet positief; herbasering kan niet.")
    result = {year: series[year] * 100 / base for year in sorted(series)}
    return _rounded(result, places)


def yearly_change(series: Mapping[int, Decimal], *, places: int | None = None) -> dict[int, Decimal]:
    """Change on the year before, as a fraction (0.033 = 3.3 %): value(Y) / value(Y - 1) - 1.

    Only years whose previous year is in the series get a change (a gap breaks it). A non-positive value in a
    previous year raises ValueError.
    """
    result: dict[int, Decimal] = {}
    for year in sorted(series):
        previous = series.get(year - 1)
        if previous is None:
            continue
        if previous <= 0:
            raise ValueError(f"De waarde in {year - 1} is niet positief; een verandering is niet te berekenen.")
        result[year] = series[year] / previous - 1
    return _rounded(result, places)


def _rounded(values: dict[int, Decimal], places: int | None) -> dict[int, Decimal]:
    if places is None:
        return values
    step = Decimal(1).scaleb(-places)
    return {year: value.quantize(step) for year, value in values.items()}
