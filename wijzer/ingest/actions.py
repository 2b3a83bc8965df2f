"""Every write of ingest: runs, quarantine, vocabulary terms (style.md §2).

A run is one unit: its Run row is written first (so a failure can be reported), then all records of the run are
applied inside one transaction. An exception anywhere rolls the catalogue back to how it was before the run.
"""

from __future__ import annotations

import gc
import hashlib
import io
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.catalog.service import IncomingRecord
from wijzer.core.db import select_in
from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.records import ParsedRecord, Problem, RecordFailure, Severity

from . import parse_worker, runslot
from .constants import IngestAuditAction, QuarantineStatus, RunStatus, SourceFormat, SourceProtocol
from .domain.report import add_problems
from .models import QuarantinedRecord, Run, Source, VocabularyTerm
from .prepare import Rejected, prepare
from .vocabulary import current_mapper, level_sectors

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000
PRIVACY_CODE = "privacy.bsn"  # a record with a BSN-like number: its stored raw is redacted, never re-processed
WAIT_SECONDS = 600.0  # how long a run waits for another one to finish before it gives up (`runslot`)
WAITING = (str(QuarantineStatus.OPEN), str(QuarantineStatus.STILL_INVALID))
Progress = Callable[[int], None]


class RunFailedError(Exception):
    """The run failed and was rolled back; `run` carries the Dutch message."""

    def __init__(self, run: Run) -> None:
        self.run = run
        super().__init__(run.message)


class RunBusyError(RunFailedError):
    """Another run held the import slot for longer than this one would wait; nothing was written."""


@dataclass
class _Counts:
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


def do_ensure_source(name: str, *, format_id: str, is_demo: bool, label: str, owner: Any = None) -> Source:
    source, _ = Source.objects.get_or_create(
        name=name,
        defaults={
            "format": format_id if format_id != "auto" else SourceFormat.AUTO,
            "protocol": SourceProtocol.FILE,
            "is_demo": is_demo,
            "label": label or name,
            "owner": owner,
        },
    )
    return source


def do_record_delivery(run: Run, actor: Any, *, via: str) -> None:
    """A delivery (upload, push, CLI import, re-processing) in the audit log, with the run's counts."""
    accounts.record_audit_event(
        IngestAuditAction.QUARANTINE_REPROCESSED if via == "herverwerking" else IngestAuditAction.CATALOG_DELIVERED,
        actor=actor.user,
        actor_label=actor.label,
        organisation=run.source.owner,
        object_type="run",
        object_id=str(run.pk),
        ip=actor.ip,
        details={
            "via": via,
            "source": run.source.name,
            "status": run.status,
            **{name: getattr(run, name) for name in DELIVERY_COUNTS},
        },
    )


def do_record_raw_view(record: QuarantinedRecord, actor: Any) -> None:
    """Reading a raw quarantined (or claimed) record is audited: it may hold what a supplier sent by mistake."""
    accounts.record_audit_event(
        IngestAuditAction.RAW_RECORD_VIEWED,
        actor=actor.user,
        actor_label=actor.label,
        organisation=record.source.owner,
        object_type="quarantine",
        object_id=str(record.pk),
        ip=actor.ip,
        details={"source": record.source.name, "record_id": record.record_id[:200]},
    )


DELIVERY_COUNTS = (
    "received", "created", "updated", "unchanged", "quarantined", "conflicts", "duplicates", "deleted",
    "deleted_unknown", "price_changes",
)  # fmt: skip


def do_configure_source(name: str, *, protocol: str, url: str, params: dict[str, str]) -> Source:
    source, _ = Source.objects.update_or_create(
        name=name, defaults={"protocol": protocol, "url": url, "params": params, "label": name}
    )
    return source


def do_set_source_checkpoint(source: Source, checkpoint: dict[str, Any]) -> None:
    Source.objects.filter(pk=source.pk).update(checkpoint=checkpoint)
    source.checkpoint = checkpoint


def do_set_source_param(source: Source, key: str, value: str) -> None:
    source.params = {**source.params, key: value}
    source.save(update_fields=["params"])


def do_start_run(source: Source, *, input_name: str, format_id: str) -> Run:
    return Run.objects.create(source=source, input_name=input_name[:1000], format=format_id, started_at=timezone.now())


