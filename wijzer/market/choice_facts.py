"""The market's side of the choice support (W8): a price per pupil per school year and the lock-in facts of a list
of products, read in one query per kind (never one per product).

Price: the market's price fact of the cost year (the latest year with price facts, not after this year: the same
year as a school's costs, `school_costs.cost_year`), incl. VAT, normalised per pupil per school year by the
catalogue's rules; free open material has a fact of € 0. No fact, or a fact without a per-pupil figure (a teacher or
school licence, no licence period), gives no price with the reason in Dutch.

Lock-in: the seven indicators of `lockin_query` (the owner's declaration, the catalogue's for_sale and licence term,
the switching proxy) and their composite (0-100, with how many are known); and whether the owner declared Edu-V.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from wijzer.catalog.service import Product

from .lockin_query import ProductLockIn, indicators_of
from .models import LockInDeclaration, PriceFact


@dataclass(frozen=True, slots=True)
class PupilPrice:
    incl_cents: int | None  # per pupil per school year incl. VAT; None = unknown (see reason)
    reason: str  # Dutch; "" when the price is known
    is_lifo: bool


@dataclass(frozen=True, slots=True)
class LockInFacts:
    supports_eduv: bool | None  # the owner's declaration; None = not declared
    eduv_evidence: str
    composite: float | None  # 0..100 (100 = locks in completely); None when no indicator is known
    known: int
    total: int


def cost_year(today: datetime.date | None = None) -> int | None:
    """The latest year with price facts, not after this year (as `school_costs.cost_year`); None without facts."""
    this_year = (today or timezone.localdate()).year
    found = PriceFact.objects.filter(year__lte=this_year).aggregate(latest=Max("year"))["latest"]
    return int(found) if found is not None else None


def pupil_prices(
    product_pks: Collection[int], today: datetime.date | None = None
) -> tuple[int | None, dict[int, PupilPrice]]:
    """(the cost year, product pk -> its price in that year) for the products with a fact; absent = no fact."""
    year = cost_year(today)
    if year is None or not product_pks:
        return year, {}
    facts = PriceFact.objects.filter(year=year, product_id__in=list(product_pks)).order_by("product_id")
    found: dict[int, PupilPrice] = {}
    for fact in facts.only("product_id", "per_pupil_incl_cents", "reason", "is_lifo"):
        reason = "" if fact.per_pupil_incl_cents is not None else (fact.get_reason_display() or "Geen prijs bekend.")
        found[fact.product_id] = PupilPrice(fact.per_pupil_incl_cents, reason, fact.is_lifo)
    return year, found


def lockin_facts(product_pks: Collection[int]) -> dict[int, LockInFacts]:
    """Product pk -> its Edu-V declaration and lock-in composite (two queries: products, declarations)."""
    if not product_pks:
        return {}
    products = list(Product.objects.filter(pk__in=list(product_pks)).order_by("pk"))
    declarations = {
        d.product_id: d
        for d in LockInDeclaration.objects.filter(product_id__in=[p.pk for p in products]).select_related(
            "organisation"
        )
    }
    found: dict[int, LockInFacts] = {}
    for product in products:
        declaration = declarations.get(product.pk)
        scored = ProductLockIn(product, indicators_of(product, declaration), declaration)
        eduv = declaration.supports_eduv if declaration is not None else None
        if declaration is None:
            evidence = "de uitgever heeft niets opgegeven over Edu-V"
        elif eduv is None:
            evidence = f"{declaration.organisation.name} gaf ‘onbekend’ op voor Edu-V"
        else:
            evidence = f"{declaration.organisation.name} geeft op: Edu-V {'ja' if eduv else 'nee'}"
        found[product.pk] = LockInFacts(eduv, evidence, scored.composite, scored.known, scored.total)
    return found
