"""`wijzer mix --profile FILE.json [--json]`: the optimal mix of methods, parts and open material for a profile.

The file holds one profile with the keys of the form and the API (`choice.domain.profile`): sector, levels, subject
(SLO UUID or name), pupils, budget_per_pupil (euro), framework, required_goals, vision, weights, must_haves,
count_suggested. With --json the answer is `{"status", "items": [{"product_id", "title", "cost_cents"}],
"total_cost_cents", "covered", "uncovered", …}` (the API's); without it a readable Dutch summary. A file that cannot
be read or a profile that cannot be used gives a Dutch message and exit code 2.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijzer.choice.candidates import assemble
from wijzer.choice.domain.mix_result import MixInputError
from wijzer.choice.domain.profile import ProfileInvalid, parse_profile
from wijzer.choice.outcome import ALTERNATIVES, TIME_LIMIT, mix_assembly, mix_json, summary_lines

MAX_FILE_BYTES = 1_000_000


def _refused(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def read_profile_file(name: str) -> Any:
    """The JSON of a profile file, or CommandError (Dutch) saying what is wrong with the file."""
    path = Path(name)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _refused(f"Het profielbestand {name} is te groot (meer dan 1 MB); een profiel is een klein object.")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _refused(f"Het profielbestand {name} bestaat niet. Geef het pad naar een JSON-bestand.") from None
    except IsADirectoryError:
        raise _refused(f"{name} is een map, geen profielbestand.") from None
    except UnicodeDecodeError:
        raise _refused(f"Het profielbestand {name} is geen tekst in UTF-8.") from None
    except OSError as problem:
        raise _refused(f"Het profielbestand {name} kan niet worden gelezen ({problem.strerror}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        raise _refused(
            f"Het profielbestand {name} is geen geldige JSON (regel {problem.lineno}, kolom {problem.colno}): "
            "controleer komma's, aanhalingstekens en haakjes."
        ) from None


class Command(BaseCommand):
    help = "Berekent de optimale mix van methodes, delen en open materiaal voor een keuzeprofiel (JSON-bestand)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--profile", required=True, metavar="BESTAND.json", help="Het profiel als JSON-bestand.")
        parser.add_argument("--json", action="store_true", help="Het antwoord als JSON (zoals de API).")
        parser.add_argument("--alternatives", type=int, default=ALTERNATIVES, help="Hoeveel andere mixen (0-3).")
        parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="Rekentijd per oplossing (s).")

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_profile_file(options["profile"])
        alternatives = max(0, min(3, int(options["alternatives"])))
        try:
            spec = parse_profile(data)
            outcome = mix_assembly(assemble(spec), alternatives=alternatives, time_limit=options["time_limit"])
        except ProfileInvalid as problem:
            for key, message in problem.fields.items():
                self.stderr.write(f"  {key}: {message}")
            raise CommandError(problem.message, returncode=2) from None
        except MixInputError as problem:
            raise CommandError(f"De mix kan niet worden berekend: {problem}.", returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(mix_json(outcome), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(summary_lines(outcome)))
