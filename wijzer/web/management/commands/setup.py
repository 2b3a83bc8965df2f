"""`wijzer setup`: migrate, load reference data and demo data. Running it twice changes nothing."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from wijzer.catalog import service as catalog
from wijzer.ingest import service as ingest
from wijzer.market import service as market
from wijzer.quality import service as quality
from wijzer.web.welcome import welcome_lines


class Command(BaseCommand):
    help = "Zet de database klaar: migraties, SLO-curriculum en voorbeeldgegevens (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-welcome", action="store_true", help="Zonder het blok 'waar inloggen' aan het eind.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        for run in ingest.recover_stale_runs():  # a run whose process died: undone, marked aborted (W5.1)
            self.stdout.write(f"Importrun {run.pk} ({run.source.name}) was afgebroken en is teruggedraaid.")
        call_command("curriculum", "load", stdout=self.stdout, stderr=self.stderr)
        owned = catalog.load_owner_groups()
        self.stdout.write(f"Referentiegegevens: eigenaarsgroepen met {owned} uitgevers en distributeurs.")
        framework = quality.ensure_current_framework()  # W6: loads and publishes data/quality/ when none is published
        self.stdout.write(f"Kwaliteitskader: versie {framework.version} geldt.")
        self.stdout.write(market.load_shipped_reference_series().summary())  # W7: CBS CPI, €340 budget, pupils
        if not settings.PRODUCTION:  # demo accounts print a password: local use only (W2 §7)
            call_command("accounts", "demo", stdout=self.stdout, stderr=self.stderr)
            for run in ingest.load_demo_catalogue():
                self.stdout.write(f"Voorbeeldcatalogus {run.source.name}: {run.message}")
            call_command("align", "demo", stdout=self.stdout, stderr=self.stderr)  # W5: demo parts and links
            call_command("quality", "demo", stdout=self.stdout, stderr=self.stderr)  # W6: reviews, experiences
            call_command("market", "demo", stdout=self.stdout, stderr=self.stderr)  # W7: price history, owners
            call_command("choice", "demo", stdout=self.stdout, stderr=self.stderr)  # W8: a profile of the college
        refreshed = market.refresh(actor_label="wijzer setup")  # W7: price facts of what the catalogue changed
        if refreshed.products:
            self.stdout.write(refreshed.summary())
        self.stdout.write("Wijzer is klaar voor gebruik.")
        if not options.get("no_welcome"):
            self.stdout.write("\n".join(welcome_lines(None)))
