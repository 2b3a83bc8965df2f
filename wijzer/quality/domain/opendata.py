"""Open data of the quality app (W6 §6): the rows of the three files and the pseudonyms in them. Pure: no Django.

Files: expert reviews (one row per answer), teacher experiences (one row per experience and topic) and quality
profiles (one row per product and topic). Nobody is named: no user ids, e-mail addresses, names or schools. A
review, a reviewer, an experience and an author appear as a *pseudonym*: HMAC-SHA256 of the internal id under a key
derived from the server's secret and a purpose label, cut to 16 hex characters. The same person gets the same
pseudonym in every download (so a researcher can group the answers of one reviewer), but a different one per
purpose: a reviewer's pseudonym in the review file cannot be matched with anything in another file.

Each file is described by its columns: a JSON key (English, as the API) and a CSV header (Dutch).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

PSEUDONYM_HEX = 16
LICENCE = "CC0-1.0"
LICENCE_NAME = "CC0 1.0 Universeel (publiek domein)"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"
KEY_LABEL = b"wijzer.quality.opendata.v1:"
NOT_APPLICABLE = "nvt"

# Purposes: one key each, so pseudonyms of different purposes cannot be linked.
REVIEW = "review"
REVIEWER = "reviewer"
EXPERIENCE = "experience"
AUTHOR = "author"
PURPOSES = (REVIEW, REVIEWER, EXPERIENCE, AUTHOR)


def purpose_key(secret: bytes, purpose: str) -> bytes:
    """The key of one purpose: HMAC-SHA256(secret, label + purpose). The secret itself is never used directly."""
    return hmac.new(secret, KEY_LABEL + purpose.encode("utf-8"), hashlib.sha256).digest()


class Pseudonymiser:
    """Pseudonyms for one download: `of(purpose, internal_id)` → 16 hex characters, stable for the same secret."""

    def __init__(self, secret: bytes) -> None:
        self._keys = {purpose: purpose_key(secret, purpose) for purpose in PURPOSES}

    def of(self, purpose: str, internal_id: int | str) -> str:
        key = self._keys[purpose]  # an unknown purpose is a programming error: KeyError
        digest = hmac.new(key, str(internal_id).encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_HEX]


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # JSON key (English, like the API)
    header: str  # CSV header (Dutch)
    description: str  # for the open-data page


REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("review", "beoordeling", "Pseudoniem van de beoordeling (alle antwoorden van één beoordeling)."),
    Column("reviewer", "beoordelaar", "Pseudoniem van de beoordelaar (alleen binnen dit bestand te volgen)."),
    Column("product_uuid", "product_id", "Publieke id van het product in Wijzer."),
    Column("product_code", "ean", "EAN/ISBN of productcode zoals aangeleverd (leeg als die er niet is)."),
    Column("title", "titel", "Titel van het product."),
    Column("framework_version", "kaderversie", "Versie van het kwaliteitskader waartegen beoordeeld is."),
    Column("subject_extension", "vakuitbreiding", "Vakuitbreiding van de beoordeling (leeg: alleen algemeen)."),
    Column("topic", "onderwerp", "Onderwerp van het kader."),
    Column("criterion", "criterium", "Code van het criterium."),
    Column("score", "score", "1 = helemaal oneens … 4 = helemaal eens; CSV: nvt, JSON: null = niet van toepassing."),
    Column("reason", "toelichting", "Toelichting van de beoordelaar (verplicht bij 1 en 2)."),
    Column("evidence", "bewijs", "Bewijs: pagina, hoofdstuk of link."),
    Column("submitted_on", "ingediend_op", "Dag van indienen (JJJJ-MM-DD)."),
    Column("demo", "voorbeeldgegevens", "ja: voorbeeldgegevens (geen echte beoordeling)."),
)

EXPERIENCE_COLUMNS: tuple[Column, ...] = (
    Column("experience", "ervaring", "Pseudoniem van de ervaring (alle onderwerpen van één ervaring)."),
    Column("author", "schrijver", "Pseudoniem van de leraar (alleen binnen dit bestand te volgen)."),
    Column("product_uuid", "product_id", "Publieke id van het product in Wijzer."),
    Column("product_code", "ean", "EAN/ISBN of productcode zoals aangeleverd."),
    Column("title", "titel", "Titel van het product."),
    Column("framework_version", "kaderversie", "Versie van het kwaliteitskader."),
    Column("topic", "onderwerp", "Onderwerp van het kader."),
    Column("score", "score", "1 … 4; CSV: nvt, JSON: null = niet van toepassing."),
    Column("text", "tekst", "De tekst van de ervaring (bij elk onderwerp van die ervaring herhaald)."),
    Column("sector", "sector", "po, vo, so of vso."),
    Column("level", "niveau", "Niveau of leerjaar, zoals de leraar het opgaf."),
    Column("school_type", "soort_school", "Soort school, zoals de leraar het opgaf."),
    Column("months_used", "maanden_gebruikt", "Hoe lang de leraar het product gebruikt (maanden)."),
    Column("verified", "geverifieerd_gebruik", "ja: de school van de leraar gebruikt het product aantoonbaar."),
    Column("written_in", "geschreven_in", "Maand van schrijven (JJJJ-MM)."),
    Column("demo", "voorbeeldgegevens", "ja: voorbeeldgegevens (geen echte ervaring)."),
)

PROFILE_COLUMNS: tuple[Column, ...] = (
    Column("product_uuid", "product_id", "Publieke id van het product in Wijzer."),
    Column("product_code", "ean", "EAN/ISBN of productcode zoals aangeleverd."),
    Column("title", "titel", "Titel van het product."),
    Column("framework_version", "kaderversie", "Versie van het kwaliteitskader."),
    Column("gateway", "poort", "passed (gehaald), failed (niet gehaald) of unknown (nog niet beoordeeld)."),
    Column("topic_code", "onderwerp_code", "Code van het onderwerp in het kader."),
    Column("topic", "onderwerp", "Onderwerp van het kader."),
    Column("counts_toward", "telt_mee", "nee: de poort is niet gehaald, dus dit onderwerp telt niet mee."),
    Column("source", "bron", "experts, ervaringen of geverifieerd (ervaringen van scholen die het product gebruiken)."),
    Column(
        "people",
        "aantal",
        "Experts: beoordelaars met een score 1–4 (hoogste aantal bij één criterium); ervaringen: ervaringen met een "
        "score 1–4 (zonder nvt).",
    ),
    Column("n", "n", "Aantal scores 1–4 (zonder niet van toepassing)."),
    Column("score_1", "score_1", "Aantal keer 1 (helemaal oneens)."),
    Column("score_2", "score_2", "Aantal keer 2 (deels oneens)."),
    Column("score_3", "score_3", "Aantal keer 3 (deels eens)."),
    Column("score_4", "score_4", "Aantal keer 4 (helemaal eens)."),
    Column("not_applicable", "nvt", "Aantal keer niet van toepassing."),
    Column("share_agreeing", "aandeel_eens", "Aandeel 3 en 4 van de scores (0–1; leeg zonder scores)."),
    Column("median", "mediaan", "Mediaan van de scores (leeg zonder scores)."),
    Column("confidence", "betrouwbaarheid", "Zekerheid, zoals in het profiel (uit n)."),
    Column("computed_on", "berekend_op", "Dag van berekenen (JJJJ-MM-DD)."),
    Column("demo", "voorbeeldgegevens", "ja: het product of een getelde beoordeling of ervaring is voorbeeldgegevens."),
)

PROFILE_SOURCES = (("experts", "experts", "reviewers"), ("ervaringen", "teachers", "experiences"),
                   ("geverifieerd", "verified", "experiences"))  # fmt: skip


def yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def month(value: date | None) -> str:
    return value.strftime("%Y-%m") if value is not None else ""


@dataclass(frozen=True, slots=True)
class ProductFact:
    uuid: str
    code: str
    title: str
    is_demo: bool = False


@dataclass(frozen=True, slots=True)
class AnswerFact:
    """One answer of a submitted expert review, as read from the database."""

    review_id: int
    reviewer_id: int
    product: ProductFact
    framework_version: str
    subject: str
    topic: str
    criterion: str
    score: int | None
    reason: str
    evidence: str
    submitted_on: date | None
    is_demo: bool


@dataclass(frozen=True, slots=True)
class ExperienceFact:
    """One topic score of a visible experience, with the experience's context (never its school)."""

    experience_id: int
    author_id: int
    product: ProductFact
    framework_version: str
    topic: str
    score: int | None
    text: str
    sector: str
    level: str
    school_type: str
    months_used: int | None
    verified: bool
    written_on: date | None
    is_demo: bool


