"""Schemas of the experiences API (W6 §3, §7). Authors appear only as a pseudonymous id, never a user id."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ExperienceIn(Schema):
    scores: dict[str, Any] = Field(
        ...,
        description=(
            'Per onderwerpcode van het huidige kader een score 1-4, of null (of "nvt") voor niet van toepassing; '
            "minstens één onderwerp met een score."
        ),
    )
    text: str = Field("", description="Hoogstens 2.000 tekens; mag leeg zijn.")
    sector: str = Field("", description="po, vo, so of vso (of leeg).")
    level: str = Field("", description="Niveau of leerjaar, bijvoorbeeld 'havo 3' (hoogstens 100 tekens).")
    school_type: str = Field("", description="Soort school (hoogstens 100 tekens).")
    months_used: Any = Field(None, description="Hoeveel maanden in gebruik: een heel getal 0-240, of null.")


class ExperienceReasonIn(Schema):
    reason: str = Field(..., description="Verplicht, hoogstens 2.000 tekens.")


class ExperienceResponseIn(Schema):
    text: str = Field(..., description="De reactie van de uitgever: verplicht, hoogstens 2.000 tekens.")


class ExperienceTopicScoreOut(Schema):
    topic: str
    name: str
    score: int | None = Field(..., description="1-4, of null = niet van toepassing")


class ExperienceContextOut(Schema):
    sector: str
    level: str
    school_type: str
    months_used: int | None


class ExperienceResponseOut(Schema):
    publisher: str
    text: str
    written: str = Field(..., description="Maand van schrijven (JJJJ-MM); geen exacte tijd, zoals de open data.")
    is_demo: bool
    earlier_version: bool = Field(
        ...,
        description=(
            "true: de schrijver heeft de tekst of de scores van de ervaring herschreven nadat deze reactie is "
            "geschreven; de reactie gaat over een eerdere versie van de ervaring."
        ),
    )


class ExperienceOut(Schema):
    id: str
    product_id: str
    author: str = Field(
        ...,
        description=(
            "Pseudoniem: 'schrijver-' en een vaste HMAC van de schrijver met het geheim van de site (de schrijver kan "
            "leraar, sectievoorzitter of schoolleider zijn)."
        ),
    )
    author_line: str = Field(
        ..., description="Zoals op de pagina: 'Iemand van de school (vo, havo 3, 2 jaar in gebruik)'."
    )
    framework: str
    scores: list[ExperienceTopicScoreOut]
    text: str
    context: ExperienceContextOut
    verified: bool
    response: ExperienceResponseOut | None
    written: str = Field(..., description="Maand van schrijven (JJJJ-MM); geen exacte tijd, zoals de open data.")
    updated: str = Field(..., description="Maand van de laatste wijziging (JJJJ-MM).")
    is_demo: bool


class ExperienceDistributionOut(Schema):
    topic: str
    name: str
    n: int = Field(..., description="Aantal ervaringen met een score 1-4 voor dit onderwerp")
    counts: dict[str, int] = Field(..., description="Hoe vaak elke score 1, 2, 3, 4 is gegeven")
    not_applicable: int


class ExperienceListOut(Schema):
    count: int
    verified: int
    verified_rule: str
    distribution: list[ExperienceDistributionOut]
    items: list[ExperienceOut]


class ExperienceModeratedOut(Schema):
    id: str
    visibility: str
    hidden_reason: str
    open_reports: int


class ExperienceDetailOut(Schema):
    detail: str
    fields: dict[str, str] = Field(default_factory=dict)
