"""Public surface of ingest for views, API, commands and other apps (style.md §13)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from wijzer.ingest.formats.base import FormatAdapter
from wijzer.ingest.formats.registry import UnknownFormatError, default_registry

from . import actions, delivery, parse_worker, runslot
from .constants import FORMAT_ALIASES
from .domain.report import top_problems
from .models import Run, Source
from .progress import CountingReader

__all__ = [
    "FORMAT_ALIASES",
    "IngestInputError",
    "RunBusyError",
    "RunFailedError",
    "SourceRefused",
    "adapter_for",
    "default_push_name",
    "ensure_source",
    "ingest_path",
    "ingest_stream",
    "load_demo_catalogue",
    "record_delivery",
    "record_raw_view",
    "recover_stale_runs",
    "run_summary",
    "source_for_delivery",
    "valid_source_name",
]

RunFailedError = actions.RunFailedError
RunBusyError = actions.RunBusyError
recover_stale_runs = runslot.do_recover_stale_runs


def load_demo_catalogue() -> list[Run]:
    """The labelled demo catalogue through the real pipeline (`wijzer setup`, never in production)."""
    from .demo import load_demo_catalogue as load

    return load()


HEAD_BYTES = 8192


class IngestInputError(Exception):
    """The input cannot be read at all (missing file, unknown format). `message_nl` says what to fix."""

    def __init__(self, message_nl: str) -> None:
        self.message_nl = message_nl
        super().__init__(message_nl)


def adapter_for(format_id: str) -> FormatAdapter:
    try:
        return default_registry.get(FORMAT_ALIASES.get(format_id, format_id))
    except UnknownFormatError as exc:
        raise IngestInputError(f"Onbekend formaat '{format_id}'. Kies uit: auto, eck, nllom, eduv, csv.") from exc


def detect_adapter(head: bytes, format_id: str = "auto") -> FormatAdapter:
    """The adapter for this input: the one asked for, or the one whose sniffer recognises the first bytes."""
    if FORMAT_ALIASES.get(format_id, format_id) != "auto":
        return adapter_for(format_id)
    adapter = default_registry.detect(head)
    if adapter is not None:
        return adapter
    stripped = head.lstrip()[:200].lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        raise IngestInputError("De invoer is een HTML-pagina, geen catalogusbestand. Controleer het adres of bestand.")
    raise IngestInputError(
        "Het formaat van de invoer is niet herkend. Geef het formaat op met --format (eck, nllom, eduv of csv) "
        "of controleer of het bestand ECK-, NL-LOM-, Edu-V- of CSV-gegevens bevat."
    )


def ensure_source(
    name: str, *, format_id: str = "auto", is_demo: bool = False, label: str = "", owner: Any = None
) -> Source:
    """The source with this name, created on first use for `owner` (operator and demo only: pages and the API go
    through `source_for_delivery`, which checks who asks)."""
    return actions.do_ensure_source(
        name, format_id=FORMAT_ALIASES.get(format_id, format_id), is_demo=is_demo, label=label, owner=owner
    )


SourceRefused = delivery.SourceRefused
source_for_delivery = delivery.source_for_delivery
default_push_name = delivery.default_push_name
valid_source_name = delivery.valid_name
record_delivery = actions.do_record_delivery
record_raw_view = actions.do_record_raw_view


@contextmanager
def open_path(path: Path) -> Iterator[tuple[BinaryIO, int]]:
    if not path.exists():
        raise IngestInputError(f"Bestand niet gevonden: {path}")
    if not path.is_file():
        raise IngestInputError(f"{path} is geen bestand.")
    with path.open("rb") as handle:
        yield handle, path.stat().st_size


def fetch_to_file(url: str, format_id: str) -> Path:
    """One document from a URL into a temporary file (for `wijzer ingest https://…`; HarvestError if it fails)."""
    from wijzer.ingest.harvest import fetch  # only the command line downloads: not imported by every page

    response = fetch(url, expect="json" if FORMAT_ALIASES.get(format_id) == "eduv_json" else "xml")
    handle = tempfile.NamedTemporaryFile(prefix="wijzer-ingest-", suffix=".download", delete=False)  # noqa: SIM115
    with handle:
        handle.write(response.body)
    return Path(handle.name)


def adapter_for_stream(stream: BinaryIO, *, source: Source, format_id: str = "auto") -> FormatAdapter:
    """The adapter for a seekable stream: the format asked for, else the source's, else sniffed from its head."""
    if not stream.seekable():
        raise IngestInputError("De invoer kan niet opnieuw worden gelezen; sla haar eerst op als bestand.")
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return detect_adapter(head, format_id if format_id != "auto" else source.format)


def ingest_stream(
    stream: BinaryIO,
    *,
    source: Source,
    input_name: str,
    format_id: str = "auto",
    progress: actions.Progress | None = None,
    wait: float = actions.WAIT_SECONDS,
) -> Run:
    """Import one stream as one run; raises IngestInputError before anything is written if unreadable, and
    RunBusyError when another run keeps the import slot for longer than `wait` seconds."""
    adapter = adapter_for_stream(stream, source=source, format_id=format_id)
    run = actions.do_start_run(source, input_name=input_name, format_id=adapter.identifier)
    return actions.do_ingest(run, [(adapter, stream)], progress=progress, wait=wait)


def ingest_path(
    path: Path,
    *,
    source: Source,
    input_name: str,
    format_id: str = "auto",
    workers: int | None = None,
    progress: actions.Progress | None = None,
    read_progress: actions.Progress | None = None,
    wait: float = actions.WAIT_SECONDS,
) -> Run:
    """Import one local file as one run (command line only: may start a parsing child process).

    `workers` None = automatic (`parse_worker.use_pipeline`: two or more cores and more than 5 MB), 1 = one process,
    2 or more = parse in a child process while this one writes. `read_progress` gets the bytes read so far.
    """
    with open_path(path) as (handle, size):
        adapter = adapter_for_stream(handle, source=source, format_id=format_id)
        run = actions.do_start_run(source, input_name=input_name, format_id=adapter.identifier)
        if parse_worker.use_pipeline(workers, size):
            return actions.do_ingest_pipelined(
                run, adapter, [path], progress=progress, read_progress=read_progress, wait=wait
            )
        stream: BinaryIO = handle if read_progress is None else CountingReader(handle, read_progress)
        return actions.do_ingest(run, [(adapter, stream)], progress=progress, wait=wait)


start_run = actions.do_start_run


def run_adapter(run: Run, adapter: FormatAdapter, stream: BinaryIO, *, progress: actions.Progress | None = None) -> Run:
    return actions.do_ingest(run, [(adapter, stream)], progress=progress)


def reprocess_quarantine(source: Source) -> Run:
    return actions.do_reprocess_quarantine(source, adapter_for=adapter_for)


def run_summary(run: Run) -> dict[str, Any]:
    """The counts of a run as `wijzer ingest --json` prints them."""
    return {
        "run": run.pk,
        "source": run.source.name,
        "status": run.status,
        "format": run.format,
        "received": run.received,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "quarantined": run.quarantined,
        "still_quarantined": run.still_quarantined,
        "conflicts": run.conflicts,
        "duplicates": run.duplicates,
        "deleted": run.deleted,
        "deleted_unknown": run.deleted_unknown,
        "price_changes": run.price_changes,
        "message": run.message,
        "problems": top_problems(run.problems),
    }
