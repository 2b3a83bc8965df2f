"""The pure rules of experiences (W6 §3): scores, months, context, the anonymous author line, pseudonyms."""

from __future__ import annotations

import pytest

from wijzer.quality.domain.experience import (
    author_line,
    check_experience,
    months_label,
    parse_months,
    parse_score,
    pseudonym,
)

TOPICS = ["inhoud", "didactiek"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1, 1), (4, 4), ("3", 3), (" 2 ", 2), (None, None), ("nvt", None), ("", None), ("n.v.t.", None), (2.0, 2)],
)
def test_scores_that_are_accepted(raw, expected):
    assert parse_score(raw) == (expected, "")


@pytest.mark.parametrize("raw", [0, 5, -1, "5", "drie", True, False, 2.5, [3], {"a": 1}, "³", "9" * 5000, 10**100])
def test_scores_that_are_refused_in_dutch(raw):
    value, problem = parse_score(raw)
    assert value is None
    assert problem.startswith(("Kies een score", "Een score ligt tussen 1 en 4"))


@pytest.mark.parametrize(("raw", "expected"), [(None, None), ("", None), (0, 0), ("240", 240), (12, 12)])
def test_months_accepted(raw, expected):
    assert parse_months(raw) == (expected, "")


@pytest.mark.parametrize("raw", [241, -1, "1e3", "twaalf", True, 3.5, "9" * 40])
def test_months_refused(raw):
    assert parse_months(raw)[1].startswith(("Vul het aantal", "Het aantal maanden"))


def test_months_out_of_range_say_what_was_given_only_when_short():
    assert parse_months("241") == (None, "Het aantal maanden ligt tussen 0 en 240 (20 jaar); gegeven: 241.")
    assert parse_months(-1) == (None, "Het aantal maanden ligt tussen 0 en 240 (20 jaar); gegeven: -1.")
    for raw in ("9" * 7, "9" * 5000, 10**30):  # not "gegeven: 241" (as before) nor thirty digits
        assert parse_months(raw) == (None, "Het aantal maanden ligt tussen 0 en 240 (20 jaar).")


def test_a_clean_experience():
    checked = check_experience(
        {"inhoud": "4"}, TOPICS, text="  Mooi\r\nboek ", sector="VO", level="havo 3", months_used="18"
    )
    assert checked.errors == {}
    assert checked.value is not None
    assert checked.value.scores == {"inhoud": 4, "didactiek": None}
    assert checked.value.text == "Mooi\nboek"
    assert checked.value.sector == "vo"
    assert checked.value.months_used == 18


def test_every_problem_at_once():
    checked = check_experience({"inhoud": 9, "x": 1}, TOPICS, text=None, sector="mbo", level=3, months_used=-2)
    assert checked.value is None
    assert set(checked.errors) == {"scores", "scores.inhoud", "sector", "level", "months_used"}
    assert "Onbekend onderwerp: x" in checked.errors["scores"]


def test_the_anonymous_author_line():
    # neutral: a section head or school leader writes too, and the role is not stored (was "Een leraar")
    assert author_line("vo", "havo 3", 24) == "Iemand van de school (vo, havo 3, 2 jaar in gebruik)"
    assert author_line("po", "", 1) == "Iemand van de school (po, 1 maand in gebruik)"
    assert author_line("", "", None) == "Iemand van de school"
    assert months_label(30) == "2 jaar en 6 maanden in gebruik"
    assert months_label(0) == "0 maanden in gebruik"


def test_pseudonyms_are_stable_and_depend_on_the_secret():
    assert pseudonym("s", 7) == pseudonym("s", 7)
    assert pseudonym("s", 7) != pseudonym("s", 8)
    assert pseudonym("s", 7) != pseudonym("t", 7)
    assert pseudonym("s", 7).startswith("schrijver-")
    assert len(pseudonym("s", 7)) == len("schrijver-") + 16
