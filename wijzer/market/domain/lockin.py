"""Lock-in indicators per product and publisher, and their composite (W7, issue 15 §7).

Seven indicators, each True (locks the school in), False (open) or None (unknown). The composite is 100 x the mean
of the known indicators, shown with how many are known ("k van 7 bekend"); with none known there is no composite.
A publisher's figure is the mean of the composites of its products that have one, with their number.

Where the facts come from (design W7): open-standard and export support are declared by the product's owner
organisation (its publisher editor) or read from feed fields where the formats carry them, never taken from what a
feed says about its own rights; "only as a bundle" is the catalogue's `for_sale` False; the licence term from the
price lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from .facts import Floats, Ints, count_by, sum_by

P = TypeVar("P", bound=Hashable)

ONE_SCHOOL_YEAR_MONTHS = 12


class Indicator(StrEnum):
    NO_EDUV = "no_eduv"
    NO_ECK = "no_eck"
    NO_LTI = "no_lti"
    NO_EXPORT = "no_export"
    BUNDLE_ONLY = "bundle_only"
    LONG_TERM = "long_term"
    SWITCHING = "switching"


LABELS: Mapping[Indicator, str] = {
    Indicator.NO_EDUV: "Geen ondersteuning van Edu-V",
    Indicator.NO_ECK: "Geen ondersteuning van ECK (Educatieve Contentketen)",
    Indicator.NO_LTI: "Geen LTI (koppeling met een leeromgeving)",
    Indicator.NO_EXPORT: "Geen export van leerlinggegevens en resultaten",
    Indicator.BUNDLE_ONLY: "Alleen in een pakket te koop (koppelverkoop)",
    Indicator.LONG_TERM: "Licentie langer dan één schooljaar",
    Indicator.SWITCHING: "Overstappen kost extra (benadering)",
}

FORMULA = """\
Afhankelijkheidsscore (0 tot 100)

Per product kijken we naar zeven kenmerken. Elk kenmerk telt als 1 als het de school vastlegt, als 0 als het open \
is, en telt niet mee als het onbekend is:
1. geen ondersteuning van Edu-V;
2. geen ondersteuning van ECK;
3. geen LTI;
4. geen export van leerlinggegevens en resultaten;
5. alleen in een pakket te koop (koppelverkoop);
6. een licentie die langer loopt dan één schooljaar;
7. overstappen kost extra (een benadering: 1 als de uitgever opgaf dat export niet kan én de catalogus geen \
proefversie of inkijkexemplaar noemt; 0 als export kan of er een proefversie is; anders onbekend).

Score = 100 × (aantal kenmerken dat vastlegt) / (aantal bekende kenmerken). Naast de score staat "k van 7 bekend". \
Zijn er geen bekende kenmerken, dan is er geen score. Voorbeeld: Edu-V ja (0), ECK nee (1), LTI onbekend, export ja \
(0), los te koop (0), licentie van één jaar (0), overstappen onbekend: 5 van 7 bekend, score = 100 × 1 / 5 = 20.

Per uitgever: het gemiddelde van de scores van zijn producten die een score hebben, met het aantal producten.

De gegevens over open standaarden en export geeft de eigenaar van het product op (of ze komen uit velden van de \
aanlevering die daarvoor bedoeld zijn); "alleen in een pakket" en de looptijd komen uit de catalogus."""


@dataclass(frozen=True, slots=True)
class LockIn:
    """The seven indicators of one product: True = locks in, False = open, None = unknown."""

    no_eduv: bool | None = None
    no_eck: bool | None = None
    no_lti: bool | None = None
    no_export: bool | None = None
    bundle_only: bool | None = None
    long_term: bool | None = None
    switching: bool | None = None

    @classmethod
    def from_support(
        cls,
        *,
        supports_eduv: bool | None = None,
        supports_eck: bool | None = None,
        supports_lti: bool | None = None,
        data_export: bool | None = None,
        for_sale: bool | None = None,
        licence_months: int | None = None,
        switching_costs: bool | None = None,
    ) -> LockIn:
        """From what a product supports (True = supported, the opposite of locking in) and catalogue facts."""
        return cls(
            no_eduv=_negate(supports_eduv),
            no_eck=_negate(supports_eck),
            no_lti=_negate(supports_lti),
            no_export=_negate(data_export),
            bundle_only=_negate(for_sale),
            long_term=None if licence_months is None else licence_months > ONE_SCHOOL_YEAR_MONTHS,
            switching=switching_costs,
        )

    def items(self) -> tuple[tuple[Indicator, bool | None], ...]:
        return tuple((Indicator(f.name), getattr(self, f.name)) for f in fields(self))


def _negate(value: bool | None) -> bool | None:
    return None if value is None else not value


@dataclass(frozen=True, slots=True)
class Contribution:
    indicator: Indicator
    label: str
    value: bool | None  # True = locks in
    points: float | None  # what this indicator adds to the score (100 / k when it locks in, else 0); None = unknown


@dataclass(frozen=True, slots=True)
class Composite:
    score: float | None  # 0..100; None when no indicator is known
    known: int
    total: int
    contributions: tuple[Contribution, ...]

    @property
    def known_text(self) -> str:
        return f"{self.known} van {self.total} bekend"


def composite(lockin: LockIn) -> Composite:
    """Score = 100 x the mean of the known indicators (see `FORMULA`)."""
    items = lockin.items()
    known = [value for _, value in items if value is not None]
    each = 100 / len(known) if known else None
    contributions = tuple(
        Contribution(indicator, LABELS[indicator], value, None if value is None or each is None else each * value)
        for indicator, value in items
    )
    score = 100 * sum(known) / len(known) if known else None
    return Composite(score, len(known), len(items), contributions)


@dataclass(frozen=True, slots=True)
class PublisherLockIn:
    score: float | None  # mean of the product composites; None when no product has one
    n: int  # products with a composite
    n_products: int


def publisher_composites(products: Iterable[tuple[P, LockIn]]) -> dict[P, PublisherLockIn]:
    """Per publisher the mean composite of its products that have one."""
    scores: dict[P, list[float]] = defaultdict(list)
    counts: dict[P, int] = defaultdict(int)
    for publisher, lockin in products:
        counts[publisher] += 1
        score = composite(lockin).score
        if score is not None:
            scores[publisher].append(score)
    return {
        publisher: PublisherLockIn(
            sum(scores[publisher]) / len(scores[publisher]) if scores[publisher] else None, len(scores[publisher]), n
        )
        for publisher, n in counts.items()
    }


# Columnar form: one row per product, one column per indicator in `Indicator` order; 1 locks in, 0 open, -1 unknown.
UNKNOWN = -1


def indicator_matrix(rows: Iterable[LockIn]) -> NDArray[np.int8]:
    values = [[UNKNOWN if v is None else int(v) for _, v in row.items()] for row in rows]
    return np.array(values, dtype=np.int8).reshape(-1, len(Indicator))


def composite_scores(matrix: NDArray[np.int8]) -> tuple[Floats, Ints]:
    """Per row the composite score (NaN when nothing is known) and the number of known indicators."""
    known = (matrix != UNKNOWN).sum(axis=1).astype(np.int64)
    locks = (matrix == 1).sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * locks / known, known


def publisher_scores(publisher: Ints, score: Floats, n_publishers: int) -> tuple[Floats, Ints]:
    """Per publisher code (0..n_publishers-1) the mean of the products' scores that are not NaN, and their number."""
    has = ~np.isnan(score)
    n = count_by(publisher[has], n_publishers)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sum_by(publisher[has], score[has], n_publishers) / n, n
