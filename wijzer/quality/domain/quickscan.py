"""The quickscan (W6 §5): a short form a section fills in together about the method it uses now. Pure: no Django.

One question per topic of the framework in force ("In hoeverre past de methode bij ons op …?"), answered on the
four-point scale of the rubric or "niet van toepassing", with an optional note; plus who took part. Like
Leerpunt's quickscan (facts.md §1.4) it is a conversation starter for a section, not a review: the summary shows
per topic the answer and note, the strongest and weakest topics and where to look next.

Answers are stored as `{topic_code: {"score": 1..4 | None, "note": str}}` (None: niet van toepassing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

MAX_NOTE = 1000
MAX_PARTICIPANTS = 200
NOT_APPLICABLE = "nvt"
SCORE_LABELS: Mapping[int, str] = {1: "Helemaal oneens", 2: "Deels oneens", 3: "Deels eens", 4: "Helemaal eens"}
NOT_APPLICABLE_LABEL = "Niet van toepassing"
PROMPT_HINT_CHARS = 160

ANSWER_MISSING = "Kies een antwoord voor dit onderwerp (1 tot 4, of niet van toepassing)."
ANSWER_INVALID = "Kies een van de antwoorden 1 tot 4, of niet van toepassing."
NOTE_TOO_LONG = f"De toelichting is te lang: hoogstens {MAX_NOTE} tekens."
PARTICIPANTS_MISSING = "Vul in wie meededen, bijvoorbeeld ‘sectie Nederlands, 5 docenten’."
PARTICIPANTS_TOO_LONG = f"Hoogstens {MAX_PARTICIPANTS} tekens bij ‘wie deden mee’."
INVALID_CHARACTER = "De tekst bevat een ongeldig teken (een nul-teken); verwijder het."
FORM_INVALID = "De quickscan is niet opgeslagen: verbeter de gemarkeerde velden."


def answer_field(code: str) -> str:
    """The form field of a topic's answer."""
    return f"antwoord-{code}"


def note_field(code: str) -> str:
    """The form field of a topic's note."""
    return f"toelichting-{code}"


PARTICIPANTS_FIELD = "deelnemers"


@dataclass(frozen=True, slots=True)
class TopicQuestion:
    """One question of the quickscan: a topic of the framework."""

    code: str
    name: str
    prompt: str
    hint: str


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    for end in (". ", "? ", "! "):
        cut = text.find(end)
        if 0 < cut < PROMPT_HINT_CHARS:
            return text[: cut + 1]
    return text if len(text) <= PROMPT_HINT_CHARS else text[: PROMPT_HINT_CHARS - 1].rstrip() + "…"


