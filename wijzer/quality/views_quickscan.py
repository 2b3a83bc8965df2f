"""Pages of the quality app: the quickscan (W6 §5) and the open data (W6 §6). Thin: forms and context here, writes
in `actions.quickscan`, reads of the open data in `opendata`."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.core.csvexport import neutralise

from . import opendata, query
from .actions import quickscan as actions
from .domain import opendata as od
from .domain import quickscan as rules
from .exceptions import Forbidden, NotFound, QualityError
from .models import Experience, Quickscan
from .query import criteria_of, current_framework, topics_of

PRODUCT_HITS = 20
MAX_SEARCH_CHARS = 200
LICENCE, LICENCE_NAME, LICENCE_URL = od.LICENCE, od.LICENCE_NAME, od.LICENCE_URL


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


# --- quickscan -----------------------------------------------------------------------------------------------------


@accounts.member_required
@require_GET
def quickscan_list(request: HttpRequest) -> HttpResponse:
    """The quickscans of the school the person works for now, newest first, and the way to a new one."""
    try:
        school = actions.school_of(accounts.actor_of(request))
    except Forbidden as refused:
        return _forbidden(request, refused.message)
    scans = list(
        Quickscan.objects.filter(school=school).select_related("product", "framework").order_by("-created_at")[:200]
    )
    return render(
        request, "quality/quickscan_list.html", {"school": school, "scans": scans, "framework": current_framework()}
    )


def _questions(framework: Any) -> list[rules.TopicQuestion]:
    statements: dict[int, list[str]] = {}
    for criterion in criteria_of(framework):
        statements.setdefault(criterion.topic_id, []).append(criterion.statement)
    return [rules.question_for(t.code, t.name, t.description, statements.get(t.pk, [])) for t in topics_of(framework)]


def _form_rows(
    questions: list[rules.TopicQuestion], values: dict[str, tuple[str, str]], errors: dict[str, str]
) -> list[dict[str, Any]]:
    choices = [(str(s), f"{s} – {label}") for s, label in rules.SCORE_LABELS.items()]
    choices.append((rules.NOT_APPLICABLE, rules.NOT_APPLICABLE_LABEL))
    rows = []
    for q in questions:
        answer, note = values.get(q.code, ("", ""))
        rows.append(
            {
                "question": q,
                "answer_name": rules.answer_field(q.code),
                "note_name": rules.note_field(q.code),
                "answer": answer,
                "note": note,
                "choices": choices,
                "answer_error": errors.get(rules.answer_field(q.code), ""),
                "note_error": errors.get(rules.note_field(q.code), ""),
            }
        )
    return rows


def _error_list(rows: list[dict[str, Any]], errors: dict[str, str]) -> list[dict[str, str]]:
    """The error summary above the form: each error linked to its field."""
    found = [
        {"anchor": f"{row['answer_name']}-1", "label": row["question"].name, "message": row["answer_error"]}
        for row in rows
        if row["answer_error"]
    ]
    found += [
        {
            "anchor": f"veld-{row['note_name']}",
            "label": f"Toelichting {row['question'].name}",
            "message": row["note_error"],
        }
        for row in rows
        if row["note_error"]
    ]
    if errors.get(rules.PARTICIPANTS_FIELD):
        message = errors[rules.PARTICIPANTS_FIELD]
        found.append({"anchor": "veld-deelnemers", "label": "Wie deden mee", "message": message})
    return found


def _chosen_product(request: HttpRequest) -> tuple[str, Product | None]:
    source = request.POST if request.method == "POST" else request.GET
    raw = source.get("product", "")[:100]
    if not raw:
        return raw, None
    try:
        return raw, query.product_by_uuid(raw)
    except NotFound:
        return raw, None


@accounts.member_required
@require_http_methods(["GET", "POST"])
def quickscan_new(request: HttpRequest) -> HttpResponse:
    """Step 1: find the product (title or EAN). Step 2: the form, one question per topic. POST saves it."""
    actor = accounts.actor_of(request)
    try:
        school = actions.school_of(actor)
    except Forbidden as refused:
        return _forbidden(request, refused.message)
    framework = current_framework()
    context: dict[str, Any] = {"school": school, "framework": framework, "max_note": rules.MAX_NOTE}
    if framework is None:
        return render(request, "quality/quickscan_new.html", {**context, "no_framework": actions.NO_FRAMEWORK})
    raw_product, product = _chosen_product(request)
    if product is None:
        text = request.GET.get("zoek", "")[:MAX_SEARCH_CHARS]
        context |= {"search": text, "hits": query.find_products(text) if text.strip() else None}
        if raw_product or request.method == "POST":
            context["search_error"] = query.PRODUCT_NOT_FOUND
        return render(request, "quality/quickscan_new.html", context)
    questions = _questions(framework)
    values: dict[str, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    participants = ""
    if request.method == "POST":
        values = {
            q.code: (
                request.POST.get(rules.answer_field(q.code), "")[:10],
                request.POST.get(rules.note_field(q.code), "")[: rules.MAX_NOTE * 2],
            )
            for q in questions
        }
        participants = request.POST.get(rules.PARTICIPANTS_FIELD, "")[: rules.MAX_PARTICIPANTS * 2]
        try:
            scan = actions.save_quickscan(actor, product, values, participants)
        except QualityError as problem:  # Forbidden was ruled out by school_of above
            errors = problem.fields
            context["form_error"] = problem.message
        else:
            messages.success(request, "De quickscan is opgeslagen. Hieronder staat de samenvatting om af te drukken.")
            return redirect("quality:quickscan-detail", quickscan_uuid=scan.uuid)
    rows = _form_rows(questions, values, errors)
    context |= {
        "product": product,
        "rows": rows,
        "participants": participants,
        "participants_error": errors.get(rules.PARTICIPANTS_FIELD, ""),
        "errors": _error_list(rows, errors),
        "max_participants": rules.MAX_PARTICIPANTS,
    }
    return render(request, "quality/quickscan_new.html", context)


def _scan_for(request: HttpRequest, quickscan_uuid: uuid.UUID) -> Quickscan:
    try:
        scan = actions.quickscan_by_uuid(quickscan_uuid)
    except NotFound as missing:
        raise Http404(missing.message) from missing
    actions.require_access(accounts.actor_of(request), scan)
    return scan


@accounts.member_required
@require_GET
def quickscan_detail(request: HttpRequest, quickscan_uuid: uuid.UUID) -> HttpResponse:
    """The printable summary: per topic the answer and note, strongest and weakest topics, and what to do next."""
    try:
        scan = _scan_for(request, quickscan_uuid)
    except Forbidden as refused:
        return _forbidden(request, refused.message)
    summary = actions.summary_of(scan)
    current = current_framework()
    return render(
        request,
        "quality/quickscan_detail.html",
        {
            "scan": scan,
            "summary": summary,
            "current": current,
            "outdated": current is not None and current.pk != scan.framework_id,
            "creator": scan.created_by,
            # sharing replaces the viewer's own experience of this product, if there is one: say so before the button
            "own_experience": Experience.objects.filter(product_id=scan.product_id, author_id=request.user.pk).first(),
        },
    )


@accounts.member_required
@require_POST
def quickscan_share(request: HttpRequest, quickscan_uuid: uuid.UUID) -> HttpResponse:
    """ "Deel als ervaring": the scan becomes the sharer's experience of the product (again: updated)."""
    actor = accounts.actor_of(request)
    try:
        scan = _scan_for(request, quickscan_uuid)
        again = scan.shared_experience_id is not None
        actions.share_quickscan(actor, scan)
    except Forbidden as refused:
        return _forbidden(request, refused.message)
    except QualityError as problem:
        details = " ".join(problem.fields.values())
        messages.error(request, f"{problem.message} {details}".strip())
        return redirect("quality:quickscan-detail", quickscan_uuid=quickscan_uuid)
    if again:
        messages.success(request, "Uw ervaring met dit product is bijgewerkt met deze quickscan.")
    else:
        messages.success(request, "De quickscan is gedeeld als uw ervaring met dit product.")
    return redirect("quality:quickscan-detail", quickscan_uuid=quickscan_uuid)


