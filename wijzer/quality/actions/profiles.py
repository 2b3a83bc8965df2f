"""Recomputing quality profiles (W6 §4): `refresh` for a few products after a write, `recompute_all` for everything.

The counts come from two aggregate queries, both grouped in the database per review or per experience:

- every submitted review of the version in force: one row with its product and its answers packed into 64-bit
  words (3 bits per criterion: 0 no answer, 1..4 the score, 5 "niet van toepassing");
- every visible experience of that version: one row with its product, school and its topic scores packed the
  same way.

numpy then counts the packed codes per (product, criterion or topic, code). Why not one `GROUP BY product,
criterion, score`: SQLite has no hash aggregation, so such a GROUP BY sorts every score row (7 million for a million
experiences, ~9 s on the benchmark machine); grouping per experience follows the index order of the scores and
sorts nothing. PostgreSQL runs the same SQL. Verified use (the author's school, or a branch's parent school, holds
the product) is decided with the holdings of the products, also in numpy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

import numpy as np
import numpy.typing as npt

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.quality.constants import QualityAuditAction, ReviewStatus, Visibility
from wijzer.quality.domain import profile as rules
from wijzer.quality.models import (
    Criterion,
    Experience,
    ExperienceScore,
    ExpertReview,
    Framework,
    QualityProfile,
    ReviewAnswer,
    SchoolHolding,
    Topic,
)
from wijzer.quality.query import current_framework

Progress = Callable[[int, int], None]
WRITE_BATCH = 1000
FETCH = 50_000
REFRESH_CHUNK = 500  # product ids per aggregate query of `refresh`
_specs: dict[tuple[int, str], rules.FrameworkSpec] = {}


def framework_spec(framework: Framework) -> rules.FrameworkSpec:
    """The topics and criteria of a version as the pure profile code needs them (cached: a version does not change
    once published; the checksum is part of the key all the same)."""
    cache_key = (framework.pk, framework.checksum)
    if cache_key not in _specs:
        criteria: dict[int, list[rules.CriterionSpec]] = {}
        rows = Criterion.objects.filter(topic__framework=framework).order_by("topic__position", "position", "pk")
        for pk, topic_id, code, statement, gateway, subject in rows.values_list(
            "pk", "topic_id", "code", "statement", "gateway", "subject"
        ):
            criteria.setdefault(topic_id, []).append(rules.CriterionSpec(pk, code, statement, gateway, subject))
        topics = tuple(
            rules.TopicSpec(pk, code, name, tuple(criteria.get(pk, ())))
            for pk, code, name in Topic.objects.filter(framework=framework)
            .order_by("position", "pk")
            .values_list("pk", "code", "name")
        )
        _specs[cache_key] = rules.FrameworkSpec(
            framework.version, topics, framework.gateway_name, framework.gateway_pass_at
        )
    return _specs[cache_key]


# --- aggregation ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Packing:
    """How the answers of one review (or the scores of one experience) are packed into 64-bit words: 3 bits per
    criterion (topic) slot. When the ids of the version are one run of numbers (as the loader creates them), the
    slot is `id - first` (arithmetic, cheap per row); otherwise a CASE maps each id to its slot."""

    ids: tuple[int, ...]  # in the order of the spec
    first: int | None  # the smallest id when the ids are consecutive; None: map with CASE

    @classmethod
    def of(cls, ids: Sequence[int]) -> Packing:
        consecutive = bool(ids) and sorted(ids) == list(range(min(ids), min(ids) + len(ids)))
        return cls(tuple(ids), min(ids) if consecutive else None)

    @property
    def slots(self) -> list[int]:
        """The slot of each id, in the order of `ids`."""
        if self.first is None:
            return list(range(len(self.ids)))
        return [i - self.first for i in self.ids]

    @property
    def words(self) -> int:
        return -(-len(self.ids) // rules.SLOTS_PER_WORD)

    def sums(self, column: str, score: str) -> list[str]:
        """SQL of one SUM per word (`column`: the criterion or topic id, `score`: the score, NULL = n.v.t.)."""
        sqlite = connection.vendor == "sqlite"  # every SQLite integer has 64 bits: no casts (fewer steps per row)
        code = f"COALESCE({score}, {rules.NOT_APPLICABLE_CODE})"
        code = code if sqlite else f"CAST({code} AS BIGINT)"
        per = rules.SLOTS_PER_WORD
        sums = []
        for word in range(self.words):
            if self.first is not None:
                lo, hi = self.first + word * per, min(self.first + (word + 1) * per, self.first + len(self.ids)) - 1
                shift = f"3 * ({column} - {int(lo)})"
                shift = f"({shift})" if sqlite else f"CAST({shift} AS INTEGER)"
                within = f"{column} BETWEEN {int(lo)} AND {int(hi)}"
                sums.append(f"SUM(CASE WHEN {within} THEN {code} << {shift} ELSE 0 END)")
            else:
                chosen = list(enumerate(self.ids))[word * per : (word + 1) * per]
                whens = " ".join(
                    f"WHEN {int(ident)} THEN {code} * {1 << (3 * (k - word * per))}" for k, ident in chosen
                )
                sums.append(f"SUM(CASE {column} {whens} ELSE 0 END)")
        # PostgreSQL sums bigints as numeric: back to bigint (the words never carry, so they stay below 2**63)
        return sums if sqlite else [f"CAST({sql} AS BIGINT)" for sql in sums]

    def unpack(self, words: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """(rows, words) -> (rows, ids in spec order) codes 0..5."""
        word_of, shift_of = np.divmod(np.array(self.slots, dtype=np.int64), rules.SLOTS_PER_WORD)
        if not len(word_of):
            return np.zeros((words.shape[0], 0), dtype=np.int64)
        codes: npt.NDArray[np.int64] = (words[:, word_of] >> (3 * shift_of)[None, :]) & 7
        return codes


def _in(column: str, ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _fetch(sql: str, params: Sequence[Any], width: int) -> npt.NDArray[np.int64]:
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH):
            parts.append(np.array(rows, dtype=np.int64))  # no NULLs: the SQL coalesces
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def _count(index: npt.NDArray[np.int64], codes: npt.NDArray[np.int64], groups: int) -> npt.NDArray[np.int64]:
    """(groups, slots, 6) counts of each code per group and slot."""
    slots = codes.shape[1]
    flat = (index[:, None] * slots + np.arange(slots)[None, :]) * 6 + codes
    return np.bincount(flat.ravel(), minlength=groups * slots * 6).reshape(groups, slots, 6)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """The counts of the products with data, as arrays in the order of `products` (ascending ids)."""

    products: npt.NDArray[np.int64]
    reviews: npt.NDArray[np.int64]
    experiences: npt.NDArray[np.int64]
    verified_experiences: npt.NDArray[np.int64]
    demo: npt.NDArray[np.bool_]
    answers: npt.NDArray[np.int64]  # (products, criteria of the spec in order, 6 codes)
    teachers: npt.NDArray[np.int64]  # (products, topics, 6 codes)
    verified: npt.NDArray[np.int64]  # (products, topics, 6 codes), experiences with verified use only

    def data(self, i: int, spec: rules.FrameworkSpec) -> rules.ProductData:
        """Product number `i` as the pure rules' `ProductData` (tests compare both ways of computing)."""
        criteria = [c.id for t in spec.topics for c in t.criteria]
        topics = [t.id for t in spec.topics]
        return rules.ProductData(
            int(self.reviews[i]),
            int(self.experiences[i]),
            int(self.verified_experiences[i]),
            bool(self.demo[i]),
            {c: _as_counts(self.answers[i, k]) for k, c in enumerate(criteria) if self.answers[i, k, 1:].any()},
            {t: _as_counts(self.teachers[i, k]) for k, t in enumerate(topics) if self.teachers[i, k, 1:].any()},
            {t: _as_counts(self.verified[i, k]) for k, t in enumerate(topics) if self.verified[i, k, 1:].any()},
        )