def question_for(code: str, name: str, description: str, statements: Sequence[str]) -> TopicQuestion:
    """The question of one topic: its name in a prompt, with a one-line hint from its description or, without
    one, from its first criteria."""
    hint = _first_sentence(description)
    if not hint and statements:
        hint = "Denk aan: " + "; ".join(_first_sentence(s).rstrip(".") for s in statements[:2]) + "."
    return TopicQuestion(code, name, f"In hoeverre past de methode bij ons op {name}?", hint)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Checked input: the answers to store, the participants, and per form field a Dutch error (empty: valid)."""

    answers: dict[str, dict[str, object]]
    participants: str
    errors: dict[str, str]


def clean(topic_codes: Sequence[str], raw_answers: Mapping[str, tuple[str, str]], participants: str) -> Cleaned:
    """Check a filled-in quickscan. `raw_answers` maps a topic code to (answer, note) as typed: the answer is
    "1".."4" or "nvt". Every topic needs an answer; a note is optional (at most MAX_NOTE characters)."""
    answers: dict[str, dict[str, object]] = {}
    errors: dict[str, str] = {}
    for code in topic_codes:
        answer, note = raw_answers.get(code, ("", ""))
        answer, note = answer.strip(), note.strip()
        score: int | None = None
        if not answer:
            errors[answer_field(code)] = ANSWER_MISSING
        elif answer == NOT_APPLICABLE:
            score = None
        elif answer in {"1", "2", "3", "4"}:
            score = int(answer)
        else:
            errors[answer_field(code)] = ANSWER_INVALID
        if len(note) > MAX_NOTE:
            errors[note_field(code)] = NOTE_TOO_LONG
        elif "\x00" in note:  # PostgreSQL refuses NUL in text
            errors[note_field(code)] = INVALID_CHARACTER
        answers[code] = {"score": score, "note": note}
    who = " ".join(participants.split())
    if not who:
        errors[PARTICIPANTS_FIELD] = PARTICIPANTS_MISSING
    elif len(who) > MAX_PARTICIPANTS:
        errors[PARTICIPANTS_FIELD] = PARTICIPANTS_TOO_LONG
    elif "\x00" in who:
        errors[PARTICIPANTS_FIELD] = INVALID_CHARACTER
    return Cleaned(answers, who, errors)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    code: str
    name: str
    score: int | None
    label: str
    note: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The printable summary: every topic with its answer, and the strongest and weakest topics.

    Strongest: the topics with the highest answer; weakest: those with the lowest; "niet van toepassing" counts
    for neither. When every answered topic has the same score there is no strongest or weakest (`all_equal`)."""

    rows: tuple[SummaryRow, ...]
    strongest: tuple[SummaryRow, ...]
    weakest: tuple[SummaryRow, ...]
    answered: int
    not_applicable: int
    distribution: tuple[tuple[int, str, int], ...]  # (score, label, how many topics)

    @property
    def all_equal(self) -> bool:
        return self.answered > 0 and not self.strongest


def label_of(score: int | None) -> str:
    return NOT_APPLICABLE_LABEL if score is None else SCORE_LABELS.get(score, str(score))


def summarise(topics: Sequence[tuple[str, str]], answers: Mapping[str, Mapping[str, object]]) -> Summary:
    """The summary of stored answers for the topics (code, name) of the scan's framework version, in order.
    A topic without a stored answer is shown as "niet van toepassing"."""
    rows: list[SummaryRow] = []
    for code, name in topics:
        stored = answers.get(code) or {}
        raw = stored.get("score")
        score = raw if isinstance(raw, int) and raw in SCORE_LABELS else None
        note = stored.get("note")
        rows.append(SummaryRow(code, name, score, label_of(score), note if isinstance(note, str) else ""))
    scored = [r for r in rows if r.score is not None]
    high = max((r.score for r in scored if r.score is not None), default=None)
    low = min((r.score for r in scored if r.score is not None), default=None)
    strongest: tuple[SummaryRow, ...] = ()
    weakest: tuple[SummaryRow, ...] = ()
    if high is not None and high != low:
        strongest = tuple(r for r in scored if r.score == high)
        weakest = tuple(r for r in scored if r.score == low)
    distribution = tuple((s, SCORE_LABELS[s], sum(1 for r in scored if r.score == s)) for s in (4, 3, 2, 1))
    return Summary(tuple(rows), strongest, weakest, len(scored), len(rows) - len(scored), distribution)


SHARED_INTRO = "Deze ervaring komt uit een quickscan die onze sectie samen invulde"


def experience_text(summary: Summary, day: date, limit: int | None = None) -> str:
    """The text of the experience a quickscan becomes when shared: where it came from, then the notes per topic.
    The participants are left out (they may name colleagues); `day` is the date of the scan (written 3-12-2026).
    A text longer than `limit` characters is cut, ending in "…"."""
    lines = [f"{SHARED_INTRO} (op {day.day}-{day.month}-{day.year})."]
    for row in summary.rows:
        if row.note:
            lines.append(f"{row.name}: {row.note}")
    text = "\n\n".join(lines)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def experience_scores(summary: Summary) -> dict[str, int | None]:
    """The scores of the shared experience per topic code (None: niet van toepassing)."""
    return {row.code: row.score for row in summary.rows}
