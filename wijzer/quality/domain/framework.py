"""Reading one version of the quality framework from its JSON file (pure: no Django).

`parse_framework(raw, schema)` checks the file against the JSON Schema in `data/quality/` and then against the rules
a schema cannot say (unique codes in the whole version, seven topics, extension criteria on existing topics, gateway
criteria that exist, a pass mark 1 to 4, sources that are declared). Every problem is one Dutch line that starts with
the path in the file ("onderwerpen[2].criteria[0].code: dubbele code INH.1"); nothing half-read comes back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

TOPIC_COUNT = 7  # the seven topics of the ResearchNed / Expertisecentrum Nederlands study
MAX_PROBLEMS = 50
RESERVED_VERSIONS = frozenset({"current", "huidig"})  # /frameworks/current is the version in force


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    publisher: str
    url: str
    used_for: str
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "publisher": self.publisher,
            "year": self.year,
            "url": self.url,
            "used_for": self.used_for,
        }


@dataclass(frozen=True, slots=True)
class CriterionDef:
    code: str
    statement: str
    guidance: str
    topic: str  # the code of its topic
    subject: str = ""  # "" generic; otherwise the subject extension that adds it
    gateway: bool = False


@dataclass(frozen=True, slots=True)
class TopicDef:
    code: str
    name: str
    description: str
    sources: tuple[str, ...]
    criteria: tuple[CriterionDef, ...]  # generic criteria of the topic, in file order


@dataclass(frozen=True, slots=True)
class ExtensionDef:
    subject: str
    name: str
    description: str
    sources: tuple[str, ...]
    criteria: tuple[CriterionDef, ...]


@dataclass(frozen=True, slots=True)
class GatewayDef:
    name: str
    pass_at: int
    description: str
    criteria: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrameworkDef:
    version: str
    title: str
    description: str
    sources: tuple[Source, ...]
    gateway: GatewayDef
    topics: tuple[TopicDef, ...]
    extensions: tuple[ExtensionDef, ...]
    checksum: str
    definition: Mapping[str, Any]

    def criteria_of(self, topic: str) -> list[CriterionDef]:
        """Every criterion of a topic: the generic ones, then those of each extension in file order."""
        found = next(t for t in self.topics if t.code == topic)
        extra = [c for e in self.extensions for c in e.criteria if c.topic == topic]
        return [*found.criteria, *extra]

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(e.subject for e in self.extensions)


class FrameworkInvalid(ValueError):
    """The file is not a valid framework version: `problems` are Dutch lines, each starting with the path."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def checksum_of(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces): layout changes do not change a version."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_framework(raw: bytes | str, schema: Mapping[str, Any]) -> FrameworkDef:
    """The framework version in `raw` (JSON), or `FrameworkInvalid` with every problem found."""
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise FrameworkInvalid(["bestand: geen tekst in UTF-8; sla het bestand op als UTF-8"]) from None
    except json.JSONDecodeError as exc:
        raise FrameworkInvalid(
            [f"bestand: geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {_json_reason(exc.msg)}"]
        ) from None
    if not isinstance(data, dict):
        raise FrameworkInvalid(["bestand: verwacht een JSON-object met versie, titel, onderwerpen …"])
    schema_problems = sorted(
        (_schema_message(e) for e in Draft202012Validator(schema).iter_errors(data)),
        key=lambda line: line,
    )
    if schema_problems:
        raise FrameworkInvalid(schema_problems[:MAX_PROBLEMS])
    problems = list(_own_checks(data))
    if problems:
        raise FrameworkInvalid(problems[:MAX_PROBLEMS])
    return _build(data)


# --- our own checks --------------------------------------------------------------------------------------------------


def _own_checks(data: Mapping[str, Any]) -> Iterable[str]:
    yield from _check_header(data)
    source_keys = yield from _check_sources(data["bronnen"])
    criterion_codes: dict[str, bool] = {}  # code -> generic
    topic_codes = yield from _check_topics(data["onderwerpen"], source_keys, criterion_codes)
    yield from _check_extensions(data["vakuitbreidingen"], source_keys, topic_codes, criterion_codes)
    yield from _check_gateway(data["poort"]["criteria"], criterion_codes)


