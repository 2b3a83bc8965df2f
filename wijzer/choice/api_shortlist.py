"""API of a section's shortlist and its decisions (W8 §4), mounted under /api/v1/choice by `choice.api`.

- `GET /shortlists/{shortlist_uuid}`: the shortlist with per product its status, note (who, when), price per pupil
  per year and per year for the profile's pupils, method coverage, the profile's required goals covered and the
  quality summary; and its decisions.
- `GET /decisions/{decision_uuid}`: a decision with its snapshot (format 1, see `decision_snapshot`).

Only for the members of the shortlist's school (its teachers, section heads and school leaders), its board's buyer
and platform admins (`Action.VIEW_CHOICES`); a refusal is audited. Authentication: a logged-in session or a token
(no token scope reaches these today). 401 without either; 403; a Dutch 404 for an unknown or malformed id.
Writing (adding products, notes, decisions) is done on the pages, first-person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Schema
from ninja.errors import AuthorizationError, HttpError

from wijzer.accounts import service as accounts

from . import shortlist_query as reads
from .actions.shortlist import NOT_MEMBER
from .models import Decision, Shortlist

router = Router(tags=["keuzehulp"])

SHORTLIST_NOT_FOUND = "Deze shortlist bestaat niet (meer)."
DECISION_NOT_FOUND = "Dit besluit bestaat niet (meer)."


class ApiDetailOut(Schema):
    detail: str


class EntryOut(Schema):
    product_id: str
    title: str
    status: str
    status_label: str
    note: str
    added_by: str
    updated_by: str
    updated_at: str
    price_year: int | None
    price_per_pupil_cents: int | None  # per pupil per school year incl. VAT
    price_reason: str
    per_year_cents: int | None  # for the profile's pupils
    coverage: list[dict[str, Any]]  # per framework of the product's method
    required: dict[str, Any] | None  # the profile's required goals it covers
    quality: dict[str, Any] | None
    is_demo: bool


class DecisionRefOut(Schema):
    uuid: str
    decided_on: str
    summary: str


class ShortlistOut(Schema):
    uuid: str
    name: str
    organisation: dict[str, str]
    profile: dict[str, Any] | None
    entries: list[EntryOut]
    decisions: list[DecisionRefOut]
    is_demo: bool


class DecisionOut(Schema):
    uuid: str
    shortlist: dict[str, str]
    decided_on: str
    summary: str
    participants: list[dict[str, str]]
    recorded_by: str
    recorded_at: str
    snapshot: dict[str, Any]
    is_demo: bool


def _name(user: accounts.User) -> str:
    return user.get_full_name() or user.email


def _visible(kind: str) -> Callable[[HttpRequest], accounts.Principal | None]:
    """A token or session whose role may see the shortlist (or the decision's shortlist) in the path: 401 without,
    a Dutch 404 for an unknown one, 403 (audited) otherwise."""

    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        match = request.resolver_match
        raw = match.kwargs.get(f"{kind}_uuid", "") if match else ""
        shortlist: Shortlist | None
        if kind == "decision":
            decision = reads.decision_by_uuid(raw)
            shortlist = decision.shortlist if decision is not None else None
            missing = DECISION_NOT_FOUND
        else:
            shortlist, missing = reads.shortlist_by_uuid(raw), SHORTLIST_NOT_FOUND
        if shortlist is None:
            raise HttpError(404, missing)
        actor = accounts.actor_of(request)
        if not accounts.check(
            actor,
            accounts.Action.VIEW_CHOICES,
            shortlist.organisation,
            object_type="shortlist",
            object_id=str(shortlist.uuid),
            reason=NOT_MEMBER,
        ):
            raise AuthorizationError(403, NOT_MEMBER)
        return principal

    authenticate.__name__ = f"choice_{kind}_auth"
    return authenticate


def shortlist_out(shortlist: Shortlist) -> dict[str, Any]:
    compared = reads.comparison(shortlist)
    profile = shortlist.profile
    return {
        "uuid": str(shortlist.uuid),
        "name": shortlist.name,
        "organisation": {"uuid": str(shortlist.organisation.uuid), "name": shortlist.organisation.name},
        "profile": {"uuid": str(profile.uuid), "name": profile.name, "pupils": profile.pupils} if profile else None,
        "entries": [
            {
                "product_id": str(row.product.uuid),
                "title": row.product.title,
                "status": row.entry.status,
                "status_label": str(row.entry.get_status_display()),
                "note": row.entry.note,
                "added_by": _name(row.entry.added_by),
                "updated_by": _name(row.entry.updated_by),
                "updated_at": timezone.localtime(row.entry.updated_at).isoformat(),
                "price_year": row.price.year,
                "price_per_pupil_cents": row.price.per_pupil_cents,
                "price_reason": row.price.reason,
                "per_year_cents": row.price.per_year_cents,
                "coverage": row.coverage,
                "required": row.required,
                "quality": row.quality,
                "is_demo": row.product.is_demo,
            }
            for row in compared.rows
        ],
        "decisions": [
            {"uuid": str(d.uuid), "decided_on": d.decided_on.isoformat(), "summary": d.summary}
            for d in reads.decisions_of([shortlist])
        ],
        "is_demo": compared.has_demo,
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "uuid": str(decision.uuid),
        "shortlist": {"uuid": str(decision.shortlist.uuid), "name": decision.shortlist.name},
        "decided_on": decision.decided_on.isoformat(),
        "summary": decision.summary,
        "participants": list(decision.snapshot.get("participants", [])),
        "recorded_by": _name(decision.recorded_by),
        "recorded_at": timezone.localtime(decision.recorded_at).isoformat(),
        "snapshot": decision.snapshot,
        "is_demo": decision.is_demo,
    }


@router.get(
    "/shortlists/{shortlist_uuid}",
    auth=_visible("shortlist"),
    response={200: ShortlistOut, 403: ApiDetailOut, 404: ApiDetailOut},
    summary="Een shortlist van een sectie met de vergelijking per product",
)
def get_shortlist(request: HttpRequest, shortlist_uuid: str) -> dict[str, Any]:
    shortlist = reads.shortlist_by_uuid(shortlist_uuid)
    if shortlist is None:  # the auth function answered 404 already; this tells the type checker
        raise HttpError(404, SHORTLIST_NOT_FOUND)
    return shortlist_out(shortlist)


@router.get(
    "/decisions/{decision_uuid}",
    auth=_visible("decision"),
    response={200: DecisionOut, 403: ApiDetailOut, 404: ApiDetailOut},
    summary="Een besluit van een sectie met wat het vastlegde",
)
def get_decision(request: HttpRequest, decision_uuid: str) -> dict[str, Any]:
    decision = reads.decision_by_uuid(decision_uuid)
    if decision is None:
        raise HttpError(404, DECISION_NOT_FOUND)
    return decision_out(decision)
