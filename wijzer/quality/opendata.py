"""Reads for the open data of the quality app (W6 §6): submitted expert reviews, visible experiences and the stored
quality profiles, as rows of `domain.opendata` (pseudonymous, without schools, names or e-mail addresses).

Rows are read in chunks (`iterator`) so a download of a million rows streams without holding them all; the API
pages them with offset/limit in a stable order (by internal id).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .constants import ReviewStatus, Visibility
from .domain import opendata as od
from .models import ExperienceScore, QualityProfile, ReviewAnswer, SchoolHolding
from .profile_query import expand

CHUNK = 2000


def pseudonymiser() -> od.Pseudonymiser:
    """Pseudonyms under a key derived from SECRET_KEY: stable across downloads on this server."""
    return od.Pseudonymiser(str(settings.SECRET_KEY).encode("utf-8"))


def _day(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def _answers() -> QuerySet[ReviewAnswer]:
    return ReviewAnswer.objects.filter(review__status=ReviewStatus.SUBMITTED).order_by("review_id", "pk")


def _scores() -> QuerySet[ExperienceScore]:
    return ExperienceScore.objects.filter(experience__visibility=Visibility.VISIBLE).order_by("experience_id", "pk")


def _profiles() -> QuerySet[QualityProfile]:
    return QualityProfile.objects.order_by("pk")


REVIEW_FIELDS = (
    "review_id", "review__reviewer_id", "review__product__uuid", "review__product__product_id",
    "review__product__title", "review__product__is_demo", "review__framework__version", "review__subject",
    "criterion__topic__name", "criterion__code", "score", "reason", "evidence", "review__submitted_at",
    "review__is_demo",
)  # fmt: skip


def review_rows(offset: int = 0, limit: int | None = None) -> Iterator[dict[str, object]]:
    """One row per answer of a submitted review (drafts never appear)."""
    names = pseudonymiser()
    qs = _answers().values_list(*REVIEW_FIELDS)
    window = qs[offset : offset + limit] if limit is not None else qs[offset:] if offset else qs
    for row in window.iterator(chunk_size=CHUNK):
        (review_id, reviewer_id, p_uuid, p_code, p_title, p_demo, version, subject, topic, code, score, reason,
         evidence, submitted_at, is_demo) = row  # fmt: skip
        fact = od.AnswerFact(
            review_id=review_id,
            reviewer_id=reviewer_id,
            product=od.ProductFact(str(p_uuid), p_code, p_title, p_demo),
            framework_version=version,
            subject=subject,
            topic=topic,
            criterion=code,
            score=score,
            reason=reason,
            evidence=evidence,
            submitted_on=_day(submitted_at),
            is_demo=is_demo,
        )
        yield od.review_row(fact, names)


EXPERIENCE_FIELDS = (
    "experience_id", "experience__author_id", "experience__product__uuid", "experience__product__product_id",
    "experience__product__title", "experience__product__is_demo", "experience__framework__version", "topic__name",
    "score", "experience__text", "experience__sector", "experience__level", "experience__school_type",
    "experience__months_used", "verified", "experience__created_at", "experience__is_demo",
)  # fmt: skip


def experience_rows(offset: int = 0, limit: int | None = None) -> Iterator[dict[str, object]]:
    """One row per topic of a visible experience (hidden ones never appear); the school is left out, only whether
    it holds the product (verified use)."""
    names = pseudonymiser()
    holds = SchoolHolding.objects.filter(
        school_id=OuterRef("experience__school_id"), product_id=OuterRef("experience__product_id")
    )
    qs = _scores().annotate(verified=Exists(holds)).values_list(*EXPERIENCE_FIELDS)
    window = qs[offset : offset + limit] if limit is not None else qs[offset:] if offset else qs
    for row in window.iterator(chunk_size=CHUNK):
        (experience_id, author_id, p_uuid, p_code, p_title, p_demo, version, topic, score, text, sector, level,
         school_type, months_used, verified, created_at, is_demo) = row  # fmt: skip
        fact = od.ExperienceFact(
            experience_id=experience_id,
            author_id=author_id,
            product=od.ProductFact(str(p_uuid), p_code, p_title, p_demo),
            framework_version=version,
            topic=topic,
            score=score,
            text=text,
            sector=sector,
            level=level,
            school_type=school_type,
            months_used=months_used,
            verified=bool(verified),
            written_on=_day(created_at),
            is_demo=is_demo,
        )
        yield od.experience_row(fact, names)


def profile_rows(offset: int = 0, limit: int | None = None) -> Iterator[dict[str, object]]:
    """The rows of the stored profiles, expanded as on the profile page (one per product, topic and source).
    `offset`/`limit` count profiles (products), so the rows of one product are never split over two pages."""
    qs = _profiles().select_related("product", "framework")
    window = qs[offset : offset + limit] if limit is not None else qs[offset:] if offset else qs
    for stored in window.iterator(chunk_size=CHUNK):
        built = expand(stored)
        topics = [t for t in built.get("topics", []) if isinstance(t, dict)]
        product = stored.product
        fact = od.ProductFact(str(product.uuid), product.product_id, product.title, product.is_demo)
        yield from od.profile_rows(
            fact, stored.framework.version, stored.gateway, topics, _day(stored.computed_at), demo=stored.is_demo
        )


@dataclass(frozen=True, slots=True)
class Dataset:
    """One open-data file: its name, Dutch title, columns and reads."""

    name: str  # API path word and file name
    file_word: str  # Dutch word in the page's file names
    title: str
    unit: str  # what `count` and the API's offset/limit count
    columns: tuple[od.Column, ...]

    def rows(self, offset: int = 0, limit: int | None = None) -> Iterator[dict[str, object]]:
        return READERS[self.name](offset, limit)

    def count(self) -> int:
        return COUNTERS[self.name]()


READERS = {"reviews": review_rows, "experiences": experience_rows, "profiles": profile_rows}
COUNTERS = {
    "reviews": lambda: _answers().count(),
    "experiences": lambda: _scores().count(),
    "profiles": lambda: _profiles().count(),
}
DATASETS: dict[str, Dataset] = {
    "reviews": Dataset("reviews", "beoordelingen", "Expertbeoordelingen", "antwoorden", od.REVIEW_COLUMNS),
    "experiences": Dataset(
        "experiences", "ervaringen", "Ervaringen van leraren", "scores per onderwerp", od.EXPERIENCE_COLUMNS
    ),
    "profiles": Dataset("profiles", "profielen", "Kwaliteitsprofielen", "profielen (producten)", od.PROFILE_COLUMNS),
}
BY_FILE_WORD = {d.file_word: d for d in DATASETS.values()}
