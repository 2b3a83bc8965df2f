"""Coverage of a method with the real curriculum: the goal scope also follows from what the catalogue declares."""

from __future__ import annotations

import pytest

from wijzer.accounts.models import User
from wijzer.alignment import actions
from wijzer.alignment.constants import Decision
from wijzer.alignment.coverage_report import method_coverage
from wijzer.alignment.tests.factories import method_with_chapters
from wijzer.catalog import service as catalog
from wijzer.catalog.models import Method
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory
from wijzer.curriculum.models import Goal, Subject

pytestmark = pytest.mark.django_db

OBK_REKENEN_WISKUNDE = "7afbb7a6-c29b-425c-9c59-6f79c845f5f0"  # OBK "Rekenen/wiskunde": no SLO subject id


def _method(name: str, *, sector: str = "po", sectors=(), subject_ids=(), chapters: int = 2) -> Method:
    """A method whose one product declares `sectors` and `subject_ids`, with `chapters` chapters without links."""
    method = MethodFactory(name=name)
    product = {"sectors": list(sectors), "subject_ids": list(subject_ids)}
    if not chapters:
        ProductFactory(method=method, **product)
        return method
    parts = [(f"{n}. Hoofdstuk", "") for n in range(1, chapters + 1)]
    return method_with_chapters(parts, method=method, sector=sector, product=product)


def _fo_doelzinnen(goal_set: str, sector: str) -> set[str]:
    rows = Goal.objects.filter(goal_set__title=goal_set, kind="doelzin", sectors_key__contains=f"|{sector}|")
    return {str(u) for u in rows.values_list("uuid", flat=True)}


def test_a_method_without_links_is_measured_against_its_declared_subject(slo):
    # given a PO method whose product declares the OBK subject "Rekenen/wiskunde", and no link at all
    method = _method("Telrijk", sectors=["po"], subject_ids=[OBK_REKENEN_WISKUNDE])
    # when
    result = method_coverage(method.pk)
    # then both frameworks show every goal as a gap: PO Kerndoel 23-33 and the PO doelzinnen of the regular set
    k2006, fo = result.coverage.frameworks
    assert [g.goal.code for g in k2006.goals] == [f"PO Kerndoel {n}" for n in range(23, 34)]
    assert (k2006.total, k2006.covered, len(k2006.gaps), k2006.percent) == (11, 0, 11, 0.0)
    expected_fo = _fo_doelzinnen("Kerndoelen rekenen en wiskunde", "po")
    assert {g.goal.goal_id for g in fo.goals} == expected_fo
    assert fo.total == len(expected_fo) == 15
    assert not {g.goal.goal_id for g in fo.goals} & _fo_doelzinnen("Functionele kerndoelen rekenen en wiskunde", "so")
    declared = catalog.method_curriculum(method.pk).subjects  # the OBK label of the subject
    assert (result.scope.subjects, result.scope.linked, result.sector) == (declared, False, "po")
    assert len(declared) == 1
    assert [p.title for p in result.coverage.unlinked_parts] == ["1. Hoofdstuk", "2. Hoofdstuk"]


def test_the_sector_comes_from_the_products_when_the_parts_have_none(slo):
    # given parts without a sector, and a VO product declaring the SLO subject Natuurkunde
    natuurkunde = str(Subject.objects.get(title="Natuurkunde").uuid)
    method = _method("Krachtlijn", sector="", sectors=["vo"], subject_ids=[natuurkunde])
    # when
    result = method_coverage(method.pk)
    # then: VO Kerndoel 28-35 (mens en natuur) and the new kerndoelen mens en natuur in VO
    k2006, fo = result.coverage.frameworks
    assert (result.sectors, result.sector, len(result.parts)) == (["vo"], "vo", 3)
    assert [g.goal.code for g in k2006.goals] == [f"VO Kerndoel {n}" for n in range(28, 36)]
    assert {g.goal.goal_id for g in fo.goals} == _fo_doelzinnen("Kerndoelen mens en natuur", "vo")


def test_confirmed_links_count_and_a_rejected_link_does_not_widen_the_scope(slo):
    method = _method("Telrijk", sectors=["po"], subject_ids=[OBK_REKENEN_WISKUNDE], chapters=1)
    chapter = method.alignment_parts.get(key="h1")
    actions.do_declare_alignments(
        chapter, [str(Goal.objects.get(code=code).uuid) for code in ("PO Kerndoel 26", "PO Kerndoel 40")]
    )
    user = User.objects.create_user(email="beoordelaar@test.example.nl", password="een-lang-wachtwoord-123")
    rekenen, biologie = (chapter.links.get(goal_code=c) for c in ("PO Kerndoel 26", "PO Kerndoel 40"))
    actions.do_review_alignments([rekenen], Decision.CONFIRM, user=user)
    actions.do_review_alignments([biologie], Decision.REJECT, user=user, reason="geen biologie")
    # when
    k2006, _fo = method_coverage(method.pk).coverage.frameworks
    # then PO Kerndoel 40 (goal set "Biologie") stays out of scope, and the confirmed goal counts
    assert (k2006.total, k2006.covered, k2006.percent) == (11, 1, 9.1)
    assert "PO Kerndoel 40" not in {g.goal.code for g in k2006.goals}


def test_no_parts_or_no_sector_or_no_subject_give_no_scope(slo):
    without_parts = method_coverage(_method("Leeg", sectors=["po"], subject_ids=[OBK_REKENEN_WISKUNDE], chapters=0).pk)
    without_sector = method_coverage(_method("Zonder sector", sector="", subject_ids=[OBK_REKENEN_WISKUNDE]).pk)
    without_subject = method_coverage(_method("Zonder vak", sectors=["po"]).pk)
    assert (without_parts.coverage.frameworks, without_parts.scope.empty) == ((), True)
    assert (without_sector.coverage.frameworks, without_sector.scope.needs_sector) == ((), True)
    assert (without_subject.coverage.frameworks, without_subject.scope.subjects) == ((), ())
