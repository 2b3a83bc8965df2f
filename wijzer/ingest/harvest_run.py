"""A harvest run (`wijzer harvest NAME`): fetch every page of a configured source into a spool (resumable), then
ingest all pages as one run. The protocols themselves (SRU, OAI-PMH, Edu-V, HTTP, the spool) are the pure package
`ingest/harvest/`; this module connects them to a `Source` and a run.

Fetching and storing happen in two steps so that a failure halfway through a harvest never leaves a half-updated
catalogue: pages already fetched stay in the spool and the next `wijzer harvest` continues after them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings

from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.harvest import EduvHarvester, Harvester, HarvestError, OaiPmhHarvester, Spool, SruHarvester

from . import actions, parse_worker
from .constants import SourceProtocol
from .models import Run, Source

PageProgress = Callable[[int, int], None]  # pages, records so far


class HarvestConfigError(Exception):
    def __init__(self, message_nl: str) -> None:
        self.message_nl = message_nl
        super().__init__(message_nl)


def harvester_for(source: Source) -> Harvester:
    """Build the harvester a source is configured for (protocol, url and params)."""
    params = source.params
    if not source.url:
        raise HarvestConfigError(f"Bron '{source.name}' heeft geen adres (url); stel het in via beheer of de CLI.")
    if source.protocol == SourceProtocol.SRU:
        return SruHarvester(
            source.url,
            str(params.get("query", "*")),
            str(params.get("recordSchema", "eckcs2.5.2")),
            maximum_records=int(params.get("maximumRecords", 100)),
        )
    if source.protocol == SourceProtocol.OAI:
        since = params.get("from") or (source.last_success_at.date().isoformat() if source.last_success_at else None)
        return OaiPmhHarvester(
            source.url,
            metadata_prefix=str(params.get("metadataPrefix", "lom")),
            set_spec=params.get("set"),
            from_date=since,
        )
    if source.protocol == SourceProtocol.EDUV:
        return EduvHarvester(source.url, limit=int(params.get("limit", 100)))
    raise HarvestConfigError(
        f"Bron '{source.name}' wordt niet geoogst (protocol {source.get_protocol_display()}); gebruik `wijzer ingest`."
    )


def spool_for(source: Source) -> Spool:
    return Spool(Path(settings.VAR_DIR) / "harvest" / source.name)


def harvest(source: Source, *, progress: PageProgress | None = None, workers: int | None = 1) -> Run:
    """Fetch (resuming where a failed harvest stopped), then ingest every spooled page in one run.

    `workers`: 1 (the default) parses in this process; None (automatic, the command line) or 2 or more parse the
    spooled pages in a child process while this one writes (`parse_worker.use_pipeline`).

    Raises HarvestError (fetching failed; the spool keeps what was fetched) or RunFailedError (ingest rolled back).
    """
    harvester = harvester_for(source)
    spool = spool_for(source)
    if not spool.complete:
        _fetch(spool, harvester, source, progress)
    pages = spool.pages_on_disk()
    adapter = default_registry.get(spool.format_hint() or harvester.format_hint)
    run = actions.do_start_run(
        source, input_name=f"harvest {harvester.source} ({len(pages)} pagina's)", format_id=adapter.identifier
    )
    if parse_worker.use_pipeline(workers, sum(path.stat().st_size for path in pages)):
        run = actions.do_ingest_pipelined(run, adapter, pages)
    else:
        with ExitStack() as stack:
            streams = [(adapter, stack.enter_context(path.open("rb"))) for path in pages]
            run = actions.do_ingest(run, streams)
    spool.clear()
    actions.do_set_source_checkpoint(source, {})
    return run


def _fetch(spool: Spool, harvester: Harvester, source: Source, progress: PageProgress | None) -> None:
    start = spool.checkpoint()
    try:
        pages = records = 0
        spool.directory.mkdir(parents=True, exist_ok=True)
        for page in harvester.pages(start if start is not None and not start.done else None):
            spool.store(page, harvester)
            pages, records = page.checkpoint.pages, page.checkpoint.records
            if progress is not None:
                progress(pages, records)
        spool.resume(harvester)  # marks the spool complete (nothing left to fetch)
    except HarvestError as exc:
        if exc.checkpoint is not None:
            actions.do_set_source_checkpoint(source, exc.checkpoint.to_json())
        raise
