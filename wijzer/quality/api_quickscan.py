"""API of the quality app: the open data (W6 §6), mounted under /api/v1/quality by `quality.api`.

Public and read-only: the same pseudonymous rows as the downloads on /kwaliteit/open-data/, one page at a time.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ninja import Router, Schema

from wijzer.core.params import limit_query, offset_query

from . import opendata
from .domain.opendata import LICENCE

router = Router(tags=["kwaliteit"])

MAX_LIMIT = 1000


class OpenReviewRow(Schema):
    review: str
    reviewer: str
    product_uuid: str
    product_code: str
    title: str
    framework_version: str
    subject_extension: str
    topic: str
    criterion: str
    score: int | None
    reason: str
    evidence: str
    submitted_on: str
    demo: str


class OpenExperienceRow(Schema):
    experience: str
    author: str
    product_uuid: str
    product_code: str
    title: str
    framework_version: str
    topic: str
    score: int | None
    text: str
    sector: str
    level: str
    school_type: str
    months_used: int | None
    verified: str
    written_in: str
    demo: str


class OpenProfileRow(Schema):
    product_uuid: str
    product_code: str
    title: str
    framework_version: str
    gateway: str
    topic_code: str
    topic: str
    counts_toward: str
    source: str
    people: int
    n: int
    score_1: int
    score_2: int
    score_3: int
    score_4: int
    not_applicable: int
    share_agreeing: float | None
    median: float | None
    confidence: str
    computed_on: str
    demo: str


class OpenReviewPage(Schema):
    count: int
    licence: str
    items: list[OpenReviewRow]


class OpenExperiencePage(Schema):
    count: int
    licence: str
    items: list[OpenExperienceRow]


class OpenProfilePage(Schema):
    count: int
    licence: str
    items: list[OpenProfileRow]


def _page(name: str, offset: int, limit: int) -> dict[str, Any]:
    dataset = opendata.DATASETS[name]
    return {"count": dataset.count(), "licence": LICENCE, "items": list(dataset.rows(offset, limit))}


@router.get(
    "/open-data/reviews",
    response=OpenReviewPage,
    summary="Open data: antwoorden van ingediende expertbeoordelingen (pseudoniem)",
)
def open_reviews(
    request: HttpRequest, limit: int = limit_query(100, MAX_LIMIT), offset: int = offset_query()
) -> dict[str, Any]:
    """One item per answer of a submitted review; `count` counts answers. Licence CC0-1.0."""
    return _page("reviews", offset, limit)


@router.get(
    "/open-data/experiences",
    response=OpenExperiencePage,
    summary="Open data: scores per onderwerp van zichtbare ervaringen van leraren (pseudoniem, zonder school)",
)
def open_experiences(
    request: HttpRequest, limit: int = limit_query(100, MAX_LIMIT), offset: int = offset_query()
) -> dict[str, Any]:
    """One item per topic of a visible experience; `count` counts those items. Licence CC0-1.0."""
    return _page("experiences", offset, limit)


@router.get(
    "/open-data/profiles",
    response=OpenProfilePage,
    summary="Open data: kwaliteitsprofielen per product en onderwerp",
)
def open_profiles(
    request: HttpRequest, limit: int = limit_query(100, MAX_LIMIT), offset: int = offset_query()
) -> dict[str, Any]:
    """The rows of the stored profiles; `limit`, `offset` and `count` count profiles (products), so the rows of one
    product stay on one page. Licence CC0-1.0."""
    return _page("profiles", offset, limit)
