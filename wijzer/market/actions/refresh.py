"""Derive the monitor's price facts and product rows from the catalogue (W7): incrementally or all at once.

`refresh()` rebuilds, for every product whose prices or attributes changed since the watermark in `MarketState`
(a price observation with a higher id, or `Product.updated_at` after the last change seen), its `PriceFact`
rows (one per calendar year, `catalog.service.yearly_prices`) and its `MarketProduct` row
(`catalog.service.market_attributes`). `refresh(all=True)` rebuilds every product. A deleted product's rows go with
it (CASCADE). At the turn of the year every product gets a fact for the new year, so the first refresh in a new
calendar year is a full one.

Transactions. The products are rebuilt in chunks, each chunk in its own transaction that deletes and rewrites the
chunk's facts and product rows together, so every product always has either its complete old or its complete new
set of facts, never a mix (one long transaction over a million facts would hold SQLite's write lock for the whole
run). The watermark moves only after the last chunk, in a transaction with the audit row: a run that fails halfway
leaves the watermark where it was, and the next refresh does the same products again (rewriting a product is
idempotent). The marks are read before the data, so a catalogue change made during a run is picked up by the next.
Concurrent refreshes are serialised per chunk by a row lock on `MarketState` (PostgreSQL; SQLite writes one at a
time anyway).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.core.db import column
from wijzer.market.constants import MarketAuditAction
from wijzer.market.models import MarketProduct, MarketState, PriceFact

CHUNK = 5000  # products per transaction

Progress = Callable[[int, int], None]  # (products done, products to do)

FACT_FIELDS = (
    "product", "year", "per_pupil_excl_cents", "per_pupil_incl_cents", "licence_incl_cents", "folio_incl_cents",
    "list_excl_cents", "is_lifo", "reason", "observed_at", "is_demo",
)  # fmt: skip
PRODUCT_FIELDS = (
    "product", "owner_group", "owner_name", "owner_country", "publisher", "method_id", "sectors", "subject_ids",
    "is_paid", "is_open", "withdrawn_year", "lockin", "is_demo", "refreshed_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What one refresh did."""

    full: bool  # every product was rebuilt
    products: int  # products rebuilt
    facts: int  # price facts written for them
    seconds: float

    def summary(self) -> str:
        kind = "volledig" if self.full else "bijgewerkt"
        return f"Marktmonitor {kind}: {self.products} producten, {self.facts} prijsfeiten ({self.seconds:.1f} s)."


def state() -> MarketState:
    """The one watermark row (created on first use)."""
    found = MarketState.objects.order_by("pk").first()
    return found if found is not None else MarketState.objects.create()


def needs_full(current: MarketState, today: datetime.date | None = None) -> bool:
    """Never refreshed, or last refreshed in an earlier calendar year (every product needs this year's fact)."""
    if current.refreshed_at is None:
        return True
    return timezone.localtime(current.refreshed_at).year < (today or timezone.localdate()).year


# The last count of `pending_products`, under what it rests on: while a large change waits for the command, every
# page view asks again, and the id lists behind the count are read once per catalogue change, not once per view.
_pending: dict[tuple[object, ...], int] = {}


def pending_products(current: MarketState | None = None, today: datetime.date | None = None) -> int:
    """How many products the next refresh would rebuild (all of them when a full refresh is due)."""
    current = current or state()
    full = needs_full(current, today)
    marks = catalog.change_marks()
    key = (full, current.price_watermark, current.product_watermark, marks.price_id, marks.product_changed_at)
    count = _pending.get(key)
    if count is None:
        count = (
            len(catalog.all_product_ids())
            if full
            else len(catalog.products_changed_since(current.price_watermark, current.product_watermark))
        )
        _pending.clear()
        _pending[key] = count
    return count


def is_stale(current: MarketState | None = None, today: datetime.date | None = None) -> bool:
    """Cheap: the catalogue's two change marks against the watermark (two aggregate queries), and the year."""
    current = current or state()
    if needs_full(current, today):
        return True
    marks = catalog.change_marks()
    if marks.price_id > current.price_watermark:
        return True
    changed = marks.product_changed_at
    return changed is not None and (current.product_watermark is None or changed > current.product_watermark)


