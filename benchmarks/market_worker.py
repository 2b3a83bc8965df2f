"""One market-monitor measurement in a fresh process on its own database (DATABASE_URL set by bench_market).

python -m benchmarks.market_worker PRODUCTS -> migrates, writes a synthetic catalogue straight into the tables
(owner groups and publishers, methods, products over sectors and subjects, one price snapshot a year 2017-2025 per
product; LiFo bundles get a second line from their switch year), times the full refresh, `monitor_figures()` for all
segments (cold: loading the columns and computing; warm: the per-process cache) beside the floor, one plain SQL
GROUP BY over the same price observations, and an incremental refresh of 1,000 changed products; prints one JSON
line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

SEED = 7
YEARS = range(2017, 2026)
OWNER_GROUPS = 30
PUBLISHERS = 150
SUBJECTS = 24
PRODUCTS_PER_METHOD = 11
SECTORS = (["po"], ["vo"], ["so"], ["vso"], ["po", "so"], ["vo", "vso"])
SECTOR_WEIGHTS = (0.38, 0.42, 0.05, 0.05, 0.05, 0.05)
COUNTRIES = ("NL", "NL", "NL", "DE", "FI", "SE", "FR", "")
CHUNK = 100_000
REPEAT = 3


def _median(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, list[float]]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def _organisations(rng: np.random.Generator) -> list[int]:
    """Owner groups with countries and the publishers under them; returns the publisher ids."""
    from wijzer.accounts import service as accounts

    groups = [
        accounts.ensure_organisation(
            accounts.OrganisationKind.OWNER_GROUP, f"Groep {g}", country=COUNTRIES[g % len(COUNTRIES)]
        )
        for g in range(OWNER_GROUPS)
    ]
    owners = rng.zipf(1.6, size=PUBLISHERS) % OWNER_GROUPS
    return [
        accounts.ensure_organisation(
            accounts.OrganisationKind.PUBLISHER, f"Uitgever {p}", parent=groups[int(owners[p])]
        ).pk
        for p in range(PUBLISHERS)
    ]


def _insert(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, executemany on SQLite, in chunks."""
    from django.db import connection

    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        if not batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)  # noqa: S608
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            flush()
    flush()


