"""Every write to the catalogue outside the ingest batches (style.md §2): the search index, visions and the
shortlist. The ingest batch writer is `batch.py` (behind `catalog.service.apply_records`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction

from .constants import VisionSource
from .domain.search.facets import SearchDocument
from .models import Product, ProductVision, ShortlistItem
from .search import document as search_document
from .search import index as search_index

# --- search index (W4) ---------------------------------------------------------------------------------------------


def do_index_products(product_ids: Sequence[int]) -> None:
    """Bring the search rows of these products up to date (after a change outside ingest, e.g. a vision)."""
    with transaction.atomic():
        search_index.write_documents(search_document.build_documents(list(product_ids)))


def do_reindex_search(*, batch: int = 2000, common_min_docs: int | None = None) -> int:
    """Rebuild the whole search index from the catalogue (`wijzer catalog reindex`). Returns the product count."""
    with transaction.atomic():
        context = search_document.Context()
        ids = list(Product.objects.filter(withdrawn_at__isnull=True).order_by("pk").values_list("pk", flat=True))

        def documents() -> Iterator[SearchDocument]:
            for start in range(0, len(ids), batch):
                yield from sorted(
                    search_document.build_documents(ids[start : start + batch], context), key=lambda d: d.product_id
                )

        return search_index.rebuild(documents(), common_min_docs=common_min_docs)


# --- vision and shortlist (W4) -------------------------------------------------------------------------------------


def do_declare_vision(
    product: Product, approaches: Sequence[str], *, source: str, corrected_by: Any = None, note: str = ""
) -> None:
    """Replace the approaches `source` declared for `product` (supplier, reviewer or demo) and reindex it."""
    with transaction.atomic():
        ProductVision.objects.filter(product=product, source=source).delete()
        for approach in dict.fromkeys(approaches):
            ProductVision.objects.create(
                product=product,
                approach=approach,
                source=source,
                corrected_by=corrected_by if source == VisionSource.REVIEWER else None,
                note=note[:500],
            )
        do_index_products([product.pk])


def do_add_to_shortlist(user: Any, product: Product) -> bool:
    """Put a product on a signed-in user's shortlist; False when it was there already."""
    _item, created = ShortlistItem.objects.get_or_create(user=user, product=product)
    return created


def do_remove_from_shortlist(user: Any, product: Product) -> None:
    ShortlistItem.objects.filter(user=user, product=product).delete()
