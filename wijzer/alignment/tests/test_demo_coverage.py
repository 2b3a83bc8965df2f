"""The demo data as a school sees it: every demo method measured against its own subjects' goals only, demo links
that do not contradict their method, page, API and CSV that agree, and a fixed number of queries per page."""

from __future__ import annotations

import csv
import io
import re
import uuid

from django.test import Client

import pytest

from wijzer.alignment import engine
from wijzer.alignment.coverage_report import method_coverage
from wijzer.alignment.demo import load_demo_alignment
from wijzer.alignment.demo_data import DEMO_PARTS
from wijzer.alignment.domain import scope as sc
from wijzer.alignment.models import Alignment
from wijzer.catalog import service as catalog
from wijzer.catalog.models import Method
from wijzer.curriculum import service as curriculum
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(slo: None) -> dict[str, Method]:
    engine.reset()
    load_demo_catalogue()
    load_demo_alignment()
    return {m.name.removesuffix(" (voorbeeld)"): m for m in catalog.methods(demo=True) if m.alignment_parts.exists()}


def _declared_scope(method: Method, sector: str) -> frozenset[str]:
    """The goals of the method's declared subjects in its sector (no links at all)."""
    goals = [
        sc.ScopeGoal(g.goal_id, g.framework, g.goal_set, g.sectors, frozenset(map(sc.fold, g.subjects)), g.functional)
        for g in curriculum.goal_subjects()
    ]
    subjects = catalog.method_curriculum(method.pk).subjects
    return sc.derive(goals, sector=sector, subjects=subjects).goal_ids


def test_sommenspoor_reads_3_of_the_11_rekendoelen_and_keeps_its_stray_suggestions_apart(demo):
    # given the demo PO maths method whose chapter "Rekenspelletjes" has suggestions via "vrije" and "school"
    method = demo["Sommenspoor"]
    # when
    result = method_coverage(method.pk)
    k2006, fo = result.coverage.frameworks
    # then: 3 of PO Kerndoel 23-33, and no Nederlands or oriëntatie goal among the gaps
    assert [g.goal.code for g in k2006.goals] == [f"PO Kerndoel {n}" for n in range(23, 34)]
    assert (k2006.counted, k2006.total, k2006.percent) == (3, 11, 27.3)
    assert k2006.headline == "3 van 11 kerndoelen voor rekenen en wiskunde (27,3 %)"
    assert {g.code for g in k2006.gaps} == {f"PO Kerndoel {n}" for n in (23, 24, 25, 28, 29, 30, 31, 32)}
    assert fo.headline == "0 van 15 doelzinnen voor rekenen en wiskunde (0,0 %)"
    spelletjes = {str(link.goal_uuid) for link in result.links if link.part.title.endswith("Rekenspelletjes")}
    stray = spelletjes - result.scope.goal_ids
    assert stray, "the demo chapter Rekenspelletjes should keep its stray suggestions (the case of this test)"
    assert stray <= {m.goal.goal_id for m in result.maybe}
    # and the page, the API and the CSV say the same
    page = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    api = Client().get(f"/api/v1/alignment/methods/{method.uuid}/coverage").json()
    rows = list(csv.reader(io.StringIO(Client().get(f"/kerndoeldekking/methode/{method.uuid}/dekking.csv").text)))
    assert "Kerndoelen 2006: 3 van 11 kerndoelen voor rekenen en wiskunde (27,3 %)" in page
    assert "Mogelijk ook" in page
    assert (
        "PO Kerndoel 09"
        not in page.partition("Mogelijk ook")[0]
        .partition("<h2>Hoofdstukken</h2>")[2]
        .split("<h3>Hiaten</h3>")[-1]
        .partition("</ul>")[0]
    )
    api_2006 = api["frameworks"][0]
    assert (api_2006["covered"], api_2006["total"], api_2006["percent"], api_2006["headline"]) == (
        3,
        11,
        27.3,
        k2006.headline,
    )
    assert {m["goal_id"] for m in api["maybe_also"]} == {m.goal.goal_id for m in result.maybe}
    csv_2006 = [row for row in rows[1:] if row[0] == "kerndoelen-2006"]
    assert [row[1] for row in csv_2006] == [f"PO Kerndoel {n}" for n in range(23, 34)]
    assert sum(row[3] == "gedekt" for row in csv_2006) == 3
    assert len(rows) - 1 == sum(f["total"] for f in api["frameworks"])