def _write(products: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from wijzer.catalog.models import Method, Product

    rng = np.random.default_rng(SEED)
    start = time.perf_counter()
    publishers = _organisations(rng)
    methods_n = max(1, products // PRODUCTS_PER_METHOD)
    method_publisher = rng.choice(publishers, size=methods_n, p=_zipf_weights(len(publishers)))
    Method.objects.bulk_create(
        (Method(name=f"Methode {m}", publisher_id=int(method_publisher[m])) for m in range(methods_n)),
        batch_size=5000,
    )
    method_ids = list(Method.objects.order_by("pk").values_list("pk", flat=True))
    sector_pick = rng.choice(len(SECTORS), size=products, p=SECTOR_WEIGHTS)
    subject_pick = rng.integers(0, SUBJECTS, size=(products, 2))
    two_subjects = rng.random(products) < 0.15
    kind = rng.choice(4, size=products, p=(0.62, 0.25, 0.07, 0.06))  # licence, LiFo bundle, teacher, free
    withdrawn = rng.random(products) < 0.02
    method_of = rng.integers(0, methods_n, size=products)
    types = ("digital_licence", "lifo_bundle", "digital_licence", "open_resource")
    rows = []
    for i in range(products):
        k = int(kind[i])
        subjects = [f"bench-vak-{subject_pick[i, 0]:02d}"]
        if two_subjects[i]:
            subjects.append(f"bench-vak-{subject_pick[i, 1]:02d}")
        method = method_ids[int(method_of[i])] if k != 3 else None
        publisher = int(method_publisher[int(method_of[i])])
        rows.append(
            Product(
                key=f"id:bench-{i}", product_id=f"bench-{i}", title=f"Product {i}", product_type=types[k],
                sectors=SECTORS[int(sector_pick[i])], subject_ids=subjects, method_id=method, publisher_id=publisher,
                owner_id=publisher, is_paid=k != 3, licence="cc-by-4.0" if k == 3 else "copyright",
                licence_duration="12 maanden" if k != 3 else "", for_sale=True,
                end_user_roles=["Onderwijsvolger"] if k in (0, 1) else ["Onderwijsgever"],
                withdrawn_at=datetime(2024, 3, 1, tzinfo=UTC) if withdrawn[i] else None,
                first_published=date(2019, 8, 1) if k == 3 else None,
            )
        )  # fmt: skip
    with transaction.atomic():
        Product.objects.bulk_create(rows, batch_size=5000)
    product_ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    written_products = time.perf_counter() - start
    switch = rng.integers(2017, 2027, size=products)  # the year a LiFo bundle gains its licence line
    base = rng.integers(1500, 9000, size=products)
    rises = 1 + rng.uniform(0.005, 0.06, size=(products, len(YEARS)))
    units = ("per leerling", "per leerling", "per docent per jaar", "")

    def observations() -> Iterator[tuple[Any, ...]]:
        for i, pid in enumerate(product_ids):
            k = int(kind[i])
            if k == 3:
                continue  # free material: no price lines
            price = float(base[i])
            for t, year in enumerate(YEARS):
                price *= float(rises[i, t])
                at = datetime(year, 8, 1, 7, 0, tzinfo=UTC)
                if k == 1 and year >= switch[i]:
                    yield (pid, at, int(price * 0.6), "21.00", "EUR", units[k], False, "bench", 0, "")
                    yield (pid, at, int(price * 0.4), "9.00", "EUR", units[k], False, "bench", 1, "")
                else:
                    vat = "9.00" if k == 1 else "21.00"
                    yield (pid, at, int(price), vat, "EUR", units[k], False, "bench", 0, "")

    columns = ["product_id", "observed_at", "amount_cents", "vat_percent", "currency", "unit", "is_indicative",
               "source", "line", "kind"]  # fmt: skip
    with transaction.atomic():
        if connection.vendor == "sqlite":
            _insert(
                "catalog_priceobservation", columns, ((*r[:1], r[1].isoformat(" "), *r[2:]) for r in observations())
            )
        else:
            _insert("catalog_priceobservation", columns, observations())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from wijzer.catalog.models import PriceObservation

    return {
        "products": products,
        "methods": methods_n,
        "observations": PriceObservation.objects.count(),
        "written_products_s": round(written_products, 1),
        "written_s": round(time.perf_counter() - start, 1),
    }


def _zipf_weights(n: int) -> Any:
    weights = 1 / np.arange(1, n + 1) ** 1.1
    return weights / weights.sum()


def _floors() -> dict[str, float]:
    from django.db import connection

    year = "EXTRACT(YEAR FROM o.observed_at)" if connection.vendor == "postgresql" else "strftime('%Y', o.observed_at)"
    sectors = "p.sectors::text" if connection.vendor == "postgresql" else "p.sectors"
    queries = {
        # the floor: average price per year per segment (the sectors a product declares), over every observation
        "group_by_observations": f"SELECT {sectors}, {year} AS y, AVG(o.amount_cents), COUNT(*) FROM "  # noqa: S608
        "catalog_priceobservation o JOIN catalog_product p ON p.id = o.product_id GROUP BY 1, 2",
        "group_by_facts": "SELECT year, AVG(per_pupil_incl_cents), COUNT(*) FROM market_pricefact GROUP BY year",
    }
    found = {}
    for name, sql in queries.items():

        def run(sql: str = sql) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()

        found[name] = round(_median(run)[0], 3)
    return found


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wijzer.market import query
    from wijzer.market.actions.reference import load_shipped_reference_series
    from wijzer.market.actions.refresh import refresh
    from wijzer.market.models import PriceFact

    products = int(sys.argv[1])
    call_command("migrate", verbosity=0)
    load_shipped_reference_series()
    result: dict[str, Any] = {"vendor": connection.vendor, **_write(products)}
    start = time.perf_counter()
    report = refresh(all=True, actor_label="bench")
    result["refresh_full_s"] = round(time.perf_counter() - start, 1)
    result["facts"] = PriceFact.objects.count()
    result["refreshed_products"] = report.products
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from django.core.cache import cache

    def first() -> None:  # the first page after a refresh: columns from the database, stored in the shared cache
        cache.clear()
        query.clear_cache()
        query.monitor_figures()

    def cold() -> None:  # a new process after that: columns from the shared cache, every figure computed
        query.clear_cache()
        query.monitor_figures()

    def load() -> None:
        query.read_columns()

    data = query.load_market_data()

    def compute() -> None:
        query.compute_overview(data)
        query.compute_segment(data, (query.ALL, query.ALL))

    query.SHARE_FIGURES = False  # measure computing the figures, not reading them back from the shared cache
    result["monitor_first_s"], samples = _median(first)
    result["monitor_first_samples_s"] = [round(s, 3) for s in samples]
    result["monitor_cold_s"], samples = _median(cold)
    result["monitor_cold_samples_s"] = [round(s, 3) for s in samples]
    result["load_s"] = round(_median(load)[0], 3)
    result["compute_s"] = round(_median(compute)[0], 3)
    query.SHARE_FIGURES = True
    query.clear_cache()
    query.monitor_figures()  # computed once, into the shared cache

    def shared() -> None:  # a new process after that: the figures themselves from the shared cache
        query.clear_cache()
        query.monitor_figures()

    result["monitor_shared_s"] = round(_median(shared)[0], 3)
    query.monitor_figures()
    result["monitor_warm_s"] = round(_median(lambda: query.monitor_figures(), repeat=10)[0], 4)
    figures = query.monitor_figures()
    result["segments"] = len(figures.overview)
    result["years"] = len(figures.years)
    result["monitor_cold_s"] = round(result["monitor_cold_s"], 3)
    result["monitor_first_s"] = round(result["monitor_first_s"], 3)
    result["floors_s"] = _floors()
    # an incremental refresh: 1,000 products get a new snapshot
    from wijzer.catalog.models import PriceObservation, Product

    changed = list(
        Product.objects.filter(product_type="digital_licence").order_by("pk")[:1000].values_list("pk", flat=True)
    )
    PriceObservation.objects.bulk_create(
        PriceObservation(product_id=pid, observed_at=datetime(2026, 9, 1, tzinfo=UTC), amount_cents=9999,
                         vat_percent="21.00", unit="per leerling", source="bench")
        for pid in changed
    )  # fmt: skip
    start = time.perf_counter()
    incremental = refresh(actor_label="bench")
    result["refresh_incremental_s"] = round(time.perf_counter() - start, 2)
    result["refresh_incremental_products"] = incremental.products
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