def review_row(fact: AnswerFact, names: Pseudonymiser) -> dict[str, object]:
    return {
        "review": names.of(REVIEW, fact.review_id),
        "reviewer": names.of(REVIEWER, fact.reviewer_id),
        "product_uuid": fact.product.uuid,
        "product_code": fact.product.code,
        "title": fact.product.title,
        "framework_version": fact.framework_version,
        "subject_extension": fact.subject,
        "topic": fact.topic,
        "criterion": fact.criterion,
        "score": fact.score,
        "reason": fact.reason,
        "evidence": fact.evidence,
        "submitted_on": day(fact.submitted_on),
        "demo": yes_no(fact.is_demo),
    }


def experience_row(fact: ExperienceFact, names: Pseudonymiser) -> dict[str, object]:
    return {
        "experience": names.of(EXPERIENCE, fact.experience_id),
        "author": names.of(AUTHOR, fact.author_id),
        "product_uuid": fact.product.uuid,
        "product_code": fact.product.code,
        "title": fact.product.title,
        "framework_version": fact.framework_version,
        "topic": fact.topic,
        "score": fact.score,
        "text": fact.text,
        "sector": fact.sector,
        "level": fact.level,
        "school_type": fact.school_type,
        "months_used": fact.months_used,
        "verified": yes_no(fact.verified),
        "written_in": month(fact.written_on),
        "demo": yes_no(fact.is_demo),
    }


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def median_of(counts: Sequence[int]) -> float | None:
    """The median of scores given as counts of 1, 2, 3, 4 (the mean of the middle two for an even number)."""
    n = sum(counts)
    if n == 0:
        return None
    ordered = [score for score, many in zip((1, 2, 3, 4), counts, strict=True) for _ in range(many)]
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def profile_rows(
    product: ProductFact,
    framework_version: str,
    gateway: str,
    topics: Iterable[Mapping[str, object]],
    computed_on: date | None,
    *,
    demo: bool = False,
) -> Iterator[dict[str, object]]:
    """The rows of one profile as the profile page shows it (`profile_query.expand`: per topic the parts "experts",
    "teachers" and "verified" with counts, n.v.t., share agreeing and confidence): one row per topic and source."""
    for entry in topics:
        for source, key, people_key in PROFILE_SOURCES:
            part = entry.get(key)
            if not isinstance(part, Mapping):
                continue
            raw = part.get("counts")
            by_score = raw if isinstance(raw, Mapping) else {}
            counts = [_int(by_score.get(str(s))) for s in (1, 2, 3, 4)]
            share = part.get("share_agreeing")
            yield {
                "product_uuid": product.uuid,
                "product_code": product.code,
                "title": product.title,
                "framework_version": framework_version,
                "gateway": gateway,
                "topic_code": str(entry.get("code") or ""),
                "topic": str(entry.get("name") or ""),
                "counts_toward": yes_no(entry.get("counts_toward") is not False),
                "source": source,
                "people": _int(part.get(people_key)),
                "n": sum(counts),
                "score_1": counts[0],
                "score_2": counts[1],
                "score_3": counts[2],
                "score_4": counts[3],
                "not_applicable": _int(part.get("not_applicable")),
                "share_agreeing": share if isinstance(share, int | float) and not isinstance(share, bool) else None,
                "median": median_of(counts),
                "confidence": str(part.get("confidence_text") or ""),
                "computed_on": day(computed_on),
                "demo": yes_no(product.is_demo or demo),
            }


def csv_cells(row: Mapping[str, object], columns: Sequence[Column]) -> list[object]:
    """A row as CSV cells in column order: a missing score (niet van toepassing) is written as "nvt", other empty
    values as an empty cell."""
    cells: list[object] = []
    for column in columns:
        value = row.get(column.key)
        if column.key == "score":
            cells.append(NOT_APPLICABLE if value is None else value)
        else:
            cells.append("" if value is None else value)
    return cells
