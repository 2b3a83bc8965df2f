"""Public surface of the catalogue for other apps (style.md §13)."""

from __future__ import annotations

import uuid

from .actions import BatchOutcome, LookupCache
from .actions import do_apply_records as apply_records
from .domain.incoming import IncomingRecord
from .models import Method, Product

__all__ = [
    "BatchOutcome",
    "IncomingRecord",
    "LookupCache",
    "apply_records",
    "get_method",
    "method_of_product",
    "method_products",
    "methods",
]


# --- methods for kerndoel alignment (W5) ---------------------------------------------------------------------------


def methods(*, demo: bool | None = None) -> list[Method]:
    """Every method, by name (optionally only demo or only real ones)."""
    qs = Method.objects.select_related("publisher").order_by("name", "pk")
    return list(qs if demo is None else qs.filter(is_demo=demo))


def get_method(method_uuid: uuid.UUID | str) -> Method | None:
    try:
        key = uuid.UUID(str(method_uuid))
    except ValueError:
        return None
    return Method.objects.select_related("publisher").filter(uuid=key).first()


def method_of_product(product_uuid: uuid.UUID | str) -> Method | None:
    try:
        key = uuid.UUID(str(product_uuid))
    except ValueError:
        return None
    product = Product.objects.select_related("method").filter(uuid=key).first()
    return product.method if product else None


def method_products(method: Method) -> list[Product]:
    """The products of a method, by title (volumes, licences, workbooks …)."""
    return list(Product.objects.filter(method=method).order_by("title", "pk"))
