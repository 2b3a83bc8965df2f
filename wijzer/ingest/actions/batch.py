"""The one batch step of a run, shared by ingest and re-processing (W5.4 §1).

A run reads its reference data once (`RunBatches.start`: the vocabulary mapping, the level sectors, the catalogue's
lookup cache) and adds up what its batches did (counts and problems). Every record goes the same way, whether it
arrives in a delivery or waited in quarantine: `prepare` (validate, map; no database) makes it an `IncomingRecord`
or a `Rejected`, and `store` hands the incoming ones to the catalogue (`catalog.service.apply_records`) and counts
the outcome. `do_store_delivered` is the whole step for a batch of a delivery: the first delivery of each record
counts, the rest go to quarantine; re-processing (`reprocess`) releases or keeps its waiting records itself.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from wijzer.catalog import service as catalog
from wijzer.catalog.service import IncomingRecord
from wijzer.core.db import select_in
from wijzer.curriculum import service as curriculum
from wijzer.ingest import runslot
from wijzer.ingest.constants import QuarantineStatus
from wijzer.ingest.domain.report import add_problems
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure, Severity
from wijzer.ingest.formats.values import normalise_term
from wijzer.ingest.formats.vocab.mapper import VocabularyMapper, default_table
from wijzer.ingest.models import QuarantinedRecord, Run, VocabularyTerm
from wijzer.ingest.prepare import Rejected, prepare

WAITING = (str(QuarantineStatus.OPEN), str(QuarantineStatus.STILL_INVALID))

DUPLICATE = Problem(
    "delivery.duplicate",
    Severity.WARNING,
    "",
    "Dit record (hetzelfde record-id of dezelfde EAN) kwam eerder in deze levering voor: alleen het eerste is "
    "verwerkt. Lever elk product één keer per bestand.",
)

CONFLICT = Problem(
    "ownership.conflict",
    Severity.ERROR,
    "",
    "Het product hoort in Wijzer bij een andere organisatie en deze bron heeft daar geen delegatie voor: de "
    "levering is als claim bewaard (zichtbaar voor de eigenaar) en verandert niets.",
)


@dataclass
class Counts:
    """The counts of a run, stored on its `Run` row when it finishes."""

    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    still_quarantined: int = 0
    price_changes: int = 0
    warnings: int = 0
    conflicts: int = 0
    duplicates: int = 0
    deleted: int = 0
    deleted_unknown: int = 0


def current_mapper() -> VocabularyMapper:
    """The vocabulary mapping of a run: the shipped OBK/VDEX table, the SLO level and subject titles, and the
    editable `VocabularyTerm` rows (a fix in the admin wins over the shipped table)."""
    table = default_table(settings.WIJZER_SLO_DIR / "basis" / "niveaus.json")
    for title, slo_id in curriculum.subject_titles():
        table.setdefault(normalise_term(title), []).append(slo_id)
    for term, slo_ids in VocabularyTerm.objects.values_list("term", "slo_ids"):
        table[normalise_term(term)] = list(slo_ids)
    return VocabularyMapper(table)


@dataclass
class RunBatches:
    """What every batch of one run needs (read once, when the run starts) and what its batches add up to."""

    run: Run
    mapper: VocabularyMapper
    sectors: dict[str, str]
    cache: catalog.LookupCache
    counts: Counts = field(default_factory=Counts)
    problems: dict[str, Any] = field(default_factory=dict)
    seen_ids: set[str] = field(default_factory=set)  # record ids delivered so far in this run
    seen_keys: set[str] = field(default_factory=set)  # product keys delivered so far in this run

    @classmethod
    def start(cls, run: Run) -> RunBatches:
        mapper, sectors = current_mapper(), curriculum.level_sectors()
        cache = catalog.LookupCache(owner_id=run.source.owner_id, source=run.source.name)
        return cls(run, mapper, sectors, cache)

    def prepare(
        self, result: ParsedRecord | RecordFailure, position: int, today: datetime.date | None = None
    ) -> IncomingRecord | Rejected:
        """Validate and map one parse result (no database): a record for the catalogue, or one for quarantine.
        ``today``: the calendar date of the date rules (default: the local date)."""
        source = self.run.source
        return prepare(
            result,
            source=source.name,
            position=position,
            mapper=self.mapper,
            level_sectors=self.sectors,
            is_demo=source.is_demo,
            today=today,
        )

    def store(self, good: list[IncomingRecord]) -> catalog.BatchOutcome:
        """Inside the caller's transaction: write `good` into the catalogue and count what happened to it (new,
        updated, unchanged, price changes, claims on another organisation's product, deletions, warnings)."""
        run, counts = self.run, self.counts
        outcome = catalog.apply_records(good, now=run.started_at, run_id=run.pk, cache=self.cache)
        counts.created += outcome.created
        counts.updated += outcome.updated
        counts.unchanged += outcome.unchanged
        counts.price_changes += outcome.price_changes
        counts.conflicts += outcome.conflicts
        counts.deleted += outcome.deleted
        counts.deleted_unknown += outcome.deleted_unknown
        counts.warnings += sum(1 for g in good if g.warnings)
        for stored in good:
            add_problems(self.problems, stored.record_id, stored.warnings)
            if stored.record_id in outcome.conflict_reasons:
                add_problems(self.problems, stored.record_id, [CONFLICT])
        return outcome


