"""Side-by-side comparison (W4): rows of plain text per product, with the rows that differ marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_COMPARE = 2
MAX_COMPARE = 4


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    values: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return len({" ".join(v.split()).lower() for v in self.values}) > 1


def rows(labels: Sequence[str], columns: Sequence[dict[str, str]]) -> list[Row]:
    """One row per label, the value of each product in order ("-" when a product has none)."""
    return [Row(label, tuple(column.get(label) or "–" for column in columns)) for label in labels]


def csv_rows(titles: Sequence[str], table: Sequence[Row]) -> list[list[str]]:
    """The export's rows: one column per product, plus a "verschilt" column (written by core.csvexport)."""
    return [
        ["Kenmerk", *titles, "Verschilt"],
        *([row.label, *row.values, "ja" if row.differs else "nee"] for row in table),
    ]
