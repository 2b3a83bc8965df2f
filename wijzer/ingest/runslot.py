"""One import run writes at a time, in short transactions, and a run that fails is undone (W5.1 §8).

An ingest run commits batch by batch (a write transaction of a fraction of a second), so that logins, API calls
and page views — which also write (sessions, audit) — are never kept waiting for a whole run by SQLite's single
writer. The catalogue stays all-or-nothing per run through the undo journal (`catalog.undo`): a run that raises is
undone at once; a run whose process was killed is undone, and marked "afgebroken", by the next run or by
`wijzer setup`. Only one run holds the slot (`IngestLock`); a second one waits, or reports who is busy.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from wijzer.catalog import service as catalog

from .constants import QuarantineStatus, RunStatus
from .models import IngestLock, QuarantinedRecord, Run

HOST = socket.gethostname()[:200]
ABORTED = (
    "De import is afgebroken: het proces stopte voordat de run klaar was. Wat de run al had opgeslagen is "
    "teruggedraaid; de catalogus is zoals vóór de run."
)


class RunBusy(Exception):
    """Another run holds the slot; `message_nl` names it."""

    def __init__(self, holder: Run) -> None:
        self.holder = holder
        self.message_nl = (
            f"Er loopt al een import (run {holder.pk}, bron {holder.source.name}, gestart "
            f"{timezone.localtime(holder.started_at):%d-%m-%Y %H:%M}). Probeer het opnieuw als die klaar is."
        )
        super().__init__(self.message_nl)


def _alive(run: Run) -> bool:
    """Whether the process of a running run still exists (on another machine we cannot tell: assume it does)."""
    if run.status != RunStatus.RUNNING:
        return False
    if run.host != HOST:
        return True
    if run.pid is None:
        return False
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def do_undo_run(run: Run, *, status: str, message: str) -> None:
    """Undo everything `run` wrote (catalogue and quarantine) and record why, in one transaction."""
    with transaction.atomic():
        catalog.undo_run(run.pk)
        QuarantinedRecord.objects.filter(run=run).delete()
        for pk, earlier in Run.objects.filter(pk=run.pk).values_list("superseded", flat=True).first() or []:
            QuarantinedRecord.objects.filter(pk=pk).update(status=earlier, resolved_at=None)
        Run.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), message=message, superseded=[])
    run.refresh_from_db()


def do_recover_stale_runs() -> list[Run]:
    """Undo and mark aborted every run of this machine whose process is gone (called before a run and by setup)."""
    stale = [
        r for r in Run.objects.filter(status=RunStatus.RUNNING, host=HOST).select_related("source") if not _alive(r)
    ]
    for run in stale:
        do_undo_run(run, status=RunStatus.ABORTED, message=ABORTED)
    return stale


def _try_acquire(run: Run) -> Run | None:
    """Take the slot for `run`; returns the run that holds it instead, if any."""
    with transaction.atomic():
        lock, _created = IngestLock.objects.select_for_update().get_or_create(pk=1)
        holder = Run.objects.select_related("source").filter(pk=lock.run_id).first() if lock.run_id else None
        if holder is not None and holder.pk != run.pk and _alive(holder):
            return holder
        lock.run, lock.acquired_at = run, timezone.now()
        lock.save(update_fields=["run", "acquired_at"])
        Run.objects.filter(pk=run.pk).update(pid=os.getpid(), host=HOST)
    return None


@contextmanager
def held(run: Run, *, wait: float) -> Iterator[None]:
    """Hold the slot while the body runs; wait up to `wait` seconds for another run, else RunBusy."""
    do_recover_stale_runs()
    deadline = time.monotonic() + wait
    while (holder := _try_acquire(run)) is not None:
        if time.monotonic() >= deadline:
            raise RunBusy(holder)
        time.sleep(min(0.5, max(0.05, deadline - time.monotonic())))
    try:
        yield
    finally:
        IngestLock.objects.filter(pk=1, run=run).update(run=None, acquired_at=None)


def do_remember_superseded(run: Run, entries: list[tuple[int, str]]) -> None:
    """Inside a batch's transaction: the quarantine entries it is about to mark superseded, for the run's undo."""
    if entries:
        run.superseded = [*run.superseded, *([pk, status] for pk, status in entries)]
        Run.objects.filter(pk=run.pk).update(superseded=run.superseded)


WAITING = (str(QuarantineStatus.OPEN), str(QuarantineStatus.STILL_INVALID))
