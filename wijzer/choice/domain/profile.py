"""A choice profile as a pure specification (W8, issue 16 §1): parsed and checked from form data or JSON.

The keys are the same everywhere (the form, the API body, the CLI's profile file and the stored profile):
`sector`, `levels`, `subject` (SLO UUID or name), `pupils`, `budget_per_pupil` (euro per pupil per school year, "45",
"45,50" or 45.5), `framework`, `required_goals` (empty: every goal of subject and sector), `vision`, `weights`
(criterion -> 0..100), `must_haves`, `count_suggested`, and `name` when it is saved.

Whether the subject, levels and goals exist is checked against the curriculum by the caller (`choice.candidates`);
here only the shape. Errors are Dutch, per field (`ProfileInvalid.fields`), with one summary sentence.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .ranking import CRITERIA, CRITERION_LABELS

SECTORS: Mapping[str, str] = {
    "po": "primair onderwijs",
    "vo": "voortgezet onderwijs",
    "so": "speciaal onderwijs",
    "vso": "voortgezet speciaal onderwijs",
}
FRAMEWORKS: Mapping[str, str] = {
    "kerndoelen-2006": "Kerndoelen 2006 (geldend)",
    "kerndoelen-fo": "Nieuwe kerndoelen (funderend onderwijs)",
}
MUST_HAVES: Mapping[str, str] = {
    "eduv": "Ondersteunt Edu-V",
    "accessible": "Toegankelijk",
    "privacy_approved": "Privacy goedgekeurd",
    "no_high_risk_ai": "Geen AI-functie met hoog risico",
    "sold_separately": "Los te koop",
}
DEFAULT_WEIGHTS: Mapping[str, float] = {"price": 30, "quality": 20, "coverage": 30, "privacy": 5, "openness": 15}
MAX_WEIGHT = 100
MAX_PUPILS = 100_000
MAX_BUDGET_EURO = 10_000
MAX_NAME = 200
MAX_SUBJECT = 200
MAX_LIST = 500  # levels or goals
MAX_VISION = 20
KEYS = frozenset(
    {
        "name",
        "sector",
        "levels",
        "subject",
        "pupils",
        "budget_per_pupil",
        "framework",
        "required_goals",
        "vision",
        "weights",
        "must_haves",
        "count_suggested",
    }
)
_NUMBER = re.compile(r"^-?[0-9]{1,6}(?:\.[0-9]{1,6})?$")  # ASCII digits only: "30", "12.5", "-1"
_DIGITS = re.compile(r"^[0-9]{1,9}$")
_EURO = re.compile(r"^(?:€\s*)?([0-9]{1,9})(?:[.,]([0-9]{1,2}))?$")
TRUE_WORDS = frozenset({"1", "true", "on", "ja", "yes"})
FALSE_WORDS = frozenset({"", "0", "false", "off", "nee", "no"})


class ProfileInvalid(ValueError):
    """A profile that cannot be used: `message` (one Dutch sentence) and `fields` (key -> Dutch message)."""

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


@dataclass(frozen=True, slots=True)
class ProfileSpec:
    sector: str
    subject: str  # as given: an SLO UUID or a name; resolved by the caller
    pupils: int
    budget_per_pupil_cents: int  # per pupil per school year incl. VAT
    levels: tuple[str, ...] = ()  # SLO level UUIDs; empty = every level of the sector
    framework: str = "kerndoelen-2006"
    required_goals: tuple[str, ...] = ()  # SLO goal UUIDs; empty = every goal of subject and sector
    vision: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    must_haves: tuple[str, ...] = ()
    count_suggested: bool = False
    name: str = ""

    @property
    def budget_cents(self) -> int:
        """The whole budget for the pupils per school year: budget per pupil x pupils."""
        return self.budget_per_pupil_cents * self.pupils

    def as_json(self) -> dict[str, Any]:
        """The profile with the keys of the form, the API and the CLI file (budget in euro as text, "45,50")."""
        return {
            "name": self.name,
            "sector": self.sector,
            "levels": list(self.levels),
            "subject": self.subject,
            "pupils": self.pupils,
            "budget_per_pupil": euro_text(self.budget_per_pupil_cents),
            "framework": self.framework,
            "required_goals": list(self.required_goals),
            "vision": list(self.vision),
            "weights": {c: self.weights.get(c, 0) for c in CRITERIA},
            "must_haves": list(self.must_haves),
            "count_suggested": self.count_suggested,
        }


def euro_text(cents: int) -> str:
    """45,50 (no currency sign; the form's notation)."""
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}"