def _as_counts(row: npt.NDArray[np.int64]) -> rules.Counts:
    return rules.Counts((int(row[1]), int(row[2]), int(row[3]), int(row[4])), int(row[5]))


def aggregate(framework: Framework, spec: rules.FrameworkSpec, product_ids: Sequence[int] | None) -> Aggregate:
    """The counts of every product with data (or of `product_ids` only): two aggregate queries, counted in numpy."""
    criteria = Packing.of([c.id for t in spec.topics for c in t.criteria])
    topics = Packing.of([t.id for t in spec.topics])
    review_rows = _review_rows(framework, criteria, product_ids)
    experience_rows = _experience_rows(framework, topics, product_ids)
    products = np.union1d(review_rows[:, 0], experience_rows[:, 0]).astype(np.int64)
    n = len(products)
    r_index = np.searchsorted(products, review_rows[:, 0])
    e_index = np.searchsorted(products, experience_rows[:, 0])
    verified = _verified(experience_rows[:, 0], experience_rows[:, 1], product_ids)
    e_codes = topics.unpack(experience_rows[:, 3:])
    return Aggregate(
        products=products,
        reviews=np.bincount(r_index, minlength=n),
        experiences=np.bincount(e_index, minlength=n),
        verified_experiences=np.bincount(e_index[verified], minlength=n),
        demo=(np.bincount(r_index, weights=review_rows[:, 1], minlength=n) > 0)
        | (np.bincount(e_index, weights=experience_rows[:, 2], minlength=n) > 0),
        answers=_count(r_index, criteria.unpack(review_rows[:, 2:]), n),
        teachers=_count(e_index, e_codes, n),
        verified=_count(e_index[verified], e_codes[verified], n),
    )


