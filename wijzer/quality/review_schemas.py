"""Schemas of the expert-review API (W6 §2, §7): what goes in and out of /api/v1/quality/products/{…}/reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator


class ExpertAnswerIn(Schema):
    score: int | None = Field(
        None, description="1 (helemaal oneens) tot en met 4 (helemaal eens); null: niet van toepassing"
    )
    reason: str = Field("", description="Toelichting; verplicht bij 1 of 2; hoogstens 2.000 tekens")
    evidence: str = Field("", description="Bewijs: pagina, hoofdstuk of link; hoogstens 500 tekens")


class ExpertReviewIn(Schema):
    answers: dict[str, ExpertAnswerIn] = Field(
        default_factory=dict,
        description="Per criteriumcode (bijv. INH.1) het antwoord; een ontbrekende code is nog niet beantwoord "
        "(mag in een concept, niet bij indienen).",
    )
    subject: str = Field("", description="Vakuitbreiding (bijv. rekenen-wiskunde); leeg: alleen de algemene criteria")
    summary: str = Field("", description="Samenvatting; hoogstens 5.000 tekens")
    submit: bool = Field(False, description="true: indienen (daarna niet meer te wijzigen); false: concept opslaan")

    @field_validator("answers", mode="before")
    @classmethod
    def _answers_are_objects(cls, value: Any) -> Any:
        """Ninja reads a nested schema from attributes, so a string, number or null as an answer would silently
        become "niet van toepassing"; refuse it (422) instead."""
        if isinstance(value, dict) and not all(isinstance(answer, dict) for answer in value.values()):
            raise ValueError("Geef per criterium een object met score, reason en evidence.")
        return value


class ExpertAnswerOut(Schema):
    criterion: str
    topic: str
    score: int | None
    not_applicable: bool
    reason: str
    evidence: str


class ExpertReviewOut(Schema):
    id: str
    reviewer: str = Field(description="Pseudoniem van de beoordelaar: gelijk voor al diens beoordelingen, geen naam")
    label: str = Field(description="‘Beoordelaar 1, 2, …’ per product en kaderversie, in volgorde van indienen")
    framework_version: str
    subject: str
    summary: str
    submitted_on: date | None = Field(description="Dag van indienen (JJJJ-MM-DD), zoals de open data; geen exacte tijd")
    is_demo: bool
    answers: list[ExpertAnswerOut]


class ReviewAgreementOut(Schema):
    framework_version: str
    topic: str
    topic_name: str
    alpha: float | None = Field(description="Krippendorffs alpha (ordinaal); null als er geen alpha is (zie warning)")
    level: str
    reviewers: int
    pairable_values: int = Field(description="Scores bij criteria die minstens twee beoordelaars scoorden")
    units: int = Field(description="Criteria met minstens twee scores")
    reading: str = Field(description="reliable, tentative, unreliable, undefined of too_few_reviewers")
    label: str
    warning: str
    distribution: dict[str, int] = Field(description="Aantal vergelijkbare scores per punt van de schaal")


class ProductExpertReviewsOut(Schema):
    product: str
    method: str = Field(description="Hoe de overeenstemming is berekend")
    reviews: list[ExpertReviewOut]
    agreement: list[ReviewAgreementOut]


class ExpertReviewSavedOut(Schema):
    id: str
    status: str
    framework_version: str
    subject: str
    submitted_at: datetime | None
    answers: int


class ExpertReviewDetailOut(Schema):
    detail: str


class ExpertReviewRefusedOut(Schema):
    detail: str
    fields: dict[str, str] = Field(
        description="Per veld (score-INH.2, reason-INH.2, evidence-INH.2, subject, …) wat er mis is"
    )
