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


def _packed_sum(column: str, words: list[list[tuple[int, int]]], score: str) -> list[str]:
    """SQL of one SUM per word: the code of `score` shifted into the slot of the row's `column` id."""
    code = f"CAST(COALESCE({score}, {rules.NOT_APPLICABLE_CODE}) AS BIGINT)"
    sums = []
    for word in words:
        whens = " ".join(f"WHEN {int(ident)} THEN {code} * {1 << shift}" for ident, shift in word)
        sums.append(f"SUM(CASE {column} {whens} ELSE 0 END)")
    return sums


def _in(column: str, ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _fetch(sql: str, params: Sequence[Any], width: int) -> npt.NDArray[np.int64]:
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH):
            parts.append(np.array([[v or 0 for v in r] for r in rows], dtype=np.int64))
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def _unpack(words: npt.NDArray[np.int64], slots: int) -> npt.NDArray[np.int64]:
    """(rows, words) packed -> (rows, slots) codes 0..5."""
    out = np.zeros((words.shape[0], slots), dtype=np.int64)
    for slot in range(slots):
        word, shift = divmod(slot, rules.SLOTS_PER_WORD)
        out[:, slot] = (words[:, word] >> (3 * shift)) & 7
    return out


def _count(index: npt.NDArray[np.int64], codes: npt.NDArray[np.int64], groups: int) -> npt.NDArray[np.int64]:
    """(groups, slots, 6) counts of each code per group and slot."""
    slots = codes.shape[1]
    flat = (index[:, None] * slots + np.arange(slots)[None, :]) * 6 + codes
    return np.bincount(flat.ravel(), minlength=groups * slots * 6).reshape(groups, slots, 6)


def _as_counts(row: npt.NDArray[np.int64]) -> rules.Counts:
    return rules.Counts((int(row[1]), int(row[2]), int(row[3]), int(row[4])), int(row[5]))


@dataclass(frozen=True, slots=True)
class Aggregate:
    products: dict[int, rules.ProductData]


def aggregate(framework: Framework, spec: rules.FrameworkSpec, product_ids: Sequence[int] | None) -> Aggregate:
    """The counts of every product with data (or of `product_ids` only), in two aggregate queries and numpy."""
    found: dict[int, rules.ProductData] = {}
    _reviews(framework, spec, product_ids, found)
    _experiences(framework, spec, product_ids, found)
    return Aggregate(found)


def _reviews(
    framework: Framework, spec: rules.FrameworkSpec, ids: Sequence[int] | None, found: dict[int, rules.ProductData]
) -> None:
    criteria = [c.id for t in spec.topics for c in t.criteria]
    if not criteria:
        return
    words = rules.slot_words(criteria)
    review, answer = ExpertReview._meta.db_table, ReviewAnswer._meta.db_table
    where, params = _in("r.product_id", ids)
    # The answers are read in the order of their (review, criterion) index, so grouping per review sorts nothing.
    sql = (
        f"SELECT MAX(r.product_id), MAX(CASE WHEN r.is_demo THEN 1 ELSE 0 END), "  # noqa: S608 - ids are ints
        f"{', '.join(_packed_sum('a.criterion_id', words, 'a.score'))} "
        f"FROM {answer} a CROSS JOIN {review} r WHERE r.id = a.review_id AND r.framework_id = %s "
        f"AND r.status = %s{where} GROUP BY a.review_id"
    )
    rows = _fetch(sql, [framework.pk, ReviewStatus.SUBMITTED, *params], 2 + len(words))
    if not len(rows):
        return
    products, index = np.unique(rows[:, 0], return_inverse=True)
    counts = _count(index, _unpack(rows[:, 2:], len(criteria)), len(products))
    reviews = np.bincount(index, minlength=len(products))
    demo = np.bincount(index, weights=rows[:, 1], minlength=len(products))
    for i, pid in enumerate(products.tolist()):
        data = found.setdefault(pid, rules.ProductData())
        data.reviews = int(reviews[i])
        data.demo = data.demo or bool(demo[i])
        per = counts[i]
        for slot, criterion in enumerate(criteria):
            if per[slot, 1:].any():
                data.answers[criterion] = _as_counts(per[slot])


