"""Curriculum API: /api/v1/curriculum/… (thin: filtering lives in query.py)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse

from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from wijzer.core.params import limit_field, offset_field

from . import service
from .models import Goal
from .schemas import GoalDetailOut, GoalPage, SubjectOut

router = Router(tags=["curriculum"])

SLO_URI = "https://opendata.slo.nl/curriculum/uuid/{}"


class GoalFilters(Schema):
    framework: Literal["kerndoelen-2006", "kerndoelen-fo"] | None = None
    sector: Literal["po", "vo", "so", "vso"] | None = None
    subject: str | None = None
    q: str | None = None
    kind: Literal["kerndoel", "kernzin", "doelzin"] | None = None
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


def goal_out(goal: Goal, subjects: list[Any] | None = None) -> dict[str, Any]:
    parent = goal.parent
    parent_ref = {"id": str(parent.uuid), "code": parent.code, "text": parent.text} if parent else None
    return {
        "id": str(goal.uuid),
        "code": goal.code,
        "title": goal.label or goal.code,
        "text": goal.text,
        "framework": goal.framework,
        "kind": goal.kind,
        "status": goal.status,
        "sectors": goal.sectors,
        "goal_set": {"id": str(goal.goal_set.uuid), "title": goal.goal_set.title} if goal.goal_set else None,
        "domain": goal.domain.title if goal.domain else None,
        "parent": parent_ref,
        "kerndoel": parent_ref,  # the old name of `parent`, a deprecated alias (W5.4)
        "subjects": [{"id": str(s.uuid), "title": s.title} for s in (subjects if subjects is not None else [])],
        "url": reverse("curriculum:goal", args=[goal.uuid]),
    }


@router.get("/goals", response=GoalPage, summary="Doelen zoeken en bladeren")
def list_goals(request: HttpRequest, filters: Query[GoalFilters]) -> dict[str, Any]:
    """Kerndoelen 2006 en doelzinnen van de nieuwe kerndoelen; `kind=kernzin` geeft de nieuwe kerndoelen."""
    if not 1 <= filters.limit <= 500 or filters.offset < 0:
        raise HttpError(422, "limit moet tussen 1 en 500 liggen en offset mag niet negatief zijn.")
    qs = service.goals(
        framework=filters.framework,
        sector=filters.sector,
        subject=filters.subject,
        q=filters.q,
        kind=filters.kind,
    )
    page = list(qs.prefetch_related("subjects")[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "items": [goal_out(g, list(g.subjects.all())) for g in page]}


@router.get(
    "/goals/{goal_id}",
    response={200: GoalDetailOut, 404: dict[str, str]},
    summary="Eén doel op SLO-id (ook een vervallen id)",
)
def get_goal(request: HttpRequest, goal_id: str) -> Status[dict[str, Any]]:
    try:
        requested = uuid.UUID(goal_id)
    except ValueError as exc:
        raise HttpError(422, f"'{goal_id[:80]}' is geen geldige SLO-id (UUID).") from exc
    resolution = service.resolve(requested)
    if not resolution.current:
        return Status(404, {"detail": f"Geen doel gevonden voor SLO-id {requested}."})
    goal = service.get_goal(uuid.UUID(resolution.current[0]))
    if goal is None:
        return Status(404, {"detail": f"Geen doel gevonden voor SLO-id {requested}."})
    data = goal_out(goal, list(goal.subjects.all()))
    children = [{"id": str(c.uuid), "code": c.code, "text": c.text} for c in goal.children.all()]
    data.update(
        levels=[{"id": str(lv.uuid), "title": lv.title} for lv in goal.levels.all()],
        children=children,
        doelzinnen=children,  # the old name of `children`, a deprecated alias (W5.4)
        elaborations=[
            {"id": str(e.uuid), "kind": e.kind, "prefix": e.prefix, "text": e.text, "levels": e.level_titles}
            for e in goal.elaborations.all()
        ],
        resolved_from=str(requested) if resolution.was_stale else None,
        resolved_to=list(resolution.current),
        uri=SLO_URI.format(goal.uuid),
    )
    return Status(200, data)


@router.get("/subjects", response=list[SubjectOut], summary="Vakleergebieden met doelen in een sector")
def list_subjects(request: HttpRequest, sector: Literal["po", "vo", "so", "vso"]) -> list[dict[str, Any]]:
    return [
        {
            "id": str(row["subject"].uuid),
            "title": row["subject"].title,
            "slug": row["subject"].slug,
            "goals_2006": row["counts"]["kerndoelen-2006"],
            "goals_fo": row["counts"]["kerndoelen-fo"],
        }
        for row in service.subjects_for_sector(sector)
    ]
