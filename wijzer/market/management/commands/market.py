"""`wijzer market refresh [--all]`, `wijzer market reference FILE`, `wijzer market demo` (W7).

Other parts add their subcommands here: one `sub.add_parser(...)` in `add_arguments` and one method in `handle`.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijzer.accounts import service as accounts
from wijzer.market.actions.reference import ReferenceRefused, load_reference_series
from wijzer.market.actions.refresh import refresh
from wijzer.market.exceptions import MarketError
from wijzer.market.query import market_data


class Command(BaseCommand):
    help = "De marktmonitor: prijsfeiten verversen, referentiereeksen inlezen, voorbeeldgegevens laden."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        again = sub.add_parser("refresh", help="Prijsfeiten bijwerken met wat in de catalogus veranderde.")
        again.add_argument("--all", action="store_true", help="Alle producten opnieuw, niet alleen de gewijzigde.")
        reference = sub.add_parser("reference", help="Een referentiereeks (CSV) inlezen: alles of niets.")
        reference.add_argument("file", type=Path, help="bijv. data/market/reference-series.csv")
        sub.add_parser("demo", help="Voorbeeldgegevens: prijsgeschiedenis en eigenaarsgroepen (niet in productie).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "refresh":
                self._refresh(full=options["all"], verbosity=int(options.get("verbosity", 1)))
            elif action == "reference":
                self._reference(options["file"])
            else:
                self._demo()
        except ReferenceRefused as exc:
            for line in exc.problems:
                self.stderr.write(f"  {line}")
            raise CommandError(exc.message) from None
        except MarketError as exc:
            raise CommandError(exc.message) from None

    def _refresh(self, *, full: bool, verbosity: int) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if verbosity > 0 and (done == total or now - last[0] >= 1.0):
                last[0] = now
                self.stdout.write(f"  {done} van {total} producten ({100 * done // max(total, 1)} %)")

        report = refresh(all=full, progress=progress, actor_label="wijzer market refresh")
        self.stdout.write(report.summary())
        started = time.monotonic()
        market_data()  # the columns of this state into the shared cache: the first page after this is fast
        self.stdout.write(f"Kolommen voor de monitor klaargezet ({time.monotonic() - started:.1f} s).")

    def _reference(self, path: Path) -> None:
        result = load_reference_series(path, accounts.cli_actor())
        self.stdout.write(result.summary())

    def _demo(self) -> None:
        if settings.PRODUCTION:
            raise CommandError("Voorbeeldgegevens laden kan niet in productie.")
        from wijzer.market.demo import load_demo_market

        result = load_demo_market()
        self.stdout.write(f"Voorbeeldgegevens marktmonitor: {result.summary()}")
