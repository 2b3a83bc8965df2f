"""The rubric check (pure): completeness on submit, the scale, reasons for negative answers, unknown codes,
lengths; one Dutch message per field."""

from __future__ import annotations

from wijzer.quality.domain.rubric import (
    ANSWERS_FIELD,
    INVALID_SCORE,
    Answer,
    check_answers,
    check_subject,
    check_summary,
    parse_score,
)

CRITERIA = ["INH.1", "INH.2", "DID.1"]


def test_complete_answers_pass():
    answers = {"INH.1": Answer(4), "INH.2": Answer(1, "Geen leerlijn."), "DID.1": Answer(None)}
    assert check_answers(CRITERIA, answers, submit=True) == {}


def test_draft_may_be_partial_but_submit_may_not():
    answers = {"INH.1": Answer(3)}
    assert check_answers(CRITERIA, answers, submit=False) == {}
    problems = check_answers(CRITERIA, answers, submit=True)
    assert set(problems) == {"score-INH.2", "score-DID.1"}
    assert problems["score-INH.2"].startswith("INH.2: kies een score van 1 tot en met 4")


def test_negative_answer_needs_a_reason_in_draft_and_on_submit():
    for submit in (False, True):
        problems = check_answers(["INH.2"], {"INH.2": Answer(2, "   ")}, submit=submit)
        assert problems == {"reason-INH.2": "INH.2: geef een toelichting bij een negatief oordeel"}
    assert check_answers(["INH.2"], {"INH.2": Answer(3, "")}, submit=True) == {}


def test_score_outside_the_scale_is_refused():
    for score in (0, 5, INVALID_SCORE, True):
        problems = check_answers(["INH.1"], {"INH.1": Answer(score)}, submit=False)
        assert problems == {"score-INH.1": "INH.1: kies een score van 1 tot en met 4 of ‘Niet van toepassing’"}


def test_unknown_criterion_code_is_refused():
    problems = check_answers(CRITERIA, {"INH.1": Answer(3), "XYZ.9": Answer(3)}, submit=False)
    assert list(problems) == [ANSWERS_FIELD]
    assert "XYZ.9" in problems[ANSWERS_FIELD]
    assert problems[ANSWERS_FIELD].startswith("Onbekend criterium")


def test_lengths_are_bounded():
    ok = Answer(1, "r" * 2000, "e" * 500)
    assert check_answers(["INH.1"], {"INH.1": ok}, submit=True) == {}
    long = Answer(1, "r" * 2001, "e" * 501)
    problems = check_answers(["INH.1"], {"INH.1": long}, submit=True)
    assert problems["reason-INH.1"] == "INH.1: de toelichting is te lang (2001 tekens); maximaal 2000 tekens"
    assert problems["evidence-INH.1"] == "INH.1: het bewijs is te lang (501 tekens); maximaal 500 tekens"


def test_summary_and_subject():
    assert check_summary("x" * 5000) == {}
    assert "te lang" in check_summary("x" * 5001)["summary"]
    assert check_subject("", ["rekenen-wiskunde"]) == {}
    assert check_subject("rekenen-wiskunde", ["rekenen-wiskunde"]) == {}
    assert "Onbekende vakuitbreiding" in check_subject("frans", ["rekenen-wiskunde"])["subject"]


def test_parse_score():
    assert parse_score("") == (False, None)
    assert parse_score("nvt") == (True, None)
    assert parse_score(" 3 ") == (True, 3)
    assert parse_score("9") == (True, 9)  # answered, refused by the check
    assert parse_score("<script>") == (True, INVALID_SCORE)
