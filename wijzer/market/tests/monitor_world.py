"""A small market for the monitor's page, API and browser tests, with every figure computed by hand.

Three years Y0, Y1, Y2 (Y2 = this year, the monitor's last year); all products are vo and one subject (wiskunde):

| product | publisher (owner group, country)        | method | Y0     | Y1     | Y2     | LiFo      |
|---------|------------------------------------------|--------|--------|--------|--------|-----------|
| P1      | Uitgeverij Aa (Groep Noord, GB)          | M1     | 100,00 | 110,00 | 121,00 | every year|
| P2      | Uitgeverij Aa (Groep Noord, GB)          | M1     | 200,00 | 200,00 | 220,00 | no        |
| P3      | Uitgeverij Bee (itself, NL)              | none   |  50,00 |  55,00 |  55,00 | Y2 only   |
| P4      | Uitgeverij Cee (itself, country unknown) | M2     |   —    |  80,00 |  80,00 | no        |
| P5      | Uitgeverij Bee (itself, NL), open, free  | none   |   0,00 |   0,00 |   0,00 | no        |

Prices are per pupil per school year incl. VAT. A po product (P6, Uitgeverij Bee, 30,00 every year) makes the
sector filter change the figures.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog import service as catalog
from wijzer.catalog.models import Product
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory
from wijzer.curriculum.models import Subject
from wijzer.market import query
from wijzer.market.models import MarketProduct, MarketState, PriceFact


@dataclass
class World:
    years: tuple[int, int, int]
    subject_key: str
    subject_label: str
    products: dict[str, Product]


# (name, publisher key, method key, sectors, prices per year in cents or None, LiFo per year, paid)
ROWS = (
    ("P1", "aa", "M1", ["vo"], (10000, 11000, 12100), (True, True, True), True),
    ("P2", "aa", "M1", ["vo"], (20000, 20000, 22000), (False, False, False), True),
    ("P3", "bee", None, ["vo"], (5000, 5500, 5500), (False, False, True), True),
    ("P4", "cee", "M2", ["vo"], (None, 8000, 8000), (False, False, False), True),
    ("P5", "bee", None, ["vo"], (0, 0, 0), (False, False, False), False),
    ("P6", "bee", None, ["po"], (3000, 3000, 3000), (False, False, False), True),
)

# Hand-computed figures for vo x wiskunde (see the module docstring).
JEVONS_Y1 = 100 * 1.1 ** (2 / 3)  # matched P1 (x1.1), P2 (x1), P3 (x1.1): exp(mean ln) = 1.1^(2/3)
JEVONS_Y2 = JEVONS_Y1 * 1.1 ** (2 / 4)  # matched P1 (x1.1), P2 (x1.1), P3 (x1), P4 (x1)
METHOD_SHARES = {"Uitgeverij Bee": 50.0, "Groep Noord": 25.0, "Uitgeverij Cee": 25.0}  # Bee: P3 and P5 own methods
VALUE_AMOUNTS = {"Groep Noord": 12100 + 22000, "Uitgeverij Cee": 8000, "Uitgeverij Bee": 5500 + 0}


def hhi(amounts: Mapping[str, float]) -> float:
    total = sum(amounts.values())
    return sum((100 * a / total) ** 2 for a in amounts.values())


def cr3(amounts: Mapping[str, float]) -> float:
    total = sum(amounts.values())
    return sum(sorted((100 * a / total for a in amounts.values()), reverse=True)[:3])


assert math.isclose(hhi(METHOD_SHARES), 3750.0)


# With `holdings`: P1 is used by two schools, P2 by one (verified use, W6); the rest is unknown.
LASPEYRES_Y1 = 100 * (2 * 11000 + 1 * 20000) / (2 * 10000 + 1 * 20000)  # = 105
LASPEYRES_Y2 = LASPEYRES_Y1 * (2 * 12100 + 1 * 22000) / (2 * 11000 + 1 * 20000)  # x 1.1 = 115.5
LIFO_BY_VALUE_Y2 = 100 * (2 * 12100) / (2 * 12100 + 1 * 22000)  # only P1 is LiFo among the products with a use


def build(*, demo: bool = False, holdings: bool = False) -> World:
    """Products, owner chains, price facts and monitor rows (as a refresh would write them)."""
    query.clear_cache()
    this_year = timezone.localdate().year
    years = (this_year - 2, this_year - 1, this_year)
    subject = Subject.objects.filter(title__icontains="wiskunde").order_by("pk").first() or Subject.objects.first()
    assert subject is not None
    key = str(subject.uuid)
    group = OrganisationFactory(kind="owner_group", name="Groep Noord", country="GB")
    publishers = {
        "aa": OrganisationFactory(publisher=True, name="Uitgeverij Aa", parent=group, country="GB"),
        "bee": OrganisationFactory(publisher=True, name="Uitgeverij Bee", country="NL"),
        "cee": OrganisationFactory(publisher=True, name="Uitgeverij Cee", country=""),
    }
    methods = {
        "M1": MethodFactory(publisher=publishers["aa"], owner=publishers["aa"]),
        "M2": MethodFactory(publisher=publishers["cee"], owner=publishers["cee"]),
    }
    now = timezone.now()
    products: dict[str, Product] = {}
    for name, publisher_key, method_key, sectors, prices, lifo, paid in ROWS:
        publisher = publishers[publisher_key]
        method = methods[method_key] if method_key else None
        product = ProductFactory(
            title=f"Product {name}", publisher=publisher, owner=publisher, method=method, sectors=sectors,
            subject_ids=[key], is_paid=paid, is_demo=demo,
        )  # fmt: skip
        products[name] = product
        MarketProduct.objects.create(
            product=product, publisher=publisher, method_id=method.pk if method else None, sectors=sectors,
            subject_ids=[key], is_paid=paid, is_open=not paid, is_demo=demo, refreshed_at=now,
            owner_name=publisher.name, owner_country=publisher.country,
        )  # fmt: skip
        for year, cents, is_lifo in zip(years, prices, lifo, strict=True):
            if cents is None:
                continue
            PriceFact.objects.create(
                product=product, year=year, per_pupil_incl_cents=cents, per_pupil_excl_cents=cents,
                is_lifo=is_lifo, observed_at=datetime.datetime(year, 6, 1, tzinfo=datetime.UTC), is_demo=demo,
            )  # fmt: skip
    # As a refresh would leave it: the watermark past every product and observation written above, so the pages'
    # own refresh (`market.service.ensure_fresh`) sees nothing to do and the hand-made facts stay.
    MarketState.objects.create(price_watermark=2**62, product_watermark=timezone.now(), refreshed_at=timezone.now())
    if holdings:
        from wijzer.quality.models import SchoolHolding

        schools = [OrganisationFactory(school=True, name=f"School {n}") for n in (1, 2)]
        for school in schools:
            SchoolHolding.objects.create(school=school, product=products["P1"])
        SchoolHolding.objects.create(school=schools[0], product=products["P2"])
    labels = catalog.subject_names([key])
    return World(years, key, labels.get(key, key), products)
