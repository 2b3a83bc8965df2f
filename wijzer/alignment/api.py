"""API of kerndoeldekking (W5): parts and links per method, coverage (JSON/CSV), exports, suggestions, reviews."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse

from ninja import Router, Status
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.core.csvexport import csv_response

from . import actions, delivery, engine, query
from .access import may_review
from .constants import Decision, Strength
from .coverage_report import export_parts, method_coverage, scope_text
from .domain import coverage as cov
from .domain.export import to_json, to_nl_lom
from .domain.toc import MAX_BYTES
from .schemas import (
    DetailOut,
    PartOut,
    ReviewIn,
    ReviewOut,
    SuggestIn,
    SuggestionOut,
    TocImportOut,
    TocRefusedOut,
)

router = Router(tags=["kerndoeldekking"])


def reviewer_auth(request: HttpRequest) -> accounts.Principal | None:
    """A logged-in reviewer's session (CSRF-checked); 401 without a session or token, 403 for any other role."""
    principal = accounts.principal_of(request)
    if principal is None:
        return None
    if principal.kind != "session" or principal.membership is None:
        raise AuthorizationError(403, "Beoordelen kan alleen met een ingelogde beoordelaar.")
    if not may_review(request):
        raise AuthorizationError(403, "Alleen beoordelaars (en platformbeheerders) kunnen koppelingen beoordelen.")
    return principal


def _method_pk(method_id: str) -> int:
    method = catalog.get_method(method_id)
    if method is None:
        raise HttpError(404, "Onbekende methode.")
    return method.pk


@router.get("/methods/{method_id}/parts", response=list[PartOut], summary="Onderdelen en koppelingen van een methode")
def method_parts(request: HttpRequest, method_id: str) -> list[dict[str, Any]]:
    pk = _method_pk(method_id)
    links: dict[int, list[dict[str, Any]]] = {}
    for link in query.links_of(pk).order_by("framework", "goal_code", "pk"):
        links.setdefault(link.part_id, []).append(
            {
                "id": str(link.uuid),
                "goal_id": str(link.goal_uuid),
                "code": link.goal_code,
                "framework": link.framework,
                "strength": link.strength,
                "provenance": link.provenance,
                "origin": link.origin,
                "score": link.score,
                "evidence": link.evidence,
                "declared_id": link.declared_id,
                "reviewed_at": link.reviewed_at.isoformat() if link.reviewed_at else None,
                "reason": link.reason,
            }
        )
    parts = query.parts_of(pk)
    by_pk = {p.pk: p for p in parts}
    return [
        {
            "id": str(p.uuid),
            "key": p.key,
            "parent": str(by_pk[p.parent_id].uuid) if p.parent_id in by_pk else None,
            "level": p.level,
            "position": p.position,
            "title": p.title,
            "text": p.text,
            "sector": p.sector,
            "stage": p.stage,
            "is_demo": p.is_demo,
            "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
            "alignments": links.get(p.pk, []),
        }
        for p in parts
    ]


def supplier_auth(request: HttpRequest) -> accounts.Principal | None:
    """A token or a logged-in person (CSRF-checked for a session); 401 without. Which ones may deliver for which
    method is decided in the operation (`delivery.may_deliver`), once the method is known."""
    return accounts.principal_of(request)


JSON_TYPES = frozenset({"application/json", "text/json"})
CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
UPLOAD_FIELD, UPLOAD_ALIAS = "file", "bestand"  # the form field; its old (Dutch) name stays accepted (W5.4)


def _delivered_bytes(request: HttpRequest) -> tuple[bytes, str, str]:
    """The table of contents from the body (JSON or CSV) or from a multipart upload: (data, file name, type)."""
    kind = (request.content_type or "").lower()
    if kind == "multipart/form-data":
        return _uploaded_bytes(request)
    if kind in JSON_TYPES or kind.endswith("+json") or kind in CSV_TYPES:
        return request.body, "", kind
    raise HttpError(415, "Stuur de inhoudsopgave als JSON (application/json) of CSV (text/csv), of als bestand.")


