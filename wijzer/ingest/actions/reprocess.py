"""Re-processing a source's quarantine (`wijzer quarantine NAME --reprocess`, the button on the report): every
record waiting there goes through the same batch step as a delivery (`batch.RunBatches`), with today's mapping."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from wijzer.catalog import service as catalog
from wijzer.catalog.service import IncomingRecord
from wijzer.ingest import runslot
from wijzer.ingest.constants import QuarantineStatus, RunStatus
from wijzer.ingest.domain.report import add_problems
from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.models import QuarantinedRecord, Run, Source
from wijzer.ingest.prepare import Rejected

from .batch import Counts, RunBatches, problem_rows
from .runs import WAIT_SECONDS, RunFailedError, do_start_run, finish_run

PRIVACY_CODE = "privacy.bsn"  # a record with a BSN-like number: its stored raw is redacted, never re-processed
INPUT_NAME = "herverwerking quarantaine"


def do_reprocess_quarantine(source: Source, *, adapter_for: Callable[[str], FormatAdapter]) -> Run:
    """Try every open quarantined record of `source` again with the current mapping, as one new run."""
    open_records = list(
        QuarantinedRecord.objects.filter(
            source=source, status__in=[QuarantineStatus.OPEN, QuarantineStatus.STILL_INVALID]
        ).order_by("pk")
    )
    run = do_start_run(source, input_name=INPUT_NAME, format_id="")
    try:  # small (the waiting quarantine of one source): one transaction, in the import slot
        with runslot.held(run, wait=WAIT_SECONDS), transaction.atomic():
            batches = _reprocess(run, open_records, adapter_for)
            finish_run(run, batches.counts, batches.problems, summary(batches.counts))
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


def _reprocess(run: Run, records: list[QuarantinedRecord], adapter_for: Callable[[str], FormatAdapter]) -> RunBatches:
    """Each waiting record is its own batch of one (records waiting for the same product stay apart: the later
    one updates what the earlier one made)."""
    batches = RunBatches.start(run)
    for item in records:
        batches.counts.received += 1
        if any(p.get("code") == PRIVACY_CODE for p in item.problems):
            # its raw was redacted (or not kept): only a new delivery without the number can release it
            batches.counts.still_quarantined += 1
            item.status = QuarantineStatus.STILL_INVALID
            item.save(update_fields=["status"])
            continue
        results = list(adapter_for(item.format).parse(io.BytesIO(bytes(item.raw)))) if item.raw else []
        first = batches.prepare(results[0], item.position or 0) if results else None
        if isinstance(first, IncomingRecord):
            batches.store([first])
            item.status, item.resolved_at = QuarantineStatus.RELEASED, timezone.now()
        else:
            batches.counts.still_quarantined += 1  # still waiting: said so in the run message, not counted as new
            reasons = first.problems if isinstance(first, Rejected) else ()
            add_problems(batches.problems, item.record_id, reasons)
            item.status = QuarantineStatus.STILL_INVALID
            if reasons:
                item.problems = problem_rows(reasons)
        item.save(update_fields=["status", "resolved_at", "problems"])
    return batches


def summary(c: Counts) -> str:
    """The Dutch message of a re-processing run."""
    return (
        f"{c.received} opnieuw verwerkt: {c.created} nieuw, {c.updated} bijgewerkt, {c.unchanged} ongewijzigd "
        f"opgenomen; {c.still_quarantined} nog steeds in quarantaine."
        + (f" {c.conflicts} als claim bewaard (product van een ander)." if c.conflicts else "")
    )
