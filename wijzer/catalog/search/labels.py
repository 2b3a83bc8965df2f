"""Dutch labels of facet values (W4). Values are stable codes or ids; labels are looked up when shown."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from wijzer.accounts import service as accounts
from wijzer.catalog.constants import ProductType, VisionApproach
from wijzer.catalog.domain.search.facets import LICENCE_LABELS, PRICE_LABELS, SECTOR_LABELS, STANDARD_LABELS
from wijzer.core.params import db_ids
from wijzer.curriculum import service as curriculum

from . import contributions

# OBK subject ids that are not SLO subjects (e.g. "Rekenen/wiskunde") get the OBK label ingest mapped them with.
OBK_MAPPING = Path(__file__).resolve().parents[3] / "data" / "reference" / "obk_vdex_mapping.csv"


@lru_cache(maxsize=1)
def _obk_labels() -> dict[str, str]:
    """OBK id -> label; the mapping lists older vocabularies first, so a later (corrected) label wins."""
    labels: dict[str, str] = {}
    if OBK_MAPPING.exists():
        with OBK_MAPPING.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                labels[row["obk_uuid"]] = row["obk_label"]
    return labels


def _levels() -> dict[str, str]:
    return _obk_labels() | {k: title for k, (title, _kind) in curriculum.level_info().items()}


def preferred_ids() -> frozenset[str]:
    """SLO level and subject ids: they stand for a group of facet values with one label (`facets.regroup`)."""
    return frozenset(curriculum.level_info()) | frozenset(curriculum.subject_labels())


def _organisations(values: Iterable[str], *, country: bool) -> dict[str, str]:
    ids = db_ids(values)
    rows = accounts.Organisation.objects.filter(pk__in=ids).values_list("pk", "name", "country")
    return {str(pk): f"{name} ({land})" if country and land else name for pk, name, land in rows}


def _goal_codes(values: Iterable[str]) -> dict[str, str]:
    return {key: code for key, (code, _text) in curriculum.goal_texts(list(values)).items()}


def _static(table: dict[str, str]) -> Callable[[list[str]], dict[str, str]]:
    return lambda _values: table


LOOKUPS: dict[str, Callable[[list[str]], dict[str, str]]] = {
    "sector": _static(SECTOR_LABELS),
    "niveau": lambda _v: _levels(),
    "leerjaar": lambda _v: _levels(),
    "vak": lambda _v: _obk_labels() | curriculum.subject_labels(),
    "soort": lambda _v: {str(v): str(label) for v, label in ProductType.choices},
    "licentie": _static(LICENCE_LABELS),
    "prijs": _static(PRICE_LABELS),
    "uitgever": lambda v: _organisations(v, country=False),
    "eigenaar": lambda v: _organisations(v, country=True),
    "visie": lambda _v: {str(v): str(label) for v, label in VisionApproach.choices},
    "standaard": _static(STANDARD_LABELS),
    "kerndoel": _goal_codes,
}


def labels_for(facet: str, values: Iterable[str]) -> dict[str, str]:
    """Value -> label for one facet; unknown values keep their code as label."""
    wanted = list(values)
    lookup = LOOKUPS.get(facet)
    found = lookup(wanted) if lookup else dict(contributions.labels(facet) or {})  # another app's facet (W6)
    return {v: found.get(v, v) for v in wanted}
