"""Test helpers: a small world of organisations with one person per role, and logging in as them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts.constants import Role
from wijzer.accounts.domain.policy import TWO_FACTOR_ROLES
from wijzer.accounts.models import Membership, Organisation, User
from wijzer.accounts.permissions import ACTIVE_MEMBERSHIP_SESSION_KEY

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@dataclass
class World:
    """platform; board → school → branch; other board → other school; owner group → publisher; panel."""

    platform: Organisation
    board: Organisation
    school: Organisation
    branch: Organisation
    other_board: Organisation
    other_school: Organisation
    group: Organisation
    publisher: Organisation
    other_publisher: Organisation
    panel: Organisation
    members: dict[Role, Membership] = field(default_factory=dict)

    def own_org(self, role: Role) -> Organisation:
        return self.members[role].organisation


HOME_OF: dict[Role, str] = {
    Role.TEACHER: "school",
    Role.SECTION_HEAD: "school",
    Role.SCHOOL_LEADER: "school",
    Role.BOARD_BUYER: "board",
    Role.PRIVACY_OFFICER: "school",
    Role.PUBLISHER_EDITOR: "publisher",
    Role.REVIEWER: "panel",
    Role.POLICY_ANALYST: "platform",
    Role.PLATFORM_ADMIN: "platform",
}


def build_world() -> World:
    board = OrganisationFactory(board=True, name="Bestuur Een")
    school = OrganisationFactory(school=True, name="School Een", parent=board)
    other_board = OrganisationFactory(board=True, name="Bestuur Twee")
    group = OrganisationFactory(owner_group=True, name="Mediagroep")
    world = World(
        platform=OrganisationFactory(platform=True, name="Wijzer"),
        board=board,
        school=school,
        branch=OrganisationFactory(branch=True, name="School Een Noord", parent=school),
        other_board=other_board,
        other_school=OrganisationFactory(school=True, name="School Twee", parent=other_board),
        group=group,
        publisher=OrganisationFactory(publisher=True, name="Uitgever Een", parent=group),
        other_publisher=OrganisationFactory(publisher=True, name="Uitgever Twee"),
        panel=OrganisationFactory(panel=True, name="Panel Rekenen"),
    )
    for role, attribute in HOME_OF.items():
        world.members[role] = MembershipFactory(
            user=UserFactory(email=f"{role.value}@test.example.nl"),
            organisation=getattr(world, attribute),
            role=role,
        )
    return world


def verified_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login_as(client: Client, membership: Membership, *, verified: bool = True) -> Client:
    """Log in as the membership's user with that membership active (and two-factor passed when required: for
    TWO_FACTOR_ROLES and for admins, staff or superuser)."""
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[ACTIVE_MEMBERSHIP_SESSION_KEY] = str(membership.uuid)
    user = membership.user
    if verified and (user.is_staff or user.is_superuser or membership.role in {r.value for r in TWO_FACTOR_ROLES}):
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return client


def login_admin(client: Client, user: User, *, verified: bool = True) -> Client:
    """Log in as an admin (staff or superuser) without any membership, two-factor passed unless `verified=False`."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
        session.save()
    return client