def _check_header(data: Mapping[str, Any]) -> Iterator[str]:
    if data["versie"].lower() in RESERVED_VERSIONS:
        yield f"versie: {data['versie']} is gereserveerd (de API gebruikt dit woord); kies een versie als 2026.1"
    count = len(data["onderwerpen"])
    if count != TOPIC_COUNT:
        yield (
            f"onderwerpen: {count} onderwerpen, verwacht precies {TOPIC_COUNT} "
            "(de zeven onderwerpen van de literatuurstudie)"
        )
    pass_at = data["poort"]["gehaald_vanaf"]
    if not 1 <= pass_at <= 4:
        yield f"poort.gehaald_vanaf: {pass_at} ligt niet tussen 1 en 4 (de schaal loopt van 1 tot en met 4)"


def _check_sources(sources: list[dict[str, Any]]) -> Generator[str, None, set[str]]:
    keys: set[str] = set()
    for i, source in enumerate(sources):
        if source["sleutel"] in keys:
            yield f"bronnen[{i}].sleutel: dubbele sleutel {source['sleutel']}"
        keys.add(source["sleutel"])
    return keys


def _check_topics(
    topics: list[dict[str, Any]], source_keys: set[str], criterion_codes: dict[str, bool]
) -> Generator[str, None, list[str]]:
    codes: list[str] = []
    for i, topic in enumerate(topics):
        if topic["code"] in codes:
            yield f"onderwerpen[{i}].code: dubbele code {topic['code']}"
        codes.append(topic["code"])
        yield from _unknown_sources(f"onderwerpen[{i}].bronnen", topic.get("bronnen", []), source_keys)
        for j, criterion in enumerate(topic["criteria"]):
            if criterion["code"] in criterion_codes:
                yield f"onderwerpen[{i}].criteria[{j}].code: dubbele code {criterion['code']}"
            criterion_codes.setdefault(criterion["code"], True)
    return codes


def _check_extensions(
    extensions: list[dict[str, Any]], source_keys: set[str], topic_codes: list[str], criterion_codes: dict[str, bool]
) -> Iterator[str]:
    subjects: set[str] = set()
    for i, extension in enumerate(extensions):
        if extension["vak"] in subjects:
            yield f"vakuitbreidingen[{i}].vak: dubbele vakuitbreiding {extension['vak']}"
        subjects.add(extension["vak"])
        yield from _unknown_sources(f"vakuitbreidingen[{i}].bronnen", extension.get("bronnen", []), source_keys)
        for j, criterion in enumerate(extension["criteria"]):
            path = f"vakuitbreidingen[{i}].criteria[{j}]"
            if criterion["code"] in criterion_codes:
                yield f"{path}.code: dubbele code {criterion['code']}"
            criterion_codes.setdefault(criterion["code"], False)
            if criterion["onderwerp"] not in topic_codes:
                known = ", ".join(dict.fromkeys(topic_codes))
                yield f"{path}.onderwerp: onbekend onderwerp {criterion['onderwerp']} (bekend: {known})"


def _check_gateway(codes: list[str], criterion_codes: dict[str, bool]) -> Iterator[str]:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        path = f"poort.criteria[{i}]"
        if code in seen:
            yield f"{path}: {code} staat twee keer in de poort"
        seen.add(code)
        if code not in criterion_codes:
            yield f"{path}: criterium {code} bestaat niet in deze versie"
        elif not criterion_codes[code]:
            yield f"{path}: {code} is een criterium van een vakuitbreiding; de poort bestaat uit algemene criteria"


def _unknown_sources(path: str, keys: Iterable[str], known: set[str]) -> Iterable[str]:
    for k, key in enumerate(keys):
        if key not in known:
            yield f"{path}[{k}]: bron {key} staat niet in de lijst bronnen"


# --- building the dataclasses --------------------------------------------------------------------------------------


def _build(data: Mapping[str, Any]) -> FrameworkDef:
    gateway_codes = tuple(data["poort"]["criteria"])
    topics = tuple(
        TopicDef(
            code=t["code"],
            name=t["naam"],
            description=t["toelichting"],
            sources=tuple(t.get("bronnen", ())),
            criteria=tuple(
                CriterionDef(
                    code=c["code"],
                    statement=c["uitspraak"],
                    guidance=c["waar_let_je_op"],
                    topic=t["code"],
                    gateway=c["code"] in gateway_codes,
                )
                for c in t["criteria"]
            ),
        )
        for t in data["onderwerpen"]
    )
    extensions = tuple(
        ExtensionDef(
            subject=e["vak"],
            name=e["naam"],
            description=e["toelichting"],
            sources=tuple(e.get("bronnen", ())),
            criteria=tuple(
                CriterionDef(
                    code=c["code"],
                    statement=c["uitspraak"],
                    guidance=c["waar_let_je_op"],
                    topic=c["onderwerp"],
                    subject=e["vak"],
                )
                for c in e["criteria"]
            ),
        )
        for e in data["vakuitbreidingen"]
    )
    sources = tuple(
        Source(
            key=s["sleutel"],
            title=s["titel"],
            publisher=s["uitgever"],
            url=s["url"],
            used_for=s["gebruikt_voor"],
            year=s.get("jaar"),
        )
        for s in data["bronnen"]
    )
    return FrameworkDef(
        version=data["versie"],
        title=data["titel"],
        description=data["toelichting"],
        sources=sources,
        gateway=GatewayDef(
            name=data["poort"]["naam"],
            pass_at=data["poort"]["gehaald_vanaf"],
            description=data["poort"]["toelichting"],
            criteria=gateway_codes,
        ),
        topics=topics,
        extensions=extensions,
        checksum=checksum_of(data),
        definition=data,
    )


