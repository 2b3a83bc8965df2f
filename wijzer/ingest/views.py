"""Ingest pages: sources with their validation report (public: feed quality is open), uploads with progress,
quarantine with re-processing (for the source's publisher editors and platform administrators)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wijzer.accounts import service as accounts
from wijzer.accounts.service import Action
from wijzer.core.csvexport import csv_response

from . import query, service, upload_run
from .constants import RunStatus, SourceFormat
from .models import Run, Source


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The refusal page of ingest (who may do what is decided by `accounts.check`, the one policy table):
    anonymous visitors go to the login page, like every member page; signed-in roles get a Dutch 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def _source(name: str) -> Source:
    return get_object_or_404(Source, name=name)


def sources(request: HttpRequest) -> HttpResponse:
    all_sources = list(query.sources())
    rows = [{"source": s, "report": query.report(s)} for s in all_sources]
    return render(
        request,
        "ingest/sources.html",
        {
            "rows": rows,
            "may_upload": _may_deliver_some(request),
            "formats": SourceFormat.choices,
            "has_demo": any(s.is_demo for s in all_sources),
        },
    )


def source_report(request: HttpRequest, name: str) -> HttpResponse:
    source = _source(name)
    return render(
        request,
        "ingest/report.html",
        {
            "source": source,
            "report": query.report(source),
            "runs": source.runs.order_by("-started_at", "-pk")[:20],
            "quarantine": Paginator(query.quarantine(source), 25).get_page(request.GET.get("pagina")),
            "may_manage": accounts.allows(accounts.actor_of(request), Action.REPROCESS_QUARANTINE, source.owner),
        },
    )


def source_report_csv(request: HttpRequest, name: str) -> HttpResponse:
    report = query.report(_source(name))
    header = ["bron", "run", "ontvangen", "geldig", "aandeel_geldig", "code", "ernst", "veld", "aantal", "melding"]
    rows: list[list[object]] = [[*header, "voorbeelden"]]
    for problem in report["problems"] or [{}]:
        rows.append(
            [
                report["source"],
                report["run"] or "",
                report["received"],
                report["valid"],
                report["valid_share"] if report["valid_share"] is not None else "",
                problem.get("code", ""),
                problem.get("severity", ""),
                problem.get("field", ""),
                problem.get("count", ""),
                problem.get("message", ""),
                " ".join(problem.get("examples", [])),
            ]
        )
    return csv_response(rows, filename=f"validatierapport-{name}.csv")  # neutralises formulas (CSV injection)


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.select_related("source"), pk=run_id)
    context: dict[str, Any] = {
        "run": run,
        "progress": upload_run.read_progress(run.pk),
        "running": run.status == RunStatus.RUNNING,
    }
    template = "ingest/_run_status.html" if request.headers.get("HX-Request") else "ingest/run.html"
    return render(request, template, context)


def _may_deliver_some(request: HttpRequest) -> bool:
    actor = accounts.actor_of(request)
    return accounts.allows(actor, Action.DELIVER_CATALOG, actor.organisation) if actor.organisation else False


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    actor = accounts.actor_of(request)
    if not _may_deliver_some(request):
        accounts.check(actor, Action.DELIVER_CATALOG, actor.organisation, reason="uploaden zonder rol")
        return forbidden(request, "Alleen redacteuren van een uitgever en beheerders kunnen bestanden aanleveren.")
    upload_file = request.FILES.get("bestand")
    name = (request.POST.get("bron") or "").strip()
    format_id = request.POST.get("formaat") or "auto"
    errors = _upload_errors(upload_file, name, format_id)
    if errors or upload_file is None:
        for error in errors:
            messages.error(request, error)
        return redirect("ingest:sources")
    try:  # who may deliver into which source is decided before a byte is stored
        source = service.source_for_delivery(name, actor, format_id=format_id, label=name)
    except service.SourceRefused as exc:
        return forbidden(request, exc.message_nl)
    path = settings.UPLOAD_DIR / f"{uuid.uuid4().hex}.upload"
    try:
        _store_upload(upload_file, path)
    except OSError:
        messages.error(request, UPLOAD_NOT_STORED)
        return redirect("ingest:sources")
    try:  # start_file_run deletes the file itself when the run cannot start
        run = upload_run.start_file_run(path, source=source, input_name=upload_file.name or name, format_id=format_id)
    except service.IngestInputError as exc:
        messages.error(request, exc.message_nl)
        return redirect("ingest:sources")
    service.record_delivery(run, actor, via="upload")
    return redirect("ingest:run", run_id=run.pk)


UPLOAD_NOT_STORED = (
    "Het bestand kon niet worden opgeslagen (de schijf van de server is vol of niet beschrijfbaar). "
    "Er is niets ingelezen; probeer het later opnieuw of neem contact op met de beheerder."
)


def _store_upload(upload_file: Any, path: Path) -> None:
    """Write the upload to `path`; on any failure (a full disk) nothing is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as target:
            for chunk in upload_file.chunks():
                target.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _upload_errors(upload_file: Any, name: str, format_id: str) -> list[str]:
    errors = []
    if upload_file is None:
        errors.append("Kies een bestand om aan te leveren.")
    elif upload_file.size > settings.WIJZER_MAX_UPLOAD_BYTES:
        errors.append("Het bestand is groter dan 200 MB. Lever het aan met `wijzer ingest` of via een harvest.")
    if not name or len(name) > 100 or not all(c.isalnum() or c in "-_" for c in name):
        errors.append("Geef de bron een korte naam van letters, cijfers en streepjes (bijv. uitgever-x-2026).")
    if format_id not in SourceFormat.values:
        errors.append("Kies een bekend formaat.")
    return errors


@require_POST
def reprocess(request: HttpRequest, name: str) -> HttpResponse:
    source = _source(name)
    actor = accounts.actor_of(request)
    if not accounts.check(actor, Action.REPROCESS_QUARANTINE, source.owner, object_type="source", object_id=name):
        return forbidden(request, "U mag de quarantaine van deze bron niet opnieuw verwerken.")
    try:
        run = service.reprocess_quarantine(source)
    except service.RunFailedError as exc:
        service.record_delivery(exc.run, actor, via="herverwerking")
        messages.error(request, exc.run.message)
        return redirect("ingest:report", name=name)
    service.record_delivery(run, actor, via="herverwerking")
    messages.success(request, f"Opnieuw verwerkt: {run.message}")
    return redirect("ingest:report", name=name)


def quarantined_raw(request: HttpRequest, name: str, record_pk: int) -> HttpResponse:
    source = _source(name)
    actor = accounts.actor_of(request)
    if not accounts.check(
        actor, Action.READ_QUARANTINE, source.owner, object_type="quarantine", object_id=str(record_pk)
    ):
        return forbidden(request, "Alleen de organisatie van deze bron en platformbeheerders zien de ruwe records.")
    record = query.quarantine(source).filter(pk=record_pk).first()
    if record is None:
        raise Http404("Onbekend record")
    service.record_raw_view(record, actor)
    response = HttpResponse(bytes(record.raw), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="quarantaine-{record.pk}.txt"'
    return response
