"""The cost page of a school (W7 §4) under /markt/school/<uuid>/kosten/: its set of learning materials, the cost per
pupil per year with every step, the indexed benchmark, and the edit form for those who may change the set.

Reading needs `Action.VIEW_SCHOOL_COSTS` for the school (that school's roles, its board, platform administrators),
saving `Action.MANAGE_SCHOOL_SET`; both through the audited check, and each viewing is in the school's audit log.
A save is all or nothing and redirects (post-redirect-get); errors come back per field in Dutch.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods

from wijzer.accounts import service as accounts
from wijzer.core.params import clamped_int
from wijzer.market import school_costs as reads
from wijzer.market.actions import school_set as actions
from wijzer.market.exceptions import Forbidden, MarketError, NotFound

BLANK_ROWS = 3


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "market/not_found.html", {"message": message}, status=404)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def _row(index: int, product: str, pupils: str, *, title: str = "", code: str = "", fixed: bool) -> dict[str, Any]:
    return {"index": index, "product": product, "pupils": pupils, "title": title, "code": code, "fixed": fixed}


def _rows_from_costs(costs: reads.SchoolCosts) -> list[dict[str, Any]]:
    rows = [
        _row(0, str(line.product.uuid), str(line.pupils), title=line.product.title, code=line.product.product_id,
             fixed=True)
        for line in costs.lines
    ]  # fmt: skip
    rows += [_row(0, str(p.uuid), "", title=p.title, code=p.product_id, fixed=True) for p in costs.suggestions]
    rows += [_row(0, "", "", fixed=False) for _ in range(BLANK_ROWS)]
    for index, row in enumerate(rows):
        row["index"] = index
    return rows


def _rows_from_post(request: HttpRequest) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[int, int]]:
    """The form's rows as posted, the lines to save (a row with an empty number is left out) and line -> row."""
    count = clamped_int(request.POST.get("rows"), default=0, minimum=0, maximum=actions.MAX_LINES + BLANK_ROWS)
    rows: list[dict[str, Any]] = []
    lines: list[dict[str, str]] = []
    line_rows: dict[int, int] = {}
    for index in range(count):
        product = request.POST.get(f"product-{index}", "").strip()[:200]
        pupils = request.POST.get(f"pupils-{index}", "").strip()[:20]
        fixed = request.POST.get(f"fixed-{index}") == "1"
        rows.append(_row(index, product, pupils, title=request.POST.get(f"title-{index}", "")[:300], fixed=fixed))
        if pupils:
            line_rows[len(lines)] = index
            lines.append({"product": product, "pupils": pupils})
    return rows, lines, line_rows


def _attach_errors(
    rows: list[dict[str, Any]], errors: dict[str, str], line_rows: dict[int, int]
) -> list[dict[str, str]]:
    """Per-row messages, and the error summary with links to the fields."""
    summary: list[dict[str, str]] = []
    if "pupils_total" in errors:
        summary.append({"href": "set-leerlingen", "message": errors["pupils_total"]})
    if "lines" in errors:
        summary.append({"href": "set-regels", "message": errors["lines"]})
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "lines" or not parts[1].isdigit():
            continue
        line = int(parts[1])
        row = rows[line_rows[line]]
        field = "product" if parts[2] == "product" else "pupils"
        prefix = f"Regel {line + 1}: "  # the action counts the lines it got; the page counts its rows
        if message.startswith(prefix):
            message = f"Regel {row['index'] + 1}: " + message.removeprefix(prefix)
        row[f"error_{field}"] = message
        target = f"{field}-{row['index']}" if field == "pupils" or not row["fixed"] else f"pupils-{row['index']}"
        summary.append({"href": target, "message": message})
    return summary


@require_http_methods(["GET", "POST"])
def school_costs(request: HttpRequest, school_uuid: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        school = actions.school_by_uuid(school_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    actor = accounts.actor_of(request)
    here = reverse("market:school-costs", args=[school.uuid])
    errors: dict[str, str] = {}
    message = ""
    posted: tuple[list[dict[str, Any]], list[dict[str, str]], dict[int, int]] | None = None
    if request.method == "POST":
        posted = _rows_from_post(request)
        pupils_total = request.POST.get("pupils_total", "").strip()[:20]
        try:
            actions.save_school_set(actor, school, pupils_total=pupils_total, lines=posted[1])
        except Forbidden as refused:
            return _forbidden(request, refused.message)
        except MarketError as refused:
            errors, message = refused.fields, refused.message
            actions.record_costs_viewed(actor, school)  # the page shows the costs again, with the errors
        else:
            messages.success(request, "De leermiddelenset is opgeslagen; de kosten hieronder zijn opnieuw berekend.")
            return redirect(here)
    elif not accounts.check(actor, accounts.Action.VIEW_SCHOOL_COSTS, school, reason=actions.NO_VIEW_RIGHT):
        return _forbidden(request, actions.NO_VIEW_RIGHT)
    else:
        actions.record_costs_viewed(actor, school)
    costs = reads.costs_of(school)
    if posted is not None:
        rows = posted[0]
        error_list = _attach_errors(rows, errors, posted[2])
        pupils_value = request.POST.get("pupils_total", "")[:20]
    else:
        rows = _rows_from_costs(costs)
        error_list = []
        pupils_value = str(costs.pupils_total or "")
    return render(
        request,
        "market/school_costs.html",
        {
            "school": school,
            "costs": costs,
            "may_edit": accounts.allows(actor, accounts.Action.MANAGE_SCHOOL_SET, school),
            "rows": rows,
            "row_count": len(rows),
            "pupils_value": pupils_value,
            "errors": errors,
            "message": message,
            "error_list": error_list,
        },
        status=200,
    )


urlpatterns: list[URLPattern] = [
    path("school/<uuid:school_uuid>/kosten/", school_costs, name="school-costs"),
]
