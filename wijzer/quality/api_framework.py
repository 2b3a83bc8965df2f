"""API of the quality framework (W6 §1), mounted under /api/v1/quality by `quality.api`. Public: no login."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ninja import Router, Status
from ninja.errors import HttpError

from . import query
from .constants import NOT_APPLICABLE_LABEL, Agreement
from .models import Framework
from .schemas import FrameworkOut, FrameworkVersionPage

router = Router(tags=["kwaliteit"])

NO_FRAMEWORK = "Er is nog geen versie van het kwaliteitskader gepubliceerd."


def scale() -> list[dict[str, Any]]:
    """The rubric of every criterion: four points of agreement, then "niet van toepassing" (null)."""
    return [{"score": int(a.value), "label": str(a.label)} for a in Agreement] + [
        {"score": None, "label": NOT_APPLICABLE_LABEL}
    ]


def framework_out(framework: Framework, subject: str | None) -> dict[str, Any]:
    """The version as the API shows it: generic criteria, plus those of `subject` when given."""
    if subject:
        known = [code for code, _name in query.subjects_of(framework)]
        if subject not in known:
            raise HttpError(
                422, f"Onbekend vak '{subject[:60]}' in versie {framework.version}: kies uit {', '.join(known)}."
            )
    topics = query.outline(framework, [subject] if subject else [])
    return {
        "version": framework.version,
        "title": framework.title,
        "published_at": framework.published_at.isoformat() if framework.published_at else None,
        "gateway": {
            "name": framework.gateway_name,
            "pass_at": framework.gateway_pass_at,
            "criteria": [c.code for _topic, criteria in topics for c in criteria if c.gateway],
        },
        "scale": scale(),
        "sources": [
            {
                "key": s.get("key", ""),
                "title": s.get("title", ""),
                "publisher": s.get("publisher", ""),
                "year": s.get("year"),
                "url": s.get("url", ""),
                "used_for": s.get("used_for", ""),
            }
            for s in framework.sources
        ],
        "topics": [
            {
                "code": topic.code,
                "name": topic.name,
                "description": topic.description,
                "criteria": [
                    {
                        "code": c.code,
                        "statement": c.statement,
                        "guidance": c.guidance,
                        "subject": c.subject,
                        "gateway": c.gateway,
                    }
                    for c in criteria
                ],
            }
            for topic, criteria in topics
        ],
    }


@router.get(
    "/frameworks",
    response=FrameworkVersionPage,
    summary="Gepubliceerde versies van het kwaliteitskader",
)
def list_frameworks(request: HttpRequest) -> dict[str, Any]:
    """Alle gepubliceerde versies, de geldende eerst. Beoordelingen en ervaringen houden de versie die ze gebruikten."""
    versions = query.published_frameworks()
    items = [
        {
            "version": f.version,
            "title": f.title,
            "published_at": f.published_at.isoformat() if f.published_at else None,
            "current": position == 0,
            "url": reverse("api-v1:quality_framework_version", kwargs={"version": f.version}),
        }
        for position, f in enumerate(versions)
    ]
    return {"count": len(items), "items": items}


@router.get(
    "/frameworks/current",
    response={200: FrameworkOut, 404: dict[str, str]},
    url_name="quality_framework_current",
    summary="Het geldende kwaliteitskader: onderwerpen en criteria",
)
def current_framework(request: HttpRequest, subject: str | None = None) -> Status[dict[str, Any]]:
    """De geldende versie met onderwerpen, criteria, poort, schaal en bronnen. Met `subject` (bijv. `nederlands`)
    komen de criteria van die vakuitbreiding erbij."""
    framework = query.current_framework()
    if framework is None:
        return Status(404, {"detail": NO_FRAMEWORK})
    return Status(200, framework_out(framework, subject))


@router.get(
    "/frameworks/{version}",
    response={200: FrameworkOut, 404: dict[str, str]},
    url_name="quality_framework_version",
    summary="Eén gepubliceerde versie van het kwaliteitskader",
)
def framework_version(request: HttpRequest, version: str, subject: str | None = None) -> Status[dict[str, Any]]:
    framework = query.published_framework(version)
    if framework is None:
        known = ", ".join(f.version for f in query.published_frameworks()) or "nog geen"
        return Status(
            404, {"detail": f"Versie {version[:40]} van het kwaliteitskader bestaat niet (gepubliceerd: {known})."}
        )
    return Status(200, framework_out(framework, subject))
