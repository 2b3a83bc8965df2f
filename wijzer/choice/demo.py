"""Demo choice profile (VOORBEELDGEGEVENS) for Het Voorbeeld College (voorbeeld); loaded by `wijzer setup` outside
production through the same action as real use (`actions.profiles.save_profile`, audited), idempotently.

Why this profile: of the demo catalogue and the demo alignment (`alignment.demo_data`), VO rekenen en wiskunde has
the most to choose from: the method Formulepad with confirmed links (kerndoelen 22, 25 and 26), and free open
lessons that declare kerndoelen 19, 20, 26 and 27 themselves. For havo the mix combines one paid product with open
material; kerndoelen 21, 23 and 24 stay uncovered (no candidate covers them), which the mix page explains.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijzer.accounts import service as accounts

from .actions.profiles import save_profile
from .models import ChoiceProfile

DEMO_DOMAIN = "voorbeeld.wijzer.nl"  # the demo people of `accounts.demo`
HAVO_LEVEL = "a3ddbe60-8478-4204-b769-6f5e9f4cbca2"  # SLO niveau "havo"
DEMO_PROFILE = {
    "name": "Wiskunde havo onderbouw (voorbeeld)",
    "sector": "vo",
    "levels": [HAVO_LEVEL],
    "subject": "Rekenen en wiskunde",
    "pupils": 120,
    "budget_per_pupil": "45,00",
    "framework": "kerndoelen-2006",
    "required_goals": [],
    "vision": [],
    "weights": {"price": 30, "quality": 20, "coverage": 30, "privacy": 5, "openness": 15},
    "must_haves": [],
    "count_suggested": False,
}


@dataclass(frozen=True)
class DemoResult:
    profile: ChoiceProfile
    created: bool

    def summary(self) -> str:
        verb = "aangemaakt" if self.created else "bijgewerkt"
        return f"keuzeprofiel ‘{self.profile.name}’ van {self.profile.organisation.name} {verb}"


def load_demo_choice() -> DemoResult:
    """The demo profile, saved by the demo section head of Het Voorbeeld College (created or brought up to date)."""
    head = accounts.demo_actor(
        f"sectievoorzitter@{DEMO_DOMAIN}", accounts.Role.SECTION_HEAD, "college", first_name="Sem", last_name="Sectie"
    )
    school = head.organisation
    if school is None:  # pragma: no cover - demo_actor always acts for its organisation
        raise RuntimeError("demo section head without a school")
    existing = ChoiceProfile.objects.filter(organisation=school, name=DEMO_PROFILE["name"]).first()
    profile = save_profile(head, school, DEMO_PROFILE, profile=existing, is_demo=True)
    return DemoResult(profile, existing is None)
