"""The `wijzer` console script: Django's management entry point with Wijzer's settings chosen by WIJZER_ENV."""

from __future__ import annotations

import os
import sys


def settings_module() -> str:
    env = os.environ.get("WIJZER_ENV", "development").strip().lower()
    return "wijzer.settings.production" if env == "production" else "wijzer.settings.dev"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wijzer", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