def _uploaded_bytes(request: HttpRequest) -> tuple[bytes, str, str]:
    """The uploaded file, in the field `file` or its old name `bestand`; both with different files is refused."""
    found = (request.FILES.get(name) for name in (UPLOAD_FIELD, UPLOAD_ALIAS))
    uploads = [upload for upload in found if upload is not None]
    if not uploads:
        raise delivery.DeliveryRefused.single(
            f"Geen bestand ontvangen: stuur de inhoudsopgave in het formulierveld '{UPLOAD_FIELD}', of als body met "
            "Content-Type application/json of text/csv."
        )
    if any(upload.size is not None and upload.size > MAX_BYTES for upload in uploads):
        raise delivery.DeliveryRefused.single(f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB.")
    contents = [upload.read() for upload in uploads]
    if len(set(contents)) > 1:
        raise delivery.DeliveryRefused.single(
            f"De formuliervelden '{UPLOAD_FIELD}' en '{UPLOAD_ALIAS}' zijn hetzelfde ('{UPLOAD_ALIAS}' is de oude "
            f"naam) maar bevatten een verschillend bestand. Gebruik alleen '{UPLOAD_FIELD}'."
        )
    return contents[0], uploads[0].name or "", uploads[0].content_type or ""


@router.post(
    "/methods/{method_id}/parts",
    auth=supplier_auth,
    response={200: TocImportOut, 403: DetailOut, 404: DetailOut, 422: TocRefusedOut},
    summary="Inhoudsopgave van een methode aanleveren (JSON of CSV; uitgever met catalog:push of platformbeheer)",
)
def deliver_parts(request: HttpRequest, method_id: str, suggest: bool = True) -> Status[dict[str, Any]]:
    """Delen, hoofdstukken en paragrafen met hun opgegeven kerndoelen, als JSON-body, CSV-body (`text/csv`) of
    bestand (`multipart/form-data`, veld `file`; alias: bestand, verouderd). Alles of niets: één ongeldige rij geeft
    422 met het rijrapport en er verandert niets. Opnieuw aanleveren is idempotent; zie docs/alignment.md."""
    principal = getattr(request, "auth", None)
    if not isinstance(principal, accounts.Principal):
        return Status(403, {"detail": delivery.NOT_A_SUPPLIER})
    method = catalog.get_method(method_id)
    if method is None:
        return Status(404, {"detail": "Onbekende methode."})
    actor = accounts.actor_of(request)
    if principal.kind == "token" and str(accounts.Scope.CATALOG_PUSH) not in principal.scopes:
        accounts.check(
            actor, accounts.Action.DELIVER_TOC, method.owner, object_type="method", object_id=str(method.uuid)
        )
        return Status(403, {"detail": "Deze API-sleutel mist de bevoegdheid catalog:push."})
    if not delivery.may_deliver(method, actor):
        return Status(403, {"detail": delivery.NOT_A_SUPPLIER})
    try:
        data, filename, content_type = _delivered_bytes(request)
        done = delivery.deliver(
            data, method=method, filename=filename, content_type=content_type, suggest=suggest,
            user=principal.user, organisation=principal.organisation,
            actor_label=f"sleutel {principal.token.display}" if principal.token is not None else "",
            ip=accounts.actor_of(request).ip,
        )  # fmt: skip
    except delivery.DeliveryRefused as exc:
        return Status(422, exc.as_dict())
    return Status(200, done.result.as_dict())


@router.get("/methods/{method_id}/coverage", summary="Dekking van een methode (JSON, of CSV met format=csv)")
def method_coverage_api(
    request: HttpRequest, method_id: str, sector: str = "", stage: str = "", format: str = "json"
) -> Any:
    result = method_coverage(_method_pk(method_id), sector=sector[:10], stage=stage[:100])
    if format == "csv":
        return csv_response(cov.csv_rows(result.coverage), delimiter=",")
    scope = result.scope
    return {
        "sector": result.sector,
        "stage": result.stage,
        "scope": {
            "from_links": scope.linked,
            "from_subjects": list(scope.subjects),
            "unmatched_subjects": list(scope.unmatched),
            "needs_sector": scope.needs_sector,
            "empty": scope.empty,
            "explanation": scope_text(scope, result.sector),
        },
        "parts": [{"id": p.part_id, "path": p.path, "level": p.level} for p in result.coverage.parts],
        "unlinked_parts": [p.part_id for p in result.coverage.unlinked_parts],
        "frameworks": [
            {
                "framework": f.framework,
                "total": f.total,
                "covered": f.covered,
                "partial": f.partial,
                "percent": f.percent,
                "percent_core": f.percent_core,
                "subjects": list(f.subjects),
                "headline": f.headline,
                "pending_goals": f.pending_goals,
                "gaps": [g.goal_id for g in f.gaps],
                "crowded": [{"goal_id": g.goal_id, "parts": n} for g, n in f.crowded],
                "goals": [
                    {"goal_id": g.goal.goal_id, "code": g.goal.code, "status": g.status, "cells": list(g.cells),
                     "pending": list(g.pending)}
                    for g in f.goals
                ],
            }
            for f in result.coverage.frameworks
        ],
        "maybe_also": [
            {"goal_id": m.goal.goal_id, "code": m.goal.code, "framework": m.goal.framework,
             "provenance": m.provenance, "parts": list(m.part_ids)}
            for m in result.maybe
        ],
    }  # fmt: skip


@router.get("/methods/{method_id}/export", summary="Bevestigde koppelingen als NL-LOM (format=nl-lom) of JSON")
def method_export(request: HttpRequest, method_id: str, format: str = "json") -> Any:
    parts = export_parts(_method_pk(method_id))
    if format == "nl-lom":
        return HttpResponse(to_nl_lom(parts), content_type="application/xml; charset=utf-8")
    return to_json(parts)


@router.post("/suggest", response=list[SuggestionOut], summary="Kerndoelen voorstellen bij een tekst")
def suggest(request: HttpRequest, payload: SuggestIn) -> list[dict[str, Any]]:
    if not 1 <= payload.limit <= 50 or not payload.text.strip() or len(payload.text) > 10_000:
        raise HttpError(422, "text is verplicht (max. 10.000 tekens) en limit moet tussen 1 en 50 liggen.")
    found = engine.suggest(
        payload.text, sector=payload.sector, framework=payload.framework, subject=payload.subject,
        limit=payload.limit,
    )  # fmt: skip
    return [{"goal_id": s.goal_id, "code": s.code, "score": s.score, "evidence": s.evidence()} for s in found]


@router.post("/review", response=ReviewOut, auth=reviewer_auth, summary="Koppelingen beoordelen")
def review(request: HttpRequest, payload: ReviewIn) -> dict[str, int]:
    principal = getattr(request, "auth", None)  # set by reviewer_auth
    if not isinstance(principal, accounts.Principal):
        raise AuthorizationError(403, "Beoordelen kan alleen met een ingelogde beoordelaar.")
    ids = []
    for value in payload.alignments:
        try:
            ids.append(uuid.UUID(value))
        except ValueError as exc:
            raise HttpError(422, f"Ongeldige koppeling: {value}") from exc
    links = query.alignments_by_uuid(ids)
    if len(links) != len(set(ids)):
        raise HttpError(404, "Een of meer koppelingen bestaan niet.")
    try:
        count = actions.do_review_alignments(
            links,
            Decision(payload.decision),
            reviewer=principal.organisation,
            user=principal.user,
            reason=payload.reason,
            strength=Strength(payload.strength) if payload.strength else None,
            ip=accounts.actor_of(request).ip,
        )
    except actions.ReasonRequired as exc:
        raise HttpError(422, str(exc)) from exc
    return {"reviewed": count}
