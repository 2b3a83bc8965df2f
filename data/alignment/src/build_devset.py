"""Turn the hand-written `*.txt` sources into `data/alignment/devset-*.jsonl` (see ../SOURCE.md).

2006 lines are ``sector|code[,code]|text``; expected = the codes (unique per framework). FO lines are
``sector|goal set|doelzin code[,code]|text``; FO codes repeat across sets and levels, so expected becomes the
SLO uuids of every doelzin with that code in that set and sector.
Run: ``.venv/bin/python data/alignment/src/build_devset.py``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    import django

    django.setup()
    from wijzer.curriculum import service

    fo = {}
    for goal in service.goals(framework="kerndoelen-fo"):
        for sector in goal.sectors:
            key = (sector, goal.goal_set.title if goal.goal_set else "", goal.code.split(" - ")[0].replace(" ", ""))
            fo.setdefault(key, []).append(str(goal.uuid))
    for name in ("2006-tune", "2006-heldout", "fo-tune", "fo-heldout"):
        framework = "kerndoelen-2006" if name.startswith("2006") else "kerndoelen-fo"
        rows = []
        for line in (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            if framework == "kerndoelen-2006":
                sector, codes, text = line.split("|", 2)
                expected = codes.split(",")
            else:
                sector, goal_set, codes, text = line.split("|", 3)
                expected = []
                for code in codes.split(","):
                    found = fo.get((sector, goal_set, code.replace(" ", "")))
                    if not found:
                        sys.exit(f"{name}: geen doelzin {code} in {goal_set} ({sector})")
                    expected.extend(found)
            rows.append({"text": text, "sector": sector, "framework": framework, "expected": expected})
        target = OUT / f"devset-{name}.jsonl"
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        sys.stdout.write(f"{target.name}: {len(rows)}\n")


if __name__ == "__main__":
    main()
