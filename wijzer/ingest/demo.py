"""Load the labelled demo catalogue through the real ingest pipeline (W3 §9). Idempotent: a source whose
generated file is unchanged since its last successful run is skipped, so `wijzer setup` twice changes nothing.

Each fictional publisher delivers its own feed through a source registered to it (W5.1), so its products are its
own in Wijzer; the open material comes from a platform source."""

from __future__ import annotations

import hashlib
import io

from wijzer.accounts import service as accounts

from . import actions, service
from .demo_data import DEMO_GENERATORS, DEMO_OWNERS, DEMO_SOURCES
from .models import Run


def load_demo_catalogue() -> list[Run]:
    """Ingest every demo source whose content changed; returns the runs made (empty when all were current)."""
    runs = []
    for name, label in DEMO_SOURCES:
        payload = DEMO_GENERATORS[name]()
        digest = hashlib.sha256(payload).hexdigest()
        owner = (
            accounts.ensure_organisation(accounts.OrganisationKind.PUBLISHER, DEMO_OWNERS[name], is_demo=True)
            if name in DEMO_OWNERS
            else None
        )
        source = service.ensure_source(name, is_demo=True, label=label, owner=owner)
        if source.params.get("demo_sha256") == digest and source.last_success_at is not None:
            continue
        run = service.ingest_stream(io.BytesIO(payload), source=source, input_name=f"{name} (gegenereerd)")
        actions.do_set_source_param(source, "demo_sha256", digest)
        runs.append(run)
    return runs
