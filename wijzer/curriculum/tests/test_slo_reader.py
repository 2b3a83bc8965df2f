"""The pure SLO reader against the real files shipped in data/slo (no database)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from wijzer.curriculum.domain.slo import CurriculumDataError, read_bundle, sector_of_level

DATA = Path(__file__).resolve().parents[3] / "data" / "slo"


@pytest.fixture(scope="module")
def bundle():
    return read_bundle(DATA)


def test_2006_families_have_the_counts_of_the_source(bundle):
    # given the real kerndoelen.json / when read / then each prefix family keeps its count
    families = Counter(" ".join(g.code.split()[:2]) for g in bundle.goals if g.framework == "kerndoelen-2006")
    assert families == {
        "PO Kerndoel": 58,
        "VO Kerndoel": 58,
        "SO nl/ml": 90,
        "SO zml/mg": 63,
        "VSO Kerndoel": 136,
    }


def test_fo_has_171_kernzinnen_and_372_doelzinnen(bundle):
    kinds = Counter(g.kind for g in bundle.goals if g.framework == "kerndoelen-fo")
    assert kinds == {"kernzin": 171, "doelzin": 372}


def test_doelzin_sectors_come_from_uitwerkingen_and_illustraties(bundle):
    # Digitale geletterdheid has separate kernzinnen per school type (standards.md §1.4)
    dg_set = next(s for s in bundle.sets if s.title == "Kerndoelen digitale geletterdheid")
    creating = {
        (g.code, g.sectors)
        for g in bundle.goals
        if g.kind == "kernzin" and g.set_id == dg_set.id and g.text.startswith("De leerling creëert")
    }
    # the same kernzin text exists twice: once per school type, each with its own number
    assert creating == {("Kerndoel 23", ("po", "so")), ("Kerndoel 22", ("vo", "vso"))}


def test_every_doelzin_has_a_parent_kernzin_in_the_same_set(bundle):
    goals = {g.id: g for g in bundle.goals}
    doelzinnen = [g for g in bundle.goals if g.kind == "doelzin"]
    assert all(
        goals[g.parent_id].kind == "kernzin" and goals[g.parent_id].set_id == g.set_id
        for g in doelzinnen
        if g.parent_id
    )
    assert sum(1 for g in doelzinnen if g.parent_id is None) == 0


def test_po_kerndoel_1_keeps_full_text_and_short_label(bundle):
    goal = next(g for g in bundle.goals if g.id == "8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902")
    assert goal.code == "PO Kerndoel 01"
    assert goal.label == "Informatie verwerven"
    assert goal.text.startswith("De leerlingen leren informatie te verwerven uit gesproken taal.")
    assert goal.sectors == ("po",)


@pytest.mark.parametrize(
    ("title", "sector"),
    [
        ("po", "po"),
        ("groep 5", "po"),
        ("ob vo", "vo"),
        ("3 h/v", "vo"),
        ("havo 2", "vo"),
        ("so zml/mb", "so"),
        ("vso am", "vso"),
        ("vso vo", "vso"),
        ("1F", None),
        ("A1", None),
    ],
)
def test_sector_of_level(title, sector):
    assert sector_of_level(title) == sector


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "slo"
    shutil.copytree(DATA, target)
    return target


def test_missing_file_names_the_file(tmp_path):
    root = _copy(tmp_path)
    (root / "fo" / "kernzinnen.json").unlink()
    with pytest.raises(CurriculumDataError) as info:
        read_bundle(root)
    assert info.value.path == root / "fo" / "kernzinnen.json"
    assert info.value.problem_nl == "bestand ontbreekt"


def test_malformed_json_names_the_file_and_problem(tmp_path):
    root = _copy(tmp_path)
    (root / "kerndoelen" / "kerndoelen.json").write_text('[{"id": "x"', encoding="utf-8")
    with pytest.raises(CurriculumDataError) as info:
        read_bundle(root)
    assert info.value.path.name == "kerndoelen.json"
    assert "geen geldige JSON" in info.value.problem_nl


def test_item_without_uuid_is_rejected(tmp_path):
    root = _copy(tmp_path)
    (root / "basis" / "niveaus.json").write_text(json.dumps([{"id": "not-a-uuid", "title": "po"}]), encoding="utf-8")
    with pytest.raises(CurriculumDataError) as info:
        read_bundle(root)
    assert "item 0" in info.value.problem_nl
