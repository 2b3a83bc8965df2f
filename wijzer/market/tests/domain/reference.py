"""Readable row-by-row reference versions of the monitor's computations, to check the vectorised ones against.

Each function follows the formula in docs/market.md ("Formules") literally, with dictionaries and loops; they are
slow and only used in tests.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

from wijzer.market.domain.facts import Fact


def prices(facts: Iterable[Fact]) -> dict[tuple[int, int], Fact]:
    return {(fact.product, fact.year): fact for fact in facts}


def jevons(
    facts: Iterable[Fact], segments: Mapping[int, Iterable[Hashable]], years: range
) -> dict[Hashable, dict[int, float | None]]:
    """Per segment and year the Jevons chain index (None = no index), restarting at 100 as the module says."""
    by_key = prices(facts)
    members: dict[Hashable, set[int]] = defaultdict(set)
    for product, keys in segments.items():
        for key in keys:
            members[key].add(product)
    result: dict[Hashable, dict[int, float | None]] = {}
    for key, products in members.items():
        series: dict[int, float | None] = {}
        previous: float | None = None
        for year in years:
            priced = [m for m in products if _positive(by_key.get((m, year)))]
            matched = [m for m in priced if year - 1 in years and _positive(by_key.get((m, year - 1)))]
            if not priced:
                value = None
            elif matched and previous is not None:
                logs = [math.log(_price(by_key[(m, year)]) / _price(by_key[(m, year - 1)])) for m in matched]
                value = previous * math.exp(sum(logs) / len(logs))
            else:
                value = 100.0
            series[year] = value
            previous = value
        result[key] = series
    return result


def laspeyres(
    facts: Iterable[Fact],
    segments: Mapping[int, Iterable[Hashable]],
    volumes: Mapping[int, float | None],
    years: range,
) -> dict[Hashable, dict[int, float | None]]:
    by_key = prices(facts)
    members: dict[Hashable, set[int]] = defaultdict(set)
    for product, keys in segments.items():
        for key in keys:
            members[key].add(product)
    result: dict[Hashable, dict[int, float | None]] = {}
    for key, products in members.items():
        series: dict[int, float | None] = {}
        previous: float | None = None
        for year in years:
            counted = [m for m in products if _positive(by_key.get((m, year))) and (volumes.get(m) or 0) > 0]
            matched = [m for m in counted if year - 1 in years and _positive(by_key.get((m, year - 1)))]
            if not counted:
                value = None
            elif matched and previous is not None:
                now = sum((volumes[m] or 0) * _price(by_key[(m, year)]) for m in matched)
                before = sum((volumes[m] or 0) * _price(by_key[(m, year - 1)]) for m in matched)
                value = previous * now / before
            else:
                value = 100.0
            series[year] = value
            previous = value
        result[key] = series
    return result


def _positive(fact: Fact | None) -> bool:
    return fact is not None and fact.price_cents is not None and fact.price_cents > 0


def _price(fact: Fact) -> float:
    assert fact.price_cents is not None
    return float(fact.price_cents)
