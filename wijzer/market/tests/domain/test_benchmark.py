"""A school's cost per pupil against the CPI-indexed €340 benchmark."""

from decimal import Decimal

import pytest

from wijzer.market.domain.benchmark import (
    CostLine,
    SchoolCostError,
    euro,
    indexed_benchmark_cents,
    school_cost,
)

CPI = {2022: Decimal("121.43"), 2023: Decimal("126.0"), 2024: Decimal("130.2")}


def test_the_benchmark_is_340_in_2023_and_indexed_by_the_cpi():
    """2024: 34,000 x 130.2 / 126.0 = 35,133.33 -> 35,133 cents; 2022: 34,000 x 121.43 / 126.0 = 32,766.83 -> 32,767."""
    assert indexed_benchmark_cents(2023, CPI) == 34_000
    assert indexed_benchmark_cents(2024, CPI) == 35_133
    assert indexed_benchmark_cents(2022, CPI) == 32_767
    assert indexed_benchmark_cents(2025, CPI) is None


def test_the_benchmark_rounds_half_up_to_cents():
    """34,000 x 200.05 / 200 = 34,008.5 -> 34,009 (half up; half to even would give 34,008)."""
    assert indexed_benchmark_cents(2024, {2023: "200", 2024: "200.05"}) == 34_009
    assert indexed_benchmark_cents(2024, {2023: 200.0, 2024: 200.05}) == 34_009  # floats read as their text


def test_school_cost_matches_the_hand_calculation():
    """Wiskunde € 120 for 300 pupils, Engels € 95 for 300, Duits € 80 for 100, a product without a price;
    (36,000 + 28,500 + 8,000) = € 72,500 for 300 pupils -> € 241.67 per pupil; 24,167 / 35,133 = 68.8 %."""
    # given
    lines = [
        CostLine("Wiskunde", 12_000, 300),
        CostLine("Engels", 9_500, 300),
        CostLine("Duits", 8_000, 100),
        CostLine("Atlas", None, 300),
    ]
    # when
    result = school_cost(lines, 300, 2024, CPI)
    # then
    assert (result.total_cents, result.per_pupil_cents) == (7_250_000, 24_167)
    assert result.benchmark_cents == 35_133
    assert result.percent_of_benchmark == Decimal("68.8")
    assert (result.lines_counted, result.lines_without_price) == (3, ("Atlas",))
    assert (
        result.explanation[1] == "3 producten: samen € 72.500,00 per jaar voor 300 leerlingen = € 241,67 per leerling."
    )
    assert result.explanation[2] == "Zonder prijs per leerling, niet meegeteld: Atlas."
    assert result.explanation[3] == (
        "Norm: € 340,00 per vo-leerling per jaar (prijspeil 2023), omgerekend met de CPI naar 2024: "
        "€ 340,00 × 130,2 / 126 = € 351,33."
    )
    assert result.explanation[4] == "De kosten zijn 68,8 % van de norm."


def test_po_has_no_benchmark_and_says_so():
    # when
    result = school_cost([CostLine("Rekenen", 5_000, 10)], 20, 2024, CPI, sector="po")
    # then
    assert (result.per_pupil_cents, result.benchmark_cents, result.percent_of_benchmark) == (2_500, None, None)
    assert "geen bedrag per leerling gepubliceerd" in result.explanation[-1]


def test_without_cpi_there_is_no_comparison():
    result = school_cost([CostLine("Rekenen", 5_000, 10)], 10, 2030, CPI)
    assert result.benchmark_cents is None
    assert result.explanation[-1] == "Geen CPI voor 2030 of 2023: de norm kan niet naar 2030 worden omgerekend."


def test_an_empty_set_costs_nothing():
    result = school_cost([], 100, 2023, CPI)
    assert (result.total_cents, result.per_pupil_cents, result.percent_of_benchmark) == (0, 0, Decimal("0.0"))


@pytest.mark.parametrize(
    ("lines", "total", "message"),
    [
        ([], 0, "groter zijn dan 0"),
        ([CostLine("Frans", 100, 301)], 300, "meer dan de 300 leerlingen van de school"),
        ([CostLine("Frans", 100, -1)], 300, "niet negatief"),
        ([CostLine("Frans", -100, 1)], 300, "prijs bij ‘Frans’ kan niet negatief"),
    ],
    ids=["no_pupils", "more_than_the_school", "negative_pupils", "negative_price"],
)
def test_impossible_input_is_refused_in_dutch(lines, total, message):
    with pytest.raises(SchoolCostError, match=message):
        school_cost(lines, total, 2024, CPI)


def test_euro_uses_dutch_notation():
    assert euro(123_456_789) == "€ 1.234.567,89"
    assert euro(5) == "€ 0,05"
