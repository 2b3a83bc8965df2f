"""The market monitor's pages under /markt/ (W7 §8): the dashboard, the CSV export of each table, the print view and
the PDF report. Public: prices and owners are public data.

Thin: read the filter (`sector`, `vak`; "alle" or empty = all), ask `monitor` for the figures and tables, render.
An unknown sector, subject or table is a Dutch 404 page (the dashboard keeps its filter form), never a 500; the PDF
falls back to a Dutch page that points to the print view when WeasyPrint is missing.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Hashable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from wijzer.core.csvexport import csv_response

from . import monitor
from .exceptions import NotFound
from .pdf import PdfUnavailable, render_pdf
from .query import ALL, MonitorFigures, monitor_figures
from .service import waiting_products

logger = logging.getLogger(__name__)

MAX_PARAM = 100  # longer filter values are refused without being looked at
PDF_CACHED = 8  # reports kept per process: the same segment and minute give the same PDF (WeasyPrint takes seconds)
_PDF_CACHE: dict[tuple[Hashable, ...], bytes] = {}
_PDF_LOCK = threading.Lock()
PDF_BUSY_KEY = "market:pdf-rendering"  # in the shared cache: one PDF being made on the whole server at a time
PDF_BUSY_SECONDS = 120  # the mark expires by itself should a worker die while rendering
PDF_RETRY_AFTER = 30
PDF_BUSY_TITLE = "Het rapport wordt gemaakt"
PDF_BUSY_MESSAGE = (
    "Er wordt op dit moment al een rapport als pdf gemaakt. Probeer het over een halve minuut opnieuw, "
    "of gebruik de afdrukversie: die is er meteen, met dezelfde grafieken en tabellen."
)


def _filters(request: HttpRequest) -> tuple[str, str]:
    return request.GET.get("sector", "")[:MAX_PARAM], request.GET.get("vak", "")[:MAX_PARAM]


def _query(figures: MonitorFigures) -> str:
    """The filter of the shown segment as a query string (for the export and report links)."""
    segment = figures.selected
    params = {}
    if segment.sector != ALL:
        params["sector"] = segment.sector
    if segment.subject != ALL:
        params["vak"] = segment.subject
    return urlencode(params)


def _context(figures: MonitorFigures) -> dict[str, Any]:
    tables = monitor.monitor_tables(figures)
    owners = {name for table in tables if table.slug.startswith("concentratie-") for name, *_ in table.rows}
    query = _query(figures)
    return {
        "figures": figures,
        "segment": figures.selected,
        "tables": {table.slug.replace("-", "_"): table for table in tables},
        "table_list": tables,
        "demo_note": monitor.demo_note(figures),
        "owner_links": monitor.owner_links(sorted(str(name) for name in owners)),
        "lockin_note": monitor.LOCKIN_NOTE,
        "query": query,
        "suffix": f"?{query}" if query else "",
        "cpi": figures.cpi,
        "generated": timezone.localtime(),
    }


def _options(figures: MonitorFigures | None) -> dict[str, Any]:
    if figures is None:
        return {"sectors": (), "subjects": ()}
    return {"sectors": figures.sectors, "subjects": figures.subjects}


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    sector, subject = _filters(request)
    try:
        figures = monitor.figures_for(sector, subject)
    except NotFound as unknown:
        everything = monitor_figures()
        context = {"error": unknown.message, "chosen": {"sector": sector, "vak": subject}, **_options(everything)}
        return render(request, "market/monitor.html", context, status=404)
    context = _context(figures) | _options(figures)
    context["chosen"] = {"sector": figures.selected.sector, "vak": figures.selected.subject}
    context["waiting"] = waiting_products()
    return render(request, "market/monitor.html", context)


@require_GET
def export(request: HttpRequest, monitor_table: str) -> HttpResponse:
    sector, subject = _filters(request)
    try:
        figures = monitor.figures_for(sector, subject)
        rows = monitor.table_rows(figures, monitor_table)
    except NotFound as unknown:
        return render(request, "market/not_found.html", {"message": unknown.message}, status=404)
    segment = figures.selected
    parts = [monitor_table, monitor.word(segment.sector), monitor.word(segment.subject)[:40]]
    if figures.is_demo:  # a table has no room for the dashboard's banner: the file's name says it
        parts.append("voorbeeldgegevens")
    filename = "marktmonitor-" + "-".join(part for part in parts if part.isascii() and part.replace("-", "").isalnum())
    return csv_response(rows, filename=f"{filename}.csv", bom=True)


def _report_html(
    request: HttpRequest, figures: MonitorFigures, *, for_pdf: bool, generated: datetime.datetime | None = None
) -> str:
    context = _context(figures) | {"for_pdf": for_pdf, "dashboard_url": reverse("market:monitor")}
    context["generated"] = generated or timezone.localtime()
    return render_to_string("market/monitor_report.html", context, request=request)


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    sector, subject = _filters(request)
    try:
        figures = monitor.figures_for(sector, subject)
    except NotFound as unknown:
        return render(request, "market/not_found.html", {"message": unknown.message}, status=404)
    return HttpResponse(_report_html(request, figures, for_pdf=False))


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    sector, subject = _filters(request)
    try:
        figures = monitor.figures_for(sector, subject)
    except NotFound as unknown:
        return render(request, "market/not_found.html", {"message": unknown.message}, status=404)
    generated = timezone.localtime()
    # everything the report shows: the tables, what they rest on (named in the report) and the minute it was made
    key = (
        monitor.tables_key(figures), figures.n_products, figures.n_facts, figures.refreshed_at,
        generated.strftime("%Y-%m-%d %H:%M"),
    )  # fmt: skip
    with _PDF_LOCK:
        pdf = _PDF_CACHE.get(key)
    query = _query(figures)
    print_url = reverse("market:monitor-report") + (f"?{query}" if query else "")
    holding = pdf is None and cache.add(PDF_BUSY_KEY, 1, PDF_BUSY_SECONDS)
    if pdf is None and not holding:
        # one report at a time on the whole server: a PDF takes seconds of CPU in a worker, and a few requests at
        # once (any visitor can send them) would otherwise hold every worker and stall the site for everyone
        context = {"message": PDF_BUSY_MESSAGE, "print_url": print_url, "title": PDF_BUSY_TITLE}
        busy = render(request, "market/monitor_pdf_unavailable.html", context, status=503)
        busy["Retry-After"] = str(PDF_RETRY_AFTER)
        return busy
    try:
        pdf = pdf or render_pdf(_report_html(request, figures, for_pdf=True, generated=generated))
    except PdfUnavailable as missing:
        logger.warning("marktmonitor: pdf niet gemaakt: %s", missing.reason)
        # 200, not 503: the page is a useful answer (the print view), and no monitoring should read it as an outage
        context = {"message": missing.message, "print_url": print_url}
        return render(request, "market/monitor_pdf_unavailable.html", context)
    finally:
        if holding:
            cache.delete(PDF_BUSY_KEY)
    with _PDF_LOCK:
        _PDF_CACHE[key] = pdf
        while len(_PDF_CACHE) > PDF_CACHED:
            _PDF_CACHE.pop(next(iter(_PDF_CACHE)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="marktmonitor.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="monitor"),
    path("export/<slug:monitor_table>.csv", export, name="monitor-export"),
    path("rapport/", report, name="monitor-report"),
    path("rapport.pdf", report_pdf, name="monitor-pdf"),
]
