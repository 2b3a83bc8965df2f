"""One quality-profile measurement in a fresh process on its own database (DATABASE_URL set by bench_quality).

python -m benchmarks.quality_worker PRODUCTS EXPERIENCES REVIEWS -> migrates, loads the real framework
(data/quality), writes synthetic rows straight into the tables (foreign-key checks off: authors, panels and schools
are ids only), times `recompute_all` beside floors over the same rows and the product page with and without its
quality block, prints one JSON line.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np

SEED = 6
SCHOOLS = 2000
HOLDINGS_PER_PRODUCT = 5
HIDDEN_SHARE = 0.03
DRAFT_SHARE = 0.05
CHUNK = 200_000
# Answer codes: 1..4 or None (n.v.t.), weighted as reviews and experiences tend to be (mostly agreeing).
SCORES: list[int | None] = [1, 2, 3, 4, None]
WEIGHTS = [0.08, 0.17, 0.35, 0.32, 0.08]


def _scores(rng: np.random.Generator, n: int) -> list[int | None]:
    picked = rng.choice(5, size=n, p=WEIGHTS)
    return [SCORES[i] for i in picked.tolist()]


def _write(products: int, experiences: int, reviews: int) -> dict[str, float]:
    from django.db import connection, transaction

    from wijzer.catalog.models import Product
    from wijzer.quality import service as quality
    from wijzer.quality.models import Criterion, Topic

    timings: dict[str, float] = {}
    start = time.perf_counter()
    framework = quality.ensure_current_framework()
    assert framework is not None
    topics = list(Topic.objects.filter(framework=framework).order_by("position").values_list("pk", flat=True))
    generic = list(
        Criterion.objects.filter(topic__framework=framework, subject="").order_by("pk").values_list("pk", flat=True)
    )
    rng = np.random.default_rng(SEED)
    now = datetime(2026, 12, 1, tzinfo=UTC).isoformat()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or SQLite ignores it
    with transaction.atomic():
        Product.objects.bulk_create(
            (Product(key=f"id:bench-{i}", product_id=f"bench-{i}", title=f"Product {i}") for i in range(products)),
            batch_size=5000,
        )
        first = Product.objects.order_by("pk").values_list("pk", flat=True).first() or 1
        with connection.cursor() as cursor:
            # experiences: product i % P, author i // P (one per person per product), 3 % hidden, 10 % no school
            for lo in range(0, experiences, CHUNK):
                ids = np.arange(lo, min(lo + CHUNK, experiences))
                schools = rng.integers(1, SCHOOLS + 1, size=len(ids))
                no_school = rng.random(len(ids)) < 0.1
                hidden = rng.random(len(ids)) < HIDDEN_SHARE
                cursor.executemany(
                    "INSERT INTO quality_experience (id, uuid, framework_id, product_id, author_id, school_id, text, "
                    "sector, level, school_type, visibility, hidden_reason, created_at, updated_at, is_demo) "
                    "VALUES (%s, %s, %s, %s, %s, %s, '', 'vo', '', '', %s, '', %s, %s, 0)",
                    [
                        (i + 1, uuid.uuid4().hex, framework.pk, first + i % products, i // products + 1,
                         None if ns else int(s), "hidden" if h else "visible", now, now)
                        for i, s, ns, h in zip(ids.tolist(), schools.tolist(), no_school.tolist(), hidden.tolist(),
                                               strict=True)
                    ],
                )  # fmt: skip
                scores = _scores(rng, len(ids) * len(topics))
                cursor.executemany(
                    "INSERT INTO quality_experiencescore (experience_id, topic_id, score) VALUES (%s, %s, %s)",
                    [
                        (i + 1, topic, scores[k * len(topics) + j])
                        for k, i in enumerate(ids.tolist())
                        for j, topic in enumerate(topics)
                    ],
                )
            timings["experiences_written_s"] = time.perf_counter() - start
            # reviews: product i % P, reviewer i // P; 5 % drafts (not counted); every generic criterion answered
            for lo in range(0, reviews, CHUNK // len(generic)):
                ids = np.arange(lo, min(lo + CHUNK // len(generic), reviews))
                draft = rng.random(len(ids)) < DRAFT_SHARE
                cursor.executemany(
                    "INSERT INTO quality_expertreview (id, uuid, framework_id, product_id, reviewer_id, panel_id, "
                    "subject, status, summary, created_at, submitted_at, is_demo) "
                    "VALUES (%s, %s, %s, %s, %s, 1, '', %s, '', %s, %s, 0)",
                    [
                        (i + 1, uuid.uuid4().hex, framework.pk, first + i % products, i // products + 1,
                         "draft" if d else "submitted", now, None if d else now)
                        for i, d in zip(ids.tolist(), draft.tolist(), strict=True)
                    ],
                )  # fmt: skip
                scores = _scores(rng, len(ids) * len(generic))
                cursor.executemany(
                    "INSERT INTO quality_reviewanswer (review_id, criterion_id, score, reason, evidence) "
                    "VALUES (%s, %s, %s, '', '')",
                    [
                        (i + 1, criterion, scores[k * len(generic) + j])
                        for k, i in enumerate(ids.tolist())
                        for j, criterion in enumerate(generic)
                    ],
                )
            holdings = {
                (int(s), first + p)
                for p in range(products)
                for s in rng.integers(1, SCHOOLS + 1, size=HOLDINGS_PER_PRODUCT).tolist()
            }
            cursor.executemany(
                "INSERT INTO quality_schoolholding (school_id, product_id, source, declared_at, is_demo) "
                "VALUES (%s, %s, 'declared', %s, 0)",
                [(s, p, now) for s, p in sorted(holdings)],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["written_s"] = time.perf_counter() - start
    return timings


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _query(sql: str) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return run


def _page_times(url: str, product: Any, repeat: int) -> dict[str, float]:
    """Server time (ms) of the product page with its quality block and without it (the tag patched to render
    nothing), requests alternating so that load on the machine hits both alike; plus the block alone, cold (a new
    profile version: read, expand, render) and warm (a version this process rendered before: one query)."""
    from django.template.loader import render_to_string
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.utils.safestring import mark_safe

    from wijzer.quality import profile_query
    from wijzer.quality.templatetags import quality_tags

    with contextlib.suppress(RuntimeError):  # RuntimeError: already set up (called twice in one process)
        setup_test_environment()  # "testserver" as an allowed host, as in tests
    plain = {  # no collected static files here: the page links them through the finders, as in tests
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    real = quality_tags.block_html  # type: ignore[attr-defined]
    with_block: list[float] = []
    without: list[float] = []

    def get(into: list[float]) -> bytes:
        start = time.perf_counter()
        response = client.get(url)
        into.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:500]
        return bytes(response.content)

    with override_settings(STORAGES=plain, STATIC_ROOT=None):
        for _ in range(5):
            client.get(url)
        for _ in range(repeat):
            quality_tags.block_html = real  # type: ignore[attr-defined]
            assert b"Kwaliteitsprofiel" in get(with_block)
            quality_tags.block_html = lambda product: mark_safe("")  # type: ignore[attr-defined]
            assert b"Kwaliteitsprofiel" not in get(without)
        quality_tags.block_html = real  # type: ignore[attr-defined]

    def cold() -> object:
        return render_to_string(profile_query.BLOCK_TEMPLATE, profile_query.block_context(product))

    cold_samples = [_timed(cold) * 1000 for _ in range(repeat)]
    warm_samples = [_timed(lambda: profile_query.block_html(product)) * 1000 for _ in range(repeat)]
    return {
        "page_with_ms": statistics.median(with_block),
        "page_without_ms": statistics.median(without),
        "page_with_min_ms": min(with_block),
        "page_without_min_ms": min(without),
        "block_cold_ms": statistics.median(cold_samples),
        "block_warm_ms": statistics.median(warm_samples),
    }


def measure(products: int, experiences: int, reviews: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wijzer.catalog.models import Product
    from wijzer.quality.actions.profiles import recompute_all
    from wijzer.quality.models import QualityProfile

    call_command("migrate", verbosity=0)
    result: dict[str, Any] = {"products": products, "experiences": experiences, "reviews": reviews}
    result |= {k: round(v, 1) for k, v in _write(products, experiences, reviews).items()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM quality_experiencescore")
        result["score_rows"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM quality_reviewanswer")
        result["answer_rows"] = cursor.fetchone()[0]
    runs = [_timed(lambda: recompute_all(reindex=False)) for _ in range(3)]
    result["recompute_s"] = [round(r, 2) for r in runs]
    result["recompute_median_s"] = round(statistics.median(runs), 2)
    result["profiles"] = QualityProfile.objects.count()
    floors = {
        "count_scores": "SELECT COUNT(*) FROM quality_experiencescore",
        "scan_scores": "SELECT SUM(score) FROM quality_experiencescore",
        "group_scores": "SELECT topic_id, score, COUNT(*) FROM quality_experiencescore GROUP BY topic_id, score",
        "group_answers": "SELECT criterion_id, score, COUNT(*) FROM quality_reviewanswer GROUP BY criterion_id, score",
    }
    result["floors_s"] = {name: round(_timed(_query(sql)), 2) for name, sql in floors.items()}
    if os.environ.get("WIJZER_BENCH_QUALITY_NAIVE", "1") == "1":
        naive = (
            "SELECT e.product_id, s.topic_id, s.score, COUNT(*) FROM quality_experiencescore s "
            "JOIN quality_experience e ON e.id = s.experience_id WHERE e.visibility = 'visible' "
            "GROUP BY e.product_id, s.topic_id, s.score"
        )
        result["naive_group_by_product_s"] = round(_timed(_query(naive)), 2)
    product = Product.objects.order_by("pk").first()
    assert product is not None
    pages = _page_times(f"/catalogus/{product.uuid}/", product, int(os.environ.get("WIJZER_BENCH_PAGE", "200")))
    result |= {k: round(v, 2) for k, v in pages.items()}
    result["page_requests"] = int(os.environ.get("WIJZER_BENCH_PAGE", "200"))
    result["page_block_ms"] = round(pages["page_with_ms"] - pages["page_without_ms"], 2)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return result


if __name__ == "__main__":
    print(json.dumps(measure(*(int(a) for a in sys.argv[1:4]))))
