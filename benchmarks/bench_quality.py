"""W6 quality profiles: recompute speed at 10,000 products / 1,000,000 experiences / 50,000 expert reviews on SQLite,
beside floors over the same rows, and the server time the profile block adds to the product page.

Targets (issue W6): recompute <= 5 s; the block <= 10 ms (median page time with it minus without it, same run).
Sizes: WIJZER_BENCH_QUALITY_SIZE="products,experiences,reviews" (default "10000,1000000,50000"; writing the full
size takes a few minutes). WIJZER_BENCH_QUALITY_NAIVE=0 skips the naive GROUP BY (it takes ~25 s at full size).
Runs in a fresh process on its own SQLite database (benchmarks/quality_worker.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 5.0
TARGET_MS = 10.0


def run() -> None:
    size = os.environ.get("WIJZER_BENCH_QUALITY_SIZE", "10000,1000000,50000")
    products, experiences, reviews = (int(x) for x in size.split(","))
    folder = tempfile.mkdtemp(prefix="wijzer-bench-quality-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/quality.sqlite3", "WIJZER_VAR_DIR": folder}
    try:
        done = subprocess.run(  # noqa: S603  # our own module, fixed arguments
            [sys.executable, "-m", "benchmarks.quality_worker", str(products), str(experiences), str(reviews)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=ROOT,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode != 0:
        print(done.stderr[-3000:])
        raise RuntimeError("quality benchmark worker failed")
    r = json.loads(done.stdout.strip().splitlines()[-1])
    floors = r["floors_s"]
    recompute = r["recompute_median_s"]
    print(
        f"{r['products']:,} products, {r['experiences']:,} experiences ({r['score_rows']:,} topic scores), "
        f"{r['reviews']:,} expert reviews ({r['answer_rows']:,} answers); rows written in {r['written_s']} s"
    )
    verdict = "ok" if recompute <= TARGET_S else "OVER TARGET"
    print(f"  recompute all profiles ({r['profiles']:,}): median {recompute} s of {r['recompute_s']}  "
          f"(target <= {TARGET_S} s: {verdict})")  # fmt: skip
    print(f"  floor COUNT(*) over the scores:           {floors['count_scores']} s")
    print(f"  floor full scan SUM(score):               {floors['scan_scores']} s  "
          f"(recompute = {recompute / max(floors['scan_scores'], 0.001):.1f} x)")  # fmt: skip
    print(f"  floor bare GROUP BY topic, score:         {floors['group_scores']} s  "
          f"(recompute = {recompute / max(floors['group_scores'], 0.001):.2f} x)")  # fmt: skip
    print(f"  floor bare GROUP BY over the answers:     {floors['group_answers']} s")
    if "naive_group_by_product_s" in r:
        print(f"  naive GROUP BY product, topic, score:     {r['naive_group_by_product_s']} s (experiences only)")
    block = r["page_block_ms"]
    verdict = "ok" if block <= TARGET_MS else "OVER TARGET"
    print(
        f"  product page (median of {r['page_requests']} alternating requests): {r['page_with_ms']} ms with the "
        f"profile block, {r['page_without_ms']} ms without -> the block adds {block} ms "
        f"(target <= {TARGET_MS} ms: {verdict}); fastest {r['page_with_min_ms']} vs {r['page_without_min_ms']} ms"
    )
    print(f"  the block alone: {r['block_warm_ms']} ms for a profile version rendered before in the process "
          f"(one query), {r['block_cold_ms']} ms the first time (read, expand, render)")  # fmt: skip
    print(f"  load average during the run: {r['load_average']}")