def do_store_delivered(batches: RunBatches, batch: list[ParsedRecord | RecordFailure]) -> None:
    """One batch of a delivery: prepare it outside the transaction, then write it in its own short one (the run
    is undone as a whole if a later batch fails, `runslot`)."""
    counts = batches.counts
    today = datetime.date.today()  # noqa: DTZ011  # the calendar date of the date rules, read once per batch
    prepared = [batches.prepare(r, counts.received + n + 1, today) for n, r in enumerate(batch)]
    counts.received += len(batch)
    good = _first_deliveries([p for p in prepared if isinstance(p, IncomingRecord)], batches)
    bad = [p for p in prepared if isinstance(p, Rejected)]
    with transaction.atomic():
        batches.store(good)
        run = batches.run
        _supersede(run, [g.record_id for g in good] + [b.record_id for b in bad if b.raw], keep=bad)
        fresh = _quarantine(run, bad)
        counts.quarantined += fresh
        counts.still_quarantined += len(bad) - fresh
        counts.unchanged += len(bad) - fresh  # identical to a record already waiting in quarantine
        for rejected in bad:
            add_problems(batches.problems, rejected.record_id, rejected.problems)


def _first_deliveries(good: list[IncomingRecord], batches: RunBatches) -> list[IncomingRecord]:
    """A record id or product key that came earlier in the same delivery: the first one counts, each later one is
    a warning and is counted as a duplicate (so received = created + updated + unchanged + quarantined +
    conflicts + duplicates + deleted + deleted_unknown)."""
    first = []
    seen_ids, seen_keys = batches.seen_ids, batches.seen_keys
    for item in good:
        if item.record_id not in seen_ids and item.key not in seen_keys:
            seen_ids.add(item.record_id)
            seen_keys.add(item.key)
            first.append(item)
        else:
            batches.counts.duplicates += 1
            add_problems(batches.problems, item.record_id, [DUPLICATE])
    return first


def _supersede(run: Run, record_ids: list[str], *, keep: list[Rejected]) -> None:
    """A record delivered again replaces what waited in quarantine for it (valid now, or rejected anew)."""
    unchanged = {(r.record_id, hashlib.sha256(r.raw).hexdigest()) for r in keep}
    stale = [
        pk for pk, record_id, raw_hash in _waiting(run.source_id, record_ids) if (record_id, raw_hash) not in unchanged
    ]
    if not stale:  # the usual batch: nothing of it waits in quarantine
        return
    runslot.do_remember_superseded(
        run, list(QuarantinedRecord.objects.filter(pk__in=stale).values_list("pk", "status"))
    )
    QuarantinedRecord.objects.filter(pk__in=stale).update(
        status=QuarantineStatus.SUPERSEDED, resolved_at=run.started_at
    )


def _waiting(source_id: int, record_ids: list[str]) -> list[tuple[int, str, str]]:
    """(pk, record id, raw hash) of the entries of these records still waiting in quarantine (plain SQL: an ORM
    `__in` lookup over a batch of 1000 ids costs more to build than the query takes to run)."""
    rows = select_in(
        QuarantinedRecord, ["id", "record_id", "raw_hash", "status"], "record_id", record_ids,
        where={"source": source_id},
    )  # fmt: skip
    return [(pk, record_id, raw_hash) for pk, record_id, raw_hash, status in rows if status in WAITING]


def _quarantine(run: Run, rejected: list[Rejected]) -> int:
    """Quarantine rejected records; an identical record already waiting there is not added twice."""
    if not rejected:
        return 0
    hashes = {id(r): hashlib.sha256(r.raw).hexdigest() for r in rejected}
    waiting = set(
        QuarantinedRecord.objects.filter(
            source=run.source,
            status__in=[QuarantineStatus.OPEN, QuarantineStatus.STILL_INVALID],
            raw_hash__in=set(hashes.values()),
        ).values_list("record_id", "raw_hash")
    )
    fresh = [r for r in rejected if (r.record_id, hashes[id(r)]) not in waiting or not r.raw]
    QuarantinedRecord.objects.bulk_create(
        [
            QuarantinedRecord(
                source=run.source,
                run=run,
                record_id=r.record_id,
                position=r.position,
                format=run.format,
                raw=r.raw,
                raw_hash=hashes[id(r)],
                created_at=run.started_at,
                problems=problem_rows(r.problems),
            )
            for r in fresh
        ],
        batch_size=500,
    )
    return len(fresh)


def problem_rows(problems: Iterable[Problem]) -> list[dict[str, str]]:
    """The reasons of a quarantined record as stored on its row."""
    return [{"code": p.code, "severity": str(p.severity), "field": p.field, "message": p.message_nl} for p in problems]
