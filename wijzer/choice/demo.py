"""Demo choice profile (VOORBEELDGEGEVENS) for Het Voorbeeld College (voorbeeld); loaded by `wijzer setup` outside
production through the same action as real use (`actions.profiles.save_profile`, audited), idempotently.

Why this profile: of the demo catalogue and the demo alignment (`alignment.demo_data`), VO rekenen en wiskunde has
the most to choose from: the method Formulepad with confirmed links (kerndoelen 22, 25 and 26), and free open
lessons that declare kerndoelen 19, 20, 26 and 27 themselves. For havo the mix combines one paid product with open
material; kerndoelen 21, 23 and 24 stay uncovered (no candidate covers them), which the mix page explains.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product

from .actions.profiles import same_as, save_profile, spec_of
from .constants import EntryStatus
from .models import ChoiceProfile, Shortlist, ShortlistEntry

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
    changed: bool = True

    def summary(self) -> str:
        verb = "aangemaakt" if self.created else "bijgewerkt" if self.changed else "bestond al"
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
    if existing is not None and same_as(existing, DEMO_PROFILE):
        return DemoResult(existing, False, changed=False)  # running setup twice changes nothing
    profile = save_profile(head, school, DEMO_PROFILE, profile=existing, is_demo=True)
    return DemoResult(profile, existing is None)


DEMO_SHORTLIST = "Wiskunde havo onderbouw 2027 (voorbeeld)"
DEMO_DECIDED_ON = datetime.date(2026, 11, 24)
DEMO_SUMMARY = (
    "De sectie kiest de mix die Wijzer voorstelt: de betaalde methode voor de kern en het open materiaal voor de "
    "doelen die zij niet dekt. Kerndoelen die geen kandidaat dekt, pakt de sectie zelf op met eigen lessen. "
    "(Voorbeeldgegevens.)"
)


def load_demo_shortlist(profile: ChoiceProfile) -> str:
    """The section's shortlist for the demo profile with notes by a teacher and the section head, the mix's products
    decided on, and one recorded decision (VOORBEELDGEGEVENS; idempotent: what is there stays)."""
    from .actions import decisions
    from .actions import shortlist as lists
    from .candidates import assemble
    from .outcome import mix_assembly, rank_assembly

    head = accounts.demo_actor(
        f"sectievoorzitter@{DEMO_DOMAIN}", accounts.Role.SECTION_HEAD, "college", first_name="Sem", last_name="Sectie"
    )
    teacher = accounts.demo_actor(
        f"leraar@{DEMO_DOMAIN}", accounts.Role.TEACHER, "college", first_name="Lotte", last_name="Leraar"
    )
    school = profile.organisation
    shortlist = Shortlist.objects.filter(organisation=school, name=DEMO_SHORTLIST).first()
    if shortlist is None:
        shortlist = lists.do_create_shortlist(head, school, DEMO_SHORTLIST, profile=profile, is_demo=True)
    assembly = assemble(spec_of(profile))
    chosen = [item.id for item in mix_assembly(assembly, alternatives=0).result.best.items]
    others = [r.id for r in rank_assembly(assembly).ranked if r.id not in chosen][:2]
    products = {str(p.uuid): p for p in Product.objects.filter(uuid__in=[*chosen, *others])}
    on_list = set(ShortlistEntry.objects.filter(shortlist=shortlist).values_list("product__uuid", flat=True))
    for number, key in enumerate([*chosen, *others]):
        product = products.get(key)
        if product is None or product.uuid in on_list:
            continue
        lists.do_add_product(teacher, shortlist, product)
        if key in chosen:
            note = (
                "In de mix: de kern van de leerlijn. Proefles in 1 havo ging goed."
                if product.is_paid
                else "In de mix: gratis open les voor de kerndoelen die de methode laat liggen."
            )
            lists.do_update_entry(teacher, shortlist, product, status=EntryStatus.PREFERRED, note=note)
            lists.do_update_entry(head, shortlist, product, status=EntryStatus.DECIDED, note=None)
        else:
            note = (
                "Goed materiaal, maar de mix dekt dezelfde doelen al."
                if number % 2
                else "Nog bekijken met de sectie: past het bij onze toetsen?"
            )
            lists.do_update_entry(teacher, shortlist, product, status=None, note=note)
    made = "bestond al"
    if not shortlist.decisions.exists():
        people = [str(u.uuid) for u in (head.user, teacher.user) if u is not None]
        today = timezone.localdate()
        decisions.do_record_decision(
            head,
            shortlist,
            decided_on=min(DEMO_DECIDED_ON, today),
            participant_uuids=people,
            summary=DEMO_SUMMARY,
            today=today,
            is_demo=True,
        )
        made = "vastgelegd"
    return f"shortlist ‘{shortlist.name}’ met {shortlist.entries.count()} producten; besluit {made}"