def _text(value: object, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError
    return str(value).replace("\x00", "").strip()[:limit]


def _list(value: object) -> list[str]:
    """A list of strings from JSON (a list) or a form (a list, or one comma-separated string)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace("\x00", "").split(",") if part.strip()]
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            if not isinstance(item, str):
                raise TypeError
            out.extend(_list(item))
        return out
    raise TypeError


def _count(value: object, name: str, limit: int) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} moet een heel getal zijn")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _DIGITS.match(value.strip().removeprefix("-").replace(".", "")):
        number = int(value.strip().replace(".", ""))
    else:
        raise ValueError(f"{name} moet een heel getal zijn, bijvoorbeeld 120")
    if number < 0:
        raise ValueError(f"{name} mag niet negatief zijn")
    if number > limit:
        raise ValueError(f"{name} is te groot (hoogstens {limit:,})".replace(",", "."))
    return number


def parse_euro_cents(value: object) -> int:
    """Euro as 45, 45.5, "45", "45,50", "€ 45,50" -> cents. Raises ValueError (Dutch) otherwise."""
    if isinstance(value, bool):
        raise ValueError("het budget moet een bedrag in euro zijn, bijvoorbeeld 45,50")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("het budget moet een bedrag in euro zijn, bijvoorbeeld 45,50")
        amount = Decimal(str(value))
    elif isinstance(value, str):
        found = _EURO.match(value.strip().replace(" ", ""))
        if found is None:
            raise ValueError(
                "het budget moet een bedrag in euro zijn, bijvoorbeeld 45,50 (zonder punten voor duizendtallen)"
            )
        try:
            amount = Decimal(f"{found.group(1)}.{found.group(2) or '0'}")
        except InvalidOperation:  # pragma: no cover - the pattern allows digits only
            raise ValueError("het budget moet een bedrag in euro zijn") from None
    else:
        raise ValueError("het budget moet een bedrag in euro zijn, bijvoorbeeld 45,50")
    if amount < 0:
        raise ValueError("het budget mag niet negatief zijn")
    if amount > MAX_BUDGET_EURO:
        raise ValueError(f"het budget per leerling is te groot (hoogstens € {MAX_BUDGET_EURO:,})".replace(",", "."))
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise ValueError("kies ja of nee")


def _weights(value: object) -> dict[str, float]:
    if value is None or value == {} or value == "":
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(value, Mapping):
        raise ValueError('de gewichten zijn een lijst van criterium en getal, bijvoorbeeld {"price": 30}')
    unknown = sorted(str(k)[:40] for k in value if k not in CRITERIA)
    if unknown:
        raise ValueError(f"onbekend criterium {', '.join(unknown)}; kies uit {', '.join(CRITERIA)}")
    weights: dict[str, float] = {}
    for criterion in CRITERIA:
        raw = value.get(criterion, 0)
        label = CRITERION_LABELS[criterion]
        if isinstance(raw, str):
            text = raw.strip().replace(",", ".")
            if text and not _NUMBER.match(text):
                raise ValueError(f"het gewicht van {label} moet een getal van 0 tot {MAX_WEIGHT} zijn")
            raw = float(text) if text else 0.0
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ValueError(f"het gewicht van {label} moet een getal van 0 tot {MAX_WEIGHT} zijn")
        if not 0 <= raw <= MAX_WEIGHT:
            raise ValueError(f"het gewicht van {label} moet tussen 0 en {MAX_WEIGHT} liggen")
        weights[criterion] = float(raw)
    if not any(weights.values()):
        raise ValueError("geef minstens één criterium een gewicht groter dan 0")
    return weights


def _uuids(values: list[str], what: str) -> tuple[str, ...]:
    if len(values) > MAX_LIST:
        raise ValueError(f"te veel {what} (hoogstens {MAX_LIST})")
    out: list[str] = []
    for value in values:
        try:
            out.append(str(uuid.UUID(value)))
        except ValueError:
            raise ValueError(f"„{value[:60]}” is geen SLO-id (een uuid) van {what}") from None
    return tuple(dict.fromkeys(out))


def _choice(value: object, known: Mapping[str, str], message: str, default: str = "") -> str:
    text = _text(value, 40).lower() or default
    if text not in known:
        raise ValueError(message)
    return text


def _codes(value: object, known: Collection[str] | None, what: str, limit: int) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(_list(value)))
    if len(codes) > limit:
        raise ValueError(f"kies hoogstens {limit} {what}")
    if any(len(code) > 40 for code in codes):
        raise ValueError(f"een {what} is een korte code")
    odd = [code for code in codes if known is not None and code not in known]
    if odd:
        raise ValueError(f"onbekend: {', '.join(odd[:5])}" + (f"; kies uit {', '.join(known)}" if known else ""))
    return codes


def _required_text(value: object, limit: int, message: str) -> str:
    text = _text(value, limit)
    if not text:
        raise ValueError(message)
    return text


def _name(value: object, required: bool) -> str:
    text = _text(value, MAX_NAME + 1)
    if len(text) > MAX_NAME:
        raise ValueError(f"de naam is te lang (hoogstens {MAX_NAME} tekens)")
    if required and not text:
        raise ValueError("geef het profiel een naam, bijvoorbeeld ‘Wiskunde onderbouw 2027’")
    return text


def _filled(value: object) -> object:
    return "x" if value is None or value == "" else value  # parsed as a malformed value: "fill this in"


def parse_profile(
    data: Mapping[str, Any], *, visions: Collection[str] | None = None, require_name: bool = False
) -> ProfileSpec:
    """The profile in `data` (the keys above), or `ProfileInvalid` with a Dutch message per field.

    `visions`: the known didactic approaches (the catalogue's); None accepts any short code."""
    if not isinstance(data, Mapping):
        message = 'Het profiel moet een object met velden zijn, zoals {"sector": "vo", …}.'
        raise ProfileInvalid(message, {"profile": message})
    errors: dict[str, str] = {}
    unknown = sorted(str(k)[:40] for k in data if k not in KEYS)
    if unknown:
        errors["profile"] = f"onbekende velden: {', '.join(unknown[:10])}; gebruik {', '.join(sorted(KEYS))}"

    def take(key: str, parse: Any) -> Any:
        try:
            return parse(data.get(key))
        except (TypeError, ValueError) as problem:
            errors[key] = str(problem) if isinstance(problem, ValueError) and str(problem) else "ongeldige waarde"
            return None

    sectors = "kies een sector: " + ", ".join(f"{k} ({v})" for k, v in SECTORS.items())
    spec = {
        "name": take("name", lambda v: _name(v, require_name)),
        "sector": take("sector", lambda v: _choice(v, SECTORS, sectors)),
        "subject": take(
            "subject",
            lambda v: _required_text(
                v, MAX_SUBJECT, "kies een vak (de SLO-id of de naam, bijvoorbeeld ‘Rekenen en wiskunde’)"
            ),
        ),
        "pupils": take("pupils", lambda v: _count(_filled(v), "het aantal leerlingen", MAX_PUPILS)),
        "budget_per_pupil_cents": take("budget_per_pupil", lambda v: parse_euro_cents(_filled(v))),
        "framework": take(
            "framework",
            lambda v: _choice(v, FRAMEWORKS, "kies een kader: " + ", ".join(FRAMEWORKS), "kerndoelen-2006"),
        ),
        "levels": take("levels", lambda v: _uuids(_list(v), "een niveau")),
        "required_goals": take("required_goals", lambda v: _uuids(_list(v), "een doel")),
        "vision": take("vision", lambda v: _codes(v, visions, "voorkeuren", MAX_VISION)),
        "weights": take("weights", _weights),
        "must_haves": take("must_haves", lambda v: _codes(v, MUST_HAVES, "harde eisen", len(MUST_HAVES))),
        "count_suggested": take("count_suggested", _flag),
    }
    if errors:
        raise ProfileInvalid(summary(errors), errors)
    return ProfileSpec(**spec)


FIELD_LABELS: Mapping[str, str] = {
    "profile": "Profiel",
    "name": "Naam",
    "sector": "Sector",
    "levels": "Niveaus",
    "subject": "Vak",
    "pupils": "Aantal leerlingen",
    "budget_per_pupil": "Budget per leerling",
    "framework": "Kader",
    "required_goals": "Doelen",
    "vision": "Visie",
    "weights": "Gewichten",
    "must_haves": "Harde eisen",
    "count_suggested": "Voorgestelde koppelingen",
}


def summary(errors: Mapping[str, str]) -> str:
    """One sentence naming every field to fix."""
    parts = [f"{FIELD_LABELS.get(key, key)}: {message}" for key, message in errors.items()]
    return "Het profiel kan zo niet worden gebruikt. " + "; ".join(parts) + "."
