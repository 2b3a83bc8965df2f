"""What ingest hands to the catalogue: one parsed, validated and mapped record (pure data).

The record types (`records.py`) are the contract between ingest and the catalogue; they live here (W5.2 §7).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .records import ParsedRecord, Problem


@dataclass(frozen=True, slots=True)
class IncomingRecord:
    source: str
    record: ParsedRecord
    record_id: str
    key: str  # product identity across sources: EAN/product id, else URI, else source:record id
    sectors: tuple[str, ...]
    level_ids: tuple[str, ...]
    subject_ids: tuple[str, ...]
    content_hash: str
    warnings: tuple[Problem, ...]
    is_demo: bool = False


def product_key(record: ParsedRecord, source: str, record_id: str) -> str:
    code = (record.product_id or "").replace("-", "").replace(" ", "").strip()
    if code:
        return f"id:{code}"
    if record.uri:
        return f"uri:{record.uri.strip()}"
    return f"rec:{source}:{record_id}"


ComparableLine = tuple[int, str, str, str, str, str, int]


def comparable_line(
    cents: int,
    vat: Decimal,
    currency: str,
    unit: str,
    valid_from: datetime.date | None = None,
    kind: str = "",
    min_quantity: int | None = None,
) -> ComparableLine:
    """A price line as compared between deliveries: (cents, vat, currency, unit, start date, kind, from quantity)."""
    start = valid_from.isoformat() if valid_from else ""
    return (cents, str(vat.normalize()), currency, unit, start, kind, min_quantity or 0)


def price_lines(record: ParsedRecord) -> tuple[ComparableLine, ...]:
    """Comparable price lines of a record, in delivered order."""
    return tuple(
        comparable_line(p.amount_cents, p.vat_percent, p.currency, p.unit, p.valid_from, p.kind, p.min_quantity)
        for p in record.prices
    )
