"""The catalogue factories build valid objects, and `index` makes them searchable."""

from __future__ import annotations

import pytest

from wijzer.accounts.constants import OrganisationKind
from wijzer.catalog.constants import ProductType
from wijzer.catalog.search.engine import search
from wijzer.catalog.tests.factories import MethodFactory, PriceObservationFactory, ProductFactory, index

pytestmark = pytest.mark.django_db


def test_the_factories_build_valid_objects():
    method = MethodFactory(published=True)
    product = ProductFactory(method=method, lifo=True)
    price = PriceObservationFactory(product=product)
    method.full_clean()
    product.full_clean(exclude=["for_sale", "consumable"])  # None = unknown, as ingest leaves them
    price.full_clean()
    assert (method.publisher.kind, method.owner) == (OrganisationKind.PUBLISHER, method.publisher)
    assert (product.product_type, product.sectors, product.key.removeprefix("id:")) == (
        ProductType.LIFO_BUNDLE, ["po"], product.product_id
    )  # fmt: skip
    assert price.amount_incl_vat_cents == 1090


def test_index_makes_the_built_products_searchable():
    open_resource = ProductFactory(open_resource=True, title="Breuken op de getallenlijn")
    ProductFactory(title="Tafels oefenen")
    assert index() == 2
    assert search("breuken").items == (open_resource.pk,)
    assert search("").count == 2