def test_every_demo_method_is_measured_against_its_own_subjects_goals_only(demo):
    assert set(demo) == set(DEMO_PARTS)
    for name, method in demo.items():
        result = method_coverage(method.pk)
        own = _declared_scope(method, result.sector)
        assert own, f"{name}: the catalogue declares no subject with kerndoelen"
        measured = {g.goal.goal_id for f in result.coverage.frameworks for g in f.goals}
        assert measured == own, f"{name}: measured against goals outside its subjects"
        gaps = {g.goal_id for f in result.coverage.frameworks for g in f.gaps}
        assert gaps <= own


def test_every_demo_link_belongs_to_its_methods_subject_and_sector(demo):
    # the declared codes and (stale) ids in the demo file, resolved as the loader does
    for name, (sector, chapters) in DEMO_PARTS.items():
        method = demo[name]
        own = _declared_scope(method, sector)
        for title, _text, codes in chapters:
            for code in codes:
                try:
                    current = curriculum.resolve(uuid.UUID(code)).current
                except ValueError:
                    current = tuple(str(g.uuid) for g in curriculum.goals(sector=sector).filter(code=code))
                assert current, f"{name} / {title}: {code} is not a goal"
                for goal_id in current:
                    goal = curriculum.get_goal(uuid.UUID(goal_id))
                    assert goal is not None
                    assert goal_id in own, (
                        f"{name} / {title}: {code} → {goal.code} is not a {sector} goal of its subject"
                    )
    # and what the loader wrote: every declared or confirmed demo link is in its method's own scope
    for link in Alignment.objects.filter(part__is_demo=True, origin="declared").select_related("part__method"):
        method = link.part.method
        name = method.name.removesuffix(" (voorbeeld)")
        assert str(link.goal_uuid) in _declared_scope(method, DEMO_PARTS[name][0]), f"{name}: {link.goal_code}"


def test_the_formulepad_chapter_on_fractions_declares_vo_kerndoel_22(demo):
    link = Alignment.objects.get(part__method=demo["Formulepad"], part__title__endswith="Negatieve getallen en breuken",
                                 origin="declared")  # fmt: skip
    assert (link.goal_code, link.provenance, link.declared_id) == (
        "VO Kerndoel 22",
        "confirmed",
        "f82de175-d5d2-4fba-8a4e-bac6494f83ae",
    )


def test_a_stale_wrong_demo_link_from_an_older_load_is_removed_on_the_next_load(demo):
    # given a database loaded with the old, wrong id (PO Kerndoel 40 on a VO maths chapter), confirmed
    part = demo["Formulepad"].alignment_parts.get(title__endswith="Negatieve getallen en breuken")
    wrong = curriculum.goals().get(code="PO Kerndoel 40")
    Alignment.objects.create(part=part, goal_uuid=wrong.uuid, goal_code=wrong.code, framework=wrong.framework,
                             provenance="confirmed", origin="declared", declared_id="d803cf62")  # fmt: skip
    # when the demo is loaded again
    load_demo_alignment()
    # then the wrong link is gone and the right one stays
    assert set(part.links.filter(origin="declared").values_list("goal_code", flat=True)) == {"VO Kerndoel 22"}


def test_method_pages_need_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    client = Client()
    client.get("/kerndoeldekking/")  # warm the per-process goal catalogue and index
    with django_assert_max_num_queries(4):
        overview = client.get("/kerndoeldekking/")
    assert overview.status_code == 200
    for name in ("Sommenspoor", "Formulepad", "Wereldvenster"):
        method = demo[name]
        client.get(f"/kerndoeldekking/methode/{method.uuid}/")
        with django_assert_max_num_queries(13):
            page = client.get(f"/kerndoeldekking/methode/{method.uuid}/")
        assert page.status_code == 200
        assert len(re.findall(r'<li id="onderdeel-', page.content.decode())) == len(DEMO_PARTS[name][1]) + 1
