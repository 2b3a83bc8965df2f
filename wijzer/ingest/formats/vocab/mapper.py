"""Map free-text levels/subjects ("HAVO", "vwo 3", "groep 5", "NATUURKUNDE") to OBK/SLO UUIDs.

``VocabularyMapper`` is pure: it takes a table of normalised term → UUID(s) (see ``values.normalise_term``),
so the Django side can feed it from a database table. Legacy NL-LOM VDEX ids live in the same table under
``legacy_key(vdex, old_id)``. ``default_table`` builds a table from the shipped ``obk_vdex_mapping.csv`` and,
when a path is given, SLO ``niveaus.json`` titles.

Ids a record carries itself are kept only when the table knows them (``VocabularyMapper.is_known``): an id from
another vocabulary is not a level or subject id (warning ``vocab.foreign_id``).

Year strings are resolved against the record's levels: "jaar 4" with level "HAVO" → "havo 4"; with a primary
level ("basisonderwijs", "po") → "groep 4".
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from wijzer.ingest.formats.records import ParsedRecord, Problem
from wijzer.ingest.formats.values import normalise_term, unique

# Reference data of the repository (W5.2 §7): data/reference/, with its source in SOURCE-obk_vdex_mapping.md.
MAPPING_CSV = Path(__file__).resolve().parents[4] / "data" / "reference" / "obk_vdex_mapping.csv"
# LOMv1.0 educational context values ("school", "training", …) say nothing about the Dutch school level.
IGNORED_TERMS = frozenset(
    {
        "",
        "nvt",
        "n v t",
        "niet van toepassing",
        "-",
        "overig",
        "alle",
        "school",
        "higher education",
        "training",
        "other",
    }
)
# Dutch publisher spellings → a term that exists in the table (documented data, extend as needed).
ALIASES: dict[str, str] = {
    "basisonderwijs": "po",
    "primair onderwijs": "po",
    "voortgezet onderwijs": "vo",
    "speciaal onderwijs": "so",
    "voortgezet speciaal onderwijs": "vso",
    "praktijkonderwijs": "pro",
}
PRIMARY_LEVELS = frozenset({"po", "basisonderwijs", "primair onderwijs", "speciaal basisonderwijs"})
_YEAR_RE = re.compile(r"^(?:jaar|leerjaar|klas)\s*(\d{1,2})$")
_CACHE_MAX = 8192
"""Entries per look-up cache of a mapper; a cache that is full is emptied (bounded memory on hostile input)."""
_CACHEABLE_LENGTH = 200
"""Longer terms are looked up without caching."""


def legacy_key(vdex: str, old_id: str) -> str:
    """Table key for a legacy VDEX id; ``vdex`` may be the source URI or the bare vdex name."""
    name = vdex.rstrip("/").rsplit("/", 1)[-1].removesuffix(".xml")
    return f"vdex:{name}#{normalise_term(unquote(old_id))}"


@dataclass(frozen=True, slots=True)
class VocabularyResult:
    """UUIDs found for a record's levels and subjects, and warnings for terms that could not be mapped."""

    level_ids: tuple[str, ...]
    subject_ids: tuple[str, ...]
    problems: tuple[Problem, ...]


