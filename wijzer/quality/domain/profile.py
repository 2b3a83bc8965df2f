"""The quality profile of a product (W6 §4): pure, without Django.

Per topic of the framework version in force the profile keeps its parts, never one opaque number:

- experts: the distribution of the submitted reviews' answers on the topic's criteria (counts of 1, 2, 3, 4 and
  "niet van toepassing"), also per criterion, the number of reviewers and answers, and the share agreeing (3 or 4)
  of the applicable answers;
- teachers: the distribution of the visible experiences' scores for the topic, the number of experiences, and the
  same counts once more for experiences with verified use (the school holds the product);
- n means one thing everywhere (`N_RULE`): those that gave the topic a score 1-4 (experiences; reviewers and
  answers for experts). "Niet van toepassing" is never part of n: it stands apart as `not_applicable`;
- a confidence indication in plain Dutch from n (`expert_confidence`, `teacher_confidence`).

The gateway (as EdReports): PASSED when the median of every gateway criterion over the submitted reviews is at least
`pass_at`, FAILED when one is below, UNKNOWN without expert answers. A gateway criterion that every reviewer marked
"niet van toepassing" does not count either way. While the gateway is FAILED the other topics "tellen niet mee": the
data stays visible, marked.

`sort_value` is the one number the search may sort on, and it says how it is made: the share of agreeing expert
answers over all topics times 1000, or None when fewer than `MIN_REVIEWERS_FOR_SORT` reviewers answered or the gateway
is not passed.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

SCALE = (1, 2, 3, 4)
AGREEING = frozenset({3, 4})
MIN_REVIEWERS_FOR_SORT = 2

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"  # = constants.GatewayState values

# Facet values of the search (W4 facet "kwaliteit"), with their Dutch labels.
FACET_REVIEWED = "expertbeoordeeld"
FACET_GATEWAY = "poort-gehaald"
FACET_EXPERIENCES = "met-ervaringen"
FACET_VERIFIED = "geverifieerd-gebruik"
FACET_LABELS: Mapping[str, str] = {
    FACET_REVIEWED: f"Beoordeeld door minstens {MIN_REVIEWERS_FOR_SORT} experts",
    FACET_GATEWAY: "Poort gehaald (aansluiting op de kerndoelen)",
    FACET_EXPERIENCES: "Met ervaringen van leraren",
    FACET_VERIFIED: "Met ervaringen van scholen die het gebruiken (geverifieerd)",
}

CONFIDENCE_RULE_EXPERTS = (
    "Zekerheid bij experts telt beoordelaars met een score (1–4) voor het onderwerp: het grootste aantal scores bij "
    "één criterium van het onderwerp; 'niet van toepassing' telt niet mee. 0 geen gegevens; 1 zeer onzeker; "
    "2–3 onzeker; 4–6 redelijk; 7 of meer stevig."
)
CONFIDENCE_RULE_TEACHERS = (
    "Zekerheid bij leraren telt ervaringen met een score (1–4) voor het onderwerp; 'niet van toepassing' telt niet "
    "mee (dat aantal staat apart). 0 geen gegevens; 1–4 zeer onzeker; 5–19 onzeker; 20–49 redelijk; 50 of meer "
    "stevig."
)
N_RULE = (
    "n is overal het aantal met een score 1–4 voor het onderwerp: ervaringen bij leraren, beoordelaars en antwoorden "
    "bij experts. 'Niet van toepassing' telt niet mee in n en staat apart (kolom n.v.t.)."
)
SORT_RULE = (
    "Sorteren op kwaliteit gebruikt het aandeel 'eens' (3 of 4) van alle toepasselijke expertantwoorden, over alle "
    f"onderwerpen. Alleen producten met minstens {MIN_REVIEWERS_FOR_SORT} expertbeoordelingen die de poort halen "
    "krijgen zo'n waarde; de andere staan achteraan. Ervaringen van leraren tellen hier niet mee."
)
GATEWAY_RULE = (
    "De poort is gehaald als de mediaan van elk poortcriterium over de ingediende expertbeoordelingen minstens "
    "{pass_at} is (bij een even aantal antwoorden het gemiddelde van de middelste twee); 'niet van toepassing' telt "
    "niet mee. Is de poort niet gehaald, dan tellen de andere onderwerpen niet mee."
)


@dataclass(frozen=True, slots=True)
class Counts:
    """Counts of the answers 1, 2, 3, 4 and "niet van toepassing" (n.v.t.)."""

    by_score: tuple[int, int, int, int] = (0, 0, 0, 0)
    not_applicable: int = 0

    @classmethod
    def of(cls, scores: Mapping[int | None, int]) -> Counts:
        return cls(tuple(int(scores.get(s, 0)) for s in SCALE), int(scores.get(None, 0)))  # type: ignore[arg-type]

    @property
    def applicable(self) -> int:
        return sum(self.by_score)

    @property
    def total(self) -> int:
        return self.applicable + self.not_applicable

    @property
    def agreeing(self) -> int:
        return self.by_score[2] + self.by_score[3]

    @property
    def share_agreeing(self) -> float | None:
        return self.agreeing / self.applicable if self.applicable else None

    @property
    def median(self) -> float | None:
        """The median of the applicable answers (the mean of the middle two for an even count)."""
        if not self.applicable:
            return None
        values = [score for score, n in zip(SCALE, self.by_score, strict=True) for _ in range(n)]
        return float(statistics.median(values))

    def __add__(self, other: Counts) -> Counts:
        summed = tuple(a + b for a, b in zip(self.by_score, other.by_score, strict=True))
        return Counts(summed, self.not_applicable + other.not_applicable)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, Any]:
        share = self.share_agreeing
        return {
            "counts": {"1": self.by_score[0], "2": self.by_score[1], "3": self.by_score[2], "4": self.by_score[3]},
            "not_applicable": self.not_applicable,
            "applicable": self.applicable,
            "agreeing": self.agreeing,
            "share_agreeing": None if share is None else round(share, 4),
        }


@dataclass(frozen=True, slots=True)
class Confidence:
    level: str  # none, very_low, low, fair, solid
    text: str


def expert_confidence(reviewers: int) -> Confidence:
    """See `CONFIDENCE_RULE_EXPERTS`."""
    if reviewers <= 0:
        return Confidence("none", "geen gegevens")
    if reviewers == 1:
        return Confidence("very_low", "zeer onzeker: één beoordelaar")
    words = f"{reviewers} beoordelaars"
    if reviewers <= 3:
        return Confidence("low", f"onzeker: {words}")
    if reviewers <= 6:
        return Confidence("fair", f"redelijk: {words}")
    return Confidence("solid", f"stevig: {words}")


def teacher_confidence(n: int) -> Confidence:
    """See `CONFIDENCE_RULE_TEACHERS`."""
    if n <= 0:
        return Confidence("none", "geen gegevens")
    words = "één ervaring" if n == 1 else f"{n} ervaringen"
    if n < 5:
        return Confidence("very_low", f"zeer onzeker: {words}")
    if n < 20:
        return Confidence("low", f"onzeker: {words}")
    if n < 50:
        return Confidence("fair", f"redelijk: {words}")
    return Confidence("solid", f"stevig: {words}")


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    id: int
    code: str
    statement: str
    gateway: bool = False
    subject: str = ""


@dataclass(frozen=True, slots=True)
class TopicSpec:
    id: int
    code: str
    name: str
    criteria: tuple[CriterionSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class FrameworkSpec:
    version: str
    topics: tuple[TopicSpec, ...]
    gateway_name: str = ""
    pass_at: int | None = None

    @property
    def gateway_criteria(self) -> tuple[CriterionSpec, ...]:
        return tuple(c for t in self.topics for c in t.criteria if c.gateway)

    @property
    def has_gateway(self) -> bool:
        return self.pass_at is not None and bool(self.gateway_criteria)


@dataclass(slots=True)
class ProductData:
    """What the database aggregates for one product (all counts; no rows)."""

    reviews: int = 0  # submitted expert reviews of this framework version
    experiences: int = 0  # visible experiences of this framework version
    verified_experiences: int = 0
    demo: bool = False  # some of the counted reviews or experiences are demo data
    answers: dict[int, Counts] = field(default_factory=dict)  # criterion id -> counts
    teachers: dict[int, Counts] = field(default_factory=dict)  # topic id -> counts (all visible experiences)
    verified: dict[int, Counts] = field(default_factory=dict)  # topic id -> counts (verified use only)

    @property
    def empty(self) -> bool:
        return self.reviews == 0 and self.experiences == 0


@dataclass(frozen=True, slots=True)
class Gateway:
    state: str
    medians: tuple[tuple[str, float | None], ...]  # (criterion code, median or None = no applicable answer)


def gateway(spec: FrameworkSpec, data: ProductData) -> Gateway:
    """See the module docstring and `GATEWAY_RULE`."""
    medians = tuple((c.code, data.answers.get(c.id, Counts()).median) for c in spec.gateway_criteria)
    if not spec.has_gateway or data.reviews == 0:
        return Gateway(UNKNOWN, medians)
    pass_at = spec.pass_at or 0
    known = [m for _code, m in medians if m is not None]
    if any(m < pass_at for m in known):
        return Gateway(FAILED, medians)
    return Gateway(PASSED if known else UNKNOWN, medians)


def build(spec: FrameworkSpec, data: ProductData) -> dict[str, Any]:
    """The stored profile (JSON) of one product: everything a page or the API shows, with its parts."""
    gate = gateway(spec, data)
    topics = []
    all_answers = Counts()
    for topic in spec.topics:
        criteria = []
        topic_answers = Counts()
        reviewers = 0
        for criterion in topic.criteria:
            counts = data.answers.get(criterion.id, Counts())
            topic_answers = topic_answers + counts
            # n counts scores 1-4 only (N_RULE): the reviewers who gave the topic a score are counted as the most
            # scores any one of its criteria has ("niet van toepassing" stands apart, in `not_applicable`).
            reviewers = max(reviewers, counts.applicable)
            median = counts.median
            criteria.append(
                {
                    "code": criterion.code,
                    "statement": criterion.statement,
                    "subject": criterion.subject,
                    "gateway": criterion.gateway,
                    "answers": counts.applicable,
                    "median": median,
                    **counts.as_dict(),
                }
            )
        all_answers = all_answers + topic_answers
        teachers = data.teachers.get(topic.id, Counts())
        verified = data.verified.get(topic.id, Counts())
        in_gateway = any(c.gateway for c in topic.criteria)
        expert_conf = expert_confidence(reviewers)
        teacher_conf = teacher_confidence(teachers.applicable)
        topics.append(
            {
                "code": topic.code,
                "name": topic.name,
                "gateway": in_gateway,
                "counts_toward": gate.state != FAILED or in_gateway,
                "experts": {
                    "reviewers": reviewers,
                    "answers": topic_answers.applicable,
                    **topic_answers.as_dict(),
                    "confidence": expert_conf.level,
                    "confidence_text": expert_conf.text,
                },
                "teachers": {
                    "experiences": teachers.applicable,
                    **teachers.as_dict(),
                    "confidence": teacher_conf.level,
                    "confidence_text": teacher_conf.text,
                },
                "verified": {"experiences": verified.applicable, **verified.as_dict()},
                "criteria": criteria,
            }
        )
    return {
        "framework": spec.version,
        "expert_reviews": data.reviews,
        "experiences": data.experiences,
        "verified_experiences": data.verified_experiences,
        "demo": data.demo,
        "gateway": {
            "name": spec.gateway_name,
            "applies": spec.has_gateway,
            "pass_at": spec.pass_at,
            "state": gate.state,
            "medians": [{"code": code, "median": median} for code, median in gate.medians],
        },
        "experts_overall": all_answers.as_dict(),
        "sort_value": sort_value(data.reviews, gate.state, all_answers, gateway_applies=spec.has_gateway),
        "topics": topics,
    }


STORED_FORMAT = 1


def compact(spec: FrameworkSpec, data: ProductData) -> dict[str, Any]:
    """The counts of one product as stored (`QualityProfile.topics`): `{"format": 1, "counts": [...]}` with, in the
    order of the version's topics, the teacher counts and then the verified-use counts ([n1, n2, n3, n4, n.v.t.]
    each), followed by the expert counts of every criterion in the version's order (topic by topic). One flat list
    of integers: writing ten thousand of them is fast, and a version never changes its topics or criteria. Derived
    figures (shares, medians, confidence) are computed again when shown (`build`)."""
    counts: list[int] = []
    for topic in spec.topics:
        counts += _list(data.teachers.get(topic.id, Counts())) + _list(data.verified.get(topic.id, Counts()))
    for topic in spec.topics:
        for criterion in topic.criteria:
            counts += _list(data.answers.get(criterion.id, Counts()))
    return {"format": STORED_FORMAT, "counts": counts}


def stored_length(spec: FrameworkSpec) -> int:
    return 10 * len(spec.topics) + 5 * sum(len(t.criteria) for t in spec.topics)


def from_compact(
    spec: FrameworkSpec,
    stored: Any,
    *,
    reviews: int,
    experiences: int,
    verified_experiences: int,
    demo: bool,
) -> ProductData:
    """The inverse of `compact`; a stored row of another shape reads as no counts (a refresh writes it again)."""
    data = ProductData(reviews, experiences, verified_experiences, demo)
    counts = stored.get("counts") if isinstance(stored, dict) and stored.get("format") == STORED_FORMAT else None
    if not isinstance(counts, list) or len(counts) != stored_length(spec):
        return data
    at = 0
    for topic in spec.topics:
        teachers, verified = _counts(counts[at : at + 5]), _counts(counts[at + 5 : at + 10])
        at += 10
        if teachers.total:
            data.teachers[topic.id] = teachers
        if verified.total:
            data.verified[topic.id] = verified
    for topic in spec.topics:
        for criterion in topic.criteria:
            answers = _counts(counts[at : at + 5])
            at += 5
            if answers.total:
                data.answers[criterion.id] = answers
    return data


def _list(counts: Counts) -> list[int]:
    return [*counts.by_score, counts.not_applicable]


def _counts(raw: Any) -> Counts:
    values = [int(v) for v in raw] if isinstance(raw, list) and len(raw) == 5 else [0] * 5
    return Counts((values[0], values[1], values[2], values[3]), values[4])


def overall(spec: FrameworkSpec, data: ProductData) -> Counts:
    """All expert answers of the product over every topic."""
    total = Counts()
    for topic in spec.topics:
        for criterion in topic.criteria:
            total = total + data.answers.get(criterion.id, Counts())
    return total


def sort_value(reviews: int, gateway_state: str, answers: Counts, *, gateway_applies: bool = True) -> int | None:
    """See `SORT_RULE`: the share agreeing times 1000 (0..1000), or None."""
    if reviews < MIN_REVIEWERS_FOR_SORT or (gateway_applies and gateway_state != PASSED):
        return None
    share = answers.share_agreeing
    return None if share is None else round(share * 1000)


def facet_values(reviews: int, gateway_state: str, experiences: int, verified: int) -> list[str]:
    """The search facet values of a product (see `FACET_LABELS`)."""
    values = []
    if reviews >= MIN_REVIEWERS_FOR_SORT:
        values.append(FACET_REVIEWED)
    if gateway_state == PASSED:
        values.append(FACET_GATEWAY)
    if experiences > 0:
        values.append(FACET_EXPERIENCES)
    if verified > 0:
        values.append(FACET_VERIFIED)
    return values


NOT_APPLICABLE_CODE = 5
SLOTS_PER_WORD = 21  # 3 bits each in a signed 64-bit integer


# --- the small bar chart beside each table (server-rendered SVG; the table holds the same numbers) ---------------

BAR_WIDTH = 160
BAR_COLOURS = (  # a diverging blue-red scale (readable with colour blindness); n.v.t. grey
    ("1", "1 helemaal oneens", "#b2182b"),
    ("2", "2 deels oneens", "#ef8a62"),
    ("3", "3 deels eens", "#67a9cf"),
    ("4", "4 helemaal eens", "#2166ac"),
    ("nvt", "niet van toepassing", "#bdbdbd"),
)


def bar(part: Mapping[str, Any], width: int = BAR_WIDTH) -> list[dict[str, Any]]:
    """Segments (x, width in whole pixels, colour, label, count) of one distribution (`Counts.as_dict` shape);
    empty when there is nothing to draw. Rounded cumulatively, so the segments fill the bar exactly."""
    values = [int(part["counts"][k]) for k in ("1", "2", "3", "4")] + [int(part["not_applicable"])]
    total = sum(values)
    if not total:
        return []
    segments = []
    done = 0
    for (key_, label, colour), count in zip(BAR_COLOURS, values, strict=True):
        start = round(done * width / total)
        done += count
        end = round(done * width / total)
        if end > start:
            segments.append({"key": key_, "label": label, "count": count, "x": start, "width": end - start,
                             "fill": colour})  # fmt: skip
    return segments


# --- the same rules over many products at once (recompute: arrays from the aggregate queries) ----------------------
# hist arrays hold per product and slot the counts of codes 0..5 (0 no answer, 1..4 the score, 5 n.v.t.).


def medians(hist: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The median score per (..., slot) of `hist` (..., 6) as `Counts.median` computes it; NaN without answers."""
    scores = hist[..., 1:5]
    n = scores.sum(axis=-1)
    cum = np.cumsum(scores, axis=-1)
    low_at = np.maximum((n - 1) // 2, 0)[..., None]
    high_at = (n // 2)[..., None]
    low = 1 + (cum <= low_at).sum(axis=-1)
    high = 1 + (cum <= high_at).sum(axis=-1)
    result: npt.NDArray[np.float64] = np.where(n > 0, (low + high) / 2, np.nan)
    return result


def gateway_states(spec: FrameworkSpec, answers: npt.NDArray[np.int64], reviews: npt.NDArray[np.int64]) -> list[str]:
    """`gateway` for every product: `answers` (products, criteria of `spec` in order, 6), `reviews` (products,)."""
    slots = [i for i, c in enumerate(c for t in spec.topics for c in t.criteria) if c.gateway]
    if not spec.has_gateway or not slots:
        return [UNKNOWN] * len(reviews)
    found = medians(answers[:, slots, :])
    known = ~np.isnan(found)
    failed: list[bool] = np.asarray(
        (known & (np.nan_to_num(found, nan=99.0) < (spec.pass_at or 0))).any(axis=1)
    ).tolist()
    passed: list[bool] = np.asarray(known.any(axis=1)).tolist()
    return [
        UNKNOWN if r == 0 else FAILED if f else PASSED if p else UNKNOWN
        for r, f, p in zip(reviews.tolist(), failed, passed, strict=True)
    ]


def sort_values(
    spec: FrameworkSpec, answers: npt.NDArray[np.int64], reviews: npt.NDArray[np.int64], states: Sequence[str]
) -> list[int | None]:
    """`sort_value` for every product (see `SORT_RULE`)."""
    applicable = answers[:, :, 1:5].sum(axis=(1, 2))
    agreeing = answers[:, :, 3:5].sum(axis=(1, 2))
    values: list[int | None] = []
    for r, state, a, g in zip(reviews.tolist(), states, applicable.tolist(), agreeing.tolist(), strict=True):
        if r < MIN_REVIEWERS_FOR_SORT or (spec.has_gateway and state != PASSED) or not a:
            values.append(None)
        else:
            values.append(round(g / a * 1000))
    return values


def compact_many(
    spec: FrameworkSpec,
    answers: npt.NDArray[np.int64],
    teachers: npt.NDArray[np.int64],
    verified: npt.NDArray[np.int64],
) -> list[dict[str, Any]]:
    """`compact` for every product, from the arrays (the same JSON as `compact` of one `ProductData`)."""
    products = answers.shape[0]
    per_topic = np.concatenate([teachers[:, :, 1:], verified[:, :, 1:]], axis=2).reshape(products, -1)
    flat = np.concatenate([per_topic, answers[:, :, 1:].reshape(products, -1)], axis=1)
    return [{"format": STORED_FORMAT, "counts": row} for row in flat.tolist()]
