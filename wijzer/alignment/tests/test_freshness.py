"""A running worker uses the goals of a new curriculum load without a restart (W5.3 §11)."""

from __future__ import annotations

from django.test import Client

import pytest

from wijzer.alignment import engine
from wijzer.alignment.fetch import goal_catalogue
from wijzer.curriculum import service as curriculum
from wijzer.curriculum.models import CurriculumLoad, Goal

pytestmark = pytest.mark.django_db

WORD = "zeppelinhangaar"  # in no goal text or keyword list


def _suggested_codes(client: Client) -> list[str]:
    response = client.post(
        "/api/v1/alignment/suggest",
        {"text": f"De {WORD} van de klas", "sector": "po", "framework": "kerndoelen-2006", "limit": 3},
        content_type="application/json",
    )
    assert response.status_code == 200
    return [row["code"] for row in response.json()]


def test_after_a_curriculum_load_in_another_process_the_next_request_uses_the_new_goals(slo):
    # given a worker that has built its index and goal catalogue
    engine.reset()
    client = Client()
    assert "PO Kerndoel 26" not in _suggested_codes(client)
    goal = Goal.objects.get(code="PO Kerndoel 26")
    assert WORD not in goal_catalogue()[str(goal.uuid)].text
    # when the goal text changes in the database but no load is recorded, the worker keeps what it built
    Goal.objects.filter(pk=goal.pk).update(text=f"{goal.text} Met een {WORD}.")
    assert "PO Kerndoel 26" not in _suggested_codes(client)
    assert WORD not in goal_catalogue()[str(goal.uuid)].text
    # when a load is recorded (what `wijzer curriculum load` writes, here as if from another process)
    CurriculumLoad.objects.create(fingerprint="0" * 64, source="test", counts={})
    # then the next request rebuilds: the index and the catalogue know the new text
    assert _suggested_codes(client)[0] == "PO Kerndoel 26"
    assert WORD in goal_catalogue()[str(goal.uuid)].text


def test_a_forced_load_changes_the_version_the_workers_compare(slo):
    before = curriculum.load_version()
    result = curriculum.load_curriculum(force=True)
    assert result.loaded
    assert curriculum.load_version() not in ("", before)


def test_the_version_is_read_once_per_request(slo, django_assert_num_queries):
    client = Client()
    _suggested_codes(client)  # warm
    with django_assert_num_queries(1):  # the version check only: index and catalogue come from memory
        _suggested_codes(client)
