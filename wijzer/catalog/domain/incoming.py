"""What ingest hands to the catalogue: one parsed, validated and mapped record (pure data).

The record types (`records.py`) are the contract between ingest and the catalogue; they live here (W5.2 §7).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def price_lines(record: ParsedRecord) -> tuple[tuple[int, str, str, str], ...]:
    """Comparable price lines: (cents, vat, currency, unit), in delivered order."""
    return tuple((p.amount_cents, str(p.vat_percent.normalize()), p.currency, p.unit) for p in record.prices)
