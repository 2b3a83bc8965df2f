"""`wijzer quality load FILE [--publish]`, `wijzer quality publish VERSION`, `wijzer quality show [--json]`,
`wijzer quality profiles`, `wijzer quality demo` (W6).

Other parts add their subcommands here: one `sub.add_parser(...)` in `add_arguments` and one method in `handle`.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijzer.accounts import service as accounts
from wijzer.quality import query
from wijzer.quality.actions import framework as framework_actions
from wijzer.quality.exceptions import QualityError

STATUS_WORDS = {
    "created": "geladen als concept",
    "replaced": "concept vervangen",
    "unchanged": "al geladen met dezelfde inhoud, niets gewijzigd",
}


class Command(BaseCommand):
    help = "Het kwaliteitskader: een versie laden, publiceren of tonen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Een versie van het kwaliteitskader laden uit een JSON-bestand.")
        load.add_argument("file", type=Path, help="bijv. data/quality/kwaliteitskader-2026.1.json")
        load.add_argument("--publish", action="store_true", help="De versie meteen publiceren.")
        publish = sub.add_parser("publish", help="Een geladen versie publiceren: vanaf nu geldt zij.")
        publish.add_argument("version")
        show = sub.add_parser("show", help="De geldende versie tonen: onderwerpen en aantallen criteria.")
        show.add_argument("--json", action="store_true", dest="as_json", help="Uitvoer als JSON.")
        sub.add_parser("profiles", help="Alle kwaliteitsprofielen herberekenen (en de zoekindex van die producten).")
        sub.add_parser("demo", help="Voorbeeldgegevens: beoordelingen, ervaringen en moderatie (niet in productie).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "load":
                self._load(options["file"], publish=options["publish"])
            elif action == "publish":
                self._publish(options["version"])
            elif action == "profiles":
                self._profiles()
            elif action == "demo":
                self._demo()
            else:
                self._show(as_json=options["as_json"])
        except framework_actions.FrameworkRefused as exc:
            for line in exc.problems:
                self.stderr.write(f"  {line}")
            raise CommandError(exc.message) from None
        except QualityError as exc:
            raise CommandError(exc.message) from None

    def _demo(self) -> None:
        from django.conf import settings

        from wijzer.quality.demo import load_demo_quality

        if settings.PRODUCTION:
            raise CommandError("Voorbeeldgegevens laden kan niet in productie.")
        result = load_demo_quality()
        if result.products == 0:
            self.stdout.write(
                "Voorbeeldgegevens kwaliteit: niets geladen (eerst het kader, de voorbeeldaccounts en de "
                "voorbeeldcatalogus: wijzer setup)."
            )
            return
        if result.created == 0:
            self.stdout.write(f"Voorbeeldgegevens kwaliteit: stonden er al ({result.products} producten).")
            return
        self.stdout.write(f"Voorbeeldgegevens kwaliteit: {result.summary()}.")

    def _profiles(self) -> None:
        from wijzer.quality.actions.profiles import recompute_all

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done} van {total} profielen geschreven")

        count = recompute_all(progress)
        self.stdout.write(f"Kwaliteitsprofielen herberekend: {count} product(en) met beoordelingen of ervaringen.")

    def _actor(self) -> accounts.Actor:
        return accounts.cli_actor()

    def _load(self, path: Path, *, publish: bool) -> None:
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        result = framework_actions.load_framework_with_status(path, self._actor())
        framework = result.framework
        self.stdout.write(f"Kwaliteitskader {framework.version}: {STATUS_WORDS[result.status]}.")
        if publish:
            self._publish(framework.version)
        elif framework.published_at is None:
            self.stdout.write(f"Nog niet gepubliceerd; publiceer met: wijzer quality publish {framework.version}")

    def _publish(self, version: str) -> None:
        was_published = query.published_framework(version) is not None
        framework = framework_actions.publish_framework(version, self._actor())
        if was_published:
            self.stdout.write(f"Kwaliteitskader {version} was al gepubliceerd; niets gewijzigd.")
        else:
            self.stdout.write(f"Kwaliteitskader {framework.version} gepubliceerd: deze versie geldt nu.")

    def _show(self, *, as_json: bool) -> None:
        framework = query.current_framework()
        if framework is None:
            raise CommandError(
                "Er is nog geen versie van het kwaliteitskader gepubliceerd. "
                "Laad en publiceer er een met: wijzer quality load BESTAND --publish"
            )
        rows = []
        for topic, criteria in query.outline(framework, None):
            generic = sum(1 for c in criteria if not c.subject)
            rows.append(
                {"code": topic.code, "name": topic.name, "generic": generic, "extension": len(criteria) - generic}
            )
        if as_json:
            data = {
                "version": framework.version,
                "title": framework.title,
                "published_at": framework.published_at.isoformat() if framework.published_at else None,
                "topics": rows,
                "subjects": [code for code, _name in query.subjects_of(framework)],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        published = framework.published_at.strftime("%d-%m-%Y") if framework.published_at else "?"
        self.stdout.write(f"{framework.title}, versie {framework.version} (gepubliceerd {published})")
        if framework.gateway_name:
            self.stdout.write(f"Poort: {framework.gateway_name}, gehaald vanaf {framework.gateway_pass_at}")
        for position, row in enumerate(rows, start=1):
            extra = f" + {row['extension']} uit vakuitbreidingen" if row["extension"] else ""
            self.stdout.write(f"  {position}. {row['name']} ({row['code']}): {row['generic']} criteria{extra}")
        subjects = ", ".join(name for _code, name in query.subjects_of(framework)) or "geen"
        self.stdout.write(f"Vakuitbreidingen: {subjects}")
