"""Declared goals of a delivered part → the current goals to link (pure: a fake resolver, three goals, no
database): codes in the part's sector, stale ids through the resolver, and a Dutch reason for everything else."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from wijzer.alignment.domain.declared import GoalNote, code_index, declared_goals, normalise_code


@dataclass(frozen=True)
class Goal:
    goal_id: str
    code: str
    sectors: tuple[str, ...]
    goal_set: str


@dataclass(frozen=True)
class Resolution:
    current: tuple[str, ...]
    path: tuple[str, ...] = ()


PO_26 = str(uuid.UUID(int=26))
VO_1 = str(uuid.UUID(int=101))
DOELZIN_PO, DOELZIN_VO = str(uuid.UUID(int=201)), str(uuid.UUID(int=202))
KERNZIN = str(uuid.UUID(int=300))  # a current goal that is not alignable
STALE, DEAD, UNKNOWN = str(uuid.UUID(int=900)), str(uuid.UUID(int=901)), str(uuid.UUID(int=902))
CATALOGUE = {
    PO_26: Goal(PO_26, "PO Kerndoel 26", ("po",), "Kerndoelen rekenen en wiskunde"),
    VO_1: Goal(VO_1, "VO Kerndoel 1", ("vo",), "Nederlands"),
    DOELZIN_PO: Goal(DOELZIN_PO, "Doelzin 1A - Lezen", ("po",), "Kerndoelen Nederlands"),
    DOELZIN_VO: Goal(DOELZIN_VO, "Doelzin 1A - Lezen", ("vo", "po"), "Functionele kerndoelen Nederlands"),
}
RESOLVER = {
    PO_26: Resolution((PO_26,)),
    KERNZIN: Resolution((KERNZIN,)),
    STALE: Resolution((PO_26,), (STALE,)),
    DEAD: Resolution((), (DEAD,)),
    UNKNOWN: Resolution(()),
}


def resolve(goal: uuid.UUID) -> Resolution:
    return RESOLVER[str(goal)]


def declare(*goals: str, sector: str = "po"):
    return declared_goals(3, "h1", goals, sector, catalogue=CATALOGUE, codes=code_index(CATALOGUE), resolve=resolve)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("po kerndoel 026", "po kerndoel 26"), ("  PO   Kerndoel 26 ", "po kerndoel 26"), ("Doelzin 10B", "doelzin 10b")],
)
def test_case_spaces_and_leading_zeros_do_not_count(written, expected):
    assert normalise_code(written) == expected


def test_a_code_is_found_in_the_parts_sector_and_kept_as_written():
    found = declare("po kerndoel 026")
    assert (found.ids, found.delivered_as, found.goals, found.notes) == (
        [PO_26],
        {PO_26: "po kerndoel 026"},
        {PO_26},
        [],
    )


def test_a_stale_id_is_declared_as_delivered_and_links_its_current_goal():
    found = declare(STALE)
    assert (found.ids, found.delivered_as, found.goals, found.notes) == ([STALE], {}, {PO_26}, [])


def test_what_cannot_be_linked_gets_a_dutch_reason_per_goal():
    found = declare("PO Kerndoel 99", "VO Kerndoel 1", "Doelzin 1A", KERNZIN, DEAD, UNKNOWN)
    assert (found.ids, found.goals) == ([], set())
    assert found.notes == [
        GoalNote(
            3, "h1", "PO Kerndoel 99", "onbekende code in het po; gebruik een code als 'PO Kerndoel 26' of het SLO-id."
        ),
        GoalNote(3, "h1", "VO Kerndoel 1", "deze code hoort bij vo, niet bij po."),
        GoalNote(
            3, "h1", "Doelzin 1A",
            "de code is niet eenduidig in het po (2 doelen: Functionele kerndoelen Nederlands, Kerndoelen Nederlands); "
            "geef het SLO-id op.",
        ),
        GoalNote(
            3, "h1", KERNZIN,
            "dit is geen kerndoel (2006) of doelzin; koppel aan een kerndoel of aan de doelzinnen eronder.",
        ),
        GoalNote(3, "h1", DEAD, "vervallen SLO-id zonder opvolger."),
        GoalNote(3, "h1", UNKNOWN, "onbekend SLO-id."),
    ]  # fmt: skip
    assert (
        found.notes[1].describe("rij")
        == "Rij 3 (h1): doel 'VO Kerndoel 1' niet gekoppeld: deze code hoort bij vo, niet bij po."
    )


def test_a_code_with_a_name_is_also_found_by_its_short_code_in_a_sector_where_it_is_unique():
    found = declare("doelzin 1a", sector="vo")
    assert (found.ids, found.goals, found.notes) == ([DOELZIN_VO], {DOELZIN_VO}, [])
