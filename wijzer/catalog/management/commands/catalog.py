"""`wijzer catalog reindex [--common-min-docs N]`: rebuild the search index from the catalogue (W4)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from wijzer.catalog import actions
from wijzer.catalog.search.index import COMMON_MIN_DOCS


class Command(BaseCommand):
    help = "Beheer van de catalogus: de zoekindex opnieuw opbouwen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="Bouw de zoekindex (tekst, facetten, sortering) opnieuw op.")
        reindex.add_argument(
            "--common-min-docs",
            type=int,
            default=None,
            help=f"Woorden in minstens zoveel producten krijgen een eigen bitmap (standaard {COMMON_MIN_DOCS} of 1%%).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        count = actions.do_reindex_search(common_min_docs=options["common_min_docs"])
        seconds = time.perf_counter() - start
        self.stdout.write(f"Zoekindex opnieuw opgebouwd: {count} producten in {seconds:.1f} s.")
