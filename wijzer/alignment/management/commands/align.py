"""`wijzer align suggest|evaluate|embed|demo`: the kerndoel suggester from the command line (W5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijzer.alignment import embeddings, engine
from wijzer.alignment.constants import FRAMEWORKS
from wijzer.alignment.demo import load_demo_alignment
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

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "suggest":
            self._suggest(options)
        elif action == "evaluate":
            self._evaluate(options)
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