# --- Dutch messages for JSON and schema errors -------------------------------------------------------------------

_TYPES = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "array": "lijst",
    "object": "object",
    "boolean": "true of false",
    "null": "null",
}


def path_of(parts: Iterable[str | int]) -> str:
    """`["onderwerpen", 2, "criteria", 0, "code"]` → `onderwerpen[2].criteria[0].code`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "bestand"


def _schema_message(error: ValidationError) -> str:
    path = path_of(error.absolute_path)
    value: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    describe = _SCHEMA_MESSAGES.get(str(error.validator))
    detail = describe(value, expected, schema) if describe else f"ongeldige waarde {_short(value)}"
    return f"{path}: {detail}"


def _required(value: Any, expected: Any, schema: Any) -> str:
    missing = [k for k in expected if isinstance(value, dict) and k not in value]
    return f"verplicht veld {', '.join(missing)} ontbreekt"


def _additional(value: Any, expected: Any, schema: Any) -> str:
    allowed = list(schema.get("properties", {})) if isinstance(schema, dict) else []
    extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
    return f"onbekend veld {', '.join(extra)} (toegestaan: {', '.join(allowed)})"


def _type(value: Any, expected: Any, schema: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return f"moet een {' of '.join(_TYPES.get(k, str(k)) for k in kinds)} zijn"


def _min_length(value: Any, expected: Any, schema: Any) -> str:
    return f"te kort (minstens {expected} tekens)" if expected > 1 else "mag niet leeg zijn"


_SCHEMA_MESSAGES: dict[str, Callable[[Any, Any, Any], str]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "minItems": lambda v, e, s: f"minstens {e} {'item' if e == 1 else 'items'} nodig, nu {len(v)}",
    "maxItems": lambda v, e, s: f"hoogstens {e} items toegestaan, nu {len(v)}",
    "minLength": _min_length,
    "maxLength": lambda v, e, s: f"te lang ({len(v)} tekens, hoogstens {e})",
    "pattern": lambda v, e, s: f"ongeldige waarde {_short(v)} ({_PATTERN_HINTS.get(str(e), 'vorm klopt niet')})",
    "minimum": lambda v, e, s: f"{v} is niet toegestaan (minstens {e})",
    "maximum": lambda v, e, s: f"{v} is niet toegestaan (hoogstens {e})",
    "enum": lambda v, e, s: f"ongeldige waarde {_short(v)} (toegestaan: {', '.join(map(str, e))})",
}


_PATTERN_HINTS: dict[str, str] = {
    "^[A-Z]{2,5}\\.[0-9]{1,2}$": "verwacht een code als INH.1: hoofdletters, punt, nummer",
    "^[a-z0-9][a-z0-9-]{0,39}$": "verwacht kleine letters, cijfers en streepjes",
    "^[a-z][a-z0-9-]{0,39}$": "verwacht kleine letters, cijfers en streepjes, beginnend met een letter",
    "^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$": "verwacht een versie als 2026.1: letters, cijfers, punten, streepjes",
    "^https://[^\\s]+$": "verwacht een adres dat begint met https://",
}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _json_reason(message: str) -> str:
    reasons = {
        "Expecting value": "waarde verwacht",
        "Expecting ',' delimiter": "komma verwacht",
        "Expecting ':' delimiter": "dubbele punt verwacht",
        "Expecting property name enclosed in double quotes": "veldnaam tussen dubbele aanhalingstekens verwacht",
        "Unterminated string starting at": "tekst zonder afsluitend aanhalingsteken",
        "Extra data": "extra tekens na het einde van het object",
        "Invalid control character at": "ongeldig teken in een tekst",
    }
    return reasons.get(message, "de structuur klopt niet")
