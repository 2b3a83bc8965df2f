"""Plain records of the SLO curriculum as Wijzer models it (frozen dataclasses, no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field

FRAMEWORK_2006 = "kerndoelen-2006"
FRAMEWORK_FO = "kerndoelen-fo"

KIND_KERNDOEL = "kerndoel"  # a 2006 kerndoel
KIND_KERNZIN = "kernzin"  # a new (FO) kerndoel: the kernzin
KIND_DOELZIN = "doelzin"  # a doelzin under an FO kernzin

SECTORS = ("po", "vo", "so", "vso")


@dataclass(frozen=True, slots=True)
class LevelRec:
    id: str
    title: str
    prefix: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class SubjectRec:
    id: str
    title: str
    prefix: str
    description: str
    level_ids: tuple[str, ...] = ()
    alias_ids: tuple[str, ...] = ()
    derived: bool = False


@dataclass(frozen=True, slots=True)
class GoalSetRec:
    id: str
    framework: str
    title: str
    settype: str
    status: str
    description: str
    sectors: tuple[str, ...]
    subject_ids: tuple[str, ...]
    position: int


@dataclass(frozen=True, slots=True)
class DomainRec:
    id: str
    framework: str
    title: str
    prefix: str
    description: str
    set_id: str | None
    position: int


@dataclass(frozen=True, slots=True)
class ElaborationRec:
    id: str
    kind: str  # "uitwerking" | "illustratie"
    prefix: str
    text: str
    level_ids: tuple[str, ...]
    position: int


@dataclass(frozen=True, slots=True)
class GoalRec:
    id: str
    framework: str
    kind: str
    code: str
    number: int
    label: str
    text: str
    status: str
    sectors: tuple[str, ...]
    set_id: str | None
    domain_id: str | None
    parent_id: str | None
    subject_ids: tuple[str, ...]
    level_ids: tuple[str, ...]
    replaces: tuple[str, ...]
    position: int
    elaborations: tuple[ElaborationRec, ...] = ()


@dataclass(frozen=True, slots=True)
class StaleRec:
    id: str
    types: tuple[str, ...]
    title: str
    replaced_by: tuple[str, ...]


@dataclass(slots=True)
class CurriculumBundle:
    levels: list[LevelRec] = field(default_factory=list)
    subjects: list[SubjectRec] = field(default_factory=list)
    sets: list[GoalSetRec] = field(default_factory=list)
    domains: list[DomainRec] = field(default_factory=list)
    goals: list[GoalRec] = field(default_factory=list)
    stale: list[StaleRec] = field(default_factory=list)
    fingerprint: str = ""
    warnings: list[str] = field(default_factory=list)
