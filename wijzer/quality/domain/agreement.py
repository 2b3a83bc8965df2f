"""Agreement between expert reviewers (W6 §2): Krippendorff's alpha per topic, ordinal, with n and a warning.

For one product and one topic the reliability data are a table with a row per reviewer (the coders) and a column
per criterion of the topic (the units); a cell holds the reviewer's score 1..4, or nothing when the reviewer
answered "niet van toepassing" or did not see the criterion (another subject extension). Alpha is
`1 - D_o / D_e`: the disagreement observed between reviewers on the same criterion, against the disagreement
expected when the same scores were handed out at random. Only *pairable* values count: a value in a column with at
least one other value. The level of measurement is ordinal (the scale is ordered, but "deels oneens" to "deels
eens" is not known to be the same distance as "helemaal oneens" to "deels oneens"); the distance between two
scores grows with how many of all given scores lie between them (Krippendorff 2011, "Computing Krippendorff's
Alpha-Reliability", ordinal metric). The computation itself is the `krippendorff` library's.

Krippendorff's reading: alpha >= 0.800 reliable, >= 0.667 only for tentative conclusions, below that not reliable.
With fewer than two reviewers there is no alpha; with fewer than three reviewers or fewer than ten pairable values
the alpha is shown with a warning that it rests on too little data; without any variation in the pairable values
alpha is undefined (0/0) and said to be so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import krippendorff
import numpy as np

SCALE = (1, 2, 3, 4)
LEVEL: Final = "ordinal"
RELIABLE = 0.800
TENTATIVE = 0.667
MIN_REVIEWERS = 2  # below this: no alpha
SOLID_REVIEWERS = 3  # below this (or below SOLID_VALUES pairable values): alpha with a warning
SOLID_VALUES = 10


class Reading(StrEnum):
    """Krippendorff's own reading of an alpha (or why there is none)."""

    RELIABLE = "reliable"
    TENTATIVE = "tentative"
    UNRELIABLE = "unreliable"
    UNDEFINED = "undefined"  # no variation, or nothing pairable
    TOO_FEW = "too_few_reviewers"


READING_LABELS: Mapping[Reading, str] = {
    Reading.RELIABLE: "Betrouwbare overeenstemming (alpha ≥ 0,800)",
    Reading.TENTATIVE: "Voorlopige overeenstemming (alpha ≥ 0,667): alleen voor voorzichtige conclusies",
    Reading.UNRELIABLE: "Onvoldoende overeenstemming (alpha < 0,667): de beoordelaars verschillen te veel",
    Reading.UNDEFINED: "Alpha is niet te berekenen",
    Reading.TOO_FEW: "Geen alpha: te weinig beoordelaars",
}

TOO_FEW_REVIEWERS = "Te weinig beoordelaars: overeenstemming is pas te berekenen met minstens twee beoordelaars."
NOTHING_PAIRABLE = (
    "Niet te berekenen: geen criterium van dit onderwerp kreeg van minstens twee beoordelaars een score "
    "(‘Niet van toepassing’ telt niet mee)."
)
NO_VARIATION = (
    "Niet te berekenen: alle vergelijkbare scores zijn gelijk (geen variatie). De beoordelaars gaven hier "
    "hetzelfde oordeel, maar alpha kan dan niet laten zien of dat meer is dan toeval."
)


def little_data(reviewers: int, pairable: int) -> str:
    return (
        f"Onbetrouwbaar: te weinig gegevens ({reviewers} beoordelaars, {pairable} vergelijkbare scores; "
        f"pas vanaf {SOLID_REVIEWERS} beoordelaars en {SOLID_VALUES} vergelijkbare scores zegt alpha iets)."
    )


@dataclass(frozen=True, slots=True)
class TopicAgreement:
    """The agreement on one topic, with everything needed to explain it."""

    topic: str
    alpha: float | None
    reviewers: int  # reviewers (coders) whose submitted reviews were compared
    pairable_values: int  # scores in a criterion that at least one other reviewer also scored
    units: int  # criteria of the topic with at least two scores
    reading: Reading
    warning: str = ""
    distribution: Mapping[int, int] = field(default_factory=dict)  # pairable scores per point of the scale
    level: str = LEVEL

    @property
    def label(self) -> str:
        return READING_LABELS[self.reading]


def ordinal_alpha(table: Sequence[Sequence[int | None]], scale: Sequence[int] = SCALE) -> float | None:
    """Krippendorff's alpha, ordinal, of a table with one row per coder and one column per unit (None: missing).

    None when it is undefined: no pairable values, or a single value throughout."""
    pairable = _pairable(table)
    if len(set(pairable)) < 2:
        return None
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in table], dtype=float)
    value = float(krippendorff.alpha(reliability_data=data, value_domain=list(scale), level_of_measurement="ordinal"))
    return None if math.isnan(value) else value


def _pairable(table: Sequence[Sequence[int | None]]) -> list[int]:
    """The values of every column (unit) that holds at least two values."""
    units = len(table[0]) if table else 0
    found: list[int] = []
    for column in range(units):
        values = [row[column] for row in table if row[column] is not None]
        if len(values) >= 2:
            found.extend(v for v in values if v is not None)
    return found


def topic_agreement(
    topic: str, units: Sequence[str], ratings: Sequence[Mapping[str, int | None]], scale: Sequence[int] = SCALE
) -> TopicAgreement:
    """The agreement on `topic` between reviewers: `ratings` holds per reviewer a score per criterion code (None or
    a missing code: no score); `units` are the criterion codes of the topic."""
    reviewers = len(ratings)
    table = [[rating.get(code) for code in units] for rating in ratings]
    pairable = _pairable(table) if reviewers >= MIN_REVIEWERS else []
    distribution = {point: Counter(pairable)[point] for point in scale}
    paired_units = sum(1 for column in range(len(units)) if sum(row[column] is not None for row in table) >= 2)

    def result(alpha: float | None, reading: Reading, warning: str) -> TopicAgreement:
        return TopicAgreement(
            topic=topic,
            alpha=alpha,
            reviewers=reviewers,
            pairable_values=len(pairable),
            units=paired_units,
            reading=reading,
            warning=warning,
            distribution=distribution,
        )

    if reviewers < MIN_REVIEWERS:
        return result(None, Reading.TOO_FEW, TOO_FEW_REVIEWERS)
    if not pairable:
        return result(None, Reading.UNDEFINED, NOTHING_PAIRABLE)
    alpha = ordinal_alpha(table, scale)
    if alpha is None:
        return result(None, Reading.UNDEFINED, NO_VARIATION)
    if alpha >= RELIABLE:
        reading = Reading.RELIABLE
    elif alpha >= TENTATIVE:
        reading = Reading.TENTATIVE
    else:
        reading = Reading.UNRELIABLE
    thin = reviewers < SOLID_REVIEWERS or len(pairable) < SOLID_VALUES
    return result(alpha, reading, little_data(reviewers, len(pairable)) if thin else "")