# Everything: the answers (scores) are grouped per review (experience) first, in the order of their index, and
# only the groups are joined to their review (experience): a join per score row costs twice as much on SQLite.
# A few products: start from their reviews (experiences) through the index on the product.


def _review_rows(framework: Framework, packing: Packing, ids: Sequence[int] | None) -> npt.NDArray[np.int64]:
    """One row per submitted review: product, demo (0/1), then its answers packed into words."""
    if not packing.ids:
        return np.zeros((0, 2), dtype=np.int64)
    review, answer = ExpertReview._meta.db_table, ReviewAnswer._meta.db_table
    sums = packing.sums("a.criterion_id", "a.score")
    head = "SELECT r.product_id, CASE WHEN r.is_demo THEN 1 ELSE 0 END"
    if ids is None:
        words = ", ".join(f"x.w{k}" for k in range(len(sums)))
        grouped = ", ".join(f"{s} AS w{k}" for k, s in enumerate(sums))
        sql = (
            f"{head}, {words} FROM (SELECT a.review_id AS id, {grouped} FROM {answer} a "  # noqa: S608 - ints
            f"GROUP BY a.review_id) x JOIN {review} r ON r.id = x.id WHERE r.framework_id = %s AND r.status = %s"
        )
        params: list[Any] = [framework.pk, ReviewStatus.SUBMITTED]
    else:
        where, params = _in("r.product_id", ids)
        sql = (
            f"{head}, {', '.join(sums)} FROM {review} r JOIN {answer} a ON a.review_id = r.id "
            f"WHERE r.framework_id = %s AND r.status = %s{where} GROUP BY r.id, r.product_id, r.is_demo"
        )
        params = [framework.pk, ReviewStatus.SUBMITTED, *params]
    return _fetch(sql, params, 2 + len(sums))


def _experience_rows(framework: Framework, packing: Packing, ids: Sequence[int] | None) -> npt.NDArray[np.int64]:
    """One row per visible experience: product, school (0: none), demo (0/1), then its topic scores packed."""
    if not packing.ids:
        return np.zeros((0, 3), dtype=np.int64)
    experience, score = Experience._meta.db_table, ExperienceScore._meta.db_table
    sums = packing.sums("s.topic_id", "s.score")
    head = "SELECT e.product_id, COALESCE(e.school_id, 0), CASE WHEN e.is_demo THEN 1 ELSE 0 END"
    if ids is None:
        words = ", ".join(f"x.w{k}" for k in range(len(sums)))
        grouped = ", ".join(f"{s} AS w{k}" for k, s in enumerate(sums))
        sql = (
            f"{head}, {words} FROM (SELECT s.experience_id AS id, {grouped} FROM {score} s "  # noqa: S608 - ints
            f"GROUP BY s.experience_id) x JOIN {experience} e ON e.id = x.id "
            f"WHERE e.framework_id = %s AND e.visibility = %s"
        )
        params: list[Any] = [framework.pk, Visibility.VISIBLE]
    else:
        where, params = _in("e.product_id", ids)
        sql = (
            f"{head}, {', '.join(sums)} FROM {experience} e JOIN {score} s ON s.experience_id = e.id "
            f"WHERE e.framework_id = %s AND e.visibility = %s{where} "
            f"GROUP BY e.id, e.product_id, e.school_id, e.is_demo"
        )
        params = [framework.pk, Visibility.VISIBLE, *params]
    return _fetch(sql, params, 3 + len(sums))


KEY = 1 << 32


