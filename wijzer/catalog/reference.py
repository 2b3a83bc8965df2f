"""Real reference data for the market monitor: owner groups and the publishers/distributors they own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from wijzer.accounts import service as accounts

KINDS = {"publisher": accounts.OrganisationKind.PUBLISHER, "distributor": accounts.OrganisationKind.DISTRIBUTOR}


def reference_path() -> Path:
    return Path(settings.DATA_DIR) / "reference" / "owner_groups.json"


@transaction.atomic
def load_owner_groups(path: Path | None = None) -> int:
    """Create the owner groups and attach their companies; idempotent. Returns the number of owned companies."""
    data: dict[str, Any] = json.loads((path or reference_path()).read_text(encoding="utf-8"))
    source = str(data["source"])
    owned = 0
    for group in data["owner_groups"]:
        owner = accounts.ensure_organisation(
            accounts.OrganisationKind.OWNER_GROUP,
            group["name"],
            country=group.get("country", ""),
            source=f"{source}. {group.get('note', '')}".strip(),
        )
        for company in group["owns"]:
            accounts.ensure_organisation(KINDS[company["kind"]], company["name"], parent=owner, source=source)
            owned += 1
    return owned