def _experiences(
    framework: Framework, spec: rules.FrameworkSpec, ids: Sequence[int] | None, found: dict[int, rules.ProductData]
) -> None:
    topics = [t.id for t in spec.topics]
    if not topics:
        return
    words = rules.slot_words(topics)
    experience, score = Experience._meta.db_table, ExperienceScore._meta.db_table
    where, params = _in("e.product_id", ids)
    if ids is None:  # everything: read the scores in index order (experience, topic) and look each experience up
        joined = f"FROM {score} s CROSS JOIN {experience} e WHERE e.id = s.experience_id"
    else:  # a few products: start from their experiences (index on product, visibility)
        joined = f"FROM {experience} e JOIN {score} s ON s.experience_id = e.id WHERE 1 = 1"
    sql = (
        f"SELECT MAX(e.product_id), MAX(COALESCE(e.school_id, 0)), "
        f"MAX(CASE WHEN e.is_demo THEN 1 ELSE 0 END), {', '.join(_packed_sum('s.topic_id', words, 's.score'))} "
        f"{joined} AND e.framework_id = %s AND e.visibility = %s{where} GROUP BY s.experience_id"
    )
    rows = _fetch(sql, [framework.pk, Visibility.VISIBLE, *params], 3 + len(words))
    if not len(rows):
        return
    verified = _verified(rows[:, 0], rows[:, 1], ids)
    products, index = np.unique(rows[:, 0], return_inverse=True)
    codes = _unpack(rows[:, 3:], len(topics))
    every = _count(index, codes, len(products))
    held = _count(index[verified], codes[verified], len(products))
    experiences = np.bincount(index, minlength=len(products))
    verified_n = np.bincount(index[verified], minlength=len(products))
    demo = np.bincount(index, weights=rows[:, 2], minlength=len(products))
    for i, pid in enumerate(products.tolist()):
        data = found.setdefault(pid, rules.ProductData())
        data.experiences = int(experiences[i])
        data.verified_experiences = int(verified_n[i])
        data.demo = data.demo or bool(demo[i])
        for slot, topic in enumerate(topics):
            if every[i, slot, 1:].any():
                data.teachers[topic] = _as_counts(every[i, slot])
            if held[i, slot, 1:].any():
                data.verified[topic] = _as_counts(held[i, slot])


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


def _write(framework: Framework, spec: rules.FrameworkSpec, found: dict[int, rules.ProductData], now: datetime) -> None:
    rows = []
    for pid, data in found.items():
        gate = rules.gateway(spec, data)
        rows.append(
            QualityProfile(
                product_id=pid,
                framework=framework,
                expert_reviews=data.reviews,
                experiences=data.experiences,
                verified_experiences=data.verified_experiences,
                gateway=gate.state,
                topics=rules.compact(spec, data),
                is_demo=data.demo,
                sort_value=rules.sort_value(
                    data.reviews, gate.state, rules.overall(spec, data), gateway_applies=spec.has_gateway
                ),
                computed_at=now,
            )
        )
    QualityProfile.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["product"],
        update_fields=[
            "framework",
            "expert_reviews",
            "experiences",
            "verified_experiences",
            "gateway",
            "topics",
            "is_demo",
            "sort_value",
            "computed_at",
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
        found: dict[int, rules.ProductData] = {}
        if framework is not None:
            spec = framework_spec(framework)
            for start in range(0, len(ids), REFRESH_CHUNK):
                found |= aggregate(framework, spec, ids[start : start + REFRESH_CHUNK]).products
            _write(framework, spec, found, timezone.now())
        QualityProfile.objects.filter(product_id__in=ids).exclude(product_id__in=list(found)).delete()
        if reindex:
            catalog.reindex_products(ids)
        return len(found)


def recompute_all(progress: Progress | None = None, *, reindex: bool = True) -> int:
    """Recompute every profile (`wijzer quality profiles`): all products with submitted reviews or visible
    experiences of the version in force, written in batches (`progress(done, total)` after each); profiles of
    products without data are removed. Audited once (system actor). Returns the number of profiles."""
    with transaction.atomic():
        framework = current_framework()
        now = timezone.now()
        found: dict[int, rules.ProductData] = {}
        if framework is not None:
            spec = framework_spec(framework)
            found = aggregate(framework, spec, None).products
            ordered = sorted(found)
            for start in range(0, len(ordered), WRITE_BATCH):
                batch = ordered[start : start + WRITE_BATCH]
                _write(framework, spec, {pid: found[pid] for pid in batch}, now)
                if progress is not None:
                    progress(start + len(batch), len(ordered))
        stale = list(QualityProfile.objects.exclude(computed_at=now).values_list("product_id", flat=True))
        QualityProfile.objects.exclude(computed_at=now).delete()
        if reindex:
            catalog.reindex_products(sorted({*found, *stale}))
        accounts.record_audit_event(
            QualityAuditAction.PROFILES_RECOMPUTED,
            actor_label="Wijzer (systeem)",
            object_type="framework",
            object_id=framework.version if framework is not None else "",
            details={"profiles": len(found), "removed": len(stale)},
        )
        return len(found)
