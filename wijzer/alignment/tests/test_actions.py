"""Writes: declared links through the stale-id resolver, suggestions, reviews in the audit log, demo loading."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

import pytest

from wijzer.accounts.models import AuditEvent, User
from wijzer.alignment import actions, engine
from wijzer.alignment.constants import Decision, LinkState, PartLevel, Strength
from wijzer.alignment.coverage_report import export_parts, method_coverage
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.alignment.tests.factories import chapter, method_with_chapters
from wijzer.curriculum.models import Goal, StaleId

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(slo):
    return chapter(method_with_chapters([("1. Breuken", "Breuken en procenten")]))


def test_declared_stale_id_resolves_to_the_current_goal(part):
    # given: an old id whose replacement is a current goal
    stale = next(
        s
        for s in StaleId.objects.order_by("pk")
        if len(s.replaced_by) == 1 and Goal.objects.filter(uuid=s.replaced_by[0], kind="kerndoel").exists()
    )
    current = Goal.objects.get(uuid=stale.replaced_by[0])
    # when
    result = actions.do_declare_alignments(part, [str(stale.uuid), "geen-uuid"])
    # then
    link = Alignment.objects.get(part=part)
    assert (result.created, result.unresolved) == (1, ("geen-uuid",))
    assert (link.goal_uuid, link.provenance, link.origin, link.declared_id) == (
        current.uuid,
        LinkState.DECLARED,
        LinkState.DECLARED,
        str(stale.uuid),
    )
    assert link.evidence["resolved_path"][0] == str(stale.uuid)


def test_review_confirms_counts_in_coverage_and_is_audited(part):
    # given: a suggestion (PO 26) and a declared link (PO 27)
    found = engine.suggest("Breuken en procenten", sector="po", framework="kerndoelen-2006", limit=1, mode="lexical")
    actions.do_record_suggestions(part, found, "kerndoelen-2006")
    actions.do_declare_alignments(part, [str(Goal.objects.get(code="PO Kerndoel 27").uuid)])
    suggested = Alignment.objects.get(part=part, goal_code="PO Kerndoel 26")
    declared = Alignment.objects.get(part=part, goal_code="PO Kerndoel 27")
    before = method_coverage(part.method_id)
    user = User.objects.create_user(email="beoordelaar@test.example.nl", password="een-lang-wachtwoord-123")
    # when
    actions.do_review_alignments([suggested], Decision.CONFIRM, user=user, reason="past", strength=Strength.CORE)
    actions.do_review_alignments([declared], Decision.REJECT, user=user, reason="past niet")
    # then: the confirmed link brings the 11 PO rekenen kerndoelen (23-33) in scope; only it counts
    (after,) = method_coverage(part.method_id).coverage.frameworks
    assert [s.code for s in found] == ["PO Kerndoel 26"]
    assert suggested.evidence["matched_terms"][0]["term"] in {"breuken", "procenten"}
    # before: no declared subject and nothing confirmed, so no scope; the unconfirmed goals are "mogelijk ook"
    assert (before.coverage.frameworks, before.scope.empty) == ((), True)
    assert {m.goal.code for m in before.maybe} == {"PO Kerndoel 26", "PO Kerndoel 27"}
    assert (after.total, after.covered, after.pending_goals) == (11, 1, 0)
    events = list(AuditEvent.objects.filter(object_type="alignment").order_by("id"))
    assert [e.action for e in events] == ["alignment.confirmed", "alignment.rejected"]
    assert events[0].actor == user
    assert events[1].details["reason"] == "past niet"
    exported = [p for p in export_parts(part.method_id) if p.goals]
    assert [(p.part_id, [g.goal_id for g in p.goals]) for p in exported] == [
        (str(part.uuid), [str(suggested.goal_uuid)])
    ]


def test_cli_suggest_json(part):
    out = StringIO()
    call_command(
        "align", "suggest", "Tafels uit het hoofd en optellen en aftrekken tot 20", "--sector", "po", "--framework",
        "kerndoelen-2006", "--limit", "3", "--mode", "lexical", "--json", stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    assert rows[0]["code"] == "PO Kerndoel 27"
    assert set(rows[0]) == {"goal_id", "code", "score", "evidence"}
    assert len(rows) == 3


def test_cli_evaluate(tmp_path, part):
    path = tmp_path / "set.jsonl"
    row = {
        "text": "tafels uit het hoofd, optellen en aftrekken tot 20",
        "sector": "po",
        "framework": "kerndoelen-2006",
        "expected": ["PO Kerndoel 27"],
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("align", "evaluate", str(path), "--mode", "lexical", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"cases": 1, "recall@1": 1.0, "recall@3": 1.0, "recall@5": 1.0, "mrr": 1.0}


def test_parts_are_upserted_by_key(part):
    again = actions.do_upsert_part(
        part.method, actions.PartSpec("h1", PartLevel.CHAPTER, "1. Breuken!", "nieuw", 1), parent=part.parent
    )
    assert again.pk == part.pk
    assert MethodPart.objects.filter(method=part.method).count() == 2
    assert again.sector == "po"
