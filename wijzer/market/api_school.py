"""API of a school's costs (W7 §4), mounted under /api/v1/market by `market.api`.

`GET /schools/{school_uuid}/costs`: the school's set with per line the price per pupil per school year incl. VAT
(or the reason there is none), the cost per pupil per year with every step, and the indexed benchmark (or why there
is none). Only for that school's roles, its board and platform administrators (`Action.VIEW_SCHOOL_COSTS`); each
answer is in the school's audit log. `PUT /schools/{school_uuid}/set` replaces the set all or nothing
(`Action.MANAGE_SCHOOL_SET`). Authentication: a logged-in session (CSRF-checked) or a token; the policy table
decides (no token scope reaches either today). 401 without either; 403 (audited); a Dutch 404 for an unknown school
or an organisation that is no school; a Dutch 422 per field for a refused set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Schema, Status
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts
from wijzer.market import school_costs as reads
from wijzer.market.actions import school_set as actions
from wijzer.market.api_lockin import DetailOut, LockInProductOut, MarketRefusedOut
from wijzer.market.exceptions import MarketError, NotFound, api_refusal

router = Router(tags=["markt"])

Answer = Status[dict[str, Any]]


class CostLineOut(Schema):
    product: LockInProductOut
    product_code: str
    pupils: int
    price_incl_cents: int | None  # per pupil per school year incl. VAT, in the costs' year
    price_excl_cents: int | None
    is_lifo: bool
    licence_incl_cents: int | None
    folio_incl_cents: int | None
    cost_cents: int | None  # price x pupils; null = not counted (see reason)
    reason: str
    is_demo: bool


class BenchmarkOut(Schema):
    applies: bool  # a benchmark is published for the set's sector (vo)
    amount_cents: int | None  # indexed to cpi_year; null when it cannot be given (see message)
    message: str
    steps: list[str]
    cpi_year: int | None
    price_level_year: int | None
    source: str


class SchoolCostsSchoolOut(Schema):
    uuid: str
    name: str


class SchoolCostsOut(Schema):
    school: SchoolCostsSchoolOut
    has_set: bool
    year: int | None  # the year of the prices (latest year with price facts)
    pupils_total: int | None
    lines: list[CostLineOut]
    total_cents: int | None
    per_pupil_cents: int | None  # total / pupils_total, rounded half up to whole cents
    benchmark: BenchmarkOut
    difference_cents: int | None  # per pupil minus benchmark
    percent_of_benchmark: float | None  # per pupil / benchmark x 100, one decimal
    sectors: list[str]
    steps: list[str]
    suggestions: list[LockInProductOut]  # declared holdings of the school not in the set
    updated_at: str | None
    is_demo: bool


class SetLineIn(Schema):
    product: str  # the product's uuid or its EAN/ISBN
    pupils: int


class SchoolSetIn(Schema):
    pupils_total: int
    lines: list[SetLineIn] = []


def costs_out(costs: reads.SchoolCosts) -> dict[str, Any]:
    school_set = costs.school_set
    benchmark = costs.benchmark
    return {
        "school": {"uuid": str(costs.school.uuid), "name": costs.school.name},
        "has_set": school_set is not None,
        "year": costs.year,
        "pupils_total": costs.pupils_total,
        "lines": [
            {
                "product": {"uuid": str(line.product.uuid), "title": line.product.title},
                "product_code": line.product.product_id,
                "pupils": line.pupils,
                "price_incl_cents": line.price_incl_cents,
                "price_excl_cents": line.price_excl_cents,
                "is_lifo": line.is_lifo,
                "licence_incl_cents": line.licence_incl_cents,
                "folio_incl_cents": line.folio_incl_cents,
                "cost_cents": line.cost_cents,
                "reason": line.reason,
                "is_demo": line.product.is_demo,
            }
            for line in costs.lines
        ],
        "total_cents": costs.total_cents,
        "per_pupil_cents": costs.per_pupil_cents,
        "benchmark": {
            "applies": benchmark.applies,
            "amount_cents": benchmark.amount_cents,
            "message": benchmark.message.strip(),
            "steps": list(benchmark.steps),
            "cpi_year": benchmark.cpi_year,
            "price_level_year": benchmark.price_level_year,
            "source": benchmark.source,
        },
        "difference_cents": costs.difference_cents,
        "percent_of_benchmark": float(costs.percent_of_benchmark) if costs.percent_of_benchmark is not None else None,
        "sectors": list(costs.sectors),
        "steps": list(costs.steps),
        "suggestions": [{"uuid": str(p.uuid), "title": p.title} for p in costs.suggestions],
        "updated_at": timezone.localtime(school_set.updated_at).isoformat() if school_set is not None else None,
        "is_demo": costs.is_demo,
    }


def _school_auth(action: accounts.Action, message: str) -> Callable[[HttpRequest], accounts.Principal | None]:
    """A token or session whose role may do `action` for the school in the path: 401 without, a Dutch 404 for an
    unknown school, 403 (audited) otherwise."""

    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        match = request.resolver_match
        try:
            school = actions.school_by_uuid(match.kwargs.get("school_uuid", "") if match else "")
        except NotFound as missing:
            raise HttpError(404, missing.message) from None
        if not accounts.check(accounts.actor_of(request), action, school, reason=message):
            raise AuthorizationError(403, message)
        return principal

    authenticate.__name__ = f"school_auth_{action.name.lower()}"
    return authenticate


@router.get(
    "/schools/{school_uuid}/costs",
    auth=_school_auth(accounts.Action.VIEW_SCHOOL_COSTS, actions.NO_VIEW_RIGHT),
    response={200: SchoolCostsOut, 403: DetailOut, 404: DetailOut},
    summary="Kosten per leerling per jaar van de leermiddelenset van een school, naast de geïndexeerde benchmark",
)
def school_costs(request: HttpRequest, school_uuid: str) -> Answer:
    try:
        school = actions.school_by_uuid(school_uuid)
    except NotFound as missing:
        return Status(404, {"detail": missing.message})
    actions.record_costs_viewed(accounts.actor_of(request), school)
    return Status(200, costs_out(reads.costs_of(school)))


@router.put(
    "/schools/{school_uuid}/set",
    auth=_school_auth(accounts.Action.MANAGE_SCHOOL_SET, actions.NO_SET_RIGHT),
    response={200: SchoolCostsOut, 403: DetailOut, 404: DetailOut, 422: MarketRefusedOut},
    summary="De leermiddelenset van een school vervangen (alles of niets), met het aantal leerlingen per product",
)
def save_set(request: HttpRequest, school_uuid: str, payload: SchoolSetIn) -> Answer:
    """`lines`: per product (uuid or EAN/ISBN) the pupils using it, 1 to `pupils_total`, each product once."""
    try:
        school = actions.school_by_uuid(school_uuid)
        actions.save_school_set(
            accounts.actor_of(request),
            school,
            pupils_total=payload.pupils_total,
            lines=[{"product": line.product, "pupils": line.pupils} for line in payload.lines],
        )
    except MarketError as exc:
        return Status(*api_refusal(exc))
    return Status(200, costs_out(reads.costs_of(school)))
