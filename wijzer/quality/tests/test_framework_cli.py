"""`wijzer quality load|publish|show`: Dutch output, a Dutch line and a non-zero exit on error."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from wijzer.accounts.models import AuditEvent
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.models import Framework

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[3] / "data" / "quality" / "kwaliteitskader-2026.1.json"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("quality", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_then_publish_then_show():
    out, _ = run("load", str(FILE))
    assert out.splitlines() == [
        "Kwaliteitskader 2026.1: geladen als concept.",
        "Nog niet gepubliceerd; publiceer met: wijzer quality publish 2026.1",
    ]
    out, _ = run("load", str(FILE))
    assert out.splitlines()[0] == "Kwaliteitskader 2026.1: al geladen met dezelfde inhoud, niets gewijzigd."
    out, _ = run("publish", "2026.1")
    assert out == "Kwaliteitskader 2026.1 gepubliceerd: deze versie geldt nu.\n"
    out, _ = run("publish", "2026.1")
    assert out == "Kwaliteitskader 2026.1 was al gepubliceerd; niets gewijzigd.\n"
    event = AuditEvent.objects.get(action=QualityAuditAction.FRAMEWORK_PUBLISHED)
    assert event.actor_label.startswith("CLI (")
    out, _ = run("show")
    lines = out.splitlines()
    assert lines[0].startswith("Kwaliteitskader leermiddelen funderend onderwijs, versie 2026.1 (gepubliceerd ")
    assert lines[1] == "Poort: Aansluiting op de kerndoelen, gehaald vanaf 3"
    assert lines[2] == "  1. Inhoud / algemeen (inhoud): 6 criteria + 3 uit vakuitbreidingen"
    assert lines[8] == "  7. Toegankelijkheid (toegankelijkheid): 4 criteria"
    assert lines[9] == "Vakuitbreidingen: Nederlands, Rekenen-wiskunde"
    data = json.loads(run("show", "--json")[0])
    assert data["version"] == "2026.1"
    assert data["subjects"] == ["nederlands", "rekenen-wiskunde"]
    assert data["topics"][0] == {"code": "inhoud", "name": "Inhoud / algemeen", "generic": 6, "extension": 3}


def test_load_with_publish():
    out, _ = run("load", str(FILE), "--publish")
    assert out.splitlines() == [
        "Kwaliteitskader 2026.1: geladen als concept.",
        "Kwaliteitskader 2026.1 gepubliceerd: deze versie geldt nu.",
    ]
    assert Framework.objects.get().published_at is not None


def test_a_broken_file_prints_every_problem_and_fails(tmp_path):
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["poort"]["gehaald_vanaf"] = 7
    data["onderwerpen"][2]["criteria"][0]["code"] = "INH.1"
    broken = tmp_path / "kader.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("quality", "load", str(broken), stdout=StringIO(), stderr=err)
    assert str(caught.value) == "kader.json is geen geldig kwaliteitskader (2 problemen); er is niets opgeslagen."
    assert err.getvalue().splitlines() == [
        "  poort.gehaald_vanaf: 7 ligt niet tussen 1 en 4 (de schaal loopt van 1 tot en met 4)",
        "  onderwerpen[2].criteria[0].code: dubbele code INH.1",
    ]
    assert Framework.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("load", "/bestaat/niet.json"), "Bestand niet gevonden: /bestaat/niet.json"),
        (("publish", "2030.1"), "Versie 2030.1 van het kwaliteitskader bestaat niet (geladen versies: geen)."),
        (
            ("show",),
            "Er is nog geen versie van het kwaliteitskader gepubliceerd. "
            "Laad en publiceer er een met: wijzer quality load BESTAND --publish",
        ),
    ],
)
def test_errors_are_one_dutch_line(args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert str(caught.value) == message


def test_the_command_exits_non_zero_from_the_shell(capsys):
    from wijzer.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["quality", "publish", "2030.1"])
    assert caught.value.code == 1
    assert "CommandError: Versie 2030.1 van het kwaliteitskader bestaat niet" in capsys.readouterr().err
