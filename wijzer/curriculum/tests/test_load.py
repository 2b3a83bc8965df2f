"""Loading the real curriculum into the database: counts, idempotence, all-or-nothing, stale ids."""

from __future__ import annotations

import json
import shutil
import uuid
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from wijzer.curriculum import service
from wijzer.curriculum.models import CurriculumLoad, Goal

DATA = Path(__file__).resolve().parents[3] / "data" / "slo"
pytestmark = pytest.mark.usefixtures("slo")


def _stats():
    out = StringIO()
    call_command("curriculum", "stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_stats_json_gives_the_counts_of_the_slo_files():
    stats = _stats()
    old = stats["frameworks"]["kerndoelen-2006"]
    new = stats["frameworks"]["kerndoelen-fo"]
    assert old["by_kind"] == {"kerndoel": 405}
    assert old["by_sector"] == {"po": 58, "vo": 58, "so": 153, "vso": 136}
    assert new["by_kind"] == {"kernzin": 171, "doelzin": 372}
    assert new["total"] == 372
    assert stats["levels"] == 105
    assert stats["stale_ids"] == 152 + 758  # deprecated.json + ids named only in current goals' `replaces`


def test_second_load_changes_nothing():
    # given a loaded curriculum
    loads_before = CurriculumLoad.objects.count()
    max_pk = Goal.objects.order_by("-pk").values_list("pk", flat=True).first()
    # when loading the same files again
    result = service.load_curriculum()
    # then nothing is written
    assert result.loaded is False
    assert CurriculumLoad.objects.count() == loads_before
    assert Goal.objects.order_by("-pk").values_list("pk", flat=True).first() == max_pk


def test_forced_reload_keeps_primary_keys_stable():
    before = dict(Goal.objects.values_list("uuid", "pk"))
    result = service.load_curriculum(force=True)
    assert result.loaded is True
    assert dict(Goal.objects.values_list("uuid", "pk")) == before


def test_broken_file_stops_the_load_and_leaves_the_database_as_it_was(tmp_path):
    # given a copy of the data where one file is truncated
    root = tmp_path / "slo"
    shutil.copytree(DATA, root)
    (root / "fo" / "doelzinnen.json").write_text('[{"id": "3f8675f4-36cb', encoding="utf-8")
    goal = Goal.objects.get(uuid="8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902")
    Goal.objects.filter(pk=goal.pk).update(label="gewijzigd")
    before = _stats()
    # when loading it
    with pytest.raises(CommandError) as info:
        call_command("curriculum", "load", "--path", str(root), "--force")
    # then the message names the file and the problem, and nothing changed
    message = str(info.value)
    assert "doelzinnen.json" in message
    assert "geen geldige JSON" in message
    assert "ongewijzigd" in message
    assert _stats() == before
    assert Goal.objects.get(pk=goal.pk).label == "gewijzigd"


def test_every_old_vo_onderbouw_id_resolves_to_a_current_vo_kerndoel():
    stale = json.loads((DATA / "kerndoelen" / "deprecated.json").read_text(encoding="utf-8"))
    old_vo = [s for s in stale if "kerndoel" in s["types"] and str(s.get("prefix", "")).startswith("VO Kerndoel")]
    assert len(old_vo) == 58
    for item in old_vo:
        resolution = service.resolve(uuid.UUID(item["id"]))
        assert resolution.was_stale
        codes = set(Goal.objects.filter(uuid__in=resolution.current).values_list("code", flat=True))
        assert codes, item["id"]
        assert all(code.startswith("VO Kerndoel") for code in codes), item["id"]


def test_goal_search_is_accent_and_case_insensitive():
    plain = set(service.goals(q="ideeen").values_list("uuid", flat=True))
    accented = set(service.goals(q="IDEEËN").values_list("uuid", flat=True))
    assert plain == accented
    assert len(plain) > 0
    assert all("ideeen" in g.search_text for g in Goal.objects.filter(uuid__in=plain))