class VocabularyMapper:
    def __init__(self, table: Mapping[str, str | Sequence[str]], aliases: Mapping[str, str] | None = None) -> None:
        self._table = {
            normalise_term(k) if not k.startswith("vdex:") else k: (v,) if isinstance(v, str) else tuple(v)
            for k, v in table.items()
        }
        self._aliases = {normalise_term(k): normalise_term(v) for k, v in (aliases or ALIASES).items()}
        self._known = frozenset(uuid for uuids in self._table.values() for uuid in uuids)
        # The table never changes after construction, so look-up results can be cached per term.
        self._lookups: dict[str, tuple[str, ...]] = {}
        self._years: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def lookup(self, term: str) -> tuple[str, ...]:
        """UUIDs for a free-text term (case, punctuation and ``_`` are ignored); empty if unknown."""
        found = self._lookups.get(term)
        if found is None:
            found = self._lookup(term)
            if len(term) > _CACHEABLE_LENGTH:
                return found
            if len(self._lookups) >= _CACHE_MAX:
                self._lookups.clear()
            self._lookups[term] = found
        return found

    def _lookup(self, term: str) -> tuple[str, ...]:
        key = normalise_term(term)
        key = self._aliases.get(key, key)
        found = self._table.get(key) or self._table.get(key.replace(" ", ""))
        return found or ()

    def lookup_legacy(self, vdex: str, old_id: str) -> tuple[str, ...]:
        return self._table.get(legacy_key(vdex, old_id), ())

    def lookup_year(self, year: str, levels: Iterable[str]) -> tuple[str, ...]:
        """UUIDs for a year string in the context of the record's levels ("jaar 4" + "HAVO" → havo 4)."""
        context = tuple(levels)
        found = self._years.get((year, context))
        if found is None:
            found = self._lookup_year(year, context)
            if len(year) + sum(map(len, context)) > _CACHEABLE_LENGTH:
                return found
            if len(self._years) >= _CACHE_MAX:
                self._years.clear()
            self._years[(year, context)] = found
        return found

    def _lookup_year(self, year: str, levels: tuple[str, ...]) -> tuple[str, ...]:
        direct = self.lookup(year)
        match = _YEAR_RE.match(normalise_term(year))
        if direct or not match:
            return direct
        number = match.group(1)
        found: list[str] = []
        for level in levels:
            key = normalise_term(level)
            prefix = "groep" if key in PRIMARY_LEVELS or self._aliases.get(key) == "po" else key
            found.extend(self.lookup(f"{prefix} {number}"))
        return unique(found)

    def is_known(self, uuid: str) -> bool:
        """True for an id in the table: an OBK id of the shipped mapping, an SLO niveau or vakleergebied, or an id
        an administrator mapped a term to."""
        return uuid in self._known

    def map_record(self, record: ParsedRecord) -> VocabularyResult:
        """Map curriculum strings and legacy taxons of ``record``; unknown terms give warnings.

        Ids the record carries itself (``obk_level_ids``, ``obk_discipline_ids``) are kept only when they are
        known (``is_known``): a UUID from another vocabulary (a Kennisnet HO vakkenset, a publisher's own list)
        or from an OBK part Wijzer does not know is not stored as a level or subject; it stays in the raw record
        and the taxons, and gives a warning.
        """
        cur = record.curriculum
        problems: list[Problem] = []
        own_levels = self._known_ids(record, record.obk_level_ids, "obk_level_ids", "niveau", problems)
        own_subjects = self._known_ids(record, record.obk_discipline_ids, "obk_discipline_ids", "vak", problems)
        levels = self._terms((*cur.sectors, *cur.levels), "curriculum.levels", "niveau", problems)
        years = [uuid for y in cur.years for uuid in self._year(y, cur.levels + cur.sectors, problems)]
        subjects = self._terms((*cur.subjects, *cur.courses), "curriculum.subjects", "vak", problems)
        legacy = [uuid for t in record.taxons if not t.obk_uuid for uuid in self.lookup_legacy(t.source, t.taxon_id)]
        return VocabularyResult(
            level_ids=unique((*own_levels, *levels, *years, *legacy)),
            subject_ids=unique((*own_subjects, *subjects)),
            problems=tuple(problems),
        )

    def _known_ids(
        self, record: ParsedRecord, ids: tuple[str, ...], field: str, kind: str, problems: list[Problem]
    ) -> list[str]:
        known = [uuid for uuid in ids if uuid in self._known]
        for uuid in ids:
            if uuid not in self._known:
                problems.append(_foreign_id(record, uuid, field, kind))
        return known

    def _terms(self, terms: Iterable[str], field: str, kind: str, problems: list[Problem]) -> list[str]:
        found: list[str] = []
        for term in unique(terms):
            if normalise_term(term) in IGNORED_TERMS:
                continue
            uuids = self.lookup(term)
            if not uuids:
                problems.append(_unknown(field, kind, term))
            found.extend(uuids)
        return found

    def _year(self, year: str, levels: tuple[str, ...], problems: list[Problem]) -> tuple[str, ...]:
        if normalise_term(year) in IGNORED_TERMS:
            return ()
        uuids = self.lookup_year(year, levels)
        if not uuids:
            problems.append(_unknown("curriculum.years", "leerjaar", year))
        return uuids


def _unknown(field: str, kind: str, term: str) -> Problem:
    return Problem.warning(
        "vocab.unknown",
        field,
        f"Het {kind} '{term[:60]}' kon niet worden gekoppeld aan het SLO-/OBK-begrippenkader; "
        "het product is wel opgenomen.",
    )


def _foreign_id(record: ParsedRecord, uuid: str, field: str, kind: str) -> Problem:
    taxon = next((t for t in record.taxons if t.obk_uuid == uuid), None)
    label = f" ('{taxon.label[:60]}')" if taxon and taxon.label else ""
    source = f" uit '{taxon.source[:100]}'" if taxon and taxon.source else ""
    return Problem.warning(
        "vocab.foreign_id",
        field,
        f"Het id {uuid}{label}{source} hoort niet bij het OBK-/SLO-begrippenkader dat Wijzer kent; het is niet als "
        f"{kind} opgeslagen en staat alleen in het ruwe record. Gebruik een OBK- of SLO-id, of laat de beheerder "
        "de term koppelen.",
    )


def _add(table: dict[str, list[str]], key: str, uuid: str) -> None:
    uuids = table.setdefault(key, [])
    if uuid not in uuids:
        uuids.append(uuid)


def default_table(niveaus_json: Path | None = None, mapping_csv: Path = MAPPING_CSV) -> dict[str, list[str]]:
    """Term → UUIDs from the OBK/VDEX mapping (labels, old ids, legacy keys) and SLO niveau titles.

    Labels win over old ids (e.g. label "HAVO, 4" vs. old id "havo_st"), niveau titles are added last.
    """
    table: dict[str, list[str]] = {}
    with mapping_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        _add(table, legacy_key(row["old_vdex"], row["old_id"]), row["obk_uuid"])
    for row in rows:
        _add(table, normalise_term(row["obk_label"]), row["obk_uuid"])
    old_ids: dict[str, list[str]] = {}
    for row in rows:
        key = normalise_term(unquote(row["old_id"]))
        if not key.isdigit():
            _add(old_ids, key, row["obk_uuid"])
    for key, uuids in old_ids.items():
        table.setdefault(key, uuids)
    if niveaus_json is not None:
        for niveau in json.loads(niveaus_json.read_text(encoding="utf-8")):
            if isinstance(niveau, dict) and niveau.get("title") and niveau.get("id"):
                _add(table, normalise_term(str(niveau["title"])), str(niveau["id"]))
    return table


def default_mapper(niveaus_json: Path | None = None) -> VocabularyMapper:
    return VocabularyMapper(default_table(niveaus_json))
