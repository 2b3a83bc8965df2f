"""GET /api/v1/quality/frameworks…: public, exact shape, Dutch 404 and 422."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

import pytest

from wijzer.accounts.permissions import cli_actor
from wijzer.quality.actions.framework import load_framework, publish_framework

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[3] / "data" / "quality" / "kwaliteitskader-2026.1.json"
CURRENT = "/api/v1/quality/frameworks/current"


@pytest.fixture
def published():
    load_framework(FILE, cli_actor())
    return publish_framework("2026.1", cli_actor())


def test_without_a_published_framework_the_api_answers_a_dutch_404():
    load_framework(FILE, cli_actor())  # a draft does not count
    response = Client().get(CURRENT)
    assert response.status_code == 404
    assert response.json() == {"detail": "Er is nog geen versie van het kwaliteitskader gepubliceerd."}
    assert Client().get("/api/v1/quality/frameworks").json() == {"count": 0, "items": []}
    assert Client().get("/api/v1/quality/frameworks/2026.1").status_code == 404


def test_the_current_framework_has_exactly_the_documented_shape(published):
    response = Client().get(CURRENT)
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["version", "title", "published_at", "gateway", "scale", "sources", "topics"]
    assert data["version"] == "2026.1"
    assert data["title"] == "Kwaliteitskader leermiddelen funderend onderwijs"
    assert data["published_at"] == published.published_at.isoformat()
    assert data["gateway"] == {"name": "Aansluiting op de kerndoelen", "pass_at": 3, "criteria": ["INH.1", "INH.2"]}
    assert data["scale"] == [
        {"score": 1, "label": "Helemaal oneens"},
        {"score": 2, "label": "Deels oneens"},
        {"score": 3, "label": "Deels eens"},
        {"score": 4, "label": "Helemaal eens"},
        {"score": None, "label": "Niet van toepassing"},
    ]
    assert data["sources"][0] == {
        "key": "researchned-2024",
        "title": "Kwaliteitscriteria voor leermiddelen funderend onderwijs – een literatuurstudie",
        "publisher": "ResearchNed en Expertisecentrum Nederlands, in opdracht van OCW "
        "(bijlage bij Kamerstuk 32034 nr. 58)",
        "year": 2024,
        "url": "https://www.expertisecentrumnederlands.nl/"
        "kwaliteitskaders-voor-leermiddelen-wat-weten-we-en-wat-hebben-we-nog-nodig",
        "used_for": "De zeven onderwerpen en hun volgorde; wat leraren het belangrijkst vinden "
        "(aansluiting op kerndoelen en referentiekader, overzicht, ontzorgen).",
    }
    assert [t["name"] for t in data["topics"]] == [
        "Inhoud / algemeen",
        "Didactiek / materiaal voor de leraar",
        "Materiaal voor de leerling",
        "Tekst, beeld & vormgeving",
        "Technologie",
        "Inclusiviteit",
        "Toegankelijkheid",
    ]
    topic = data["topics"][0]
    assert list(topic) == ["code", "name", "description", "criteria"]
    assert topic["criteria"][0] == {
        "code": "INH.1",
        "statement": "Het materiaal dekt de kerndoelen die de methode belooft te dekken.",
        "guidance": json.loads(FILE.read_text(encoding="utf-8"))["onderwerpen"][0]["criteria"][0]["waar_let_je_op"],
        "subject": "",
        "gateway": True,
    }
    codes = [c["code"] for t in data["topics"] for c in t["criteria"]]
    assert len(codes) == 32  # generic only: no extension without ?subject=
    assert all(c["subject"] == "" for t in data["topics"] for c in t["criteria"])


def test_a_subject_adds_its_extension_criteria(published):
    data = Client().get(CURRENT, {"subject": "nederlands"}).json()
    extension = [(t["code"], c["code"]) for t in data["topics"] for c in t["criteria"] if c["subject"]]
    assert extension == [("inhoud", "NL.1"), ("didactiek", "NL.3"), ("leerling", "NL.2"), ("leerling", "NL.4")]
    assert all(c["subject"] in {"", "nederlands"} for t in data["topics"] for c in t["criteria"])
    rekenen = Client().get(CURRENT, {"subject": "rekenen-wiskunde"}).json()
    assert sum(1 for t in rekenen["topics"] for c in t["criteria"] if c["subject"] == "rekenen-wiskunde") == 5


def test_an_unknown_subject_is_a_dutch_422_naming_the_known_ones(published):
    response = Client().get(CURRENT, {"subject": "aardrijkskunde"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Onbekend vak 'aardrijkskunde' in versie 2026.1: kies uit nederlands, rekenen-wiskunde."
    }


def test_versions_are_listed_and_each_can_be_fetched(published):
    data = json.loads(FILE.read_text(encoding="utf-8"))
    data["versie"] = "2026.2"
    load_framework(json.dumps(data).encode(), cli_actor())
    listing = Client().get("/api/v1/quality/frameworks").json()
    assert listing == {
        "count": 1,
        "items": [
            {
                "version": "2026.1",
                "title": "Kwaliteitskader leermiddelen funderend onderwijs",
                "published_at": published.published_at.isoformat(),
                "current": True,
                "url": "/api/v1/quality/frameworks/2026.1",
            }
        ],
    }  # the draft 2026.2 is not public
    publish_framework("2026.2", cli_actor())
    listing = Client().get("/api/v1/quality/frameworks").json()
    assert [(i["version"], i["current"]) for i in listing["items"]] == [("2026.2", True), ("2026.1", False)]
    old = Client().get("/api/v1/quality/frameworks/2026.1")
    assert old.status_code == 200
    assert old.json()["version"] == "2026.1"
    assert Client().get(CURRENT).json()["version"] == "2026.2"


def test_an_unknown_version_is_a_dutch_404(published):
    response = Client().get("/api/v1/quality/frameworks/1999.1")
    assert response.status_code == 404
    assert response.json() == {"detail": "Versie 1999.1 van het kwaliteitskader bestaat niet (gepubliceerd: 2026.1)."}
