"""Pipelined reading for `wijzer ingest` and `wijzer harvest`: a child process (the parse worker) reads and parses,
the parent writes.

The child is started with ``spawn`` (never ``fork``: the parent holds an open database connection inside the run's
transaction and, in the CLI, a progress-bar thread). It imports only this module and the pure format adapters
(no Django, no settings, no database), reads the local files in order with the adapter, and sends the adapter's
results (``ParsedRecord`` / ``RecordFailure``, raw record text included) in batches through a bounded queue. The
parent validates, maps, writes and indexes them exactly as the single-process path does, in its one transaction.

The child exits with its parent: if the parent dies (killed, out of memory), the child is not left parsing or
blocked on a full queue. On Linux the kernel sends it SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a watchdog
thread in the child notices that its parent process changed and ends it.

A file the adapter cannot read is not an error here, as in the single-process path: the adapter yields a
file-level ``RecordFailure`` and the run goes on. An exception in the child, or the child dying, raises
``ParseWorkerError`` in the parent, which rolls the run back.

Only for local files from the command line; a web request or the upload thread keeps the single-process path.
"""

from __future__ import annotations

import copyreg
import ctypes
import dataclasses
import gc
import io
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wijzer.ingest.formats import records

BATCH_SIZE = 500
QUEUE_BATCHES = 8
"""At most this many batches wait in the queue (bounds the memory the child can run ahead with)."""
MIN_BYTES = 5_000_000
"""Below this input size the child's start-up (~0.3 s) costs more than it saves."""
POLL_SECONDS = 0.5
ORPHAN_CHECK_SECONDS = 0.5
"""How often the child's watchdog checks that its parent still lives."""
PR_SET_PDEATHSIG = 1  # linux/prctl.h
ChildTarget = Callable[[str, list[str], Any, int], None]


class ParseWorkerError(Exception):
    """The parsing child failed or died; `message_nl` says so in Dutch."""

    def __init__(self, message_nl: str, detail: str = "") -> None:
        self.message_nl = message_nl
        self.detail = detail
        super().__init__(message_nl)


def use_pipeline(workers: int | None, total_bytes: int) -> bool:
    """`workers` None = automatic: pipelined on a machine with two or more cores and input above MIN_BYTES."""
    if workers is not None:
        return workers > 1
    return (os.cpu_count() or 1) >= 2 and total_bytes > MIN_BYTES


# -- transport: records as constructor arguments (half the unpickling time of the default slots state) ----------

_MEDIA = {m.value: m for m in records.Medium}
_SEVERITIES = {s.value: s for s in records.Severity}


def _medium(value: str) -> records.Medium:
    return _MEDIA[value]


def _severity(value: str) -> records.Severity:
    return _SEVERITIES[value]


def _by_fields(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[Any, ...]:
        return cls, tuple([getattr(obj, name) for name in names])

    return reduce


def _dispatch_table() -> dict[type, Callable[[Any], Any]]:
    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    for cls in (
        records.ParsedRecord,
        records.RecordFailure,
        records.Problem,
        records.Price,
        records.SubProduct,
        records.Taxon,
        records.Curriculum,
    ):
        table[cls] = _by_fields(cls)
    table[records.Medium] = lambda m: (_medium, (m.value,))
    table[records.Severity] = lambda s: (_severity, (s.value,))
    return table


def dumps(batch: list[records.ParseResult], table: dict[type, Callable[[Any], Any]] | None = None) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table if table is not None else _dispatch_table()
    pickler.dump(batch)
    return buffer.getvalue()


# -- the child -------------------------------------------------------------------------------------------------


def parse_files(adapter_id: str, paths: list[str], out: Any, batch_size: int) -> None:
    """Child entry point: parse `paths` in order with adapter `adapter_id`, send batches to `out`.

    Messages are (kind, payload, bytes read so far): ("batch", pickled list, n), ("done", b"", n) or
    ("error", (exception, traceback), n).
    """
    gc.set_threshold(50_000, 10, 10)  # many short-lived objects per record, few cycles (as in the parent's run)
    done = 0
    try:
        from wijzer.ingest.formats.registry import default_registry

        adapter = default_registry.get(adapter_id)
        table = _dispatch_table()
        batch: list[records.ParseResult] = []
        for path in paths:
            with open(path, "rb") as handle:
                for result in adapter.parse(handle):
                    batch.append(result)
                    if len(batch) >= batch_size:
                        out.put(("batch", dumps(batch, table), done + handle.tell()))
                        batch = []
                done += os.fstat(handle.fileno()).st_size
        if batch:
            out.put(("batch", dumps(batch, table), done))
        out.put(("done", b"", done))
    except BaseException as exc:  # reported to the parent, which rolls the run back
        out.put(("error", (f"{type(exc).__name__}: {exc}", traceback.format_exc()), done))


def _die_with_parent(parent_pid: int) -> None:
    """In the child: end this process when the parent `parent_pid` is gone (see the module docstring)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)  # nothing to clean up: the parent's transaction is gone with it

    threading.Thread(target=watch, name="wijzer-parent-watchdog", daemon=True).start()


def run_child(parent_pid: int, target: ChildTarget, *args: Any) -> None:
    """The child process's entry point: die with the parent, then run `target` (normally `parse_files`)."""
    _die_with_parent(parent_pid)
    target(*args)


# -- the parent ------------------------------------------------------------------------------------------------


@contextmanager
def parsed_in_child(
    adapter_id: str,
    paths: Sequence[Path],
    *,
    read_progress: Callable[[int], None] | None = None,
    target: ChildTarget | None = None,
    batch_size: int | None = None,
) -> Iterator[Iterator[records.ParseResult]]:
    """Start the parsing child; yields an iterator over its results, in file order. Stops the child on exit."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue(maxsize=QUEUE_BATCHES)
    child = context.Process(
        target=run_child,
        args=(os.getpid(), target or parse_files, adapter_id, [str(p) for p in paths], out, batch_size or BATCH_SIZE),
        name="wijzer-ingest-parser",
        daemon=True,
    )
    child.start()
    try:
        yield _receive(child, out, read_progress)
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=10)
        out.close()


def _receive(child: Any, out: Any, read_progress: Callable[[int], None] | None) -> Iterator[records.ParseResult]:
    while True:
        try:
            kind, payload, position = out.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if child.is_alive():
                continue
            try:  # it may have sent its last message just before it ended
                kind, payload, position = out.get(timeout=POLL_SECONDS)
            except queue.Empty:
                raise ParseWorkerError(
                    f"Het leesproces is onverwacht gestopt (afsluitcode {child.exitcode}) voordat het hele bestand "
                    "was gelezen."
                ) from None
        if kind == "batch":
            if read_progress is not None:
                read_progress(position)
            yield from pickle.loads(payload)  # noqa: S301  # our own child process, not outside input
        elif kind == "done":
            if read_progress is not None:
                read_progress(position)
            return
        else:
            summary, detail = payload
            raise ParseWorkerError(f"Het leesproces is gestopt met een fout ({summary[:300]}).", detail)
