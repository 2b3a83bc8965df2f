"""factory_boy factories for the catalogue (style.md §6): build the two or three products a test needs instead of
loading the whole demo catalogue (`ingest.demo`), which stays for the tests that are about the demo data."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import factory

from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog import actions
from wijzer.catalog.constants import ProductType
from wijzer.catalog.models import Method, PriceObservation, Product

OBSERVED = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)  # a fixed moment: no test depends on the clock


class MethodFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """A method without publisher or owner (a platform record); `published=True` gives it a publisher that owns it."""

    class Meta:
        model = Method

    name = factory.Sequence(lambda n: f"Methode {n}")

    class Params:
        demo = factory.Trait(is_demo=True)
        published = factory.Trait(
            publisher=factory.SubFactory(OrganisationFactory, publisher=True),
            owner=factory.SelfAttribute("publisher"),
        )


class ProductFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """A digital licence for PO; traits for the other kinds the tests use. Not in the search index: see `index`."""

    class Meta:
        model = Product

    key = factory.Sequence(lambda n: f"id:test-{n}")
    product_id = factory.LazyAttribute(lambda p: p.key.removeprefix("id:"))
    title = factory.Sequence(lambda n: f"Product {n}")
    product_type = ProductType.DIGITAL_LICENCE
    sectors = factory.LazyFunction(lambda: ["po"])

    class Params:
        open_resource = factory.Trait(
            product_type=ProductType.OPEN_RESOURCE, licence="cc-by-4.0", is_paid=False, product_id=""
        )
        lifo = factory.Trait(product_type=ProductType.LIFO_BUNDLE, licence="copyright", is_paid=True)
        demo = factory.Trait(is_demo=True)


class PriceObservationFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """One price line: € 10,00 excl. 9 % VAT per pupil per year, seen at `OBSERVED`."""

    class Meta:
        model = PriceObservation

    product = factory.SubFactory(ProductFactory)
    observed_at = OBSERVED
    amount_cents = 1000
    vat_percent = Decimal("9.00")
    unit = "per leerling per jaar"
    is_indicative = False
    source = "test"


def index() -> int:
    """Bring the search index up to date with the catalogue the test built (as `wijzer catalog reindex` does);
    returns the number of products indexed."""
    return actions.do_reindex_search()
