"""The demo catalogue, alignment and choice profile for the choice tests (what `wijzer setup` loads, minus the
market's seeded history and the quality demo: prices come from the catalogue's own current price facts)."""

from __future__ import annotations

from typing import Any

from wijzer.accounts.actions import do_load_demo_accounts
from wijzer.alignment.demo import load_demo_alignment
from wijzer.choice.demo import DEMO_PROFILE, load_demo_choice
from wijzer.choice.models import ChoiceProfile
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.market import service as market


def load_demo_world() -> ChoiceProfile:
    do_load_demo_accounts()
    load_demo_catalogue()
    load_demo_alignment()
    market.refresh(actor_label="test")
    return load_demo_choice().profile


def demo_profile(**changes: Any) -> dict[str, Any]:
    """The demo profile's JSON (the CLI file), with changes."""
    data = {key: value for key, value in DEMO_PROFILE.items() if key != "name"}
    data.update(changes)
    return data
