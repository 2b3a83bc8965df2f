"""The quality side of the choice support (W8): per product one value for the ranking and the accessibility fact,
read from the stored quality profiles in one query (nothing is recomputed).

- quality value: the share of 'eens' (3 or 4) among all applicable answers of the expert reviews and the teachers'
  experience scores together, of the framework version the profile was computed with; a product whose gateway
  failed gets 0 (its topics do not count, W6); without any answer it has no value (unknown).
- accessible: the median of the expert answers on the criteria of the topic "Toegankelijkheid" is 3 or more;
  unknown without expert answers on that topic.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from wijzer.core.text import fold

from .actions.profiles import framework_spec
from .constants import GatewayState
from .domain import profile as rules
from .models import QualityProfile

ACCESSIBILITY_TOPIC = "toegankelijkheid"
ACCESSIBLE_FROM = 3


@dataclass(frozen=True, slots=True)
class QualityFacts:
    value: float | None  # 0..1; None = unknown
    evidence: str  # Dutch
    accessible: bool | None  # None = unknown
    accessible_evidence: str
    is_demo: bool


def _share(part: float) -> str:
    return f"{round(part * 100)} %"


def quality_facts(product_pks: Collection[int]) -> dict[int, QualityFacts]:
    """Product pk -> its quality value and accessibility; products without a profile are absent (unknown)."""
    if not product_pks:
        return {}
    rows = QualityProfile.objects.filter(product_id__in=list(product_pks)).select_related("framework")
    found: dict[int, QualityFacts] = {}
    for stored in rows:
        spec = framework_spec(stored.framework)
        data = rules.from_compact(
            spec,
            stored.topics,
            reviews=stored.expert_reviews,
            experiences=stored.experiences,
            verified_experiences=stored.verified_experiences,
            demo=stored.is_demo,
        )
        experts = rules.overall(spec, data)
        teachers = rules.Counts()
        for counts in data.teachers.values():
            teachers = teachers + counts
        both = experts + teachers
        if stored.gateway == GatewayState.FAILED:
            value: float | None = 0.0
            evidence = f"de poort van het kwaliteitskader ({spec.version}) is niet gehaald: telt als 0"
        elif both.applicable:
            value = both.agreeing / both.applicable
            evidence = (
                f"{_share(value)} ‘eens’ van {both.applicable} antwoorden: {stored.expert_reviews} "
                f"expertbeoordeling(en) en {stored.experiences} ervaring(en) van leraren (kader {spec.version})"
            )
        else:
            value, evidence = None, "nog geen beoordelingen of ervaringen met scores"
        topic = next((t for t in spec.topics if fold(t.name) == ACCESSIBILITY_TOPIC), None)
        accessible: bool | None = None
        accessible_evidence = "onbekend: geen expertoordeel over toegankelijkheid"
        if topic is not None:
            answers = rules.Counts()
            for criterion in topic.criteria:
                answers = answers + data.answers.get(criterion.id, rules.Counts())
            median = answers.median
            if median is not None:
                accessible = median >= ACCESSIBLE_FROM
                verdict = "voldoet" if accessible else "voldoet niet"
                accessible_evidence = (
                    f"{verdict}: mediaan van de experts over toegankelijkheid is {median:g} (nodig: {ACCESSIBLE_FROM} "
                    f"of meer, {answers.applicable} antwoorden)".replace(".", ",")
                )
        found[stored.product_id] = QualityFacts(value, evidence, accessible, accessible_evidence, stored.is_demo)
    return found
