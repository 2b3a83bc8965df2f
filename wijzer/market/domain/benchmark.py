"""Cost per pupil of a school's set against the indexed €340 benchmark (W7, issue 15 §4).

Cost per pupil per year = sum over the set's products of (price per pupil per school year incl. VAT x pupils using
it) / the school's pupil total, in cents, rounded half up. The benchmark is the €340 per VO pupil per year at the
2023 price level (Kennisnet 2023, facts.md §2.2), indexed by the CBS CPI: 340 x CPI(Y) / CPI(2023), rounded to
cents half up. There is no published figure for po, so, for a sector without one, the cost is shown without a
comparison and the page says why.

A line cannot have more pupils than the school: a product is used by some of the school's own pupils, so a larger
number is a typing error, refused with a Dutch message (as are a total of 0 and negative numbers). A product
without a per-pupil price is left out of the sum and named in the explanation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BENCHMARK_CENTS = 34_000
BENCHMARK_YEAR = 2023
BENCHMARK_SECTORS = frozenset({"vo"})
CENT = Decimal(1)
RATIO_PLACES = Decimal("0.1")


class SchoolCostError(ValueError):
    """Input for a school's cost that cannot be right; the message (Dutch) says what to fix."""


@dataclass(frozen=True, slots=True)
class CostLine:
    label: str  # the product's name, for messages
    price_cents: int | None  # per pupil per school year incl. VAT; None = no per-pupil figure
    pupils: int  # the school's pupils using it


@dataclass(frozen=True, slots=True)
class SchoolCost:
    year: int
    pupils_total: int
    total_cents: int  # the whole set for a year
    per_pupil_cents: int
    benchmark_cents: int | None  # None: no benchmark for the sector, or no CPI for the year
    percent_of_benchmark: Decimal | None  # one decimal
    lines_counted: int
    lines_without_price: tuple[str, ...]
    explanation: tuple[str, ...]  # Dutch, one sentence a line


def euro(cents: int | Decimal) -> str:
    """Dutch notation: € 1.234,56."""
    value = Decimal(cents) / 100
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def _number(value: Decimal | float | str) -> str:
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def indexed_benchmark_cents(
    year: int,
    cpi: Mapping[int, Decimal | float | str],
    *,
    amount_cents: int = BENCHMARK_CENTS,
    level_year: int = BENCHMARK_YEAR,
) -> int | None:
    """The budget per pupil (default €340 at the 2023 price level; the reference series gives the amount and its
    price level) in year Y's prices: amount x CPI(Y) / CPI(level year); None without those CPI figures."""
    if year not in cpi or level_year not in cpi:
        return None
    ratio = Decimal(str(cpi[year])) / Decimal(str(cpi[level_year]))
    return int((amount_cents * ratio).quantize(CENT, rounding=ROUND_HALF_UP))


def school_cost(
    lines: Sequence[CostLine],
    pupils_total: int,
    year: int,
    cpi: Mapping[int, Decimal | float | str],
    *,
    sector: str = "vo",
    amount_cents: int | None = BENCHMARK_CENTS,
    level_year: int = BENCHMARK_YEAR,
) -> SchoolCost:
    """The cost per pupil per year of a set and its ratio to the indexed benchmark, with a Dutch explanation."""
    _check(lines, pupils_total)
    counted = [line for line in lines if line.price_cents is not None]
    missing = tuple(line.label for line in lines if line.price_cents is None)
    total = sum((line.price_cents or 0) * line.pupils for line in counted)
    per_pupil = int((Decimal(total) / pupils_total).quantize(CENT, rounding=ROUND_HALF_UP))
    explanation = [
        "Kosten per leerling per jaar = de som van (prijs per leerling per schooljaar incl. btw × aantal leerlingen "
        "dat het product gebruikt), gedeeld door het aantal leerlingen van de school.",
        f"{len(counted)} {'product' if len(counted) == 1 else 'producten'}: samen {euro(total)} per jaar voor "
        f"{pupils_total} leerlingen = {euro(per_pupil)} per leerling.",
    ]
    if missing:
        explanation.append(f"Zonder prijs per leerling, niet meegeteld: {', '.join(missing)}.")
    benchmark = (
        indexed_benchmark_cents(year, cpi, amount_cents=amount_cents, level_year=level_year)
        if sector in BENCHMARK_SECTORS and amount_cents is not None
        else None
    )
    percent = None
    if sector not in BENCHMARK_SECTORS:
        explanation.append(
            f"Voor deze sector ({sector}) is geen bedrag per leerling gepubliceerd; er is daarom geen vergelijking."
        )
    elif amount_cents is None:
        explanation.append("Het budget per vo-leerling is niet bekend (de reeks ontbreekt): geen vergelijking.")
    elif benchmark is None:
        explanation.append(f"Geen CPI voor {year} of {level_year}: de norm kan niet naar {year} worden omgerekend.")
    else:
        percent = (Decimal(100 * per_pupil) / benchmark).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
        explanation += [
            f"Norm: {euro(amount_cents)} per vo-leerling per jaar (prijspeil {level_year}), omgerekend met de "
            f"CPI naar {year}: {euro(amount_cents)} × {_number(cpi[year])} / {_number(cpi[level_year])} = "
            f"{euro(benchmark)}.",
            f"De kosten zijn {str(percent).replace('.', ',')} % van de norm.",
        ]
    return SchoolCost(
        year, pupils_total, total, per_pupil, benchmark, percent, len(counted), missing, tuple(explanation)
    )


def _check(lines: Sequence[CostLine], pupils_total: int) -> None:
    if pupils_total <= 0:
        raise SchoolCostError("Het aantal leerlingen van de school moet groter zijn dan 0.")
    for line in lines:
        if line.pupils < 0:
            raise SchoolCostError(f"Het aantal leerlingen bij ‘{line.label}’ kan niet negatief zijn.")
        if line.pupils > pupils_total:
            raise SchoolCostError(
                f"‘{line.label}’ wordt gebruikt door {line.pupils} leerlingen, meer dan de {pupils_total} leerlingen "
                "van de school. Verlaag het aantal bij dit product of verhoog het aantal leerlingen van de school."
            )
        if line.price_cents is not None and line.price_cents < 0:
            raise SchoolCostError(f"De prijs bij ‘{line.label}’ kan niet negatief zijn.")