_GC_LOCK = threading.Lock()
_GC_STATE: dict[str, Any] = {"depth": 0, "threshold": None}
GC_YOUNG_THRESHOLD = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Cheaper cyclic garbage collection while a run allocates millions of short-lived objects.

    The objects alive before the run (Django, reference data, the curriculum) are frozen out of the collector's
    scans, and a young collection runs every 50,000 allocations instead of 700. Reference counting still frees the
    records of each batch as before, and cyclic garbage is still collected, only less often. Process-wide, so
    nested or concurrent runs share one setting, restored when the last one ends.
    """
    with _GC_LOCK:
        if _GC_STATE["depth"] == 0:
            _GC_STATE["threshold"] = gc.get_threshold()
            young, *older = _GC_STATE["threshold"]
            gc.freeze()
            gc.set_threshold(max(young, GC_YOUNG_THRESHOLD), *older)
        _GC_STATE["depth"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["depth"] -= 1
            if _GC_STATE["depth"] == 0:
                gc.set_threshold(*_GC_STATE["threshold"])
                gc.unfreeze()


def do_ingest(
    run: Run,
    inputs: Iterable[tuple[FormatAdapter, BinaryIO]],
    *,
    progress: Progress | None = None,
    wait: float = WAIT_SECONDS,
) -> Run:
    """Parse, validate, map and store every record of `inputs` as run `run` (all or nothing: see `runslot`)."""
    return _ingest_all_or_nothing(run, nullcontext(_results(inputs)), progress, wait)


def do_ingest_pipelined(
    run: Run,
    adapter: FormatAdapter,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    read_progress: Progress | None = None,
    child: parse_worker.ChildTarget | None = None,
    wait: float = WAIT_SECONDS,
) -> Run:
    """As `do_ingest` for local files, with reading and parsing in a child process (CLI and harvest only).

    The records, their order and everything written are the same; only where the parsing runs differs.
    """
    results = parse_worker.parsed_in_child(adapter.identifier, paths, read_progress=read_progress, target=child)
    return _ingest_all_or_nothing(run, results, progress, wait)


def _ingest_all_or_nothing(
    run: Run,
    results: AbstractContextManager[Iterator[ParsedRecord | RecordFailure]],
    progress: Progress | None,
    wait: float,
) -> Run:
    """Batches commit one by one (short write transactions, W5.1 §8); on any failure the run is undone from its
    journal, so the catalogue is as it was before the run."""
    try:
        slot = runslot.held(run, wait=wait)
        slot.__enter__()
    except runslot.RunBusy as busy:
        Run.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=busy.message_nl
        )
        run.refresh_from_db()
        raise RunBusyError(run) from busy
    try:
        # the results (a parsing child, if any) are stopped only after the run has been undone
        with results as parsed, _fewer_collections():
            counts, problems = _ingest(run, parsed, progress)
            with transaction.atomic():
                _finish(run, counts, problems)
                catalog.forget_run(run.pk)
    except BaseException as exc:
        runslot.do_undo_run(run, status=RunStatus.FAILED, message=_failure_message(run, exc))
        if not isinstance(exc, Exception):
            raise
        raise RunFailedError(run) from exc
    finally:
        slot.__exit__(None, None, None)
    return run


def _failure_message(run: Run, exc: BaseException) -> str:
    logger.error("ingest run %s failed", run.pk, exc_info=exc)
    if isinstance(exc, parse_worker.ParseWorkerError):
        if exc.detail:
            logger.error("parsing child of run %s:\n%s", run.pk, exc.detail)
        message = f"De import is afgebroken: {exc.message_nl} De catalogus is ongewijzigd. "
    else:
        message = f"De import is afgebroken ({type(exc).__name__}); de catalogus is ongewijzigd. "
    return message + "Probeer het opnieuw of meld het probleem met dit runnummer."


def _results(inputs: Iterable[tuple[FormatAdapter, BinaryIO]]) -> Iterator[ParsedRecord | RecordFailure]:
    for adapter, stream in inputs:
        yield from adapter.parse(stream)


def _ingest(
    run: Run, results: Iterator[ParsedRecord | RecordFailure], progress: Progress | None
) -> tuple[_Counts, dict[str, Any]]:
    source = run.source
    mapper = current_mapper()
    sectors = level_sectors()
    cache = catalog.LookupCache(owner_id=source.owner_id, source=source.name)
    counts, problems = _Counts(), dict[str, Any]()
    seen: set[str] = set()  # record ids and product keys delivered so far in this run
    while batch := list(itertools.islice(results, BATCH_SIZE)):
        prepared = [
            prepare(
                r,
                source=source.name,
                position=counts.received + n + 1,
                mapper=mapper,
                level_sectors=sectors,
                is_demo=source.is_demo,
            )
            for n, r in enumerate(batch)
        ]
        counts.received += len(batch)
        good = _first_deliveries([p for p in prepared if isinstance(p, IncomingRecord)], seen, counts, problems)
        bad = [p for p in prepared if isinstance(p, Rejected)]
        with transaction.atomic():  # one short write transaction per batch; the run is undone if a later one fails
            _store_batch(run, good, bad, cache, counts, problems)
        if progress is not None:
            progress(counts.received)
    return counts, problems


def _first_deliveries(
    good: list[IncomingRecord], seen: set[str], counts: _Counts, problems: dict[str, Any]
) -> list[IncomingRecord]:
    """A record id or product key that came earlier in the same delivery: the first one counts, each later one is
    a warning and is counted as a duplicate (so received = created + updated + unchanged + quarantined +
    conflicts + duplicates + deleted + deleted_unknown)."""
    first = []
    for item in good:
        ids = (f"r:{item.record_id}", f"k:{item.key}")
        if seen.isdisjoint(ids):
            seen.update(ids)
            first.append(item)
        else:
            counts.duplicates += 1
            add_problems(problems, item.record_id, [DUPLICATE])
    return first


def _store_batch(
    run: Run,
    good: list[IncomingRecord],
    bad: list[Rejected],
    cache: catalog.LookupCache,
    counts: _Counts,
    problems: dict[str, Any],
) -> None:
    outcome = catalog.apply_records(good, now=run.started_at, run_id=run.pk, cache=cache)
    counts.created += outcome.created
    counts.updated += outcome.updated
    counts.unchanged += outcome.unchanged
    counts.price_changes += outcome.price_changes
    counts.conflicts += outcome.conflicts
    counts.deleted += outcome.deleted
    counts.deleted_unknown += outcome.deleted_unknown
    _supersede(run, [g.record_id for g in good] + [b.record_id for b in bad if b.raw], keep=bad)
    fresh = _quarantine(run, bad)
    counts.quarantined += fresh
    counts.still_quarantined += len(bad) - fresh
    counts.unchanged += len(bad) - fresh  # identical to a record already waiting in quarantine
    counts.warnings += sum(1 for g in good if g.warnings)
    for stored in good:
        add_problems(problems, stored.record_id, stored.warnings)
        if stored.record_id in outcome.conflict_reasons:
            add_problems(problems, stored.record_id, [CONFLICT])
    for rejected in bad:
        add_problems(problems, rejected.record_id, rejected.problems)


def _supersede(run: Run, record_ids: list[str], *, keep: list[Rejected]) -> None:
    """A record delivered again replaces what waited in quarantine for it (valid now, or rejected anew)."""
    unchanged = {(r.record_id, hashlib.sha256(r.raw).hexdigest()) for r in keep}
    stale = [
        pk for pk, record_id, raw_hash in _waiting(run.source_id, record_ids) if (record_id, raw_hash) not in unchanged
    ]
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
                problems=[
                    {"code": p.code, "severity": str(p.severity), "field": p.field, "message": p.message_nl}
                    for p in r.problems
                ],
            )
            for r in fresh
        ],
        batch_size=500,
    )
    return len(fresh)


def _finish(run: Run, counts: _Counts, problems: dict[str, Any], *, reprocess: bool = False) -> None:
    for name, value in vars(counts).items():
        setattr(run, name, value)
    run.problems = problems
    rejected = counts.quarantined or counts.still_quarantined or counts.conflicts
    run.status = RunStatus.PARTIAL if rejected else RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = _summary(counts, reprocess=reprocess)
    run.save()
    Source.objects.filter(pk=run.source_id).update(last_success_at=run.finished_at)


def _summary(c: _Counts, *, reprocess: bool = False) -> str:
    if reprocess:
        return (
            f"{c.received} opnieuw verwerkt: {c.created} nieuw, {c.updated} bijgewerkt, {c.unchanged} ongewijzigd "
            f"opgenomen; {c.still_quarantined} nog steeds in quarantaine."
            + (f" {c.conflicts} als claim bewaard (product van een ander)." if c.conflicts else "")
        )
    text = (
        f"{c.received} ontvangen: {c.created} nieuw, {c.updated} bijgewerkt, {c.unchanged} ongewijzigd, "
        f"{c.quarantined} in quarantaine."
    )
    if c.still_quarantined:
        text += f" Van de ongewijzigde records staan er {c.still_quarantined} al in quarantaine."
    if c.deleted or c.deleted_unknown:
        text += f" {c.deleted} verwijderd bij de bron"
        text += f", {c.deleted_unknown} verwijderingen van onbekende records genegeerd." if c.deleted_unknown else "."
    if c.duplicates:
        text += f" {c.duplicates} dubbel in deze levering (alleen het eerste van elk is verwerkt)."
    if c.conflicts:
        text += (
            f" {c.conflicts} over een product van een andere organisatie zonder delegatie: als claim bewaard, "
            "niets gewijzigd."
        )
    return text


def do_reprocess_quarantine(source: Source, *, adapter_for: Callable[[str], FormatAdapter]) -> Run:
    """Try every open quarantined record of `source` again with the current mapping, as one new run."""
    open_records = list(
        QuarantinedRecord.objects.filter(
            source=source, status__in=[QuarantineStatus.OPEN, QuarantineStatus.STILL_INVALID]
        ).order_by("pk")
    )
    run = do_start_run(source, input_name="herverwerking quarantaine", format_id="")
    try:  # small (the waiting quarantine of one source): one transaction, in the import slot
        with runslot.held(run, wait=WAIT_SECONDS), transaction.atomic():
            counts, problems = _reprocess(run, open_records, adapter_for)
            _finish(run, counts, problems, reprocess=True)
            catalog.forget_run(run.pk)
    except Exception as exc:
        Run.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            message="Herverwerking afgebroken; er is niets gewijzigd.",
        )
        run.refresh_from_db()
        raise RunFailedError(run) from exc
    return run


def _reprocess(
    run: Run, records: list[QuarantinedRecord], adapter_for: Callable[[str], FormatAdapter]
) -> tuple[_Counts, dict[str, Any]]:
    mapper, sectors = current_mapper(), level_sectors()
    cache = catalog.LookupCache(owner_id=run.source.owner_id, source=run.source.name)
    counts, problems = _Counts(), dict[str, Any]()
    for item in records:
        counts.received += 1
        if any(p.get("code") == PRIVACY_CODE for p in item.problems):
            # its raw was redacted (or not kept): only a new delivery without the number can release it
            counts.still_quarantined += 1
            item.status = QuarantineStatus.STILL_INVALID
            item.save(update_fields=["status"])
            continue
        results = list(adapter_for(item.format).parse(io.BytesIO(bytes(item.raw)))) if item.raw else []
        prepared = [
            prepare(
                r,
                source=run.source.name,
                position=item.position or 0,
                mapper=mapper,
                level_sectors=sectors,
                is_demo=run.source.is_demo,
            )
            for r in results[:1]
        ]
        first = prepared[0] if prepared else None
        if isinstance(first, IncomingRecord):
            outcome = catalog.apply_records([first], now=run.started_at, run_id=run.pk, cache=cache)
            counts.created += outcome.created
            counts.updated += outcome.updated
            counts.unchanged += outcome.unchanged
            counts.conflicts += outcome.conflicts
            if outcome.conflicts:
                add_problems(problems, item.record_id, [CONFLICT])
            item.status, item.resolved_at = QuarantineStatus.RELEASED, timezone.now()
        else:
            counts.still_quarantined += 1  # still waiting: said so in the run message, not counted as new
            reasons = first.problems if isinstance(first, Rejected) else ()
            add_problems(problems, item.record_id, reasons)
            item.status = QuarantineStatus.STILL_INVALID
            if reasons:
                item.problems = [
                    {"code": p.code, "severity": str(p.severity), "field": p.field, "message": p.message_nl}
                    for p in reasons
                ]
        item.save(update_fields=["status", "resolved_at", "problems"])
    return counts, problems


def do_set_vocabulary_term(term: str, kind: str, slo_ids: list[str], note: str = "") -> VocabularyTerm:
    obj, _ = VocabularyTerm.objects.update_or_create(
        term=term.strip(), defaults={"kind": kind, "slo_ids": slo_ids, "note": note}
    )
    return obj
