"""Read an evaluation file (JSON lines) and score a ranking function on it (`wijzer align evaluate`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from .domain.evaluate import Case, Figures, figures, first_hit

Ranker = Callable[[Case], list[tuple[str, str]]]  # case → ranked (goal id, code)


class EvaluationFileError(ValueError):
    pass


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(
                Case(
                    text=str(row["text"]),
                    sector=str(row["sector"]),
                    framework=str(row["framework"]),
                    expected=frozenset(str(x) for x in row["expected"]),
                    subject=row.get("subject") or None,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationFileError(f"{path.name}, regel {number}: ongeldige regel ({exc})") from exc
    return cases


def evaluate(cases: Iterable[Case], ranker: Ranker) -> Figures:
    return figures(first_hit(ranker(case), case.expected) for case in cases)
