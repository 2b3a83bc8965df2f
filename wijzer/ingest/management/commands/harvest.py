"""`wijzer harvest SOURCE` (resumable) and `wijzer harvest --add NAME --protocol sru|oai|eduv --url URL`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from wijzer.ingest import actions, harvest_run, service
from wijzer.ingest.constants import SourceProtocol
from wijzer.ingest.harvest import HarvestError
from wijzer.ingest.management.commands.ingest import WORKERS_HELP
from wijzer.ingest.models import Source


class Command(BaseCommand):
    help = "Oogst een geconfigureerde bron (SRU, OAI-PMH of Edu-V) en importeer alle pagina's als één run."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", nargs="?", help="Naam van de bron.")
        parser.add_argument("--add", metavar="NAAM", help="Maak of wijzig een bron in plaats van te oogsten.")
        parser.add_argument("--protocol", choices=["sru", "oai", "eduv"])
        parser.add_argument("--url")
        parser.add_argument("--param", action="append", default=[], metavar="SLEUTEL=WAARDE")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--list", action="store_true", help="Toon de geconfigureerde bronnen.")
        parser.add_argument("--workers", type=int, default=None, metavar="N", help=WORKERS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for source in Source.objects.order_by("name"):
                self.stdout.write(f"{source.name:30} {source.protocol:5} {source.url}")
            return
        if options["add"]:
            self._configure(options)
            return
        if not options["source"]:
            raise CommandError("Geef de naam van een bron, of gebruik --add of --list.")
        found = Source.objects.filter(name=options["source"]).first()
        if found is None:
            raise CommandError(f"Bron '{options['source']}' bestaat niet. Maak haar aan met --add.")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers moet 1 of meer zijn.")
        self._harvest(found, as_json=options["as_json"], workers=options["workers"])

    def _configure(self, options: dict[str, Any]) -> None:
        if not options["protocol"] or not options["url"]:
            raise CommandError("Met --add zijn --protocol en --url verplicht.")
        params: dict[str, str] = {}
        for item in options["param"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"Parameter '{item}' moet de vorm sleutel=waarde hebben.")
            params[key] = value
        source = actions.do_configure_source(
            options["add"], protocol=SourceProtocol(options["protocol"]), url=options["url"], params=params
        )
        self.stdout.write(f"Bron '{source.name}' ingesteld: {source.protocol} {source.url} {params or ''}")

    def _harvest(self, source: Source, *, as_json: bool, workers: int | None) -> None:
        console = Console(stderr=True, quiet=as_json)
        try:
            with Progress(
                SpinnerColumn(),
                TextColumn("[bold]Oogsten[/] {task.fields[pages]} pagina's, {task.fields[records]} records"),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                task = bar.add_task("harvest", total=None, pages=0, records=0)
                run = harvest_run.harvest(
                    source,
                    progress=lambda pages, records: bar.update(task, pages=pages, records=records),
                    workers=workers,
                )
        except harvest_run.HarvestConfigError as exc:
            raise CommandError(exc.message_nl) from exc
        except HarvestError as exc:
            raise CommandError(
                f"{exc.message_nl}\nOpgehaalde pagina's zijn bewaard; voer `wijzer harvest {source.name}` opnieuw uit "
                "om verder te gaan. De catalogus is niet gewijzigd."
            ) from exc
        except service.RunFailedError as exc:
            raise CommandError(f"Run {exc.run.pk}: {exc.run.message}") from exc
        if as_json:
            self.stdout.write(json.dumps(service.run_summary(run), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"Run {run.pk} ({source.name}): {run.message}")
