"""The rubric check of an expert review (W6 §2): pure, without Django.

Every criterion is answered on the four-point agreement scale (1 helemaal oneens … 4 helemaal eens) or with
"niet van toepassing" (None). As in Udir's quality guides a negative answer (1 or 2) needs a reason. A draft may
leave criteria open; a submitted review answers every criterion of its framework version (the generic criteria
plus those of the chosen subject extension). Every problem is one Dutch message for one form field, named
`<part>-<criterion code>` (`score-INH.2`, `reason-INH.2`, `evidence-INH.2`); a problem that belongs to no one
criterion field (an unknown criterion code) is keyed `answers`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCALE = (1, 2, 3, 4)
NEGATIVE = frozenset({1, 2})
MAX_REASON = 2_000
MAX_EVIDENCE = 500
MAX_SUMMARY = 5_000
ANSWERS_FIELD = "answers"


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer as submitted: `score` 1..4, or None for "niet van toepassing"."""

    score: int | None
    reason: str = ""
    evidence: str = ""


def field_name(part: str, code: str) -> str:
    """The name of a form field (and the key of its problem): `score-INH.2`, `reason-INH.2`, `evidence-INH.2`."""
    return f"{part}-{code}"


def check_answers(criteria: Sequence[str], answers: Mapping[str, Answer], *, submit: bool) -> dict[str, str]:
    """Problems with `answers` for a version whose criteria (codes, in order) are `criteria`; empty when fine.

    `answers` maps a criterion code to its answer; a criterion missing from it is unanswered (allowed in a
    draft, refused on submit). Problems come in the order of the criteria, unknown codes last."""
    problems: dict[str, str] = {}
    known = set(criteria)
    for code in criteria:
        answer = answers.get(code)
        if answer is None:
            if submit:
                problems[field_name("score", code)] = (
                    f"{code}: kies een score van 1 tot en met 4 of ‘Niet van toepassing’ voordat u indient"
                )
            continue
        problems.update(_check_one(code, answer))
    unknown = sorted(code for code in answers if code not in known)
    if unknown:
        listed = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        problems[ANSWERS_FIELD] = (
            f"Onbekend criterium in deze versie van het kader (of in de gekozen vakuitbreiding): {listed}"
        )
    return problems


def _check_one(code: str, answer: Answer) -> dict[str, str]:
    problems: dict[str, str] = {}
    score = answer.score
    valid = score is None or (not isinstance(score, bool) and score in SCALE)
    if not valid:
        problems[field_name("score", code)] = f"{code}: kies een score van 1 tot en met 4 of ‘Niet van toepassing’"
    if valid and score in NEGATIVE and not answer.reason.strip():
        problems[field_name("reason", code)] = f"{code}: geef een toelichting bij een negatief oordeel"
    if len(answer.reason) > MAX_REASON:
        problems[field_name("reason", code)] = (
            f"{code}: de toelichting is te lang ({len(answer.reason)} tekens); maximaal {MAX_REASON} tekens"
        )
    if len(answer.evidence) > MAX_EVIDENCE:
        problems[field_name("evidence", code)] = (
            f"{code}: het bewijs is te lang ({len(answer.evidence)} tekens); maximaal {MAX_EVIDENCE} tekens"
        )
    for part, text in (("reason", answer.reason), ("evidence", answer.evidence)):
        if "\x00" in text:  # PostgreSQL refuses NUL in text
            problems[field_name(part, code)] = f"{code}: de tekst bevat een ongeldig teken (een nul-teken)"
    return problems


def check_summary(summary: str) -> dict[str, str]:
    if "\x00" in summary:  # PostgreSQL refuses NUL in text
        return {"summary": "De samenvatting bevat een ongeldig teken (een nul-teken)"}
    if len(summary) > MAX_SUMMARY:
        return {"summary": f"De samenvatting is te lang ({len(summary)} tekens); maximaal {MAX_SUMMARY} tekens"}
    return {}


def check_subject(subject: str, extensions: Sequence[str]) -> dict[str, str]:
    """The chosen subject extension must be one of the version (or none: "")."""
    if subject and subject not in extensions:
        offered = ", ".join(extensions) if extensions else "geen"
        return {"subject": f"Onbekende vakuitbreiding ‘{subject}’; deze versie van het kader heeft: {offered}"}
    return {}


INVALID_SCORE = -1


def parse_score(value: str) -> tuple[bool, int | None]:
    """A form's radio value: "1".."4" or "nvt". Returns (answered, score); an empty value is unanswered, anything
    else unknown becomes `INVALID_SCORE`, which `check_answers` refuses with the usual message."""
    text = value.strip().lower()
    if not text:
        return False, None
    if text in {"nvt", "n.v.t.", "niet van toepassing"}:
        return True, None
    if text.isdigit() and len(text) < 3:
        return True, int(text)
    return True, INVALID_SCORE
