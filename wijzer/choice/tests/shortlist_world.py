"""A small world for the shortlist, decision and report tests: the accounts world with two priced products."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from wijzer.accounts.constants import Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.permissions import Actor
from wijzer.accounts.tests.helpers import World, build_world
from wijzer.catalog.models import Product
from wijzer.catalog.tests.factories import PriceObservationFactory, ProductFactory
from wijzer.choice.models import ChoiceProfile, Decision

OBSERVED = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


def actor(world, role: Role, organisation=None) -> Actor:
    membership = world.members[role]
    return Actor(
        membership.user.email, organisation or membership.organisation, role=RoleCode(role), user=membership.user
    )


def price(product, cents: int, vat: str = "21", unit: str = "per leerling") -> None:
    PriceObservationFactory(
        product=product, observed_at=OBSERVED, amount_cents=cents, vat_percent=Decimal(vat), unit=unit, line=0
    )


def make_profile(world, *, pupils: int = 120) -> ChoiceProfile:
    return ChoiceProfile.objects.create(
        organisation=world.school,
        name="Wiskunde onderbouw",
        sector="vo",
        subject_id="wiskunde",
        pupils=pupils,
        budget_per_pupil_cents=6000,
        weights={"price": 2, "quality": 1, "coverage": 1, "privacy": 0, "openness": 1},
        created_by=world.members[Role.SECTION_HEAD].user,
    )


def build() -> Any:  # a World with two products as `a` and `b`
    world: Any = build_world()
    world.a = ProductFactory(title="Getal en Ruimte licentie", licence_duration="12 maanden", sectors=["vo"])
    price(world.a, 4000)  # 4840 incl. VAT per pupil per year
    world.b = ProductFactory(title="Docentenhandleiding", licence_duration="12 maanden", sectors=["vo"])
    price(world.b, 8000, unit="per docent per jaar")  # no price per pupil
    return world


def recorded_decision(world: World, product: Product) -> Decision:
    """A shortlist of the world's school with `product` decided on, and its recorded decision (for walks over the
    pages and the API)."""
    from wijzer.choice.actions import decisions
    from wijzer.choice.actions import shortlist as actions

    head = actor(world, Role.SECTION_HEAD)
    shortlist = actions.do_create_shortlist(head, world.school, "Wandeling")
    actions.do_add_product(head, shortlist, product, note="Notitie")
    return decisions.do_record_decision(
        head,
        shortlist,
        decided_on=datetime.date(2026, 1, 5),
        participant_uuids=[str(world.members[Role.SECTION_HEAD].user.uuid)],
        summary="Besloten",
    )
