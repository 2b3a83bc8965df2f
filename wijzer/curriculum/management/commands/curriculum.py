"""`wijzer curriculum load [--path DIR] [--force]` and `wijzer curriculum stats [--json]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rich.console import Console
from rich.table import Table

from wijzer.curriculum import service


class Command(BaseCommand):
    help = "Laad of toon het SLO-curriculum (kerndoelen 2006 en nieuwe kerndoelen)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Laad de SLO-bestanden (alles of niets).")
        load.add_argument("--path", type=Path, default=None, help="Map met basis/, kerndoelen/ en fo/.")
        load.add_argument("--force", action="store_true", help="Ook laden als dezelfde bestanden al geladen zijn.")
        stats = sub.add_parser("stats", help="Toon aantallen per kader, soort en sector.")
        stats.add_argument("--json", action="store_true", dest="as_json", help="Uitvoer als JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options["path"], force=options["force"])
        else:
            self._stats(as_json=options["as_json"])

    def _load(self, path: Path | None, *, force: bool) -> None:
        console = Console(stderr=True)
        try:
            with console.status("SLO-curriculum laden…"):
                result = service.load_curriculum(path, force=force)
        except service.CurriculumDataError as exc:
            raise CommandError(
                f"Curriculum niet geladen, de database is ongewijzigd.\n"
                f"  bestand: {exc.path}\n  probleem: {exc.problem_nl}\n  (en) {exc.problem_en}"
            ) from exc
        for warning in result.warnings:
            console.print(f"[yellow]waarschuwing:[/] {warning}")
        totals = result.counts["frameworks"]
        verb = "geladen" if result.loaded else "al actueel, niets gewijzigd"
        self.stdout.write(
            f"Curriculum {verb}: {totals.get('kerndoelen-2006', {}).get('total', 0)} kerndoelen 2006, "
            f"{totals.get('kerndoelen-fo', {}).get('by_kind', {}).get('kernzin', 0)} nieuwe kerndoelen met "
            f"{totals.get('kerndoelen-fo', {}).get('total', 0)} doelzinnen."
        )

    def _stats(self, *, as_json: bool) -> None:
        data = service.counts()
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, sort_keys=True))
            return
        table = Table(title="SLO-curriculum in Wijzer")
        for column in ("kader", "soort", "aantal"):
            table.add_column(column)
        for framework, entry in sorted(data["frameworks"].items()):
            for kind, number in sorted(entry["by_kind"].items()):
                table.add_row(framework, kind, str(number))
            for sector, number in sorted(entry["by_sector"].items()):
                table.add_row(framework, f"sector {sector}", str(number))
        Console().print(table)
