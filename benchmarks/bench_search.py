"""W4 search speed: p50/p95 of typical catalogue queries with facet counts, SQLite FTS5 and PostgreSQL side by side.

Target: p95 <= 50 ms at 1M records on SQLite FTS5, facet counts included, also for a word in most records.
Sizes: WIJZER_BENCH_SEARCH_SIZES (default "100000,1000000"). PostgreSQL: WIJZER_BENCH_PG_URL, else a throwaway
cluster on 127.0.0.1:54399 when initdb is installed and this runs as root (as .ci/run does); otherwise skipped.
Each (backend, size) runs in a fresh process on its own database; rows are written straight into the search
tables (synthetic, Zipf-distributed words; see search_worker.py).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 54399


def _worker(size: int, database_url: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "WIJZER_VAR_DIR": tempfile.mkdtemp(prefix="wijzer-bs-")}
    done = subprocess.run(  # noqa: S603  # our own module, fixed arguments
        [sys.executable, "-m", "benchmarks.search_worker", str(size)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _as_postgres(command: str) -> None:
    subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c", command], check=True, capture_output=True)  # noqa: S603, S607


@contextlib.contextmanager
def _postgres() -> Iterator[tuple[str | None, str]]:
    """(database URL template with {db}, note) or (None, why PostgreSQL was skipped)."""
    url = os.environ.get("WIJZER_BENCH_PG_URL")
    if url:
        yield url.rstrip("/").rsplit("/", 1)[0] + "/{db}", "PostgreSQL from WIJZER_BENCH_PG_URL"
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins or os.geteuid() != 0 or not shutil.which("su"):
        yield None, "PostgreSQL overgeslagen: geen WIJZER_BENCH_PG_URL en geen initdb (of niet als root)."
        return
    pgbin = Path(bins[-1]).parent
    root = tempfile.mkdtemp(prefix="wijzer-bench-pg-")
    shutil.chown(root, "postgres", "postgres")
    _as_postgres(f"{pgbin}/initdb -D {root}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8")
    _as_postgres(
        f"{pgbin}/pg_ctl -D {root}/data -l {root}/log -o '-p {PG_PORT} -k {root} -c listen_addresses=127.0.0.1 "
        "-c shared_buffers=512MB -c fsync=off' -w start"
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{PG_PORT}/{{db}}", f"throwaway PostgreSQL on 127.0.0.1:{PG_PORT}"
    finally:
        _as_postgres(f"{pgbin}/pg_ctl -D {root}/data -m fast -w stop")
        shutil.rmtree(root, ignore_errors=True)


def run() -> None:
    sizes = [int(s) for s in os.environ.get("WIJZER_BENCH_SEARCH_SIZES", "100000,1000000").split(",") if s.strip()]
    results: dict[tuple[str, int], dict[str, object]] = {}
    for size in sizes:
        folder = tempfile.mkdtemp(prefix="wijzer-bench-sqlite-")
        results[("sqlite", size)] = _worker(size, f"sqlite:///{folder}/search.sqlite3")
        shutil.rmtree(folder, ignore_errors=True)
    with _postgres() as (template, note):
        print(note)
        if template:
            for size in sizes:
                db = f"bench_search_{size}"
                base = template.format(db="postgres")
                subprocess.run(  # noqa: S603
                    [sys.executable, "-c", f"import psycopg; c=psycopg.connect({base!r}, autocommit=True); "
                     f"c.execute('DROP DATABASE IF EXISTS {db}'); c.execute('CREATE DATABASE {db}')"],
                    check=True,
                )  # fmt: skip
                results[("postgresql", size)] = _worker(size, template.format(db=db))
    _print(results, sizes)


def _print(results: dict[tuple[str, int], dict[str, object]], sizes: list[int]) -> None:
    groups = [k for k in next(iter(results.values())) if k not in {"size", "vendor", "build_s"} and "hits" not in k]
    header = f"{'query (worst case of its group)':38} {'records':>9} {'hits':>8} {'SQLite p50':>11} {'p95':>7}"
    header += f" {'PostgreSQL p50':>15} {'p95':>7}"
    print(header)
    for size in sizes:
        for group in groups:
            lite = results.get(("sqlite", size), {})
            pg = results.get(("postgresql", size), {})
            lp = lite.get(group, (float("nan"), float("nan")))
            pp = pg.get(group, (float("nan"), float("nan")))
            print(
                f"{group:38} {size:>9,} {lite.get(f'{group} hits', 0):>8,} {lp[0]:>9.1f}ms {lp[1]:>5.1f}ms"  # type: ignore[index]
                f" {pp[0]:>13.1f}ms {pp[1]:>5.1f}ms"  # type: ignore[index]
            )
    for (vendor, size), data in sorted(results.items()):
        print(f"build {vendor} {size:,}: {data['build_s']} s (rows, bitmaps, full-text index)")
    print("target: p95 <= 50 ms at 1,000,000 records on SQLite FTS5, facet counts included")
