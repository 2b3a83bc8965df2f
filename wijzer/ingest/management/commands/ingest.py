"""`wijzer ingest PATH_OR_URL [--format auto|eck|nllom|eduv|csv] [--source NAME] [--workers N] [--json]`."""

from __future__ import annotations

import json
import logging
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from wijzer.accounts import service as accounts
from wijzer.cli import storage_problem
from wijzer.core.params import parse_int
from wijzer.ingest import service
from wijzer.ingest.constants import RunStatus

WORKERS_HELP = (
    "1: lezen en opslaan in één proces. 2 of meer: het bestand wordt in een tweede proces gelezen terwijl dit "
    "proces opslaat. Standaard automatisch: twee processen bij twee of meer kernen en een bestand groter dan 5 MB."
)


PARTIAL_EXIT = 3  # the run stored what it could, and some records went to quarantine


class Command(BaseCommand):
    help = (
        "Importeer een catalogusbestand of -adres (ECK, NL-LOM, Edu-V of CSV) als één run. Afsluitcode 0: alles "
        f"opgenomen; {PARTIAL_EXIT}: opgenomen, maar records in quarantaine; 1: mislukt (catalogus ongewijzigd)."
    )
    exit_code = 0

    def run_from_argv(self, argv: list[str]) -> None:
        """From the command line (not call_command): exit with PARTIAL_EXIT after a run with quarantined records.

        A full disk or read-only database is not logged with a traceback here: wijzer.cli says it in one line."""
        for handler in logging.getLogger().handlers:
            handler.addFilter(_without_storage_problems)
        super().run_from_argv(argv)
        if self.exit_code:
            sys.exit(self.exit_code)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", help="Pad naar een bestand, of een http(s)-adres.")
        parser.add_argument("--format", default="auto", choices=["auto", "eck", "nllom", "eduv", "csv"])
        parser.add_argument("--source", default=None, help="Naam van de bron (standaard: de bestandsnaam).")
        parser.add_argument(
            "--owner",
            default=None,
            metavar="ORGANISATIE",
            help="Registreer een nieuwe bron op naam van deze organisatie (naam of id); zonder: een platformbron.",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Druk de tellingen af als JSON.")
        parser.add_argument("--workers", type=int, default=None, metavar="N", help=WORKERS_HELP)
        parser.add_argument(
            "--wait",
            type=float,
            default=600.0,
            metavar="SECONDEN",
            help="Zo lang wachten als er al een import loopt (standaard 600); daarna stopt het met een melding.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: str = options["input"]
        workers: int | None = options["workers"]
        if workers is not None and workers < 1:
            raise CommandError("--workers moet 1 of meer zijn.")
        name = options["source"] or _source_name(target)
        actor = accounts.cli_actor()
        owner = _organisation(options["owner"]) if options["owner"] else None
        try:
            source = service.source_for_delivery(name, actor, format_id=options["format"], owner=owner)
        except service.SourceRefused as exc:
            raise CommandError(exc.message_nl) from exc
        if owner is not None and source.owner_id != owner.pk:
            raise CommandError(f"De bron '{name}' bestaat al, op naam van {source.owner or 'het platform'}.")
        console = Console(stderr=True, quiet=options["as_json"])
        try:
            run = self._run(target, source, options["format"], console, workers, options["wait"])
        except service.IngestInputError as exc:
            raise CommandError(exc.message_nl) from exc
        except service.RunFailedError as exc:
            if storage_problem(exc) is not None:
                raise  # the database cannot be written: wijzer.cli says so in one Dutch line
            service.record_delivery(exc.run, actor, via="cli")
            raise CommandError(f"Run {exc.run.pk}: {exc.run.message}") from exc
        service.record_delivery(run, actor, via="cli")
        summary = service.run_summary(run)
        self.exit_code = PARTIAL_EXIT if run.status == RunStatus.PARTIAL else 0
        if options["as_json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"Run {run.pk} ({source.name}): {run.message}")
            for problem in summary["problems"][:10]:
                self.stdout.write(
                    f"  {problem['count']:>6} × {problem['severity']:<7} {problem['code']}: {problem['message']}"
                )

    def _run(self, target: str, source: Any, format_id: str, console: Console, workers: int | None, wait: float) -> Any:
        if target.startswith(("http://", "https://")):
            from wijzer.ingest.harvest import HarvestError

            try:
                with console.status(f"Ophalen: {target}"):
                    local = service.fetch_to_file(target, format_id)
            except HarvestError as exc:
                raise service.IngestInputError(exc.message_nl) from exc
            try:
                return self._run_file(local, source, format_id, console, input_name=target, workers=workers, wait=wait)
            finally:
                local.unlink(missing_ok=True)
        return self._run_file(Path(target), source, format_id, console, input_name=target, workers=workers, wait=wait)

    def _run_file(
        self,
        path: Path,
        source: Any,
        format_id: str,
        console: Console,
        *,
        input_name: str,
        workers: int | None,
        wait: float,
    ) -> Any:
        size = path.stat().st_size if path.is_file() else None
        with Progress(
            TextColumn("[bold]Importeren[/]"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[records]} records"),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("import", total=size, records=0)
            return service.ingest_path(
                path,
                source=source,
                input_name=input_name,
                format_id=format_id,
                workers=workers,
                wait=wait,
                progress=lambda count: bar.update(task, records=count),
                read_progress=lambda n: bar.update(task, completed=n),
            )


def _without_storage_problems(record: logging.LogRecord) -> bool:
    """Drop a log record about a full disk or read-only database (its exception carries the Dutch line)."""
    return not (record.exc_info and record.exc_info[1] and storage_problem(record.exc_info[1]))


def _organisation(value: str) -> accounts.Organisation:
    pk = parse_int(value)
    found = list(accounts.Organisation.objects.filter(pk=pk)) if pk is not None and pk > 0 else []
    found = found or list(accounts.Organisation.objects.filter(name__iexact=value.strip()))
    if len(found) != 1:
        what = "niet gevonden" if not found else f"niet eenduidig ({len(found)} organisaties)"
        raise CommandError(f"Organisatie '{value}' {what}: geef de exacte naam of het id.")
    return found[0]


def _source_name(target: str) -> str:
    from django.utils.text import slugify

    stem = target.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    return slugify(Path(stem).stem)[:100] or "import"
