"""Every write to the catalogue outside the ingest batches (style.md §2): the search index, visions and the
shortlist. The ingest batch writer is `batch.py` (behind `catalog.service.apply_records`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from .constants import VisionSource
from .domain.search.facets import SearchDocument
from .models import PriceObservation, Product, ProductVision, ShortlistItem
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


# --- demo price history for the market monitor (W7) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistorySnapshot:
    """An older price snapshot of a demo product: its lines (cents excl. VAT, VAT percent, unit) seen at a moment."""

    observed_at: datetime.datetime
    lines: tuple[tuple[int, Decimal, str], ...]


class HistoryRefused(ValueError):
    """A price history that may not be written; the message is Dutch."""


def do_record_price_history(product: Product, snapshots: Sequence[HistorySnapshot], source: str) -> int:
    """Write older price snapshots of a DEMO product under `source` (voorbeeldgegevens for the market monitor), in
    one transaction: the product's earlier rows of that source are replaced; identical input changes nothing.

    Refused (nothing written) for a real product, a snapshot without lines or with a negative amount, and a snapshot
    not older than the product's first observation from another source (the history must end before the catalogue's
    own prices begin). Returns the number of price lines written (0 when unchanged)."""
    if not product.is_demo:
        raise HistoryRefused(f"“{product.title}” is geen voorbeeldproduct: een prijsgeschiedenis schrijven kan alleen "
                             "voor voorbeeldgegevens.")  # fmt: skip
    if any(not s.lines or any(cents < 0 for cents, _vat, _unit in s.lines) for s in snapshots):
        raise HistoryRefused("Elke momentopname heeft ten minste één prijsregel met een bedrag van 0 of meer.")
    wanted = sorted(
        (s.observed_at, n, cents, Decimal(vat), unit[:200])
        for s in snapshots
        for n, (cents, vat, unit) in enumerate(s.lines)
    )
    with transaction.atomic():
        own = PriceObservation.objects.filter(product=product, source=source)
        first_other = (
            PriceObservation.objects.filter(product=product).exclude(source=source).order_by("observed_at").first()
        )
        if first_other is not None and any(at >= first_other.observed_at for at, *_rest in wanted):
            raise HistoryRefused(
                f"De geschiedenis van “{product.title}” moet eindigen vóór de eerste eigen prijs van de catalogus "
                f"({first_other.observed_at:%d-%m-%Y})."
            )
        existing = sorted(
            (at, n, cents, Decimal(vat), unit)
            for at, n, cents, vat, unit in own.values_list("observed_at", "line", "amount_cents", "vat_percent", "unit")
        )
        if existing == wanted:
            return 0
        own.delete()
        PriceObservation.objects.bulk_create(
            PriceObservation(
                product=product,
                observed_at=at,
                amount_cents=cents,
                vat_percent=vat,
                unit=unit,
                source=source,
                line=n,
                is_indicative=False,
            )
            for at, n, cents, vat, unit in wanted
        )
        return len(wanted)


def do_add_withdrawn_demo_product(
    template: Product, *, key: str, title: str, withdrawn_at: datetime.datetime
) -> tuple[Product, bool]:
    """A withdrawn DEMO product shaped after the demo product `template` (its method, publisher, owner,
    classification and price terms): an older edition that left the catalogue, for the market monitor's demo
    history. Not in the search index (withdrawn). Idempotent by `key`; returns (product, created)."""
    if not template.is_demo:
        raise HistoryRefused(f"“{template.title}” is geen voorbeeldproduct.")
    copied = (
        "method", "publisher", "supplier", "owner", "product_type", "type_raw", "sectors", "level_ids",
        "subject_ids", "curriculum_raw", "language", "licence", "licence_raw", "is_paid", "licence_options",
        "licence_duration", "sale_unit_size", "end_user_roles", "for_sale", "consumable",
    )  # fmt: skip
    with transaction.atomic():
        return Product.objects.get_or_create(
            key=key[:600],
            defaults={
                **{name: getattr(template, name) for name in copied},
                "title": title[:1000],
                "description": "Voorbeeldgegevens: een oudere editie die niet meer leverbaar is. Geen echt product.",
                "withdrawn_at": withdrawn_at,
                "withdrawn_by": "voorbeeldgegevens",
                "is_demo": True,
            },
        )
