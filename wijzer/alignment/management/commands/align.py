"""`wijzer align suggest|evaluate|embed|demo|import`: the kerndoel suggester and table-of-contents deliveries (W5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijzer.alignment import delivery, embeddings, engine
from wijzer.alignment.constants import FRAMEWORKS
from wijzer.alignment.demo import load_demo_alignment
from wijzer.alignment.domain.toc_report import TocImport
from wijzer.alignment.evaluation import EvaluationFileError, evaluate, read_cases
from wijzer.alignment.fetch import goal_documents


class Command(BaseCommand):
    help = "Kerndoelen voorstellen bij een tekst, de voorsteller evalueren, doelvectoren bouwen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        suggest = sub.add_parser("suggest", help="Kerndoelen voorstellen bij een tekst.")
        suggest.add_argument("text")
        suggest.add_argument("--sector", choices=["po", "vo", "so", "vso"], required=True)
        suggest.add_argument("--framework", choices=FRAMEWORKS, required=True)
        suggest.add_argument("--subject", default=None)
        suggest.add_argument("--limit", type=int, default=5)
        suggest.add_argument("--mode", choices=engine.MODES, default="auto")
        suggest.add_argument("--json", action="store_true")
        evaluate_ = sub.add_parser("evaluate", help="recall@1/3/5 en MRR op een JSONL-bestand.")
        evaluate_.add_argument("file", type=Path)
        evaluate_.add_argument("--mode", choices=engine.MODES, default="auto")
        evaluate_.add_argument("--json", action="store_true")
        sub.add_parser("embed", help="Doelvectoren (multilingual-e5-small) opnieuw berekenen en opslaan.")
        sub.add_parser("demo", help="Voorbeeldonderdelen en -koppelingen laden.")
        import_ = sub.add_parser(
            "import", help="De inhoudsopgave van een methode aanleveren (JSON of CSV, alles of niets)."
        )
        import_.add_argument("file", type=Path)
        import_.add_argument(
            "--method", default="", help="id van de methode, of id/EAN van een van haar producten (CSV: verplicht)"
        )
        import_.add_argument("--no-suggest", action="store_true", help="geen voorstellen maken")
        import_.add_argument("--mode", choices=engine.MODES, default="auto", help="voorsteller: auto of lexical")
        import_.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "suggest":
            self._suggest(options)
        elif action == "evaluate":
            self._evaluate(options)
        elif action == "import":
            self._import(options)
        elif action == "embed":
            docs = goal_documents()
            count = embeddings.build_goal_vectors(docs)
            engine.reset()
            self.stdout.write(f"{count} doelvectoren opgeslagen in {embeddings.vectors_path()}.")
        else:
            result = load_demo_alignment()
            self.stdout.write(
                f"Voorbeeldgegevens kerndoeldekking: {result.methods} methodes, {result.parts} hoofdstukken, "
                f"{result.declared} opgegeven en {result.suggested} voorgestelde koppelingen."
            )

    def _suggest(self, options: dict[str, Any]) -> None:
        found = engine.suggest(
            options["text"],
            sector=options["sector"],
            framework=options["framework"],
            subject=options["subject"],
            limit=options["limit"],
            mode=options["mode"],
        )
        if options["json"]:
            rows = [{"goal_id": s.goal_id, "code": s.code, "score": s.score, "evidence": s.evidence()} for s in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not found:
            self.stdout.write("Geen passende doelen gevonden.")
        for position, s in enumerate(found, start=1):
            terms = ", ".join(t.term for t in s.terms) or "–"
            self.stdout.write(f"{position}. {s.code} ({s.score:.3f}) {s.label}\n   woorden: {terms}")
            if s.best_text:
                self.stdout.write(f"   best passend ({s.best_kind}): {s.best_text}")

    def _evaluate(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {path}")
        try:
            cases = read_cases(path)
        except EvaluationFileError as exc:
            raise CommandError(str(exc)) from exc
        mode = options["mode"]
        result = evaluate(
            cases,
            lambda case: [
                (s.goal_id, s.code)
                for s in engine.suggest(
                    case.text,
                    sector=case.sector,
                    framework=case.framework,
                    subject=case.subject,
                    limit=max(5, 10),
                    mode=mode,
                )
            ],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        figures = result.as_dict()
        self.stdout.write(f"{path.name}: {result.cases} teksten")
        for key in ("recall@1", "recall@3", "recall@5", "mrr"):
            self.stdout.write(f"  {key:9} {figures[key]:.3f}")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        chosen = None
        if options["method"]:
            chosen = delivery.find_method(options["method"])
            if chosen is None:
                raise CommandError(
                    f"Methode '{options['method']}' niet gevonden: geef het id van de methode of het id of de EAN "
                    "van een van haar producten."
                )
        try:
            done = delivery.deliver(
                path.read_bytes(),
                method=chosen,
                filename=path.name,
                suggest=not options["no_suggest"],
                suggest_mode=options["mode"],
                actor_label="opdrachtregel (wijzer align import)",
            )
        except delivery.DeliveryRefused as exc:
            if options["json"]:
                self.stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False, indent=2))
            else:
                self.stderr.write(f"{path.name}: {delivery.REFUSED}")
                for line in exc.lines():
                    self.stderr.write(f"  {line}")
            total = len(exc.problems) + exc.omitted
            raise CommandError(f"{path.name} afgekeurd: {total} {'probleem' if total == 1 else 'problemen'}.") from None
        report = done.result
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self._summary(path, report)

    def _summary(self, path: Path, report: TocImport) -> None:
        counts = report.summary()
        unit = "rij" if report.format == "csv" else "onderdeel"
        self.stdout.write(f"{path.name} → {report.method_name} ({report.method_id})")
        self.stdout.write(
            f"  onderdelen: {counts['created']} nieuw, {counts['updated']} bijgewerkt, "
            f"{counts['unchanged']} ongewijzigd"
        )
        if report.withdrawn:
            self.stdout.write(
                f"  niet meer aangeleverd ({len(report.withdrawn)}, bewaard met hun koppelingen): "
                + ", ".join(report.withdrawn[:10])
                + (" …" if len(report.withdrawn) > 10 else "")
            )
        self.stdout.write(
            f"  opgegeven kerndoelen: {counts['declared']} nieuw gekoppeld, {counts['declared_existing']} al gekoppeld"
            + (f", {counts['declarations_withdrawn']} ingetrokken" if counts["declarations_withdrawn"] else "")
        )
        if report.unknown_goals:
            self.stdout.write(f"  niet gekoppeld ({len(report.unknown_goals)}):")
            for note in report.unknown_goals:
                self.stdout.write(f"    {note.describe(unit)}")
        if report.suggest:
            self.stdout.write(
                f"  voorstellen: {counts['suggested']} nieuw"
                + (
                    f", {counts['suggestions_replaced']} vervangen (tekst gewijzigd)"
                    if counts["suggestions_replaced"]
                    else ""
                )
            )
            if report.without_sector:
                self.stdout.write(f"  zonder sector, dus geen voorstellen: {', '.join(report.without_sector[:10])}")
        else:
            self.stdout.write("  voorstellen: overgeslagen (--no-suggest)")
        if not report.changed:
            self.stdout.write("  Niets gewijzigd: deze inhoudsopgave was al zo aangeleverd.")
