"""API schemas of the curriculum (django-ninja / pydantic)."""

from __future__ import annotations

from ninja import Field, Schema


class Ref(Schema):
    id: str
    title: str


class GoalRef(Schema):
    id: str
    code: str
    text: str


class GoalOut(Schema):
    id: str
    code: str
    title: str
    text: str
    framework: str
    kind: str
    status: str
    sectors: list[str]
    goal_set: Ref | None
    domain: str | None
    parent: GoalRef | None = Field(description="Het kerndoel (de kernzin) waar deze doelzin onder valt.")
    kerndoel: GoalRef | None = Field(
        deprecated=True, description="Oude naam van `parent` (alias: kerndoel, verouderd); gebruik `parent`."
    )
    subjects: list[Ref]
    url: str


class ElaborationOut(Schema):
    id: str
    kind: str
    prefix: str
    text: str
    levels: list[str]


class GoalDetailOut(GoalOut):
    levels: list[Ref]
    children: list[GoalRef] = Field(description="De doelzinnen onder dit kerndoel.")
    doelzinnen: list[GoalRef] = Field(
        deprecated=True, description="Oude naam van `children` (alias: doelzinnen, verouderd); gebruik `children`."
    )
    elaborations: list[ElaborationOut]
    resolved_from: str | None
    resolved_to: list[str]
    uri: str


class GoalPage(Schema):
    count: int
    items: list[GoalOut]


class SubjectOut(Schema):
    id: str
    title: str
    slug: str
    goals_2006: int
    goals_fo: int
