"""One measurement in a fresh process (so peak memory is that of the measurement alone).

python -m benchmarks.ingest_worker bare|full|pipelined FILE FORMAT  -> prints JSON {seconds, records, peak_rss_mb, ...}

`full` is the single-process path (`ingest_stream`); `pipelined` is `wijzer ingest`'s path with the file parsed in a
child process (`ingest_path(..., workers=2)`); its `children_peak_mb` is the largest sum of the child processes'
resident memory (the parsing child and multiprocessing's resource tracker), sampled from /proc every 0.2 s.
(`ru_maxrss` of children is no use here: on Linux it keeps the parent's resident size from between fork and exec.)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path


def _children_rss_mb() -> float:
    """Resident memory of this process's direct children, in MB (Linux /proc; 0 elsewhere)."""
    total = 0
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


class _ChildrenPeak(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, _children_rss_mb())
            time.sleep(0.2)


def bare(path: str) -> dict[str, float]:
    from lxml import etree

    start = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(path, events=("end",)):
        count += 1
        element.clear()
    return {"seconds": time.perf_counter() - start, "elements": count}


def full(path: str, format_id: str, *, pipelined: bool = False) -> dict[str, float]:
    var = tempfile.mkdtemp(prefix="wijzer-bench-")
    os.environ["WIJZER_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from wijzer.curriculum import service as curriculum
    from wijzer.ingest import service

    call_command("migrate", verbosity=0)
    curriculum.load_curriculum()
    source = service.ensure_source("bench")
    result: dict[str, float] = {}
    sampler = _ChildrenPeak()
    if pipelined:
        sampler.start()
    for label in ("first", "second"):
        start = time.perf_counter()
        if pipelined:
            run = service.ingest_path(Path(path), source=source, input_name=path, format_id=format_id, workers=2)
        else:
            with open(path, "rb") as handle:
                run = service.ingest_stream(handle, source=source, input_name=path, format_id=format_id)
        result[f"{label}_seconds"] = time.perf_counter() - start
        result[f"{label}_received"] = run.received
        result[f"{label}_unchanged"] = run.unchanged
    result["children_peak_mb"] = sampler.peak
    return result


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    data = bare(path) if mode == "bare" else full(path, sys.argv[3], pipelined=mode == "pipelined")
    data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(data))


if __name__ == "__main__":
    main()
