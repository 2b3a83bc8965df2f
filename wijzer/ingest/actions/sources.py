"""Writes of sources: registering one (audited), the operator's and demo's `ensure`, a harvest's settings and
checkpoint. Who may register or deliver into which source is decided in `ingest/delivery.py` before these run."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.ingest.constants import IngestAuditAction, SourceFormat, SourceProtocol
from wijzer.ingest.models import Source


def do_register_source(
    name: str,
    *,
    owner: accounts.Organisation | None,
    actor: accounts.Actor,
    format_id: str = "auto",
    label: str = "",
    is_demo: bool = False,
    protocol: str = SourceProtocol.FILE,
) -> Source:
    """The source called `name`: registered to `owner` (None: a platform source) and audited if it is new, else
    the existing one (whoever it belongs to: the caller compares)."""
    with transaction.atomic():
        source, created = Source.objects.get_or_create(
            name=name,
            defaults={
                "format": format_id if format_id in SourceFormat.values else SourceFormat.AUTO,
                "protocol": protocol,
                "is_demo": is_demo,
                "label": label or name,
                "owner": owner,
            },
        )
        if created:
            _audit_registration(source, actor)
    return source


def _audit_registration(source: Source, actor: accounts.Actor) -> None:
    owner = source.owner
    accounts.record_audit_event(
        IngestAuditAction.SOURCE_REGISTERED,
        actor=actor.user,
        actor_label=actor.label,
        organisation=owner,
        object_type="source",
        object_id=source.name,
        ip=actor.ip,
        details={"owner": owner.name if owner else "platform", "format": source.format},
    )


def do_ensure_source(name: str, *, format_id: str, is_demo: bool, label: str, owner: Any = None) -> Source:
    """The source with this name, created on first use (operator and demo only: no check, no audit)."""
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
