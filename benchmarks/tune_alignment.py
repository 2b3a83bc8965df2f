"""Tune-set figures of the kerndoel suggester over a small grid of fusion weights (not part of `make bench`).

Reads ONLY the tune sets (devset-2006-tune, devset-fo-tune, devset-fo-tune-b): held-out and independent sets stay
unseen while weights are chosen (docs/alignment.md). Run: `.venv/bin/python -m benchmarks.tune_alignment`.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

TUNE_SETS = ("2006-tune", "fo-tune", "fo-tune-b")
ALPHAS = (0.4, 0.5, 0.6)
PART_WEIGHTS = (0.0, 0.5)
AREA_WEIGHTS = (0.0, 0.3)
CONTENT_WORDS = (False, True)  # does the embedding model read only the query's content words


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import importlib

    import django

    django.setup()
    from django.conf import settings

    from wijzer.alignment import embeddings, engine
    from wijzer.alignment.domain.evaluate import Case
    from wijzer.alignment.evaluation import evaluate, read_cases

    rank_module = importlib.import_module("wijzer.alignment.domain.suggest.rank")
    root = Path(settings.DATA_DIR) / "alignment"
    sets = {name: read_cases(root / f"devset-{name}.jsonl") for name in TUNE_SETS}
    current = engine.engine()
    for content, alpha, part, area in itertools.product(CONTENT_WORDS, ALPHAS, PART_WEIGHTS, AREA_WEIGHTS):
        setattr(rank_module, "PART_WEIGHT", part)  # noqa: B010 - a module constant, set for this grid point

        def ranker(
            case: Case, alpha: float = alpha, area: float = area, content: bool = content
        ) -> list[tuple[str, str]]:
            found = rank_module.rank(
                current.index,
                case.text,
                sector=case.sector,
                framework=case.framework,
                limit=10,
                query_vector=embeddings.embed_query(case.text, content_only=content),
                goal_vectors=current.vectors,
                part_vectors=current.parts,
                alpha=alpha,
                area_weight=area,
            )
            return [(s.goal_id, s.code) for s in found]

        row = [f"content words {content:d} alpha {alpha:.1f} part {part:.1f} area {area:.1f}"]
        for name, cases in sets.items():
            figures = evaluate(cases, ranker)
            r = figures.recall
            row.append(f"{name} {r[1]:.3f}/{r[3]:.3f}/{r[5]:.3f}/{figures.mrr:.3f}")
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