# --- open data -----------------------------------------------------------------------------------------------------


@require_GET
def opendata_page(request: HttpRequest) -> HttpResponse:
    """The public page: what the files hold, their licence and how people are pseudonymised."""
    files = [
        {
            "dataset": d,
            "count": d.count(),
            "csv": reverse("quality:opendata-csv", kwargs={"opendata_file": d.file_word}),
            "json": reverse("quality:opendata-json", kwargs={"opendata_file": d.file_word}),
            "api": f"/api/v1/quality/open-data/{d.name}",
        }
        for d in opendata.DATASETS.values()
    ]
    return render(
        request,
        "quality/opendata.html",
        {
            "files": files,
            "licence": LICENCE,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "pseudonym_chars": od.PSEUDONYM_HEX,
        },
    )


def _dataset(opendata_file: str) -> opendata.Dataset:
    found = opendata.BY_FILE_WORD.get(opendata_file)
    if found is None:
        raise Http404("Onbekend bestand; kies beoordelingen, ervaringen of profielen.")
    return found


class _Line:
    """A file-like object whose write returns the line, for streaming with csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(dataset: opendata.Dataset) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([c.header for c in dataset.columns])
    for row in dataset.rows():
        yield writer.writerow([neutralise(cell) for cell in od.csv_cells(row, dataset.columns)])


def _filename(dataset: opendata.Dataset, extension: str) -> str:
    return f"wijzer-{dataset.file_word}-{timezone.localdate().isoformat()}.{extension}"


@require_GET
def opendata_csv(request: HttpRequest, opendata_file: str) -> StreamingHttpResponse:
    """The whole file as CSV (semicolons, UTF-8 with byte order mark, Dutch headers), streamed."""
    dataset = _dataset(opendata_file)
    response = StreamingHttpResponse(_csv_lines(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dataset, "csv")}"'
    return response


def _json_chunks(dataset: opendata.Dataset) -> Iterator[str]:
    head = {
        "dataset": dataset.name,
        "title": dataset.title,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated_on": timezone.localdate().isoformat(),
        "columns": {c.key: c.description for c in dataset.columns},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for row in dataset.rows():
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}\n"


@require_GET
def opendata_json(request: HttpRequest, opendata_file: str) -> StreamingHttpResponse:
    """The whole file as one JSON document (`items`: the rows, English keys as in the API), streamed."""
    dataset = _dataset(opendata_file)
    response = StreamingHttpResponse(_json_chunks(dataset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dataset, "json")}"'
    return response


urlpatterns: list[URLPattern] = [
    path("quickscan/", quickscan_list, name="quickscan-list"),
    path("quickscan/nieuw/", quickscan_new, name="quickscan-new"),
    path("quickscan/<uuid:quickscan_uuid>/", quickscan_detail, name="quickscan-detail"),
    path("quickscan/<uuid:quickscan_uuid>/delen/", quickscan_share, name="quickscan-share"),
    path("open-data/", opendata_page, name="opendata"),
    path("open-data/<slug:opendata_file>.csv", opendata_csv, name="opendata-csv"),
    path("open-data/<slug:opendata_file>.json", opendata_json, name="opendata-json"),
]
