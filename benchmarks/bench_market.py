"""W7 market monitor: every figure of the dashboard over 1M price observations, beside one plain SQL GROUP BY (the
floor) in the same run, on SQLite and (when DATABASE_URL or WIJZER_BENCH_PG_URL names one) on PostgreSQL.

Target (issue 15): all monitor figures <= 2 s. Measured: `monitor_figures()` for all segments in a cold process
(the facts and product rows come as columns from Django's cache, where the first call after a refresh, or `wijzer
market refresh`, put them; every figure computed), the first call after a refresh (columns read from the database),
and warm (the per-process cache); the floor is the average price per year per sector over every price observation
(one GROUP BY with a join to the products). Also reported, not in the 2 s: the full refresh that derives the facts
from the observations, and an incremental refresh of 1,000 changed products.
Size: WIJZER_BENCH_MARKET_PRODUCTS (default 105000 products x 9 yearly snapshots, LiFo bundles with two lines from
their switch year: about 1.0M observations). Each backend runs in a fresh process on its own database
(benchmarks/market_worker.py); the PostgreSQL database `wijzer_bench_market` is created and dropped by the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0
PG_DATABASE = "wijzer_bench_market"


def _worker(products: int, database_url: str, folder: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "WIJZER_VAR_DIR": folder}
    done = subprocess.run(  # noqa: S603  # our own module, fixed arguments
        [sys.executable, "-m", "benchmarks.market_worker", str(products)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        print(done.stderr[-3000:])
        raise RuntimeError("market benchmark worker failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _postgres_url() -> str | None:
    url = os.environ.get("WIJZER_BENCH_PG_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return url.rstrip("/").rsplit("/", 1)[0]


def _pg(server: str, statement: str) -> None:
    subprocess.run(  # noqa: S603  # our own statement, fixed database name
        [sys.executable, "-c", f"import psycopg; c = psycopg.connect({server + '/postgres'!r}, autocommit=True); "
         f"c.execute({statement!r})"],
        check=True,
    )  # fmt: skip


def run() -> None:
    products = int(os.environ.get("WIJZER_BENCH_MARKET_PRODUCTS", "105000"))
    results: list[dict[str, Any]] = []
    folder = tempfile.mkdtemp(prefix="wijzer-bench-market-")
    try:
        results.append(_worker(products, f"sqlite:///{folder}/market.sqlite3", folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    server = _postgres_url()
    if server is None:
        print("PostgreSQL overgeslagen: DATABASE_URL en WIJZER_BENCH_PG_URL wijzen niet naar PostgreSQL.")
    else:
        folder = tempfile.mkdtemp(prefix="wijzer-bench-market-pg-")
        _pg(server, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        _pg(server, f"CREATE DATABASE {PG_DATABASE}")
        try:
            results.append(_worker(products, f"{server}/{PG_DATABASE}", folder))
        finally:
            _pg(server, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            shutil.rmtree(folder, ignore_errors=True)
    for r in results:
        _print(r)


def _print(r: dict[str, Any]) -> None:
    floor = r["floors_s"]["group_by_observations"]
    cold = r["monitor_cold_s"]
    verdict = "ok" if cold <= TARGET_S else "OVER TARGET"
    print(
        f"{r['vendor']}: {r['products']:,} products, {r['methods']:,} methods, {r['observations']:,} price "
        f"observations -> {r['facts']:,} price facts; {r['segments']} segments x {r['years']} years "
        f"(written in {r['written_s']} s)"
    )
    print(f"  full refresh (observations -> facts, not in the target): {r['refresh_full_s']} s")
    print(
        f"  monitor_figures(), all segments, cold process (columns from the shared cache, every figure computed): "
        f"median {cold} s of {r['monitor_cold_samples_s']} (target <= {TARGET_S} s: {verdict})"
    )
    print(
        f"  the first call after a refresh (columns read from the database and stored in the shared cache): "
        f"median {r['monitor_first_s']} s of {r['monitor_first_samples_s']}; reading the columns alone "
        f"{r['load_s']} s, computing alone {r['compute_s']} s"
    )
    print(f"  monitor_figures(), a new process once the figures are in the shared cache: {r['monitor_shared_s']} s")
    print(f"  monitor_figures(), warm (per-process cache, the facts unchanged): {r['monitor_warm_s']} s")
    print(
        f"  floor: one GROUP BY over the observations (average price per year per sector): {floor} s "
        f"-> monitor cold = {cold / max(floor, 0.001):.2f} x the floor, first call after a refresh = "
        f"{r['monitor_first_s'] / max(floor, 0.001):.2f} x"
    )
    print(f"  GROUP BY over the facts (average per year): {r['floors_s']['group_by_facts']} s")
    print(
        f"  incremental refresh of {r['refresh_incremental_products']:,} changed products: "
        f"{r['refresh_incremental_s']} s"
    )
    print(f"  load average during the run: {r['load_average']}")
