"""An upload run: a file uploaded on the website is imported in a background thread, and its progress is
published through the cache (the upload page polls it).

The page that polls may be served by another worker process, so the progress (bytes and records so far) goes
through the cache (file-based in production, so every worker process sees it), not through the database.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from . import service
from .models import Run, Source
from .progress import CountingReader

TTL = 3600


def progress_key(run_id: int) -> str:
    return f"ingest-run-progress-{run_id}"


def read_progress(run_id: int) -> dict[str, Any]:
    value = cache.get(progress_key(run_id))
    return value if isinstance(value, dict) else {}


def start_file_run(path: Path, *, source: Source, input_name: str, format_id: str) -> Run:
    """Start importing an uploaded file; returns the Run at once (runs inline when configured so, e.g. tests).

    The file is deleted when the import ends, and at once when it cannot start (unknown format, no run, no thread):
    a refused or failed upload leaves nothing in the upload directory."""
    size = path.stat().st_size
    handle = path.open("rb")
    try:
        adapter = service.adapter_for_stream(handle, source=source, format_id=format_id)
        run = service.start_run(source, input_name=input_name, format_id=adapter.identifier)
    except BaseException:
        handle.close()
        path.unlink(missing_ok=True)
        raise

    def work() -> None:
        state: dict[str, Any] = {"bytes": 0, "size": size, "records": 0}

        def publish(**changes: int) -> None:
            state.update(changes)
            cache.set(progress_key(run.pk), dict(state), TTL)

        try:
            reader = CountingReader(handle, lambda n: publish(bytes=n))
            service.run_adapter(run, adapter, reader, progress=lambda n: publish(records=n))
        except service.RunFailedError:
            pass  # the Run row carries the Dutch message
        finally:
            handle.close()
            path.unlink(missing_ok=True)
            cache.delete(progress_key(run.pk))

    def in_thread() -> None:
        try:
            work()
        finally:
            connection.close()  # the thread's own connection; never the request's

    if getattr(settings, "WIJZER_INGEST_INLINE", False):
        work()
        return run
    try:
        threading.Thread(target=in_thread, name=f"ingest-run-{run.pk}", daemon=True).start()
    except BaseException:
        handle.close()
        path.unlink(missing_ok=True)
        raise
    return run
