"""The framework file and its checks (pure: no database)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wijzer.quality.domain.framework import FrameworkInvalid, checksum_of, parse_framework, path_of

DATA = Path(__file__).resolve().parents[3] / "data" / "quality"
FILE = DATA / "kwaliteitskader-2026.1.json"
SCHEMA = json.loads((DATA / "kwaliteitskader.schema.json").read_text(encoding="utf-8"))
STUDY_TOPICS = [
    ("inhoud", "Inhoud / algemeen"),
    ("didactiek", "Didactiek / materiaal voor de leraar"),
    ("leerling", "Materiaal voor de leerling"),
    ("vormgeving", "Tekst, beeld & vormgeving"),
    ("technologie", "Technologie"),
    ("inclusiviteit", "Inclusiviteit"),
    ("toegankelijkheid", "Toegankelijkheid"),
]


def real() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return data


def problems_of(data: Any) -> list[str]:
    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework(json.dumps(data, ensure_ascii=False), SCHEMA)
    return caught.value.problems


def test_the_repository_file_has_the_seven_topics_of_the_study_in_order_and_two_extensions():
    framework = parse_framework(FILE.read_bytes(), SCHEMA)
    assert framework.version == "2026.1"
    assert [(t.code, t.name) for t in framework.topics] == STUDY_TOPICS
    assert all(3 <= len(t.criteria) <= 6 for t in framework.topics)
    assert framework.subjects == ("nederlands", "rekenen-wiskunde")
    assert all(3 <= len(e.criteria) <= 5 for e in framework.extensions)
    assert framework.gateway.name == "Aansluiting op de kerndoelen"
    assert framework.gateway.pass_at == 3
    assert framework.gateway.criteria == ("INH.1", "INH.2")
    inhoud = framework.criteria_of("inhoud")
    assert inhoud[0].statement == "Het materiaal dekt de kerndoelen die de methode belooft te dekken."
    assert [c.code for c in inhoud if c.gateway] == ["INH.1", "INH.2"]
    assert [c.code for c in inhoud if c.subject] == ["NL.1", "RW.1", "RW.2"]
    codes = [c.code for t in framework.topics for c in framework.criteria_of(t.code)]
    assert len(codes) == len(set(codes)) == 41
    assert {s.key for s in framework.sources} >= {
        "researchned-2024",
        "udir-2021",
        "edreports",
        "leerpunt",
        "kennistafel-nederlands-2025",
        "slo-kerndoelen",
    }
    assert all(s.url.startswith("https://") for s in framework.sources)


def test_the_checksum_ignores_layout_but_not_content():
    data = real()
    assert checksum_of(data) == parse_framework(json.dumps(data, indent=None), SCHEMA).checksum
    assert checksum_of(data) == parse_framework(FILE.read_bytes(), SCHEMA).checksum
    changed = real()
    changed["titel"] += "!"
    assert checksum_of(changed) != checksum_of(data)


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _pop_topic(data: dict[str, Any]) -> None:
    data["onderwerpen"].pop()


def _duplicate_topic(data: dict[str, Any]) -> None:
    data["onderwerpen"][1]["code"] = "inhoud"


def _duplicate_extension(data: dict[str, Any]) -> None:
    data["vakuitbreidingen"][1]["vak"] = "nederlands"


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "double criterion code",
        _set(["onderwerpen", 2, "criteria", 0, "code"], "INH.1"),
        "onderwerpen[2].criteria[0].code: dubbele code INH.1",
    ),
    (
        "double code between an extension and a topic",
        _set(["vakuitbreidingen", 1, "criteria", 0, "code"], "DID.2"),
        "vakuitbreidingen[1].criteria[0].code: dubbele code DID.2",
    ),
    (
        "six topics",
        _pop_topic,
        "onderwerpen: 6 onderwerpen, verwacht precies 7 (de zeven onderwerpen van de literatuurstudie)",
    ),
    ("double topic code", _duplicate_topic, "onderwerpen[1].code: dubbele code inhoud"),
    ("double extension", _duplicate_extension, "vakuitbreidingen[1].vak: dubbele vakuitbreiding nederlands"),
    (
        "extension criterion on an unknown topic",
        _set(["vakuitbreidingen", 0, "criteria", 2, "onderwerp"], "spelling"),
        "vakuitbreidingen[0].criteria[2].onderwerp: onbekend onderwerp spelling (bekend: inhoud, didactiek, "
        "leerling, vormgeving, technologie, inclusiviteit, toegankelijkheid)",
    ),
    (
        "gateway criterion that does not exist",
        _set(["poort", "criteria"], ["INH.1", "INH.9"]),
        "poort.criteria[1]: criterium INH.9 bestaat niet in deze versie",
    ),
    (
        "gateway criterion of an extension",
        _set(["poort", "criteria"], ["NL.1"]),
        "poort.criteria[0]: NL.1 is een criterium van een vakuitbreiding; de poort bestaat uit algemene criteria",
    ),
    (
        "pass mark 5",
        _set(["poort", "gehaald_vanaf"], 5),
        "poort.gehaald_vanaf: 5 ligt niet tussen 1 en 4 (de schaal loopt van 1 tot en met 4)",
    ),
    (
        "pass mark 0",
        _set(["poort", "gehaald_vanaf"], 0),
        "poort.gehaald_vanaf: 0 ligt niet tussen 1 en 4 (de schaal loopt van 1 tot en met 4)",
    ),
    (
        "unknown source on a topic",
        _set(["onderwerpen", 3, "bronnen"], ["researchned-2024", "wikipedia"]),
        "onderwerpen[3].bronnen[1]: bron wikipedia staat niet in de lijst bronnen",
    ),
    ("reserved version", _set(["versie"], "current"), "versie: current is gereserveerd"),
    ("missing title", _drop(["titel"]), "bestand: verplicht veld titel ontbreekt"),
    (
        "missing statement",
        _drop(["onderwerpen", 0, "criteria", 1, "uitspraak"]),
        "onderwerpen[0].criteria[1]: verplicht veld uitspraak ontbreekt",
    ),
    (
        "unknown field",
        _set(["onderwerpen", 0, "gewicht"], 2),
        "onderwerpen[0]: onbekend veld gewicht (toegestaan: code, naam, toelichting, bronnen, criteria)",
    ),
    (
        "criterion code in the wrong form",
        _set(["onderwerpen", 4, "criteria", 0, "code"], "tec1"),
        'onderwerpen[4].criteria[0].code: ongeldige waarde "tec1" (verwacht een code als INH.1: hoofdletters, '
        "punt, nummer)",
    ),
    ("pass mark as text", _set(["poort", "gehaald_vanaf"], "3"), "poort.gehaald_vanaf: moet een geheel getal zijn"),
    (
        "too few criteria in a topic",
        _set(["onderwerpen", 5, "criteria"], []),
        "onderwerpen[5].criteria: minstens 3 items nodig, nu 0",
    ),
    ("empty topic name", _set(["onderwerpen", 6, "naam"], ""), "onderwerpen[6].naam: mag niet leeg zijn"),
    (
        "source without https",
        _set(["bronnen", 0, "url"], "http://example.org/"),
        'bronnen[0].url: ongeldige waarde "http://example.org/" (verwacht een adres dat begint met https://)',
    ),
]


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _n, c, e in BROKEN], ids=[n for n, _c, _e in BROKEN])
def test_each_broken_input_gives_its_dutch_message_with_the_path(change, expected):
    data = copy.deepcopy(real())
    change(data)
    problems = problems_of(data)
    assert any(p.startswith(expected) for p in problems), problems


def test_several_problems_are_reported_together():
    data = real()
    data["poort"]["gehaald_vanaf"] = 9
    data["onderwerpen"][2]["criteria"][0]["code"] = "INH.1"
    assert problems_of(data) == [
        "poort.gehaald_vanaf: 9 ligt niet tussen 1 en 4 (de schaal loopt van 1 tot en met 4)",
        "onderwerpen[2].criteria[0].code: dubbele code INH.1",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"versie": }', "bestand: geen geldige JSON (regel 1, kolom 12): waarde verwacht"),
        (b"[1, 2]", "bestand: verwacht een JSON-object met versie, titel, onderwerpen …"),
        (b"\xff\xfe{", "bestand: geen tekst in UTF-8; sla het bestand op als UTF-8"),
        (b"", "bestand: geen geldige JSON (regel 1, kolom 1): waarde verwacht"),
    ],
)
def test_a_file_that_is_not_json_is_refused_in_dutch(raw, expected):
    with pytest.raises(FrameworkInvalid) as caught:
        parse_framework(raw, SCHEMA)
    assert caught.value.problems == [expected]


def test_path_of():
    assert path_of(["onderwerpen", 2, "criteria", 0, "code"]) == "onderwerpen[2].criteria[0].code"
    assert path_of([]) == "bestand"
