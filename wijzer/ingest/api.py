"""Ingest API: sources, validation reports and quarantine (read). Writes arrive with W2 tokens."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest

from ninja import Router, Status
from ninja.errors import HttpError

from wijzer.accounts import service as accounts
from wijzer.accounts.service import require_scope
from wijzer.core.params import limit_query, offset_query

from . import query, service
from .models import Source

router = Router(tags=["aanlevering"])
PUSH_WAIT = 10.0  # seconds a push waits for another import run before it answers 409


def _source(name: str) -> Source:
    source = Source.objects.filter(name=name).first()
    if source is None:
        raise HttpError(404, f"Bron '{name[:100]}' niet gevonden.")
    return source


@router.get("/sources", summary="Bronnen met hun laatste validatie")
def list_sources(request: HttpRequest) -> dict[str, Any]:
    items = [
        {
            "name": s.name,
            "label": str(s),
            "format": s.format,
            "protocol": s.protocol,
            "last_success_at": s.last_success_at,
            "in_quarantine": getattr(s, "waiting", 0),
            "runs": getattr(s, "run_count", 0),
        }
        for s in query.sources()
    ]
    return {"count": len(items), "items": items}


@router.get("/sources/{name}/report", summary="Validatierapport van een bron (JSON)")
def source_report(request: HttpRequest, name: str) -> dict[str, Any]:
    return query.report(_source(name))


@router.get("/sources/{name}/quarantine", summary="Records in quarantaine met hun redenen")
def source_quarantine(
    request: HttpRequest, name: str, limit: int = limit_query(50, 500), offset: int = offset_query()
) -> dict[str, Any]:
    source = _source(name)
    qs = query.quarantine(source)
    items = [
        {
            "id": q.pk,
            "record_id": q.record_id,
            "position": q.position,
            "format": q.format,
            "status": q.status,
            "problems": q.reasons,  # the errors that kept it out (W5.2)
            "warnings": q.notes,
            "created_at": q.created_at,
        }
        for q in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "items": items}


@router.post(
    "/push",
    auth=require_scope("catalog:push"),
    summary="Catalogusrecords aanleveren (uitgever, API-sleutel met scope catalog:push)",
    response={201: dict[str, Any], 400: dict[str, str], 403: dict[str, str], 409: dict[str, str]},
)
def push(request: HttpRequest, source: str | None = None, format: str = "auto") -> Status[dict[str, Any]]:
    """Stuur één bestand of pagina (ECK-XML, NL-LOM, Edu-V-JSON of CSV) als request body; het wordt één run.

    Zonder `source` wordt de bron `push-<organisatie>` gebruikt (gereserveerd voor uw organisatie). Een bron is
    geregistreerd op naam van één organisatie; in bronnen van een ander kunt u niet aanleveren. Records over
    producten van een andere uitgever veranderen niets (tenzij die u velden delegeerde): ze worden als claim
    bewaard en geteld als `conflicts`.
    """
    actor = accounts.actor_of(request)
    if actor.organisation is None:
        return Status(403, {"detail": "Deze API-sleutel hoort niet bij een organisatie."})
    name = source or service.default_push_name(actor.organisation)
    try:
        target = service.source_for_delivery(name, actor, format_id=format, label=name)
    except service.SourceRefused as exc:
        return Status(403 if service.valid_source_name(name) else 400, {"detail": exc.message_nl})
    if not request.body:
        return Status(400, {"detail": "De aanlevering is leeg: stuur de records als body van het verzoek."})
    try:
        run = service.ingest_stream(
            io.BytesIO(request.body), source=target, input_name="API-aanlevering", format_id=format, wait=PUSH_WAIT
        )
    except service.IngestInputError as exc:
        return Status(400, {"detail": exc.message_nl})
    except service.RunBusyError as exc:
        return Status(409, {"detail": exc.run.message})
    except service.RunFailedError as exc:
        service.record_delivery(exc.run, actor, via="api")
        return Status(400, {"detail": exc.run.message})
    service.record_delivery(run, actor, via="api")
    return Status(201, service.run_summary(run))
