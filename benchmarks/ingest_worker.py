"""One measurement in a fresh process (so peak memory is that of the measurement alone).

python -m benchmarks.ingest_worker bare|full FILE FORMAT  -> prints JSON {seconds, records, peak_rss_mb, ...}
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time


def bare(path: str) -> dict[str, float]:
    from lxml import etree

    start = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(path, events=("end",)):
        count += 1
        element.clear()
    return {"seconds": time.perf_counter() - start, "elements": count}


def full(path: str, format_id: str) -> dict[str, float]:
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
    for label in ("first", "second"):
        start = time.perf_counter()
        with open(path, "rb") as handle:
            run = service.ingest_stream(handle, source=source, input_name=path, format_id=format_id)
        result[f"{label}_seconds"] = time.perf_counter() - start
        result[f"{label}_received"] = run.received
        result[f"{label}_unchanged"] = run.unchanged
    return result


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    data = bare(path) if mode == "bare" else full(path, sys.argv[3])
    data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(data))


if __name__ == "__main__":
    main()
