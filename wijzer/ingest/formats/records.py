"""The record contract lives in the catalogue (`wijzer.catalog.domain.records`, W5.2 §7): ingest hands the
catalogue these pure types, so ingest depends on catalog in one direction only. This module keeps the name the
format adapters import from."""

from wijzer.catalog.domain.records import (
    AccessUrl,
    Curriculum,
    Environment,
    Medium,
    ParsedRecord,
    ParseResult,
    Price,
    Problem,
    RecordFailure,
    Severity,
    SubProduct,
    Taxon,
)

__all__ = [
    "AccessUrl",
    "Curriculum",
    "Environment",
    "Medium",
    "ParseResult",
    "ParsedRecord",
    "Price",
    "Problem",
    "RecordFailure",
    "Severity",
    "SubProduct",
    "Taxon",
]
