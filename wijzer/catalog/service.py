"""Public surface of the catalogue for other apps (style.md §13)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from .actions import HistoryRefused, HistorySnapshot
from .actions import do_add_withdrawn_demo_product as add_withdrawn_demo_product
from .actions import do_index_products as reindex_products
from .actions import do_record_price_history as record_price_history
from .batch import BatchOutcome, LookupCache
from .batch import do_apply_records as apply_records
from .choice_query import ChoiceProduct, choice_products
from .constants import VisionApproach
from .domain.incoming import IncomingRecord, product_key
from .domain.pricing import licence_years
from .history import (
    NO_LINES,
    NO_PERIOD,
    NOT_PER_PUPIL,
    ChangeMarks,
    MarketAttributes,
    Snapshot,
    YearPrice,
    all_product_ids,
    change_marks,
    first_snapshots,
    market_attributes,
    products_changed_since,
    subject_names,
    yearly_prices,
)
from .models import Method, Product
from .reference import load_owner_groups
from .search.contributions import register as register_search_contribution
from .search.engine import FacetValue, search
from .search.labels import labels_for
from .shortlist import uuids as personal_shortlist_uuids
from .undo import do_forget_run as forget_run
from .undo import do_undo_run as undo_run

__all__ = [
    "NOT_PER_PUPIL",
    "NO_LINES",
    "NO_PERIOD",
    "BatchOutcome",
    "ChangeMarks",
    "ChoiceProduct",
    "HistoryRefused",
    "HistorySnapshot",
    "IncomingRecord",
    "LookupCache",
    "MarketAttributes",
    "Method",
    "MethodCurriculum",
    "Product",
    "Snapshot",
    "VisionApproach",
    "YearPrice",
    "add_withdrawn_demo_product",
    "all_product_ids",
    "apply_records",
    "bundles_containing",
    "change_marks",
    "choice_products",
    "first_snapshots",
    "forget_run",
    "get_method",
    "licence_term_years",
    "load_owner_groups",
    "market_attributes",
    "method_curriculum",
    "method_of_product",
    "method_of_product_code",
    "method_products",
    "methods",
    "personal_shortlist_uuids",
    "product_key",
    "products_changed_since",
    "quick_choices",
    "record_price_history",
    "register_search_contribution",
    "reindex_products",
    "subject_names",
    "undo_run",
    "yearly_prices",
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


def method_of_product_code(code: str) -> Method | None:
    """The method of the product with this catalogue key or EAN/product code ("978-90-…", "9789001…", "id:…")."""
    value = code.strip()
    if not value:
        return None
    compact = value.replace("-", "").replace(" ", "")
    product = (
        Product.objects.select_related("method", "method__publisher")
        .filter(Q(key=value) | Q(key=f"id:{compact}") | Q(product_id=value))
        .exclude(method=None)
        .order_by("pk")
        .first()
    )
    return product.method if product else None


def method_products(method: Method) -> list[Product]:
    """The products of a method, by title (volumes, licences, workbooks …)."""
    return list(Product.objects.filter(method=method).order_by("title", "pk"))


@dataclass(frozen=True)
class MethodCurriculum:
    """What the products of a method declare about the curriculum, as ingest mapped it."""

    sectors: tuple[str, ...]  # po, so, vo, vso
    subjects: tuple[str, ...]  # subject names: the SLO title, else the OBK label (e.g. "Rekenen/wiskunde")


def method_curriculum(method_id: int) -> MethodCurriculum:
    """The sectors and subject names of all products of a method (ids without a known name are left out)."""
    sectors: dict[str, None] = {}
    subject_ids: dict[str, None] = {}
    rows = Product.objects.filter(method_id=method_id).order_by("pk").values_list("sectors", "subject_ids")
    for product_sectors, product_subjects in rows:
        sectors.update(dict.fromkeys(product_sectors or []))
        subject_ids.update(dict.fromkeys(product_subjects or []))
    labels = labels_for("vak", list(subject_ids)) if subject_ids else {}
    names = dict.fromkeys(label for key, label in labels.items() if label and label != key)
    return MethodCurriculum(tuple(sorted(sectors)), tuple(names))


# --- lock-in facts for the market monitor (W7) ---------------------------------------------------------------------


def bundles_containing(product: Product) -> list[Product]:
    """The other products that list this product's code among their parts (the bundles it is sold in), by title."""
    if not product.product_id:
        return []
    found = Product.objects.filter(parts__code=product.product_id).exclude(pk=product.pk).distinct()
    return list(found.order_by("title", "pk"))


def licence_term_years(product: Product) -> Decimal | None:
    """The product's delivered licence duration in years by the catalogue's price rules; None when it names none."""
    return licence_years(product.licence_duration)


# --- quick choices for the home page (W5.3) -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuickChoice:
    """One sector of the catalogue with its subjects (most products first) and its school years (school order)."""

    sector: FacetValue
    subjects: tuple[FacetValue, ...]
    years: tuple[FacetValue, ...]


def quick_choices(subjects: int = 8) -> list[QuickChoice]:
    """Sector -> vak and sector -> leerjaar, as the catalogue's own facet values (links into the search)."""
    return [
        QuickChoice(
            sector,
            tuple(found.facets.get("vak", [])[:subjects]),
            tuple(found.facets.get("leerjaar", [])),
        )
        for sector in search("", limit=1).facets.get("sector", [])
        for found in [search("", {"sector": [sector.value]}, limit=1)]
    ]
