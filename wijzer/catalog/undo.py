"""Undoing an import run (W5.1 §8): an ingest run commits batch by batch, so that the write transactions others
wait on stay short; a run that fails, or whose process dies, is undone from its journal (`UndoEntry`), leaving the
catalogue as it was before the run.

What a batch journals, in its own transaction: the earlier state of every product, provenance row and set of parts
it changes, and the methods it creates. Rows the run created carry its id (`Product.created_run_id`,
`Provenance.run_id` for rows not journalled, `PriceObservation.run_id`). Organisations named in a feed and created
by the run are left (they own nothing and are reused by the next run).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction

from . import bulk
from .models import Method, PriceObservation, Product, ProductPart, Provenance, UndoEntry
from .search import document as search_document
from .search import index as search_index

PRODUCT = "product"
PROVENANCE = "provenance"
PARTS = "parts"
METHOD = "method"
BINARY = "__b64__"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {BINARY: base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _restored(model: type[models.Model], name: str, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {BINARY}:
        return base64.b64decode(value[BINARY])
    field = model._meta.get_field(name)  # also finds a foreign key by its attname ("method_id")
    if value is None or not isinstance(field, models.Field) or isinstance(field, models.ForeignKey | models.JSONField):
        return value
    return field.to_python(value)


def journal_rows(
    run_id: int | None, kind: str, model: type[models.Model], ids: Iterable[int], fields: Sequence[str]
) -> None:
    """Journal the current values of `fields` of these rows, before the caller changes them."""
    wanted = sorted(set(ids))
    if run_id is None or not wanted:
        return
    rows = model._default_manager.filter(pk__in=wanted).values("pk", *fields)
    _write(run_id, kind, ((row.pop("pk"), {k: _jsonable(v) for k, v in row.items()}) for row in rows))


def journal_parts(run_id: int | None, product_ids: Iterable[int]) -> None:
    wanted = sorted(set(product_ids))
    if run_id is None or not wanted:
        return
    parts: dict[int, list[list[Any]]] = {pid: [] for pid in wanted}
    for pid, code, title, ordering in ProductPart.objects.filter(product_id__in=wanted).values_list(
        "product_id", "code", "title", "ordering"
    ):
        parts[pid].append([code, title, ordering])
    _write(run_id, PARTS, ((pid, {"parts": rows}) for pid, rows in parts.items() if rows))


def journal_created(run_id: int | None, kind: str, ids: Iterable[int]) -> None:
    if run_id is not None:
        _write(run_id, kind, ((pk, None) for pk in ids))


def _write(run_id: int, kind: str, entries: Iterable[tuple[int, Any]]) -> None:
    bulk.insert(
        UndoEntry,
        ["run_id", "kind", "object_id", "before"],
        ({"run_id": run_id, "kind": kind, "object_id": pk, "before": before} for pk, before in entries),
    )


def do_undo_run(run_id: int) -> int:
    """Put the catalogue back as it was before run `run_id`, in one transaction. Returns the products touched."""
    with transaction.atomic():
        entries = list(
            UndoEntry.objects.filter(run_id=run_id).order_by("-pk").values_list("kind", "object_id", "before")
        )
        touched: set[int] = set()
        for kind, pk, before in entries:  # newest first: the oldest image of a row is applied last
            if kind == PRODUCT and before is not None:
                Product.objects.filter(pk=pk).update(**{k: _restored(Product, k, v) for k, v in before.items()})
                touched.add(pk)
            elif kind == PROVENANCE and before is not None:
                Provenance.objects.filter(pk=pk).update(**{k: _restored(Provenance, k, v) for k, v in before.items()})
            elif kind == PARTS and before is not None:
                _restore_parts(pk, before["parts"])
                touched.add(pk)
        PriceObservation.objects.filter(run_id=run_id).delete()
        touched.update(Provenance.objects.filter(run_id=run_id).values_list("product_id", flat=True))
        Provenance.objects.filter(run_id=run_id).delete()  # what is left with the run's id, the run created
        created = list(Product.objects.filter(created_run_id=run_id).values_list("pk", flat=True))
        search_index.remove_documents(created)
        Product.objects.filter(pk__in=created).delete()
        methods = [pk for kind, pk, _before in entries if kind == METHOD]
        Method.objects.filter(pk__in=methods, products__isnull=True).delete()
        existing = sorted(touched - set(created))
        search_index.write_documents(search_document.build_documents(existing))
        withdrawn = Product.objects.filter(pk__in=existing, withdrawn_at__isnull=False)
        search_index.remove_documents(list(withdrawn.values_list("pk", flat=True)))
        UndoEntry.objects.filter(run_id=run_id).delete()
    return len(touched | set(created))


def _restore_parts(product_id: int, parts: list[list[Any]]) -> None:
    ProductPart.objects.filter(product_id=product_id).delete()
    ProductPart.objects.bulk_create(
        [
            ProductPart(product_id=product_id, code=code, title=title, ordering=ordering)
            for code, title, ordering in parts
        ]
    )


def do_forget_run(run_id: int) -> None:
    """A run that finished keeps its changes: its journal is no longer needed."""
    UndoEntry.objects.filter(run_id=run_id).delete()
