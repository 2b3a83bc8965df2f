"""Facet definitions (W4): names (the site's URL words; the API's English names are in `catalog.api`), Dutch
labels, price bands and the facet keys of a search document. A facet whose values nobody has delivered yet has no
keys, so it has no counts and is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # URL parameter of the site, key prefix, and the old (deprecated) name of the API parameter
    label: str
    issue: str = "W4"  # the issue that delivers the data (W5 coverage, W6 quality, W10 AI)


FACETS: tuple[Facet, ...] = (
    Facet("sector", "Sector"),
    Facet("niveau", "Niveau"),
    Facet("leerjaar", "Leerjaar"),
    Facet("vak", "Vak"),
    Facet("soort", "Soort"),
    Facet("licentie", "Licentie"),
    Facet("prijs", "Prijs per leerling per jaar (incl. btw)"),
    Facet("uitgever", "Uitgever"),
    Facet("eigenaar", "Eigenaarsgroep"),
    Facet("kerndoel", "Kerndoel gedekt", "W5"),
    Facet("kwaliteit", "Kwaliteit", "W6"),
    Facet("visie", "Didactische visie"),
    Facet("toegankelijkheid", "Toegankelijkheid"),
    Facet("privacy", "Privacy"),
    Facet("standaard", "Standaarden"),
    Facet("ai", "AI-functies", "W10"),
)
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
BY_NAME = {f.name: f for f in FACETS}
ALL_KEY = "*"  # the bitmap of every indexed product

PRICE_BANDS: tuple[tuple[str, str, int | None], ...] = (  # (value, label, upper bound in cents, exclusive)
    ("gratis", "Gratis", 1),
    ("tot-10", "Tot € 10", 1000),
    ("10-25", "€ 10 tot € 25", 2500),
    ("25-50", "€ 25 tot € 50", 5000),
    ("50-100", "€ 50 tot € 100", 10000),
    ("100-plus", "€ 100 of meer", None),
)
PRICE_UNKNOWN = ("onbekend", "Niet per leerling per jaar bekend")
PRICE_LABELS = {value: label for value, label, _ in PRICE_BANDS} | {PRICE_UNKNOWN[0]: PRICE_UNKNOWN[1]}
PRICE_ORDER = [value for value, _, _ in PRICE_BANDS] + [PRICE_UNKNOWN[0]]

SECTOR_LABELS = {"po": "Primair onderwijs (PO)", "vo": "Voortgezet onderwijs (VO)", "so": "Speciaal onderwijs (SO)",
                 "vso": "Voortgezet speciaal onderwijs (VSO)"}  # fmt: skip
STANDARD_LABELS = {"eck": "ECK (catalogus)", "eduv": "Edu-V", "nllom": "NL-LOM (Edurep)", "lti": "LTI"}
FORMAT_STANDARD = {"eck_catalog": "eck", "eduv_json": "eduv", "eduv_csv": "eduv", "nl_lom": "nllom"}
LICENCE_LABELS = {
    "copyright": "Alle rechten voorbehouden",
    "no-restrictions": "Geen beperkingen",
    "cc0-1.0": "CC0 (publiek domein)",
    "cc-by-4.0": "CC BY 4.0",
    "cc-by-sa-4.0": "CC BY-SA 4.0",
    "cc-by-nd-4.0": "CC BY-ND 4.0",
    "cc-by-nc-4.0": "CC BY-NC 4.0",
    "cc-by-nc-sa-4.0": "CC BY-NC-SA 4.0",
    "cc-by-nc-nd-4.0": "CC BY-NC-ND 4.0",
}


def price_band(incl_cents: int | None) -> str:
    """The band of a price per pupil per year including VAT (cents); unknown prices get their own band."""
    if incl_cents is None:
        return PRICE_UNKNOWN[0]
    for value, _label, upper in PRICE_BANDS:
        if upper is None or incl_cents < upper:
            return value
    return PRICE_UNKNOWN[0]  # pragma: no cover - the last band has no upper bound


def key(facet: str, value: str) -> str:
    """The key of one facet value (also the name of its bitmap); values never contain spaces."""
    return f"{facet}:{value}"


def split_key(facet_key: str) -> tuple[str, str]:
    facet, _, value = facet_key.partition(":")
    return facet, value


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the index holds for one product: tokens for matching and ranking, sort keys and facet keys."""

    product_id: int
    tokens: str  # analysed text of title, description, method, publisher, keywords and aligned goal texts
    title_tokens: str  # analysed title, for ranking
    sort_title: str
    price_cents: int | None  # per pupil per year incl. VAT
    quality: int | None
    coverage: int | None
    facet_keys: tuple[str, ...]


