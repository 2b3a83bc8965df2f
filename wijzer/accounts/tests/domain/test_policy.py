"""The pure policy table: who may do what, for which organisation (no database)."""

from __future__ import annotations

import pytest

from wijzer.accounts.constants import OrganisationKind, Role, Scope
from wijzer.accounts.domain import policy
from wijzer.accounts.domain.policy import Action, KindCode, OrgRef, RoleCode, ScopeCode

BOARD = OrgRef(id=1, kind=KindCode.BOARD, chain=(1,))
SCHOOL = OrgRef(id=2, kind=KindCode.SCHOOL, chain=(2, 1))
BRANCH = OrgRef(id=3, kind=KindCode.BRANCH, chain=(3, 2, 1))
OTHER_SCHOOL = OrgRef(id=4, kind=KindCode.SCHOOL, chain=(4, 5))


def test_domain_codes_mirror_the_django_choices():
    assert {r.value for r in RoleCode} == set(Role.values)
    assert {k.value for k in KindCode} == set(OrganisationKind.values)
    assert {s.value for s in ScopeCode} == set(Scope.values)


@pytest.mark.parametrize(
    ("_case", "action", "role", "acting_for", "target", "expected"),
    [
        ("teacher sees own school", Action.VIEW_ORGANISATION, RoleCode.TEACHER, 2, SCHOOL, True),
        ("teacher sees own school's branch", Action.VIEW_ORGANISATION, RoleCode.TEACHER, 2, BRANCH, True),
        ("teacher not the owning board", Action.VIEW_ORGANISATION, RoleCode.TEACHER, 2, BOARD, False),
        ("teacher not another school", Action.VIEW_ORGANISATION, RoleCode.TEACHER, 2, OTHER_SCHOOL, False),
        ("board buyer sees owned school", Action.VIEW_ORGANISATION, RoleCode.BOARD_BUYER, 1, SCHOOL, True),
        (
            "board buyer not other board's school",
            Action.VIEW_ORGANISATION,
            RoleCode.BOARD_BUYER,
            1,
            OTHER_SCHOOL,
            False,
        ),
        ("admin sees anything", Action.VIEW_ORGANISATION, RoleCode.PLATFORM_ADMIN, 99, OTHER_SCHOOL, True),
        ("privacy officer audit own", Action.VIEW_AUDIT, RoleCode.PRIVACY_OFFICER, 1, BOARD, True),
        # the board is the controller for its schools (W5.3): its privacy officer reads their audit events
        ("privacy officer: owned school's audit", Action.VIEW_AUDIT, RoleCode.PRIVACY_OFFICER, 1, SCHOOL, True),
        ("teacher never audit", Action.VIEW_AUDIT, RoleCode.TEACHER, 2, SCHOOL, False),
        ("admin audit anywhere", Action.VIEW_AUDIT, RoleCode.PLATFORM_ADMIN, 99, SCHOOL, True),
        ("school leader invites own", Action.INVITE_MEMBER, RoleCode.SCHOOL_LEADER, 2, SCHOOL, True),
        ("school leader not into branch", Action.INVITE_MEMBER, RoleCode.SCHOOL_LEADER, 2, BRANCH, False),
        ("section head never invites", Action.INVITE_MEMBER, RoleCode.SECTION_HEAD, 2, SCHOOL, False),
        ("school leader tokens own", Action.MANAGE_TOKENS, RoleCode.SCHOOL_LEADER, 2, SCHOOL, True),
        ("teacher no tokens", Action.MANAGE_TOKENS, RoleCode.TEACHER, 2, SCHOOL, False),
        ("reviewer no tokens", Action.MANAGE_TOKENS, RoleCode.REVIEWER, 2, SCHOOL, False),
    ],
)
def test_is_allowed(_case, action, role, acting_for, target, expected):
    assert policy.is_allowed(action, role, acting_for, target) is expected


def test_every_action_has_a_row_and_platform_admins_reach_everything_but_first_person_actions():
    assert set(policy.POLICY) == set(Action)
    for action, row in policy.POLICY.items():
        if action in policy.FIRST_PERSON_ACTIONS:
            assert RoleCode.PLATFORM_ADMIN not in row, action  # nobody writes a review or experience for another
        else:
            assert row[RoleCode.PLATFORM_ADMIN] is policy.Reach.ANY, action


@pytest.mark.parametrize(
    ("_case", "inviter", "kind", "expected"),
    [
        (
            "school leader at a school",
            RoleCode.SCHOOL_LEADER,
            KindCode.SCHOOL,
            ["teacher", "section_head", "school_leader", "privacy_officer"],
        ),
        ("board buyer at a board", RoleCode.BOARD_BUYER, KindCode.BOARD, ["board_buyer", "privacy_officer"]),
        (
            "admin at the platform",
            RoleCode.PLATFORM_ADMIN,
            KindCode.PLATFORM,
            ["privacy_officer", "policy_analyst", "platform_admin"],
        ),
        ("teacher may not invite", RoleCode.TEACHER, KindCode.SCHOOL, []),
    ],
)
def test_invitable_roles(_case, inviter, kind, expected):
    assert [str(r) for r in policy.invitable_roles(inviter, kind)] == expected


@pytest.mark.parametrize(
    ("_case", "role", "kind", "expected"),
    [
        ("publisher editor at publisher", RoleCode.PUBLISHER_EDITOR, KindCode.PUBLISHER, ["catalog:push"]),
        ("school leader at school", RoleCode.SCHOOL_LEADER, KindCode.SCHOOL, ["school:read"]),
        ("privacy officer at board", RoleCode.PRIVACY_OFFICER, KindCode.BOARD, ["audit:read"]),
        ("admin at school: no catalog push", RoleCode.PLATFORM_ADMIN, KindCode.SCHOOL, ["school:read", "audit:read"]),
        ("teacher grants nothing", RoleCode.TEACHER, KindCode.SCHOOL, []),
    ],
)
def test_grantable_scopes(_case, role, kind, expected):
    assert [str(s) for s in policy.grantable_scopes(role, kind)] == expected


def test_two_factor_is_required_for_admins_and_privacy_officers_only():
    assert policy.requires_two_factor({RoleCode.TEACHER, RoleCode.PRIVACY_OFFICER}) is True
    assert policy.requires_two_factor({RoleCode.PLATFORM_ADMIN}) is True
    assert policy.requires_two_factor({RoleCode.TEACHER, RoleCode.REVIEWER, RoleCode.BOARD_BUYER}) is False
