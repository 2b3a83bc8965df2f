"""`wijzer choice demo`: the demo choice profile (VOORBEELDGEGEVENS) of Het Voorbeeld College; not in production."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Keuzehulp: voorbeeldgegevens laden (wijzer choice demo)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["demo"], help="demo: het voorbeeldprofiel van Het Voorbeeld College")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Voorbeeldgegevens laden kan niet in productie.")
        from wijzer.choice.demo import load_demo_choice, load_demo_shortlist

        result = load_demo_choice()
        self.stdout.write(f"Voorbeeldgegevens keuzehulp: {result.summary()}.")
        self.stdout.write(f"Voorbeeldgegevens keuzehulp: {load_demo_shortlist(result.profile)}.")