# Readable facet values (W5.3). Deliveries name one subject or school year with ids from two vocabularies (an OBK id
# and the SLO id, or the PO and VO id of one subject), and SLO titles school years as "vwo, 2". What a visitor sees
# is one value per readable label: the ids behind it are OR-ed, so a product counts once.
REGROUPED_FACETS = ("niveau", "leerjaar", "vak")
SUBJECT_SYNONYMS = {  # folded label -> the one label shown (the SLO name of the learning area)
    "nederlandse taal": "Nederlands",
    "rekenen/wiskunde": "Rekenen en wiskunde",
    "wiskunde": "Rekenen en wiskunde",
}
SCHOOL_TRACKS = ("groep", "vmbo bb", "vmbo kb", "vmbo gl", "vmbo tl", "mavo", "havo", "vwo")
_TRACK_WORDS = (
    ("basisberoepsgerichte leerweg", "bb"),
    ("kaderberoepsgerichte leerweg", "kb"),
    ("gemengde leerweg", "gl"),
    ("theoretische leerweg", "tl"),
)
_SCHOOL_YEAR = re.compile(r"(groep|vmbo (?:bb|kb|gl|tl)|mavo|havo|vwo) ([1-8])")


def school_year(label: str) -> str | None:
    """The one spelling of a school year ("vwo, 2" and "VWO 2" -> "vwo 2", "VMBO gemengde leerweg, 1" -> "vmbo gl 1");
    None when the label is not a school year."""
    text = " ".join(label.casefold().replace(",", " ").replace("-", " ").split())
    for words, short in _TRACK_WORDS:
        text = text.replace(words, short)
    match = _SCHOOL_YEAR.fullmatch(text)
    return f"{match[1]} {match[2]}" if match else None


def school_order(label: str) -> tuple[int, int, str]:
    """Sort key in school order: groep 1-8, then year 1-6 per track (vmbo, havo, vwo); anything else last."""
    year = school_year(label)
    if year is None:
        return (len(SCHOOL_TRACKS), 0, label.casefold())
    track, number = year.rsplit(" ", 1)
    return (SCHOOL_TRACKS.index(track), int(number), "")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one stored facet value is shown: its facet, the value that stands for its group, the label."""

    facet: str
    value: str
    label: str


def regroup(labels: Mapping[tuple[str, str], str], preferred: Collection[str]) -> dict[tuple[str, str], Placement]:
    """(facet, value) -> Placement for the values of `REGROUPED_FACETS` and their raw labels.

    A niveau whose label is a school year is shown under Leerjaar; a school year is spelled one way
    (`school_year`); a subject gets its synonym's label. Values of one facet with the same label then form one
    group, represented by a `preferred` id (an SLO id) if one is in the group, else by the smallest value.
    """
    shown: dict[tuple[str, str], tuple[str, str]] = {}
    for (facet, value), label in labels.items():
        target, text = facet, label
        if facet in ("niveau", "leerjaar"):
            year = school_year(label)
            if year is not None:
                target, text = "leerjaar", year
        elif facet == "vak":
            text = SUBJECT_SYNONYMS.get(label.casefold().strip(), label)
        shown[(facet, value)] = (target, text)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for member, (target, text) in shown.items():
        groups.setdefault((target, text.casefold()), []).append(member)
    result: dict[tuple[str, str], Placement] = {}
    for (target, _folded), members in groups.items():
        head = min(members, key=lambda m: (m[1] not in preferred, m[0] != target, m[1]))
        placement = Placement(target, head[1], shown[head][1])
        for member in members:
            result[member] = placement
    return result
