"""Run all benchmarks in this folder (`make bench`) and print their figures."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    django.setup()
    only = set(sys.argv[1:])
    package = importlib.import_module("benchmarks")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("bench_") and (not only or module.name in only):
            print(f"\n## {module.name}")
            importlib.import_module(f"benchmarks.{module.name}").run()


if __name__ == "__main__":
    main()
