"""API schemas of the quality app (django-ninja / pydantic). One section per part; add yours below."""

from __future__ import annotations

from ninja import Field, Schema

# --- framework (W6 §1) ----------------------------------------------------------------------------------------------


class CriterionOut(Schema):
    code: str = Field(description="Code van het criterium, bijv. INH.1.")
    statement: str = Field(description="Het criterium als positieve uitspraak.")
    guidance: str = Field(description="Waar let je op bij het beoordelen.")
    subject: str = Field(description='Leeg: algemeen criterium; anders de vakuitbreiding (bijv. "nederlands").')
    gateway: bool = Field(description="Hoort bij de poort (moet eerst gehaald zijn).")


class TopicOut(Schema):
    code: str
    name: str
    description: str
    criteria: list[CriterionOut]


class GatewayOut(Schema):
    name: str
    pass_at: int | None = Field(description="De mediaan van elk poortcriterium moet minstens deze score hebben.")
    criteria: list[str] = Field(description="Codes van de poortcriteria.")


class ScalePointOut(Schema):
    score: int | None = Field(description="1–4, of null voor 'niet van toepassing'.")
    label: str


class SourceOut(Schema):
    key: str
    title: str
    publisher: str
    year: int | None
    url: str
    used_for: str


class FrameworkOut(Schema):
    version: str
    title: str
    published_at: str | None
    gateway: GatewayOut
    scale: list[ScalePointOut] = Field(description="De schaal van elk criterium; bij 1 en 2 is een toelichting nodig.")
    sources: list[SourceOut]
    topics: list[TopicOut]


class FrameworkVersionOut(Schema):
    version: str
    title: str
    published_at: str | None
    current: bool = Field(description="Dit is de versie die nu geldt.")
    url: str = Field(description="Adres van deze versie in de API.")


class FrameworkVersionPage(Schema):
    count: int
    items: list[FrameworkVersionOut]
