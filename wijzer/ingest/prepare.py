"""Turn one parse result into either a catalogue record or a quarantine entry (no database access; not in
`domain/` because it builds the catalogue's `IncomingRecord`, W5.4)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from wijzer.catalog.service import IncomingRecord, product_key
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure, Severity
from wijzer.ingest.formats.validate import validate
from wijzer.ingest.formats.values import normalise_term
from wijzer.ingest.formats.vocab.mapper import VocabularyMapper

from .domain.limits import limit_lengths
from .domain.privacy import REDACTED, bsn_fields, bsn_like_numbers, redact_raw, redact_text

# Delivered sector strings -> Wijzer sector codes (ECK DEPSector / NL-LOM educational context).
SECTOR_TERMS = {
    "po": "po",
    "primair onderwijs": "po",
    "basisonderwijs": "po",
    "sbo": "po",
    "vo": "vo",
    "voortgezet onderwijs": "vo",
    "so": "so",
    "speciaal onderwijs": "so",
    "vso": "vso",
    "voortgezet speciaal onderwijs": "vso",
}


@dataclass(frozen=True, slots=True)
class Rejected:
    record_id: str
    raw: bytes
    problems: tuple[Problem, ...]
    position: int | None


def record_id_of(record: ParsedRecord, position: int) -> str:
    return (record.record_id or record.product_id or record.uri or f"positie-{position}")[:600]


def content_hash(record: ParsedRecord, level_ids: tuple[str, ...], subject_ids: tuple[str, ...]) -> str:
    """Changes when the delivered record or its mapping changes; equal input gives an equal hash.

    The raw bytes carry everything the supplier delivered; without them (a hand-built record) the parsed fields do.
    """
    digest = hashlib.sha256(record.raw or repr(dataclasses.replace(record, problems=())).encode("utf-8", "replace"))
    digest.update(("|".join(level_ids) + "#" + "|".join(subject_ids) + "#" + record.format_version).encode())
    return digest.hexdigest()


def sectors_of(record: ParsedRecord, level_ids: tuple[str, ...], level_sectors: Mapping[str, str]) -> tuple[str, ...]:
    found = {SECTOR_TERMS[t] for t in (normalise_term(s) for s in record.curriculum.sectors) if t in SECTOR_TERMS}
    found.update(level_sectors[i] for i in level_ids if i in level_sectors)
    return tuple(s for s in ("po", "vo", "so", "vso") if s in found)


def prepare(
    result: ParsedRecord | RecordFailure,
    *,
    source: str,
    position: int,
    mapper: VocabularyMapper,
    level_sectors: Mapping[str, str],
    is_demo: bool = False,
    today: datetime.date | None = None,
) -> IncomingRecord | Rejected:
    """Validate and map one record. Any error rejects it; warnings travel with the stored product.

    A BSN-like number in a free-text field rejects the record, with the number redacted from what quarantine keeps;
    over-long texts are cut with a warning (the raw record stays complete in the provenance). ``today`` is the
    validation's calendar date (default: the local date); a batch passes it once for all its records."""
    if isinstance(result, RecordFailure):
        return _rejected_failure(result, position)
    record_id = record_id_of(result, position)
    found = bsn_fields(result)
    if found:
        return _rejected_for_bsn(result, record_id, position, found)
    result, cut = limit_lengths(result)
    vocab = mapper.map_record(result)
    problems = (*result.problems, *cut, *validate(result, today=today), *vocab.problems)
    if problems and any(p.severity is Severity.ERROR for p in problems):
        return Rejected(record_id, result.raw, problems, position)
    return IncomingRecord(
        source=source,
        record=result,
        record_id=record_id,
        key=product_key(result, source, record_id),
        sectors=sectors_of(result, vocab.level_ids, level_sectors),
        level_ids=vocab.level_ids,
        subject_ids=vocab.subject_ids,
        content_hash=content_hash(result, vocab.level_ids, vocab.subject_ids),
        warnings=tuple(p for p in problems if p.severity is Severity.WARNING) if problems else (),
        is_demo=is_demo,
    )


def _rejected_failure(result: RecordFailure, position: int) -> Rejected:
    """An unreadable record; BSN-like numbers in what was recovered of it are redacted before quarantine keeps it."""
    record_id = (result.record_id or f"positie-{result.position or position}")[:600]
    raw, problems = result.raw, result.problems
    numbers = bsn_like_numbers(raw.decode("utf-8", "replace"))
    if numbers:
        cleaned = redact_raw(raw, numbers)
        raw = cleaned or b""
        note = (
            f"In het ruwe record staat een getal dat op een burgerservicenummer (BSN) lijkt; Wijzer bewaart het ruwe "
            f"record met dat getal vervangen door {REDACTED}."
            if cleaned
            else "In het ruwe record staat een getal dat op een burgerservicenummer (BSN) lijkt; Wijzer bewaart het "
            "ruwe record daarom niet."
        )
        problems = (*_redacted(problems), Problem.warning("privacy.bsn", "", note))
    return Rejected(record_id, raw, problems, result.position or position)


def _rejected_for_bsn(record: ParsedRecord, record_id: str, position: int, found: dict[str, list[str]]) -> Rejected:
    """Quarantine without the number: the reason names the field(s), the raw record is redacted or not kept."""
    numbers = [n for values in found.values() for n in values]
    raw = redact_raw(record.raw, numbers) if record.raw else b""
    kept = (
        f"Het bewaarde ruwe record is geschoond: het getal is vervangen door {REDACTED}."
        if raw
        else "Het ruwe record is daarom niet bewaard."
    )
    problems = [
        Problem.error(
            "privacy.bsn",
            field,
            f"Het veld {field} bevat een getal dat op een burgerservicenummer (BSN) lijkt (negen cijfers die de "
            f"elfproef doorstaan). Persoonsgegevens horen niet in een catalogusrecord: haal het getal weg en lever "
            f"het record opnieuw aan. {kept}",
        )
        for field in found
    ]
    return Rejected(record_id, raw or b"", (*problems, *_redacted(record.problems)), position)


def _redacted(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Problems whose messages quote a BSN-like number, with the number redacted."""
    return tuple(dataclasses.replace(p, message_nl=redact_text(p.message_nl)) for p in problems)
