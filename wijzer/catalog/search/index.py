"""Writing the search index (W4), called from catalog.batch and catalog.actions inside the caller's transaction.

`write_documents` keeps the index current for a batch of products (ingest: one call per batch of 1000, all
writes with executemany); `rebuild` writes everything from scratch (`wijzer catalog reindex`, benchmarks).
Bitmaps are updated per (name, chunk): set the bits of products that gained a key, clear those that lost it.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection

from wijzer.catalog import bulk
from wijzer.catalog.domain.search import bitmap
from wijzer.catalog.domain.search.facets import ALL_KEY, SearchDocument
from wijzer.catalog.models import SearchBitmap, SearchRow, SearchState
from wijzer.core.db import select_in

from .backends import SearchBackend, get_backend

TERM_PREFIX = "t:"
COMMON_MIN_DOCS = 2000  # a token in at least this many products (and 1 %) gets a bitmap at reindex, not FTS
COMMON_SHARE = 100
ROW_FIELDS = ["product", "tokens", "title_tokens", "sort_title", "price_cents", "quality", "coverage", "facet_keys"]

Changes = dict[str, tuple[list[int], list[int]]]  # bitmap name -> (ids to set, ids to clear)


def common_terms() -> frozenset[str]:
    """Tokens that have a bitmap (decided at the last rebuild)."""
    names = SearchBitmap.objects.filter(name__startswith=TERM_PREFIX).values_list("name", flat=True).distinct()
    return frozenset(n.removeprefix(TERM_PREFIX) for n in names)


def _keys(facet_keys: Iterable[str], tokens: str, common: frozenset[str]) -> set[str]:
    keys = {ALL_KEY, *facet_keys}
    if common:
        keys.update(TERM_PREFIX + t for t in set(tokens.split()) & common)
    return keys


def _row(doc: SearchDocument) -> dict[str, object]:
    return {
        "product": doc.product_id,
        "tokens": doc.tokens,
        "title_tokens": doc.title_tokens,
        "sort_title": doc.sort_title,
        "price_cents": doc.price_cents,
        "quality": doc.quality,
        "coverage": doc.coverage,
        "facet_keys": list(doc.facet_keys),
    }


def write_documents(docs: Sequence[SearchDocument], backend: SearchBackend | None = None) -> None:
    """Insert or update the index rows of `docs` and everything derived from them."""
    if not docs:
        return
    backend = backend or get_backend()
    ids = [d.product_id for d in docs]
    old = {
        pid: (tokens, json.loads(keys) if isinstance(keys, str) else keys)
        for pid, tokens, keys in select_in(SearchRow, ["product", "tokens", "facet_keys"], "product", ids)
    }
    bulk.insert(SearchRow, ROW_FIELDS, (_row(d) for d in docs), conflict=["product"], update=ROW_FIELDS[1:])
    backend.replace_text([(pid, old[pid][0]) for pid in ids if pid in old], [(d.product_id, d.tokens) for d in docs])
    common = common_terms()
    changes: Changes = defaultdict(lambda: ([], []))
    for doc in docs:
        new = _keys(doc.facet_keys, doc.tokens, common)
        previous = _keys(old[doc.product_id][1], old[doc.product_id][0], common) if doc.product_id in old else set()
        for name in new - previous:
            changes[name][0].append(doc.product_id)
        for name in previous - new:
            changes[name][1].append(doc.product_id)
    apply_changes(changes)
    bump()


def remove_documents(ids: Sequence[int], backend: SearchBackend | None = None) -> None:
    """Take these products out of the index (rows, full text, bitmaps), e.g. before an undone run deletes them."""
    if not ids:
        return
    backend = backend or get_backend()
    old = [
        (pid, tokens, json.loads(keys) if isinstance(keys, str) else keys)
        for pid, tokens, keys in select_in(SearchRow, ["product", "tokens", "facet_keys"], "product", list(ids))
    ]
    if not old:
        return
    backend.replace_text([(pid, tokens) for pid, tokens, _keys in old], [])
    common = common_terms()
    changes: Changes = defaultdict(lambda: ([], []))
    for pid, tokens, keys in old:
        for name in _keys(keys, tokens, common):
            changes[name][1].append(pid)
    apply_changes(changes)
    SearchRow.objects.filter(product_id__in=[pid for pid, _t, _k in old]).delete()
    bump()


def apply_changes(changes: Changes) -> None:
    per_chunk: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for name, (added, removed) in changes.items():
        for pid in added:
            per_chunk[(name, pid // bitmap.CHUNK_BITS)][0].append(pid % bitmap.CHUNK_BITS)
        for pid in removed:
            per_chunk[(name, pid // bitmap.CHUNK_BITS)][1].append(pid % bitmap.CHUNK_BITS)
    if not per_chunk:
        return
    names = {name for name, _ in per_chunk}
    chunks = {chunk for _, chunk in per_chunk}
    stored = {
        (name, chunk): bytes(bits)
        for name, chunk, bits in SearchBitmap.objects.filter(name__in=names, chunk__in=chunks).values_list(
            "name", "chunk", "bits"
        )
    }
    bulk.insert(
        SearchBitmap,
        ["name", "chunk", "bits"],
        (
            {"name": name, "chunk": chunk, "bits": bitmap.apply_to_chunk(stored.get((name, chunk)), added, removed)}
            for (name, chunk), (added, removed) in per_chunk.items()
        ),
        conflict=["name", "chunk"],
        update=["bits"],
    )


def bump() -> None:
    """A new index version: every process reloads its cached bitmaps on its next query."""
    token = uuid.uuid4().hex
    if not SearchState.objects.filter(pk=1).update(token=token):
        SearchState.objects.create(pk=1, token=token)


def clear() -> None:
    with connection.cursor() as cursor:
        for table in ("catalog_searchbitmap", "catalog_searchrow"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # constant table names


def rebuild(
    docs: Iterable[SearchDocument],
    *,
    backend: SearchBackend | None = None,
    common_min_docs: int | None = None,
    batch: int = 5000,
) -> int:
    """Replace the whole index with `docs` (ascending product id). Returns the number of documents."""
    backend = backend or get_backend()
    clear()
    df: Counter[str] = Counter()
    pending: list[SearchDocument] = []
    chunk_keys: dict[str, list[int]] = defaultdict(list)
    current_chunk = -1
    total = 0
    for doc in docs:
        chunk = doc.product_id // bitmap.CHUNK_BITS
        if chunk != current_chunk:
            _flush_chunk(current_chunk, chunk_keys)
            current_chunk = chunk
        for name in (ALL_KEY, *doc.facet_keys):
            chunk_keys[name].append(doc.product_id % bitmap.CHUNK_BITS)
        df.update(set(doc.tokens.split()))
        pending.append(doc)
        total += 1
        if len(pending) >= batch:
            bulk.insert(SearchRow, ROW_FIELDS, (_row(d) for d in pending))
            pending = []
    bulk.insert(SearchRow, ROW_FIELDS, (_row(d) for d in pending))
    _flush_chunk(current_chunk, chunk_keys)
    backend.rebuild_text()
    threshold = common_min_docs if common_min_docs is not None else max(COMMON_MIN_DOCS, total // COMMON_SHARE)
    common = frozenset(t for t, n in df.items() if n >= threshold)
    if common:
        _term_bitmaps(common)
    bump()
    return total


def _flush_chunk(chunk: int, keys: dict[str, list[int]]) -> None:
    if chunk >= 0 and keys:
        bulk.insert(
            SearchBitmap,
            ["name", "chunk", "bits"],
            ({"name": n, "chunk": chunk, "bits": bitmap.apply_to_chunk(None, ids, ())} for n, ids in keys.items()),
        )
    keys.clear()


def _term_bitmaps(common: frozenset[str]) -> None:
    keys: dict[str, list[int]] = defaultdict(list)
    current_chunk = -1
    with connection.chunked_cursor() as cursor:
        cursor.execute("SELECT product_id, tokens FROM catalog_searchrow ORDER BY product_id")
        while rows := cursor.fetchmany(5000):
            for pid, tokens in rows:
                chunk = pid // bitmap.CHUNK_BITS
                if chunk != current_chunk:
                    _flush_chunk(current_chunk, keys)
                    current_chunk = chunk
                for token in set(tokens.split()) & common:
                    keys[TERM_PREFIX + token].append(pid % bitmap.CHUNK_BITS)
    _flush_chunk(current_chunk, keys)
