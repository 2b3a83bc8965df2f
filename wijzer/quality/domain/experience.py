"""Teacher experiences (W6 §3): the pure rules. No Django, no other app.

An experience is short: a score per topic of the framework version in force (1..4 on the agreement scale, or
None = "niet van toepassing"; at least one topic scored), a text of at most 2,000 characters (may be empty) and
the context of use (sector, level or year, school type, months used). `check_experience` cleans the raw input and
returns Dutch messages per field; the caller stores nothing when there is any.

Also here: the anonymous author line shown above a text ("Iemand van de school (vo, havo 3, 2 jaar in gebruik)"), the
verified-use rule and the pseudonymous author id of the API.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MAX_TEXT = 2000
MAX_REASON = 2000
MAX_CONTEXT = 100
MAX_MONTHS = 240
SECTORS: Mapping[str, str] = {"po": "po", "vo": "vo", "so": "so", "vso": "vso"}
SECTOR_LABELS: Mapping[str, str] = {
    "po": "Primair onderwijs (po)",
    "vo": "Voortgezet onderwijs (vo)",
    "so": "Speciaal onderwijs (so)",
    "vso": "Voortgezet speciaal onderwijs (vso)",
}
# What a form or the API may send for "niet van toepassing" besides null.
NOT_APPLICABLE_WORDS = frozenset({"", "nvt", "n.v.t.", "niet van toepassing", "na", "none", "null"})

SCORES_FIELD = "scores"
TEXT_FIELD = "text"
SECTOR_FIELD = "sector"
LEVEL_FIELD = "level"
SCHOOL_TYPE_FIELD = "school_type"
MONTHS_FIELD = "months_used"


def score_field(topic_code: str) -> str:
    """The error key of one topic's score (`scores.<code>`)."""
    return f"{SCORES_FIELD}.{topic_code}"


@dataclass(frozen=True)
class CleanExperience:
    """Checked input: every topic of the version once (None = niet van toepassing), stripped strings."""

    scores: dict[str, int | None]
    text: str
    sector: str
    level: str
    school_type: str
    months_used: int | None


@dataclass(frozen=True)
class Checked:
    """The outcome of `check_experience`: a clean value, or Dutch messages per field (never both)."""

    value: CleanExperience | None
    errors: dict[str, str] = field(default_factory=dict)


def parse_score(raw: object) -> tuple[int | None, str]:
    """One score: 1..4, or None for "niet van toepassing". Returns (score, Dutch error or "")."""
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        return None, "Kies een score van 1 tot en met 4 of 'niet van toepassing'."
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str):
        word = raw.strip().lower()
        if word in NOT_APPLICABLE_WORDS:
            return None, ""
        if not (word.isascii() and word.isdigit()) or len(word) > 3:
            return None, "Kies een score van 1 tot en met 4 of 'niet van toepassing'."
        value = int(word)
    else:
        return None, "Kies een score van 1 tot en met 4 of 'niet van toepassing'."
    if not 1 <= value <= 4:
        return None, f"Een score ligt tussen 1 en 4 (gegeven: {value}); kies 'niet van toepassing' als het niet past."
    return value, ""


def parse_months(raw: object) -> tuple[int | None, str]:
    """Months used: empty/None, or a whole number 0..240."""
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        return None, "Vul het aantal maanden in als een heel getal (0 tot en met 240)."
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None, ""
        if not (text.isascii() and text.isdigit()):
            return None, "Vul het aantal maanden in als een heel getal (0 tot en met 240)."
        value = int(text) if len(text) <= 6 else 10**6  # longer: out of range, and never echoed as "241"
    else:
        return None, "Vul het aantal maanden in als een heel getal (0 tot en met 240)."
    if not 0 <= value <= MAX_MONTHS:
        shown = f"; gegeven: {value}" if abs(value) < 10**6 else ""
        return None, f"Het aantal maanden ligt tussen 0 en {MAX_MONTHS} (20 jaar){shown}."
    return value, ""


def _clean_text(raw: object, field_name: str, limit: int, label: str, errors: dict[str, str]) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        errors[field_name] = f"{label} moet tekst zijn."
        return ""
    text = raw.replace("\r\n", "\n").strip()
    if "\x00" in text:
        errors[field_name] = f"{label} bevat een ongeldig teken."
        return ""
    if len(text) > limit:
        errors[field_name] = f"{label} is te lang: {len(text)} tekens, hoogstens {limit}. Maak de tekst korter."
        return ""
    return text