def refresh(
    *,
    all: bool = False,
    progress: Progress | None = None,
    actor_label: str = "",
    today: datetime.date | None = None,
) -> RefreshReport:
    """Rebuild the facts of the products that changed since the last refresh (or of all products); audited once
    per run that rebuilt anything, as `market.facts_refreshed` with the counts. `today` fixes the date (tests)."""
    started = time.perf_counter()
    current = state()
    marks = catalog.change_marks()  # before the data: what changes during the run is seen by the next run
    full = all or needs_full(current, today)
    ids = (
        catalog.all_product_ids()
        if full
        else catalog.products_changed_since(current.price_watermark, current.product_watermark)
    )
    facts = 0
    for start in range(0, len(ids), CHUNK):
        facts += _rebuild(ids[start : start + CHUNK], current.pk, today)
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))
    report = RefreshReport(full, len(ids), facts, time.perf_counter() - started)
    with transaction.atomic():
        MarketState.objects.filter(pk=current.pk).update(
            price_watermark=marks.price_id,
            product_watermark=marks.product_changed_at,
            refreshed_at=timezone.now(),
        )
        if ids or full:
            accounts.record_audit_event(
                MarketAuditAction.FACTS_REFRESHED,
                actor_label=actor_label or "marktmonitor (automatisch)",
                object_type="market_facts",
                details={"full": full, "products": len(ids), "facts": facts, "seconds": round(report.seconds, 2)},
            )
    return report


def _rebuild(ids: Sequence[int], state_pk: int, today: datetime.date | None) -> int:
    """Replace the facts and product rows of these products in one transaction; returns the facts written."""
    now = timezone.now()
    with transaction.atomic():
        list(MarketState.objects.select_for_update().filter(pk=state_pk))  # one refresher writes at a time
        prices = list(catalog.yearly_prices(ids, today=today))
        attributes = list(catalog.market_attributes(ids))
        PriceFact.objects.filter(product_id__in=ids).delete()
        MarketProduct.objects.filter(product_id__in=ids).delete()
        _insert(
            PriceFact,
            FACT_FIELDS,
            (
                (
                    p.product_id, p.year, p.per_pupil_excl_cents, p.per_pupil_incl_cents, p.licence_incl_cents,
                    p.folio_incl_cents, p.list_excl_cents, p.is_lifo, p.reason, p.observed_at, p.is_demo,
                )
                for p in prices
            ),
        )  # fmt: skip
        _insert(
            MarketProduct,
            PRODUCT_FIELDS,
            (
                (
                    a.product_id, a.owner_group_id, a.owner_name[:300], a.owner_country[:2], a.publisher_id,
                    a.method_id, list(a.sectors), list(a.subjects), a.is_paid, a.is_open, a.withdrawn_year,
                    lockin_inputs(a), a.is_demo, now,
                )
                for a in attributes
            ),
        )  # fmt: skip
    return len(prices)


def lockin_inputs(attributes: catalog.MarketAttributes) -> dict[str, Any]:
    """The lock-in indicators' inputs the catalogue delivers (the publisher's own declarations are kept apart)."""
    years = attributes.licence_years
    return {"for_sale": attributes.for_sale, "licence_years": float(years) if years is not None else None}


def _insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """One executemany of a prepared INSERT (Django's bulk_create compiles SQL per value: too slow for a million
    facts). Values are adapted as Django would: datetimes per backend, JSON as JSON."""
    meta = model._meta
    convert = [_adapter(meta.get_field(name)) for name in fields]
    columns = ", ".join(column(model, name) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608  # names from model meta
    params = [tuple(c(v) if c else v for c, v in zip(convert, row, strict=True)) for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return lambda v: None if v is None else Jsonb(v)
        import json

        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        cache: dict[datetime.datetime, Any] = {}

        def convert(value: Any) -> Any:
            if value is None:
                return None
            if value not in cache:
                cache[value] = adapt(value)
            return cache[value]

        return convert
    return None
