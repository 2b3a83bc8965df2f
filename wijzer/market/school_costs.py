"""Cost for a school (W7 §4): the cost per pupil per year of a school's set against the indexed €340 VO benchmark.

Every step is kept as a Dutch sentence, so the page and the API can show how each figure came about:

- the price per pupil per school year incl. VAT of each product in the latest year with price facts (the snapshot
  known at the end of that year, normalised by the catalogue), or the reason it has none;
- cost per pupil per year = sum(price x pupils using it) / pupils of the school, over the lines with a price;
- the benchmark: €340 per VO pupil at the 2023 price level, times CPI(Y) / CPI(2023) (CBS, 2015 = 100); the last
  known CPI year when Y has none yet. No benchmark for po (none is published) or when the reference series are
  not loaded: said, never invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone

from wijzer.accounts.service import Organisation
from wijzer.catalog.service import Product
from wijzer.quality.service import held_products

from .domain import benchmark as rules
from .models import PriceFact, ReferencePoint, ReferenceSeries, SchoolSet
from .service import ensure_fresh

CPI = "cpi"
BUDGET = "budget-vo-per-pupil"
BENCHMARK_SECTOR = "vo"
NO_FACTS = (
    "Er zijn nog geen prijsfeiten: de marktmonitor is nog niet ververst. Daarom staan er nog geen prijzen bij de set."
)
SECTOR_NAMES = {"po": "primair onderwijs", "vo": "voortgezet onderwijs", "so": "speciaal onderwijs", "vso": "vso"}


def euro(cents: int | Decimal | None) -> str:
    """€ 1.234,56 (Dutch notation); a dash for None."""
    if cents is None:
        return "–"
    value = Decimal(cents).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(int(value)), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class CostLine:
    product: Product
    pupils: int
    price_incl_cents: int | None  # per pupil per school year incl. VAT in the year of the costs
    price_excl_cents: int | None
    licence_incl_cents: int | None
    folio_incl_cents: int | None
    is_lifo: bool
    reason: str  # why there is no price per pupil ("" when there is one)

    @property
    def cost_cents(self) -> int | None:
        return None if self.price_incl_cents is None else self.price_incl_cents * self.pupils


@dataclass(frozen=True, slots=True)
class Benchmark:
    applies: bool  # a published benchmark exists for the set's sector
    amount_cents: int | None  # the indexed benchmark per pupil per year; None when it cannot be given
    message: str  # what the benchmark is, or why there is none (Dutch)
    steps: tuple[str, ...] = ()
    cpi_year: int | None = None
    price_level_year: int | None = None
    source: str = ""
    base_cents: int | None = None  # the budget at its own price level (the reference series)


@dataclass(frozen=True, slots=True)
class SchoolCosts:
    school: Organisation
    school_set: SchoolSet | None
    year: int | None
    lines: tuple[CostLine, ...]
    benchmark: Benchmark
    steps: tuple[str, ...]
    sectors: tuple[str, ...]
    suggestions: tuple[Product, ...] = field(default=())  # declared holdings not (yet) in the set
    cost: rules.SchoolCost | None = None  # the domain's figures; None without a set or without any priced line

    @property
    def pupils_total(self) -> int | None:
        return self.school_set.pupils_total if self.school_set is not None else None

    @property
    def total_cents(self) -> int | None:
        return self.cost.total_cents if self.cost is not None else None

    @property
    def per_pupil(self) -> Decimal | None:
        """Cost per pupil per year in cents, exact (the page shows it rounded half up to cents)."""
        if self.cost is None:
            return None
        return Decimal(self.cost.total_cents) / Decimal(self.cost.pupils_total)

    @property
    def per_pupil_cents(self) -> int | None:
        return self.cost.per_pupil_cents if self.cost is not None else None

    @property
    def percent_of_benchmark(self) -> Decimal | None:
        return self.cost.percent_of_benchmark if self.cost is not None else None

    @property
    def missing(self) -> tuple[CostLine, ...]:
        return tuple(line for line in self.lines if line.price_incl_cents is None)

    @property
    def difference_cents(self) -> int | None:
        """Cost per pupil minus the benchmark (positive: above the benchmark)."""
        if self.per_pupil_cents is None or self.benchmark.amount_cents is None:
            return None
        return self.per_pupil_cents - self.benchmark.amount_cents

    @property
    def difference_abs_cents(self) -> int | None:
        return None if self.difference_cents is None else abs(self.difference_cents)

    @property
    def is_demo(self) -> bool:
        return (self.school_set is not None and self.school_set.is_demo) or any(
            line.product.is_demo for line in self.lines
        )


# --- prices ----------------------------------------------------------------------------------------------------


def cost_year(today: datetime.date | None = None) -> int | None:
    """The year of the costs: the latest year with price facts, not after this year (None without facts)."""
    this_year = (today or timezone.localdate()).year
    found = PriceFact.objects.filter(year__lte=this_year).aggregate(latest=Max("year"))["latest"]
    return int(found) if found is not None else None


def _line(product: Product, pupils: int, fact: PriceFact | None, year: int) -> CostLine:
    if fact is None:
        reason = f"Geen prijs in {year}: het product stond toen niet (meer) met een prijs in de catalogus."
        return CostLine(product, pupils, None, None, None, None, False, reason)
    reason = "" if fact.per_pupil_incl_cents is not None else (fact.get_reason_display() or "Geen prijs bekend.")
    return CostLine(
        product,
        pupils,
        fact.per_pupil_incl_cents,
        fact.per_pupil_excl_cents,
        fact.licence_incl_cents,
        fact.folio_incl_cents,
        fact.is_lifo,
        reason,
    )


# --- the benchmark -------------------------------------------------------------------------------------------


def _points(code: str) -> dict[int, Decimal]:
    return dict(ReferencePoint.objects.filter(series__code=code).values_list("year", "value"))


def _sector_note(sectors: tuple[str, ...]) -> tuple[bool, str]:
    """Whether the VO benchmark applies to a set whose products declare `sectors`, and what to say about it."""
    if BENCHMARK_SECTOR in sectors:
        others = [SECTOR_NAMES.get(s, s) for s in sectors if s != BENCHMARK_SECTOR]
        note = (
            f" De set bevat ook producten voor {', '.join(others)}; de benchmark geldt alleen voor vo."
            if others
            else ""
        )
        return True, note
    if sectors and set(sectors) <= {"po"}:
        return False, (
            "Voor het primair onderwijs is geen benchmark voor leermiddelen per leerling gepubliceerd; Wijzer "
            "verzint er geen. De kosten per leerling staan hierboven zonder vergelijking."
        )
    if sectors:
        names = ", ".join(SECTOR_NAMES.get(s, s) for s in sectors)
        return (
            False,
            f"Voor {names} is geen benchmark voor leermiddelen per leerling gepubliceerd; Wijzer verzint er geen.",
        )
    return True, " De producten van de set noemen geen sector; de benchmark geldt voor het voortgezet onderwijs."


def benchmark_for(year: int | None, sectors: tuple[str, ...]) -> Benchmark:
    """€340 per VO pupil (2023 price level) x CPI(Y) / CPI(2023), with the steps; or why there is none."""
    applies, note = _sector_note(sectors)
    if not applies:
        return Benchmark(False, None, note)
    budget_series = ReferenceSeries.objects.filter(code=BUDGET).first()
    budget = _points(BUDGET)
    cpi = _points(CPI)
    if budget_series is None or not budget:
        return Benchmark(
            True, None, "De reeks met het budget per vo-leerling is nog niet ingelezen; daarom geen benchmark." + note
        )
    # The amount and its price level come from the reference series (a CSV update reaches the figure); the latest
    # point counts when there are several.
    level_year = max(budget)
    amount = Decimal(str(budget[level_year]))
    amount_cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    source = budget_series.source
    first = f"Benchmark: {euro(amount_cents)} per vo-leerling per jaar, prijspeil {level_year} ({source})."
    if not cpi:
        return Benchmark(
            True,
            None,
            "De CPI-reeks is nog niet ingelezen; daarom kan Wijzer de benchmark niet indexeren." + note,
            (first,),
            None,
            level_year,
            source,
        )
    if level_year not in cpi:
        return Benchmark(
            True,
            None,
            f"De CPI van {level_year} ontbreekt; daarom kan Wijzer de benchmark niet indexeren." + note,
            (first,),
            None,
            level_year,
            source,
        )
    target = year if year is not None else max(cpi)
    known = [y for y in cpi if y <= target]
    cpi_year = target if target in cpi else (max(known) if known else None)
    if cpi_year is None:
        return Benchmark(
            True,
            None,
            f"Er is geen CPI van {target} of eerder; daarom geen geïndexeerde benchmark." + note,
            (first,),
            None,
            level_year,
            source,
        )
    indexed = rules.indexed_benchmark_cents(cpi_year, cpi, amount_cents=amount_cents, level_year=level_year)
    if indexed is None:  # both CPI years are there (checked above)
        return Benchmark(True, None, "De benchmark kon niet worden geïndexeerd." + note, (first,), None, level_year)
    steps = [first]
    if cpi_year != target:
        steps.append(f"De CPI van {target} is nog niet bekend; Wijzer gebruikt de laatst bekende, die van {cpi_year}.")
    steps.append(
        f"Geïndexeerd met de CPI (CBS, 2015 = 100): {_number(amount)} × {_number(cpi[cpi_year])} (CPI {cpi_year}) / "
        f"{_number(cpi[level_year])} (CPI {level_year}) = {euro(indexed)}."
    )
    message = f"Benchmark voor {cpi_year}: {euro(indexed)} per vo-leerling per jaar." + note
    return Benchmark(True, indexed, message, tuple(steps), cpi_year, level_year, source, amount_cents)


# --- the whole -------------------------------------------------------------------------------------------------------


def _steps(costs_lines: tuple[CostLine, ...], year: int | None, pupils_total: int | None) -> tuple[str, ...]:
    if year is None:
        return (NO_FACTS,)
    steps = [
        f"Prijzen: per product de prijs per leerling per schooljaar incl. btw in {year} (de prijs die eind {year} "
        "gold, door de catalogus omgerekend naar een leerling en een schooljaar)."
    ]
    priced = [line for line in costs_lines if line.cost_cents is not None]
    for line in priced:
        steps.append(
            f"{line.product.title}: {euro(line.price_incl_cents)} × {line.pupils} leerlingen = {euro(line.cost_cents)}."
        )
    total = sum(line.cost_cents or 0 for line in priced)
    if priced and pupils_total:
        per_pupil = Decimal(total) / Decimal(pupils_total)
        steps.append(f"Samen: {euro(total)} per jaar voor de set.")
        steps.append(
            f"Per leerling: {euro(total)} / {pupils_total} leerlingen van de school = {euro(per_pupil)} "
            "per leerling per jaar."
        )
    missing = [line for line in costs_lines if line.cost_cents is None]
    if missing:
        steps.append(
            f"Niet meegeteld: {len(missing)} product(en) zonder prijs per leerling per schooljaar (de reden staat "
            "bij het product). De kosten per leerling zijn daardoor eerder te laag dan te hoog."
        )
    return tuple(steps)


def _cost(
    lines: tuple[CostLine, ...],
    pupils_total: int | None,
    year: int | None,
    benchmark: Benchmark,
    sectors: tuple[str, ...],
) -> rules.SchoolCost | None:
    """The domain's cost per pupil (and its share of the benchmark, indexed to the benchmark's CPI year)."""
    if not pupils_total or year is None or not any(line.price_incl_cents is not None for line in lines):
        return None
    domain_lines = [rules.CostLine(line.product.title, line.price_incl_cents, line.pupils) for line in lines]
    cpi_year = benchmark.cpi_year if benchmark.amount_cents is not None else None
    sector = "vo" if benchmark.applies else (sectors[0] if sectors else "")
    return rules.school_cost(
        domain_lines,
        pupils_total,
        cpi_year or year,
        _points(CPI),
        sector=sector,
        amount_cents=benchmark.base_cents,  # None when the budget series is not loaded: no comparison
        level_year=benchmark.price_level_year or rules.BENCHMARK_YEAR,
    )


def costs_of(school: Organisation, *, today: datetime.date | None = None) -> SchoolCosts:
    """The school's set with its prices, cost per pupil per year, the benchmark and every step."""
    ensure_fresh()  # the price facts follow the catalogue (a cheap check when nothing changed)
    school_set = SchoolSet.objects.filter(school=school).select_related("updated_by").first()
    rows = (
        list(school_set.lines.select_related("product").order_by("product__title", "pk"))
        if school_set is not None
        else []
    )
    year = cost_year(today)
    facts = (
        {f.product_id: f for f in PriceFact.objects.filter(year=year, product_id__in=[r.product_id for r in rows])}
        if year is not None
        else {}
    )
    lines = tuple(
        _line(r.product, r.pupils, facts.get(r.product_id), year)
        if year is not None
        else CostLine(r.product, r.pupils, None, None, None, None, False, NO_FACTS)
        for r in rows
    )
    sectors = tuple(sorted({s for line in lines for s in (line.product.sectors or []) if isinstance(s, str)}))
    in_set = {line.product.pk for line in lines}
    suggestions = tuple(p for p in held_products(school) if p.pk not in in_set)
    pupils_total = school_set.pupils_total if school_set is not None else None
    benchmark = benchmark_for(year, sectors)
    return SchoolCosts(
        school,
        school_set,
        year,
        lines,
        benchmark,
        _steps(lines, year, pupils_total),
        sectors,
        suggestions,
        _cost(lines, pupils_total, year, benchmark, sectors),
    )
