"""Read the SLO curriculum JSON files into plain records (standards.md §1).

The files are the unchanged SLO open-data collections. Everything is validated before anything is written,
so a missing or malformed file stops the load with a message that names the file and the problem.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .records import (
    FRAMEWORK_2006,
    FRAMEWORK_FO,
    KIND_DOELZIN,
    KIND_KERNDOEL,
    KIND_KERNZIN,
    CurriculumBundle,
    DomainRec,
    ElaborationRec,
    GoalRec,
    GoalSetRec,
    LevelRec,
    StaleRec,
    SubjectRec,
)

Item = dict[str, Any]

# Every file the loader reads, relative to the data root (data/slo).
FILES = {
    "niveaus": "basis/niveaus.json",
    "vakleergebieden": "basis/vakleergebieden.json",
    "kerndoelen": "kerndoelen/kerndoelen.json",
    "kd_vakleergebieden": "kerndoelen/vakleergebieden.json",
    "kd_domeinen": "kerndoelen/domeinen.json",
    "kd_deprecated": "kerndoelen/deprecated.json",
    "fo_sets": "fo/sets.json",
    "fo_domeinen": "fo/domeinen.json",
    "fo_kernzinnen": "fo/kernzinnen.json",
    "fo_doelzinnen": "fo/doelzinnen.json",
    "fo_uitwerkingen": "fo/uitwerkingen.json",
    "fo_illustraties": "fo/illustraties.json",
}

FO_KERNDOEL_SETTYPES = ("kerndoelenset", "functionele kerndoelenset")

# 2006 kerndoel prefix family -> sector. The family is the prefix without its number.
FAMILY_SECTORS = (("VSO ", "vso"), ("SO ", "so"), ("PO ", "po"), ("VO ", "vo"))

_NUMBER = re.compile(r"(\d+)\s*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CurriculumDataError(Exception):
    """A data file is missing or malformed. Carries a Dutch and an English message naming the file."""

    def __init__(self, path: Path, problem_nl: str, problem_en: str) -> None:
        self.path = path
        self.problem_nl = problem_nl
        self.problem_en = problem_en
        super().__init__(f"{path}: {problem_nl} / {problem_en}")


def sector_of_level(title: str) -> str | None:
    """The school sector (po, vo, so, vso) a SLO niveau title belongs to, or None (e.g. referentieniveau)."""
    t = title.strip().lower()
    if t.startswith("vso"):
        return "vso"
    if t.startswith("so"):
        return "so"
    if t == "po" or t.startswith(("groep", "fase")):
        return "po"
    if t in {"vo", "3 h/v"} or t.startswith(("ob ", "bb ", "havo", "vwo", "vmbo")):
        return "vo"
    return None


def sector_of_2006_code(code: str) -> str:
    for family, sector in FAMILY_SECTORS:
        if code.startswith(family):
            return sector
    raise ValueError(code)


def number_of(prefix: str) -> int:
    match = _NUMBER.search(prefix)
    return int(match.group(1)) if match else 0


def read_collection(path: Path) -> list[Item]:
    """One SLO collection: a JSON array of objects, each with a UUID `id`."""
    if not path.is_file():
        raise CurriculumDataError(path, "bestand ontbreekt", "file is missing")
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CurriculumDataError(path, f"geen geldige JSON ({exc})", f"not valid JSON ({exc})") from exc
    if not isinstance(data, list):
        raise CurriculumDataError(path, "verwacht een JSON-lijst van objecten", "expected a JSON array of objects")
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _UUID.match(item["id"]):
            raise CurriculumDataError(
                path,
                f"item {index} heeft geen geldige UUID in 'id'",
                f"item {index} has no valid UUID in 'id'",
            )
    return data


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for rel in FILES.values():
        path = root / rel
        if path.is_file():
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _ids(item: Item, key: str) -> tuple[str, ...]:
    value = item.get(key) or []
    return tuple(v for v in value if isinstance(v, str))


def _text(item: Item, key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


class _Builder:
    """Builds a CurriculumBundle from the raw collections; kept small per framework."""

    def __init__(self, raw: dict[str, list[Item]]) -> None:
        self.raw = raw
        self.bundle = CurriculumBundle()
        self.levels: dict[str, LevelRec] = {}
        self.subjects: dict[str, SubjectRec] = {}

    def build(self) -> CurriculumBundle:
        self._levels()
        self._subjects()
        self._framework_2006()
        self._framework_fo()
        self._stale()
        self.bundle.goals = [replace(g, position=i) for i, g in enumerate(self.bundle.goals)]
        self.bundle.levels = list(self.levels.values())
        self.bundle.subjects = list(self.subjects.values())
        return self.bundle

    def _levels(self) -> None:
        for item in self.raw["niveaus"]:
            self.levels[item["id"]] = LevelRec(
                id=item["id"],
                title=_text(item, "title"),
                prefix=_text(item, "prefix"),
                type=_text(item, "type"),
                description=_text(item, "description"),
            )

    def _subjects(self) -> None:
        for item in self.raw["vakleergebieden"]:
            self.subjects[item["id"]] = SubjectRec(
                id=item["id"],
                title=_text(item, "title"),
                prefix=_text(item, "prefix"),
                description=_text(item, "description"),
                level_ids=tuple(i for i in _ids(item, "niveau_id") if i in self.levels),
            )

    def _subject_ids(self, owner_id: str, title: str, referenced: tuple[str, ...]) -> tuple[str, ...]:
        """Known basis subjects; a missing reference becomes one derived subject named after its owner."""
        known = tuple(i for i in referenced if i in self.subjects)
        if known:
            return known
        missing = referenced or (owner_id,)
        first = missing[0]
        if first not in self.subjects:
            self.subjects[first] = SubjectRec(
                id=first, title=title, prefix="", description="", alias_ids=missing[1:], derived=True
            )
        return (first,)

    def _known_levels(self, ids: Iterable[str], owner: str) -> tuple[str, ...]:
        given = list(dict.fromkeys(ids))
        known = tuple(i for i in given if i in self.levels)
        if len(known) != len(given):
            self.bundle.warnings.append(f"{owner}: onbekende niveau-id's overgeslagen")
        return known

    def _framework_2006(self) -> None:
        domains = {d["id"]: d for d in self.raw["kd_domeinen"]}
        goal_set: dict[str, str] = {}
        goal_domain: dict[str, str] = {}
        goal_subjects: dict[str, list[str]] = {}
        for position, kv in enumerate(self.raw["kd_vakleergebieden"]):
            subject_ids = self._subject_ids(kv["id"], _text(kv, "title"), _ids(kv, "vakleergebied_id"))
            member_ids = list(_ids(kv, "kerndoel_id"))
            for domain_id in _ids(kv, "kerndoel_domein_id"):
                domain = domains.get(domain_id)
                if domain is None:
                    continue
                self.bundle.domains.append(
                    DomainRec(
                        id=domain_id,
                        framework=FRAMEWORK_2006,
                        title=_text(domain, "title"),
                        prefix="",
                        description=_text(domain, "description"),
                        set_id=kv["id"],
                        position=len(self.bundle.domains),
                    )
                )
                for goal_id in _ids(domain, "kerndoel_id"):
                    goal_domain.setdefault(goal_id, domain_id)
                    member_ids.append(goal_id)
            for goal_id in member_ids:
                goal_set.setdefault(goal_id, kv["id"])
                goal_subjects.setdefault(goal_id, []).extend(subject_ids)
            self.bundle.sets.append(
                GoalSetRec(
                    id=kv["id"],
                    framework=FRAMEWORK_2006,
                    title=_text(kv, "title"),
                    settype="kerndoelen 2006",
                    status="vastgesteld",
                    description=_text(kv, "description"),
                    sectors=(),
                    subject_ids=subject_ids,
                    position=position,
                )
            )
        for position, item in enumerate(self.raw["kerndoelen"]):
            code = _text(item, "prefix")
            try:
                sector = sector_of_2006_code(code)
            except ValueError:
                self.bundle.warnings.append(f"kerndoel {item['id']}: onbekende code {code!r}")
                continue
            self.bundle.goals.append(
                GoalRec(
                    id=item["id"],
                    framework=FRAMEWORK_2006,
                    kind=KIND_KERNDOEL,
                    code=code,
                    number=number_of(code),
                    label=_text(item, "kerndoelLabel") or _text(item, "description"),
                    text=_text(item, "title"),
                    status="vastgesteld",
                    sectors=(sector,),
                    set_id=goal_set.get(item["id"]),
                    domain_id=goal_domain.get(item["id"]),
                    parent_id=None,
                    subject_ids=tuple(dict.fromkeys(goal_subjects.get(item["id"], []))),
                    level_ids=self._known_levels(_ids(item, "niveau_id"), code),
                    replaces=_ids(item, "replaces"),
                    position=position,
                )
            )
        sector_order = {sector: i for i, sector in enumerate(("po", "vo", "so", "vso"))}
        self.bundle.goals.sort(key=lambda g: (sector_order[g.sectors[0]], _NUMBER.sub("", g.code), g.number))
        self.bundle.sets = [
            _with_sectors(s, self.bundle.goals) if s.framework == FRAMEWORK_2006 else s for s in self.bundle.sets
        ]

    def _framework_fo(self) -> None:
        _FoBuilder(self).build()

    def _stale(self) -> None:
        """deprecated.json entries, plus the `replaces` lists of current goals for ids not listed there."""
        listed: set[str] = set()
        for item in self.raw["kd_deprecated"]:
            listed.add(item["id"])
            self.bundle.stale.append(
                StaleRec(
                    id=item["id"],
                    types=_ids(item, "types"),
                    title=_text(item, "prefix") or _text(item, "title"),
                    replaced_by=_ids(item, "replacedBy"),
                )
            )
        successors: dict[str, list[str]] = {}
        for goal in self.bundle.goals:
            for old in goal.replaces:
                if old not in listed:
                    successors.setdefault(old, []).append(goal.id)
        for old, new in successors.items():
            self.bundle.stale.append(StaleRec(id=old, types=("replaces",), title="", replaced_by=tuple(new)))


def _with_sectors(goal_set: GoalSetRec, goals: list[GoalRec]) -> GoalSetRec:
    sectors = sorted({s for g in goals if g.set_id == goal_set.id for s in g.sectors})
    return replace(goal_set, sectors=tuple(sectors))


class _FoBuilder:
    """New kerndoelen: set -> domein -> kernzin -> doelzin -> uitwerking/illustratie (standards.md §1.4)."""

    def __init__(self, parent: _Builder) -> None:
        self.parent = parent
        raw = parent.raw
        self.domains = {d["id"]: d for d in raw["fo_domeinen"]}
        self.kernzinnen = {d["id"]: d for d in raw["fo_kernzinnen"]}
        self.doelzinnen = {d["id"]: d for d in raw["fo_doelzinnen"]}
        self.uitwerkingen = {d["id"]: d for d in raw["fo_uitwerkingen"]}
        self.illustraties = {d["id"]: d for d in raw["fo_illustraties"]}
        self.seen: set[str] = set()

    def build(self) -> None:
        position = 1000
        for item in self.parent.raw["fo_sets"]:
            if item.get("settype") not in FO_KERNDOEL_SETTYPES:
                continue
            title = _text(item, "title")
            subject_title = re.sub(r"^(Functionele )?[Kk]erndoelen ", "", title)
            subject_ids = self.parent._subject_ids(
                item["id"], subject_title[:1].upper() + subject_title[1:], _ids(item, "vakleergebied_id")
            )
            first_goal = len(self.parent.bundle.goals)
            for domain_id in _ids(item, "fo_domein_id"):
                self._domain(item["id"], domain_id, subject_ids)
            sectors = sorted({s for g in self.parent.bundle.goals[first_goal:] for s in g.sectors})
            self.parent.bundle.sets.append(
                GoalSetRec(
                    id=item["id"],
                    framework=FRAMEWORK_FO,
                    title=title,
                    settype=_text(item, "settype"),
                    status=_text(item, "status"),
                    description=_text(item, "karakteristiek"),
                    sectors=tuple(sectors),
                    subject_ids=subject_ids,
                    position=position,
                )
            )
            position += 1

    def _domain(self, set_id: str, domain_id: str, subject_ids: tuple[str, ...]) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            self.parent.bundle.warnings.append(f"fo_set {set_id}: domein {domain_id} ontbreekt")
            return
        bundle = self.parent.bundle
        bundle.domains.append(
            DomainRec(
                id=domain_id,
                framework=FRAMEWORK_FO,
                title=_text(domain, "title"),
                prefix=_text(domain, "prefix"),
                description=_text(domain, "description"),
                set_id=set_id,
                position=len(bundle.domains),
            )
        )
        for kernzin_id in _ids(domain, "fo_kernzin_id"):
            kernzin = self.kernzinnen.get(kernzin_id)
            if kernzin is None or kernzin_id in self.seen:
                continue
            self.seen.add(kernzin_id)
            self._kernzin(set_id, domain, kernzin, subject_ids)

    def _kernzin(self, set_id: str, domain: Item, kernzin: Item, subject_ids: tuple[str, ...]) -> None:
        bundle = self.parent.bundle
        code = _text(kernzin, "title")
        children = [
            self._doelzin(set_id, domain, kernzin, self.doelzinnen[d], subject_ids, index)
            for index, d in enumerate(_ids(kernzin, "fo_doelzin_id"))
            if d in self.doelzinnen and self.doelzinnen[d].get("soort") == "kerndoel"
        ]
        levels = tuple(dict.fromkeys(level for child in children for level in child.level_ids))
        sectors = tuple(sorted({s for child in children for s in child.sectors}))
        bundle.goals.append(
            GoalRec(
                id=kernzin["id"],
                framework=FRAMEWORK_FO,
                kind=KIND_KERNZIN,
                code=code,
                number=number_of(_text(kernzin, "prefix") or code),
                label=_text(domain, "title"),
                text=_text(kernzin, "description"),
                status="definitief concept",
                sectors=sectors,
                set_id=set_id,
                domain_id=domain["id"],
                parent_id=None,
                subject_ids=subject_ids,
                level_ids=levels,
                replaces=_ids(kernzin, "replaces"),
                position=len(bundle.goals),
            )
        )
        bundle.goals.extend(children)

    def _doelzin(
        self, set_id: str, domain: Item, kernzin: Item, item: Item, subject_ids: tuple[str, ...], index: int
    ) -> GoalRec:
        elaborations = self._elaborations(item)
        levels = self.parent._known_levels((lv for e in elaborations for lv in e.level_ids), _text(item, "title"))
        sectors = {sector_of_level(self.parent.levels[lv].title) for lv in levels}
        return GoalRec(
            id=item["id"],
            framework=FRAMEWORK_FO,
            kind=KIND_DOELZIN,
            code=_text(item, "title"),
            number=number_of(_text(kernzin, "prefix") or _text(kernzin, "title")),
            label=_text(domain, "title"),
            text=_text(item, "description"),
            status=_text(item, "status"),
            sectors=tuple(sorted(s for s in sectors if s)),
            set_id=set_id,
            domain_id=domain["id"],
            parent_id=kernzin["id"],
            subject_ids=subject_ids,
            level_ids=levels,
            replaces=_ids(item, "replaces"),
            position=index,
            elaborations=elaborations,
        )

    def _elaborations(self, item: Item) -> tuple[ElaborationRec, ...]:
        result: list[ElaborationRec] = []
        for kind, key, table in (
            ("uitwerking", "fo_uitwerking_id", self.uitwerkingen),
            ("illustratie", "fo_illustratie_id", self.illustraties),
        ):
            for elab_id in _ids(item, key):
                elab = table.get(elab_id)
                if elab is None:
                    continue
                result.append(
                    ElaborationRec(
                        id=elab_id,
                        kind=kind,
                        prefix=_text(elab, "prefix"),
                        text=_text(elab, "description") or _text(elab, "title"),
                        level_ids=tuple(i for i in _ids(elab, "niveau_id") if i in self.parent.levels),
                        position=len(result),
                    )
                )
        return tuple(result)


def read_bundle(root: Path) -> CurriculumBundle:
    """Read and validate every file under `root`; raises CurriculumDataError naming the first bad file."""
    raw = {key: read_collection(root / rel) for key, rel in FILES.items()}
    bundle = _Builder(raw).build()
    bundle.fingerprint = fingerprint(root)
    return bundle
