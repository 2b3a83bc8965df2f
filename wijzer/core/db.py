"""Small database helpers shared by the apps (no domain knowledge): plain-SQL look-ups for the ingest path."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

IN_CHUNK = 5000  # values per `select_in` statement (far below SQLite's and PostgreSQL's parameter limits)


def column(model: type[models.Model], name: str) -> str:
    """The quoted database column of a concrete field (by name or attname)."""
    db_column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(db_column, str):
        raise TypeError(f"{model.__name__}.{name} is not a concrete column")
    return connection.ops.quote_name(db_column)


def select_in(
    model: type[models.Model],
    fields: Sequence[str],
    field: str,
    values: Iterable[Any],
    *,
    where: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """`fields` of the rows whose `field` is one of `values` (and whose `where` fields equal the given values).

    Raw column values, without Django's conversions: meant for ids, strings and numbers on the ingest path, where
    building an ORM `__in` lookup costs more than the query itself (a few µs per value).
    """
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(column(model, f) for f in fields)
    conditions = [f"{column(model, name)} = %s" for name in where or {}]
    fixed = list((where or {}).values())
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            test = " AND ".join([*conditions, f"{column(model, field)} IN ({', '.join(['%s'] * len(chunk))})"])
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {test}", [*fixed, *chunk])  # noqa: S608  # model meta
            rows += cursor.fetchall()
    return rows
