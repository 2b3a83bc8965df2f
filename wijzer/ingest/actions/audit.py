"""What ingest writes in the audit log: every delivery with its counts, and every look at a raw record."""

from __future__ import annotations

from typing import Any

from wijzer.accounts import service as accounts
from wijzer.ingest.constants import IngestAuditAction
from wijzer.ingest.models import QuarantinedRecord, Run

DELIVERY_COUNTS = (
    "received", "created", "updated", "unchanged", "quarantined", "conflicts", "duplicates", "deleted",
    "deleted_unknown", "price_changes",
)  # fmt: skip


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
