"""A custom import-linter contract for Wijzer (W5.4 §5): an app uses another app only through its `service`.

`apps` lists the apps; `public` lists further modules of an app that others may import (e.g. the pure record
contract `wijzer.catalog.domain.records`). Imports from tests and migrations are not checked (tests may build
another app's rows). A new module is covered without being listed, so the rule cannot be forgotten.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


class ServiceOnlyContract(Contract):
    type_name = "service_only"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField(), required=False)
    exempt = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        apps = [str(a) for a in self.apps]  # type: ignore[attr-defined]
        public = {str(m) for m in (self.public or [])}  # type: ignore[attr-defined]
        exempt = tuple(str(p) for p in (self.exempt or []))  # type: ignore[attr-defined]
        broken = []
        for module in sorted(graph.modules):
            owner = _app_of(module, apps)
            if owner is None or ".tests" in module or ".migrations" in module or module.startswith(exempt):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                other = _app_of(imported, apps)
                if other is None or other == owner:
                    continue
                if imported == f"{other}.service" or imported == other or imported in public:
                    continue
                lines = graph.get_import_details(importer=module, imported=imported)
                where = ", ".join(f"l.{d['line_number']}" for d in lines) or "?"
                broken.append(f"{module} -> {imported} ({where})")
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print("Imports of another app that do not go through its service:")
        for line in check.metadata["broken"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()


def _app_of(module: str, apps: list[str]) -> str | None:
    return next((app for app in apps if module == app or module.startswith(app + ".")), None)
