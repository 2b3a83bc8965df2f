"""Curriculum: read + validate the SLO files, the full load, and goal API latency."""

from __future__ import annotations

import functools
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from benchmarks.timing import percentiles
from wijzer.curriculum import service
from wijzer.curriculum.domain.slo import read_bundle


def run() -> None:
    call_command("migrate", verbosity=0)
    root = Path(settings.WIJZER_SLO_DIR)
    start = time.perf_counter()
    bundle = read_bundle(root)
    read_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    service.load_curriculum(force=True)
    load_ms = (time.perf_counter() - start) * 1000
    print(
        f"read+validate SLO files: {read_ms:8.1f} ms ({len(bundle.goals)} goals, "
        f"{sum(len(g.elaborations) for g in bundle.goals)} uitwerkingen/illustraties)"
    )
    print(f"full load (forced):      {load_ms:8.1f} ms")
    client = Client(HTTP_HOST="127.0.0.1")
    cases = {
        "goals po 2006 (page of 50)": "/api/v1/curriculum/goals?framework=kerndoelen-2006&sector=po",
        "goals text query 'breuken'": "/api/v1/curriculum/goals?q=breuken",
        "goal by stale uuid": "/api/v1/curriculum/goals/d803cf62-cf7e-404c-b650-8c7543534b6d",
        "subject page po/rekenen": "/curriculum/po/rekenen-en-wiskunde/",
    }
    print(f"{'request':32} {'p50 ms':>8} {'p95 ms':>8}")
    for name, url in cases.items():
        p50, p95 = percentiles(functools.partial(client.get, url), repeat=40)
        print(f"{name:32} {p50:8.1f} {p95:8.1f}")