def _verified(
    products: npt.NDArray[np.int64], schools: npt.NDArray[np.int64], ids: Sequence[int] | None
) -> npt.NDArray[np.bool_]:
    """Per experience: does its school, or the parent school of its branch, hold the product?"""
    holdings = SchoolHolding.objects.all() if ids is None else SchoolHolding.objects.filter(product_id__in=ids)
    pairs = np.array(list(holdings.values_list("school_id", "product_id")), dtype=np.int64).reshape(-1, 2)
    if not len(pairs):
        return np.zeros(len(products), dtype=bool)
    held = pairs[:, 0] * KEY + pairs[:, 1]
    school_ids = np.unique(schools[schools > 0])
    branches = accounts.Organisation.objects.filter(
        pk__in=school_ids.tolist(), kind=accounts.OrganisationKind.BRANCH, parent_id__isnull=False
    ).values_list("pk", "parent_id")
    parents = np.zeros(len(products), dtype=np.int64)
    branch_rows = np.array(list(branches), dtype=np.int64).reshape(-1, 2)
    if len(branch_rows):
        order = np.argsort(branch_rows[:, 0])
        keys, values = branch_rows[order, 0], branch_rows[order, 1]
        at = np.clip(np.searchsorted(keys, schools), 0, len(keys) - 1)
        parents = np.where(keys[at] == schools, values[at], 0)
    own = (schools > 0) & np.isin(schools * KEY + products, held)
    parent = (parents > 0) & np.isin(parents * KEY + products, held)
    result: npt.NDArray[np.bool_] = own | parent
    return result


# --- writing -------------------------------------------------------------------------------------------------------

COLUMNS = (
    "product_id", "framework_id", "expert_reviews", "experiences", "verified_experiences", "gateway", "topics",
    "is_demo", "sort_value", "computed_at",
)  # fmt: skip


def _write(framework: Framework, spec: rules.FrameworkSpec, found: Aggregate, rows: slice, now: datetime) -> None:
    """Insert or update the profiles of products `rows` of `found` (one executemany)."""
    part = Aggregate(*(getattr(found, f)[rows] for f in Aggregate.__dataclass_fields__))
    if not len(part.products):
        return
    states = rules.gateway_states(spec, part.answers, part.reviews)
    sorts = rules.sort_values(spec, part.answers, part.reviews, states)
    topics = rules.compact_many(spec, part.answers, part.teachers, part.verified)
    when = connection.ops.adapt_datetimefield_value(now)
    table = QualityProfile._meta.db_table
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    marks = ", ".join(value if c == "topics" else "%s" for c in COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
    sql = (
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks}) ON CONFLICT (product_id) DO UPDATE SET {updates}"  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (pid, framework.pk, reviews, experiences, verified, state, json.dumps(stored), demo, sort, when)
                for pid, reviews, experiences, verified, state, stored, demo, sort in zip(
                    part.products.tolist(),
                    part.reviews.tolist(),
                    part.experiences.tolist(),
                    part.verified_experiences.tolist(),
                    states,
                    topics,
                    part.demo.tolist(),
                    sorts,
                    strict=True,
                )
            ],
        )


def refresh(product_ids: Iterable[int], *, reindex: bool = True) -> int:
    """Recompute the profiles of these products (after a review, experience, moderation or holding changed) and
    re-index them for the search. A product with no data left loses its profile. Returns the profiles written."""
    ids = sorted({int(pid) for pid in product_ids})
    if not ids:
        return 0
    with transaction.atomic():
        framework = current_framework()
        kept: list[int] = []
        if framework is not None:
            spec = framework_spec(framework)
            now = timezone.now()
            for start in range(0, len(ids), REFRESH_CHUNK):
                found = aggregate(framework, spec, ids[start : start + REFRESH_CHUNK])
                _write(framework, spec, found, slice(None), now)
                kept += found.products.tolist()
        QualityProfile.objects.filter(product_id__in=ids).exclude(product_id__in=kept).delete()
        if reindex:
            catalog.reindex_products(ids)
        return len(kept)


def recompute_all(progress: Progress | None = None, *, reindex: bool = True) -> int:
    """Recompute every profile (`wijzer quality profiles`): all products with submitted reviews or visible
    experiences of the version in force, written in batches (`progress(done, total)` after each); profiles of
    products without data are removed. Audited once (system actor). Returns the number of profiles."""
    with transaction.atomic():
        framework = current_framework()
        now = timezone.now()
        written: list[int] = []
        if framework is not None:
            spec = framework_spec(framework)
            found = aggregate(framework, spec, None)
            total = len(found.products)
            for start in range(0, total, WRITE_BATCH):
                _write(framework, spec, found, slice(start, start + WRITE_BATCH), now)
                if progress is not None:
                    progress(min(start + WRITE_BATCH, total), total)
            written = found.products.tolist()
        stale = list(QualityProfile.objects.exclude(computed_at=now).values_list("product_id", flat=True))
        QualityProfile.objects.exclude(computed_at=now).delete()
        if reindex:
            catalog.reindex_products(sorted({*written, *stale}))
        accounts.record_audit_event(
            QualityAuditAction.PROFILES_RECOMPUTED,
            actor_label="Wijzer (systeem)",
            object_type="framework",
            object_id=framework.version if framework is not None else "",
            details={"profiles": len(written), "removed": len(stale)},
        )
        return len(written)
