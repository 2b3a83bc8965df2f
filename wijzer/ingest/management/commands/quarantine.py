"""`wijzer quarantine [SOURCE] [--reprocess] [--json]`: list quarantined records, or process them again."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijzer.accounts import service as accounts
from wijzer.ingest import query, service
from wijzer.ingest.models import Source


class Command(BaseCommand):
    help = "Toon records in quarantaine, of verwerk ze opnieuw na een correctie (bijv. van de vocabulairekoppeling)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", nargs="?", help="Naam van de bron (standaard: alle bronnen).")
        parser.add_argument("--reprocess", action="store_true", help="Verwerk de records opnieuw.")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = Source.objects.order_by("name")
        if options["source"]:
            sources = sources.filter(name=options["source"])
            if not sources.exists():
                raise CommandError(f"Bron '{options['source']}' bestaat niet.")
        if options["reprocess"]:
            self._reprocess(list(sources), as_json=options["as_json"])
            return
        rows: list[dict[str, Any]] = [
            {
                "source": q.source.name,
                "id": q.pk,
                "record_id": q.record_id,
                "status": q.status,
                "problems": [p["message"] for p in q.reasons],
                "warnings": [p["message"] for p in q.notes],
            }
            for source in sources
            for q in query.quarantine(source)
        ]
        if options["as_json"]:
            self.stdout.write(json.dumps({"count": len(rows), "items": rows}, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['source']}  {row['record_id']}: {'; '.join(map(str, row['problems']))}")
        self.stdout.write(f"{len(rows)} record(s) in quarantaine.")

    def _reprocess(self, sources: list[Source], *, as_json: bool) -> None:
        results = []
        for source in sources:
            if not query.quarantine(source).exists():
                continue
            try:
                run = service.reprocess_quarantine(source)
            except service.RunFailedError as exc:
                service.record_delivery(exc.run, accounts.cli_actor(), via="herverwerking")
                raise CommandError(f"Run {exc.run.pk}: {exc.run.message}") from exc
            service.record_delivery(run, accounts.cli_actor(), via="herverwerking")
            results.append(service.run_summary(run))
            if not as_json:
                self.stdout.write(f"{source.name}: {run.message}")
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
