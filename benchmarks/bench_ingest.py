"""W3 ingest speed: parse + validate + store N synthetic ECK and NL-LOM records on SQLite, one core, beside a bare
lxml iterparse of the same file. Target: >= 5,000 records/s, ratio to bare iterparse >= 0.5, peak memory < 500 MB.

Each format is measured twice: "1 proc" is the single-process path (`ingest_stream`, as the upload and the API
use it); "pipelined" is `wijzer ingest`'s default for large files on two or more cores: the file is parsed in a
child process while the parent validates and writes (two cores, so not comparable one core to one core; its peak
MB is the parent's peak plus the children's largest sampled total).

N = WIJZER_BENCH_RECORDS (default 100,000). Files are generated once into benchmarks/out/.
WIJZER_BENCH_REPEAT (default 1) measures each file that many times, each in a fresh process and database, and
prints the best and the median. The machine's load average is printed before and after: on a shared machine the
figures move with it, so compare runs at similar load.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.scale import write_eck_sru, write_nllom_oai

OUT = Path(__file__).resolve().parent / "out"


def _file(name: str, count: int, writer: object) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}-{count}.xml"
    if not path.exists():
        with path.open("wb") as handle:
            writer(handle, count)  # type: ignore[operator]  # one of the two scale writers
    return path


def _measure(*args: str) -> dict[str, float]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(  # noqa: S603  # our own module, fixed arguments
        [sys.executable, "-m", "benchmarks.ingest_worker", *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run() -> None:
    count = int(os.environ.get("WIJZER_BENCH_RECORDS", "100000"))
    repeat = max(1, int(os.environ.get("WIJZER_BENCH_REPEAT", "1")))
    print(f"load average before: {_load()}  (cores: {os.cpu_count()})")
    rows = []
    for label, name, writer, fmt in (
        ("ECK 2.5.2 (SRU)", "eck", write_eck_sru, "eck"),
        ("NL-LOM (OAI-PMH)", "nllom", write_nllom_oai, "nllom"),
    ):
        path = _file(name, count, writer)
        for _ in range(repeat):
            bare = _measure("bare", str(path))
            for mode in ("full", "pipelined"):
                full = _measure(mode, str(path), fmt)
                rows.append((label, "1 proc" if mode == "full" else "pipelined", path.stat().st_size / 1e6, bare, full))
    print(f"load average after: {_load()}")
    print(f"records per file: {count:,}  (SQLite; {repeat} run(s) per format and mode)")
    print(
        f"{'format':18} {'mode':9} {'MB':>6} {'bare rec/s':>11} {'ingest rec/s':>13} {'ratio':>6} "
        f"{'2nd run rec/s':>14} {'peak MB':>8}"
    )
    for label, mode, size, bare, full in rows:
        bare_rate = count / bare["seconds"]
        rate = full["first_received"] / full["first_seconds"]
        rerun = full["second_received"] / full["second_seconds"]
        peak = full["peak_rss_mb"] + (full.get("children_peak_mb", 0) if mode == "pipelined" else 0)
        print(
            f"{label:18} {mode:9} {size:6.0f} {bare_rate:11,.0f} {rate:13,.0f} {rate / bare_rate:6.2f} "
            f"{rerun:14,.0f} {peak:8.0f}"
        )
    if repeat > 1:
        for label, mode in dict.fromkeys((r[0], r[1]) for r in rows):
            mine = [r for r in rows if r[0] == label and r[1] == mode]
            rates = [full["first_received"] / full["first_seconds"] for _l, _m, _s, _b, full in mine]
            ratios = [
                rate / (count / bare["seconds"]) for rate, (_l, _m, _s, bare, _f) in zip(rates, mine, strict=True)
            ]
            print(
                f"{label:18} {mode:9} first run rec/s best {max(rates):,.0f} median {statistics.median(rates):,.0f}; "
                f"ratio best {max(ratios):.2f} median {statistics.median(ratios):.2f}"
            )
