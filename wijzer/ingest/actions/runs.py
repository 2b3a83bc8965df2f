"""A run from start to finish (W5.1 §8): its `Run` row, the import slot, the batches, and all or nothing.

The Run row is written first (so a failure can be reported). The records are read in batches of `BATCH_SIZE`; each
batch is written in its own short transaction (`batch.do_store_delivered`), and a run that fails is undone from
its journal (`runslot.do_undo_run`), so the catalogue is as it was before the run.
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from wijzer.catalog import service as catalog
from wijzer.ingest import parse_worker, runslot
from wijzer.ingest.constants import RunStatus
from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.records import ParsedRecord, RecordFailure
from wijzer.ingest.models import Run, Source

from .batch import Counts, RunBatches, do_store_delivered

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000
WAIT_SECONDS = 600.0  # how long a run waits for another one to finish before it gives up (`runslot`)
Progress = Callable[[int], None]


class RunFailedError(Exception):
    """The run failed and was rolled back; `run` carries the Dutch message."""

    def __init__(self, run: Run) -> None:
        self.run = run
        super().__init__(run.message)


class RunBusyError(RunFailedError):
    """Another run held the import slot for longer than this one would wait; nothing was written."""


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
            batches = _ingest(run, parsed, progress)
            with transaction.atomic():
                finish_run(run, batches.counts, batches.problems, summary(batches.counts))
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


def _ingest(run: Run, results: Iterator[ParsedRecord | RecordFailure], progress: Progress | None) -> RunBatches:
    batches = RunBatches.start(run)
    while batch := list(itertools.islice(results, BATCH_SIZE)):
        do_store_delivered(batches, batch)  # one short write transaction; the run is undone if a later one fails
        if progress is not None:
            progress(batches.counts.received)
    return batches


def finish_run(run: Run, counts: Counts, problems: dict[str, Any], message: str) -> None:
    """Store the counts, problems and Dutch summary of a run that got to the end (inside the caller's
    transaction); the source's last success is now."""
    for name, value in vars(counts).items():
        setattr(run, name, value)
    run.problems = problems
    rejected = counts.quarantined or counts.still_quarantined or counts.conflicts
    run.status = RunStatus.PARTIAL if rejected else RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = message
    run.save()
    Source.objects.filter(pk=run.source_id).update(last_success_at=run.finished_at)


def summary(c: Counts) -> str:
    """The Dutch message of a delivery's run."""
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
