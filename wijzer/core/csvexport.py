"""The one CSV writer for every export (W5.1): comparison, shortlist, coverage, validation report and audit log.

Cells come from outside (product titles, supplier messages, names): a cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is a formula to Excel, LibreOffice and Google Sheets (CSV injection, e.g.
`=HYPERLINK("https://…","klik")`). Such cells get a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


# A plain negative number ("-3,25", "-0.5", "-12"): a spreadsheet reads it as a number, never as a formula, so it keeps
# its minus sign as the first character (with an apostrophe it would become text: a market table's negative change).
NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")


def neutralise(value: object) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS and not NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], *, delimiter: str = ";") -> str:
    """The rows as CSV (CRLF line ends), every cell neutralised. Semicolons suit Dutch spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def csv_response(
    rows: Iterable[Iterable[object]], *, filename: str | None = None, delimiter: str = ";", bom: bool = False
) -> HttpResponse:
    """A text/csv download of the rows; `bom` adds a UTF-8 byte order mark so Excel reads the accents right."""
    body = ("\ufeff" if bom else "") + csv_text(rows, delimiter=delimiter)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
