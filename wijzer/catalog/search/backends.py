"""The two full-text backends (W4) behind one protocol, chosen by `connection.vendor`.

Both index the same analysed tokens (catalog.domain.search.analyser: folded, Dutch-stemmed in Python), so they
match the same products; only the machinery differs. Facet counting and ordering are shared (engine.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection

from wijzer.catalog.domain.search.query import Term, fts5_term, tsquery_term

FTS_TABLE = "catalog_search_fts"


class SearchBackend(Protocol):
    vendor: str

    def match_ids(self, term: Term, exclude: tuple[str, ...] = ()) -> list[int]:
        """Product ids whose tokens match one term (minus those holding one of the `exclude` tokens)."""
        ...

    def replace_text(self, old: Sequence[tuple[int, str]], new: Sequence[tuple[int, str]]) -> None:
        """Keep the full-text index in step after catalog_searchrow rows changed: (product id, tokens)."""
        ...

    def rebuild_text(self) -> None: ...

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> list[tuple[Any, ...]]:
        """`columns` of catalog_searchrow for the given product ids (any order)."""
        ...


class SqliteFtsBackend:
    """SQLite FTS5, external content over catalog_searchrow.tokens (rowid = product id), detail=none."""

    vendor = "sqlite"

    def match_ids(self, term: Term, exclude: tuple[str, ...] = ()) -> list[int]:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608  # constant table name
        with connection.cursor() as cursor:
            cursor.execute(sql, [fts5_term(term, exclude)])
            return [row[0] for row in cursor.fetchall()]

    def replace_text(self, old: Sequence[tuple[int, str]], new: Sequence[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            if old:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', %s, %s)",  # noqa: S608
                    list(old),
                )
            if new:
                cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (%s, %s)", list(new))  # noqa: S608

    def rebuild_text(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> list[tuple[Any, ...]]:
        sql = (
            f"SELECT {', '.join(columns)} FROM catalog_searchrow "  # noqa: S608  # column names from engine constants
            "WHERE product_id IN (SELECT value FROM json_each(%s))"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps([int(i) for i in ids])])
            return list(cursor.fetchall())


class PostgresBackend:
    """PostgreSQL full text: generated tsvector ('simple' over the stemmed tokens) with a GIN index."""

    vendor = "postgresql"

    def match_ids(self, term: Term, exclude: tuple[str, ...] = ()) -> list[int]:
        sql = "SELECT product_id FROM catalog_searchrow WHERE document @@ to_tsquery('simple', %s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery_term(term, exclude)])
            return [row[0] for row in cursor.fetchall()]

    def replace_text(self, old: Sequence[tuple[int, str]], new: Sequence[tuple[int, str]]) -> None:
        """Nothing to do: the tsvector column is generated from `tokens` by PostgreSQL itself."""

    def rebuild_text(self) -> None:
        """Nothing to do (generated column)."""

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> list[tuple[Any, ...]]:
        sql = f"SELECT {', '.join(columns)} FROM catalog_searchrow WHERE product_id = ANY(%s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [[int(i) for i in ids]])
            return list(cursor.fetchall())


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteFtsBackend()
    raise NotImplementedError(f"Geen zoekbackend voor database {connection.vendor!r}")