def check_experience(
    scores: Mapping[str, object] | object,
    topic_codes: Sequence[str],
    *,
    text: object = "",
    sector: object = "",
    level: object = "",
    school_type: object = "",
    months_used: object = None,
) -> Checked:
    """Check raw input against the topics of the version in force. Unknown topics, scores outside 1..4, no scored
    topic at all, a text over 2,000 characters, an unknown sector or months outside 0..240 give Dutch messages."""
    errors: dict[str, str] = {}
    clean_scores: dict[str, int | None] = dict.fromkeys(topic_codes)
    if not isinstance(scores, Mapping):
        errors[SCORES_FIELD] = "Geef per onderwerp een score van 1 tot en met 4 of 'niet van toepassing'."
    else:
        known = set(topic_codes)
        unknown = sorted(str(code)[:40] for code in scores if code not in known)
        if unknown:
            errors[SCORES_FIELD] = (
                f"Onbekend onderwerp: {', '.join(unknown[:5])}. Kies uit de onderwerpen van het huidige kader: "
                f"{', '.join(topic_codes)}."
            )
        for code in topic_codes:
            value, problem = parse_score(scores.get(code))
            if problem:
                errors[score_field(code)] = problem
            clean_scores[code] = value
        if not errors and all(value is None for value in clean_scores.values()):
            errors[SCORES_FIELD] = "Geef bij minstens één onderwerp een score van 1 tot en met 4."
    clean_text = _clean_text(text, TEXT_FIELD, MAX_TEXT, "De tekst", errors)
    clean_sector = _clean_text(sector, SECTOR_FIELD, 10, "De sector", errors).lower()
    if clean_sector and clean_sector not in SECTORS:
        errors[SECTOR_FIELD] = f"Kies als sector po, vo, so of vso (gegeven: {clean_sector[:10]})."
    clean_level = _clean_text(level, LEVEL_FIELD, MAX_CONTEXT, "Het niveau of leerjaar", errors)
    clean_type = _clean_text(school_type, SCHOOL_TYPE_FIELD, MAX_CONTEXT, "De soort school", errors)
    months, problem = parse_months(months_used)
    if problem:
        errors[MONTHS_FIELD] = problem
    if errors:
        return Checked(None, errors)
    return Checked(CleanExperience(clean_scores, clean_text, clean_sector, clean_level, clean_type, months))


INVALID_CHARACTER = "De tekst bevat een ongeldig teken (een nul-teken); verwijder het en probeer het opnieuw."


def check_reason(raw: object, *, what: str = "de reden") -> tuple[str, str]:
    """A required reason (report, hide): (clean text, Dutch error or "")."""
    if not isinstance(raw, str) or not raw.strip():
        return "", f"Vul {what} in: die is verplicht."
    text = raw.replace("\r\n", "\n").strip()
    if "\x00" in text:  # PostgreSQL refuses NUL in text: a Dutch message, not a 500
        return "", INVALID_CHARACTER
    if len(text) > MAX_REASON:
        return "", f"De tekst is te lang: {len(text)} tekens, hoogstens {MAX_REASON}."
    return text, ""


def months_label(months: int | None) -> str:
    """ "3 maanden", "1 jaar", "2 jaar en 6 maanden" in gebruik."""
    if months is None:
        return ""
    years, rest = divmod(months, 12)
    parts: list[str] = []
    if years:
        parts.append(f"{years} jaar")
    if rest or not years:
        parts.append(f"{rest} {'maand' if rest == 1 else 'maanden'}")
    return f"{' en '.join(parts)} in gebruik"


AUTHOR = "Iemand van de school"
PSEUDONYM_PREFIX = "schrijver-"


def author_line(sector: str, level: str, months_used: int | None) -> str:
    """The anonymous author of a text: "Iemand van de school (vo, havo 3, 2 jaar in gebruik)"; no name, never.

    Neutral on purpose: teachers, section heads and school leaders write experiences, and the role at writing time
    is not stored (storing it would be new personal data), so "Een leraar" would be wrong for a school leader."""
    parts = [p for p in (sector, level, months_label(months_used)) if p]
    return f"{AUTHOR} ({', '.join(parts)})" if parts else AUTHOR


def holding_schools(school_id: int | None, school_kind: str, parent_id: int | None) -> frozenset[int]:
    """The schools whose holding verifies use for an author from this school: the school itself, and for a branch
    (vestiging) also its parent school."""
    if school_id is None:
        return frozenset()
    ids = {school_id}
    if school_kind == "branch" and parent_id is not None:
        ids.add(parent_id)
    return frozenset(ids)


def is_verified(author_schools: Collection[int], holders: Iterable[int]) -> bool:
    """Verified use: the author's school (or the branch's parent school) holds the product."""
    return any(school in author_schools for school in holders)


def pseudonym(secret: str, user_id: int) -> str:
    """A stable pseudonymous author id for the open API: HMAC-SHA-256 of the user id with the site secret, 16 hex
    characters. The same person gets the same id everywhere; without the secret it cannot be turned back."""
    digest = hmac.new(secret.encode(), f"quality-author:{user_id}".encode(), hashlib.sha256).hexdigest()
    return f"{PSEUDONYM_PREFIX}{digest[:16]}"  # neutral: the author need not be a teacher (see `author_line`)
