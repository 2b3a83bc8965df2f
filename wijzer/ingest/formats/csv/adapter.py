"""CSV adapter for small suppliers (Wijzer template, Dutch headers; see ``README.md``).

UTF-8 with or without BOM (bytes that are not UTF-8 give an error on that row, the
other rows are kept); ``;`` or ``,`` as delimiter, detected from the header line (the one that occurs
more often wins). Streams row by row. Columns not in the template are ignored; column order is free.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.csv.parse import FORMAT_ID, REQUIRED_COLUMNS, row_to_record
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure
from wijzer.ingest.formats.values import clean
from wijzer.ingest.formats.xmlstream import (
    EMPTY_FILE,
    HTML_FILE,
    file_failure,
    looks_like_html,
    peek,
    strip_bom,
)

MAX_FIELD_CHARS = 100_000
REPLACEMENT_CHAR = "\ufffd"


def _encoding_problem(line: int) -> Problem:
    return Problem.error(
        "csv.encoding",
        "",
        f"Regel {line} bevat tekens die geen geldige UTF-8 zijn. Sla het bestand op als 'CSV UTF-8' "
        "en lever het opnieuw aan.",
    )


def detect_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def _serialise(cells: list[str], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return buffer.getvalue().encode("utf-8")


class CsvAdapter(FormatAdapter):
    identifier: ClassVar[str] = FORMAT_ID
    label: ClassVar[str] = "CSV-sjabloon Wijzer (kleine leveranciers)"

    def sniff(self, head: bytes) -> bool:
        first_line = strip_bom(head).split(b"\n", 1)[0].lower()
        return b"ean" in first_line and b"titel" in first_line and (b";" in first_line or b"," in first_line)

    def parse(self, stream: BinaryIO) -> Iterator[ParsedRecord | RecordFailure]:
        head, source = peek(stream)
        if not strip_bom(head).strip():
            yield file_failure(EMPTY_FILE)
            return
        if looks_like_html(head):
            yield file_failure(HTML_FILE)
            return
        text = io.TextIOWrapper(io.BufferedReader(source), encoding="utf-8-sig", errors="replace", newline="")
        try:
            yield from self._rows(text)
        except csv.Error as exc:
            yield file_failure(Problem.error("csv.syntax", "", f"Het CSV-bestand is ongeldig ({exc})."))

    def _rows(self, text: io.TextIOWrapper) -> Iterator[ParsedRecord | RecordFailure]:
        header_line = text.readline()
        delimiter = detect_delimiter(header_line)
        header = [clean(name).lower() for name in next(csv.reader([header_line], delimiter=delimiter), [])]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            yield file_failure(
                Problem.error(
                    "csv.missing_columns",
                    "",
                    f"Verplichte kolom(men) ontbreken in de kopregel: {', '.join(missing)}. "
                    "Gebruik het Wijzer CSV-sjabloon.",
                )
            )
            return
        reader = csv.reader(text, delimiter=delimiter)
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            yield _row_result(header, cells, line, delimiter)


def _row_result(header: list[str], cells: list[str], line: int, delimiter: str) -> ParsedRecord | RecordFailure:
    raw = _serialise(cells, delimiter)
    if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
        problem = Problem.error("csv.field_too_long", "", f"Regel {line} bevat een veld dat te lang is.")
        return RecordFailure(None, raw[:1000], (problem,), line)
    row = {name: clean(cell) for name, cell in zip(header, cells, strict=False) if name}
    record = row_to_record(row, line, raw)
    if any(REPLACEMENT_CHAR in cell for cell in cells):
        record = record.with_problems((_encoding_problem(line),))
    if len(cells) > len(header):
        extra = Problem.warning(
            "csv.extra_cells",
            "",
            f"Regel {line} heeft meer velden dan de kopregel; de extra velden zijn genegeerd.",
        )
        return record.with_problems((extra,))
    return record
