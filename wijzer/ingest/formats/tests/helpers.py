"""Shared helpers for the format adapter tests (no Django needed)."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import strategies as st

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.records import ParsedRecord, RecordFailure

FORMATS_DIR = Path(__file__).resolve().parent.parent
NIVEAUS_JSON = FORMATS_DIR / "tests" / "fixtures" / "slo__niveaus.json"


def fixture_bytes(fmt: str, name: str) -> bytes:
    return (FORMATS_DIR / fmt / "tests" / "fixtures" / name).read_bytes()


def parse_all(adapter: FormatAdapter, data: bytes) -> list[ParsedRecord | RecordFailure]:
    return list(adapter.parse(io.BytesIO(data)))


def records(results: list[ParsedRecord | RecordFailure]) -> list[ParsedRecord]:
    return [r for r in results if isinstance(r, ParsedRecord)]


def failures(results: list[ParsedRecord | RecordFailure]) -> list[RecordFailure]:
    return [r for r in results if isinstance(r, RecordFailure)]


def assert_well_behaved(adapter: FormatAdapter, data: bytes) -> None:
    """Parsing returns only results (never raises) and every failure explains itself in an error."""
    results = parse_all(adapter, data)
    for result in results:
        assert isinstance(result, ParsedRecord | RecordFailure)
        if isinstance(result, RecordFailure):
            assert result.problems
            assert all(p.message_nl for p in result.problems)


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` truncated, with bytes flipped, or with a random chunk spliced in."""
    data = bytearray(sample)
    kind = draw(st.sampled_from(["truncate", "flip", "splice"]))
    position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
    if kind == "truncate":
        return bytes(data[:position])
    if kind == "flip":
        for offset in draw(st.lists(st.integers(0, max(len(data) - 1, 0)), min_size=1, max_size=20)):
            data[offset] = draw(st.integers(0, 255))
        return bytes(data)
    chunk = draw(st.binary(max_size=64) | st.sampled_from([b"<", b"&", b"]]>", b"</Entry>", b"\x00", b"<!DOCTYPE x>"]))
    return bytes(data[:position]) + chunk + bytes(data[position:])
