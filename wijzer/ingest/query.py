"""Read-side queries of ingest: sources, runs and the validation report per source."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from .constants import QuarantineStatus, RunStatus
from .domain.report import top_problems
from .models import QuarantinedRecord, Run, Source

WAITING = [QuarantineStatus.OPEN, QuarantineStatus.STILL_INVALID]


def sources() -> QuerySet[Source]:
    return Source.objects.annotate(
        waiting=Count("quarantine", filter=Q(quarantine__status__in=WAITING)),
        run_count=Count("runs", distinct=True),
    ).order_by("name")


def latest_run(source: Source) -> Run | None:
    return (
        source.runs.exclude(status__in=[RunStatus.RUNNING, RunStatus.FAILED])
        .exclude(input_name="herverwerking quarantaine")
        .order_by("-started_at", "-pk")
        .first()
    )


def report(source: Source) -> dict[str, Any]:
    """The validation report of the latest completed run: share valid, top problems with counts, examples."""
    run = latest_run(source)
    waiting = QuarantinedRecord.objects.filter(source=source, status__in=WAITING).count()
    if run is None:
        return {
            "source": source.name,
            "label": str(source),
            "run": None,
            "received": 0,
            "valid": 0,
            "valid_share": None,
            "in_quarantine": waiting,
            "problems": [],
        }
    rejected = run.quarantined + run.still_quarantined
    return {
        "source": source.name,
        "label": str(source),
        "run": run.pk,
        "run_started_at": run.started_at.isoformat(),
        "received": run.received,
        "valid": run.received - rejected,
        "valid_share": round(run.valid_share, 4) if run.valid_share is not None else None,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": rejected,
        "with_warnings": run.warnings,
        "in_quarantine": waiting,
        "problems": top_problems(run.problems, limit=50),
    }


def quarantine(source: Source | None = None) -> QuerySet[QuarantinedRecord]:
    qs = QuarantinedRecord.objects.select_related("source").filter(status__in=WAITING)
    return qs.filter(source=source) if source else qs
