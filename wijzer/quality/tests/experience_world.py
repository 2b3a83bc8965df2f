"""Test helpers of the experience tests: actors in a role, and clients logged in as them."""

from __future__ import annotations

from django.test import Client

from wijzer.accounts import service as accounts
from wijzer.accounts.constants import Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import Membership
from wijzer.accounts.tests.factories import MembershipFactory
from wijzer.accounts.tests.helpers import login_as


def membership_for(organisation: accounts.Organisation, role: Role) -> Membership:
    membership: Membership = MembershipFactory(organisation=organisation, role=role)
    return membership


def actor_of(membership: Membership) -> accounts.Actor:
    return accounts.Actor(
        membership.user.email, membership.organisation, role=RoleCode(membership.role), user=membership.user
    )


def actor_for(organisation: accounts.Organisation, role: Role) -> accounts.Actor:
    return actor_of(membership_for(organisation, role))


def client_for(membership: Membership) -> Client:
    return login_as(Client(), membership)
