"""Organisation page, API tokens and invitations: each rule allowed and denied, nothing changed on denial."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from wijzer.accounts import actions
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import ApiToken, AuditEvent, Invitation, Membership, User

from .helpers import login_as


def org_url(org, suffix=""):
    return f"/organisaties/{org.uuid}/{suffix}"


# --- organisation page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "role", "target", "status"),
    [
        ("teacher, own school", Role.TEACHER, "school", 200),
        ("teacher, own school's branch", Role.TEACHER, "branch", 200),
        ("teacher, other school", Role.TEACHER, "other_school", 403),
        ("teacher, own school's board", Role.TEACHER, "board", 403),
        ("board buyer, owned school", Role.BOARD_BUYER, "school", 200),
        ("board buyer, other board's school", Role.BOARD_BUYER, "other_school", 403),
        ("publisher editor, a school", Role.PUBLISHER_EDITOR, "school", 403),
        ("platform admin, any school", Role.PLATFORM_ADMIN, "other_school", 200),
    ],
)
def test_organisation_page_is_for_members_of_the_org_or_its_owners(client, world, _case, role, target, status):
    login_as(client, world.members[role])
    response = client.get(org_url(getattr(world, target)))
    assert response.status_code == status


def test_members_are_listed_for_members(client, world):
    login_as(client, world.members[Role.BOARD_BUYER])
    html = client.get(org_url(world.school)).content.decode()
    assert world.members[Role.TEACHER].user.get_full_name() in html
    assert "Leraar" in html
    assert "teacher@test.example.nl" not in html  # addresses only for who may invite members there (W5.3)


def test_a_refused_organisation_page_says_why_in_dutch_shows_no_members_and_is_audited(client, world):
    teacher = world.members[Role.TEACHER]
    login_as(client, teacher)
    response = client.get(org_url(world.other_school))
    html = response.content.decode()
    assert response.status_code == 403
    assert "U werkt nu als leraar bij School Een. In die rol heeft u geen toegang" in html
    assert "@test.example.nl</td>" not in html
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (event.actor, event.organisation) == (teacher.user, world.other_school)
    assert event.details["acting_for"] == str(world.school.uuid)


def test_unknown_organisation_is_a_dutch_404(client, world):
    login_as(client, world.members[Role.TEACHER])
    response = client.get("/organisaties/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


# --- API tokens ------------------------------------------------------------------------------------------------------


def test_creating_a_token_shows_it_once_and_stores_only_its_hash(client, world):
    # given
    editor = world.members[Role.PUBLISHER_EDITOR]
    login_as(client, editor)
    # when
    response = client.post(
        org_url(world.publisher, "sleutels/"),
        {"name": "Catalogus-koppeling", "scopes": ["catalog:push"], "days": 90},
        follow=True,
    )
    # then (Post/Redirect/Get: shown on the page after the redirect, not in its address)
    html = response.content.decode()
    assert [url for url, _status in response.redirect_chain] == [org_url(world.publisher, "sleutels/")]
    raw = re.search(r'id="nieuwe-sleutel">(wzr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43})<', html).group(1)
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.scopes == ["catalog:push"]
    assert token.organisation == world.publisher
    assert raw not in str(list(ApiToken.objects.values_list()))
    assert raw not in str(list(AuditEvent.objects.values_list()))
    assert response["Cache-Control"].startswith("max-age=0")
    assert raw not in client.get(org_url(world.publisher, "sleutels/")).content.decode()
    created = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert created.details["prefix"] == token.prefix


def test_a_scope_the_role_may_not_grant_is_refused(client, world):
    login_as(client, world.members[Role.PUBLISHER_EDITOR])
    response = client.post(org_url(world.publisher, "sleutels/"), {"name": "X", "scopes": ["audit:read"], "days": 90})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "role", "target"),
    [
        ("teacher at own school", Role.TEACHER, "school"),
        ("editor at another publisher", Role.PUBLISHER_EDITOR, "other_publisher"),
        ("board buyer at owned school", Role.BOARD_BUYER, "school"),
    ],
)
def test_token_creation_is_refused_outside_the_rules_and_creates_nothing(client, world, _case, role, target):
    login_as(client, world.members[role])
    response = client.post(
        org_url(getattr(world, target), "sleutels/"), {"name": "X", "scopes": ["school:read"], "days": 30}
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATED).count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1


def test_revoking_a_token(client, world):
    leader = world.members[Role.SCHOOL_LEADER]
    token, _raw = actions.do_create_api_token(world.school, name="LAS", scopes=["school:read"], created_by=leader.user)
    login_as(client, leader)
    response = client.post(org_url(world.school, f"sleutels/{token.uuid}/intrekken/"))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == leader.user
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED, object_id=str(token.uuid)).count() == 1


def test_revoking_another_organisations_token_is_refused_and_changes_nothing(client, world):
    token, _raw = actions.do_create_api_token(world.other_school, name="LAS", scopes=["school:read"], created_by=None)
    login_as(client, world.members[Role.SCHOOL_LEADER])
    # via the other school's URL: refused by the policy
    assert client.post(org_url(world.other_school, f"sleutels/{token.uuid}/intrekken/")).status_code == 403
    # via the own school's URL: the token is not found there
    assert client.post(org_url(world.school, f"sleutels/{token.uuid}/intrekken/")).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- invitations -----------------------------------------------------------------------------------------------------


def test_school_leader_invites_a_teacher_by_email(client, world, django_capture_on_commit_callbacks):
    login_as(client, world.members[Role.SCHOOL_LEADER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            org_url(world.school, "uitnodigen/"), {"email": "Nieuw@School.example.nl", "role": "teacher"}, follow=True
        )
    assert response.status_code == 200
    assert "Er is een uitnodiging gestuurd naar <strong>nieuw@school.example.nl</strong>" in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "nieuw@school.example.nl",
        "teacher",
        world.school,
    )
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/uitnodiging/[A-Za-z0-9_-]+/)", mail.outbox[0].body).group(1)
    assert link.split("/")[2] not in invitation.secret_hash
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_SENT).count() == 1


def test_school_leader_cannot_hand_out_platform_roles(client, world):
    login_as(client, world.members[Role.SCHOOL_LEADER])
    response = client.post(org_url(world.school, "uitnodigen/"), {"email": "x@example.nl", "role": "platform_admin"})
    assert response.status_code == 200
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "role", "target"),
    [("teacher", Role.TEACHER, "school"), ("leader, other school", Role.SCHOOL_LEADER, "other_school")],
)
def test_inviting_outside_the_rules_is_refused_and_sends_nothing(client, world, _case, role, target):
    login_as(client, world.members[role])
    response = client.post(org_url(getattr(world, target), "uitnodigen/"), {"email": "x@example.nl", "role": "teacher"})
    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert len(mail.outbox) == 0


def invite(world, email="nieuw@school.example.nl", role=Role.TEACHER, now=None):
    return actions.do_create_invitation(
        world.school,
        email=email,
        role=role,
        invited_by=world.members[Role.SCHOOL_LEADER].user,
        accept_url=lambda raw: f"/uitnodiging/{raw}/",
        now=now,
    )


def test_a_new_person_accepts_an_invitation_by_choosing_a_password(client, world):
    invitation, raw = invite(world)
    response = client.post(
        f"/uitnodiging/{raw}/",
        {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "password1": "lange-zin-met-woorden",
            "password2": "lange-zin-met-woorden",
        },
    )
    assert response["Location"] == "/account/"
    user = User.objects.get(email="nieuw@school.example.nl")
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (world.school.pk, "teacher")
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED, actor=user).count() == 1


def test_a_weak_password_is_refused_in_dutch_and_creates_no_account(client, world):
    _invitation, raw = invite(world)
    response = client.post(
        f"/uitnodiging/{raw}/",
        {"first_name": "Nina", "last_name": "Nieuw", "password1": "12345678", "password2": "12345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in html
    assert User.objects.filter(email="nieuw@school.example.nl").count() == 0


def test_an_existing_user_accepts_when_logged_in_and_gets_a_second_role(client, world):
    teacher = world.members[Role.TEACHER]
    _invitation, raw = invite(world, email=teacher.user.email, role=Role.SECTION_HEAD)
    login_as(client, teacher)
    response = client.post(f"/uitnodiging/{raw}/")
    assert response.status_code == 302
    assert sorted(Membership.objects.filter(user=teacher.user).values_list("role", flat=True)) == [
        "section_head",
        "teacher",
    ]


def test_an_invitation_for_someone_else_is_refused(client, world):
    _invitation, raw = invite(world, email="iemand-anders@school.example.nl")
    intruder = world.members[Role.TEACHER]
    login_as(client, intruder)
    response = client.post(f"/uitnodiging/{raw}/")
    assert response.status_code == 403
    assert "voor een ander e-mailadres" in response.content.decode()
    assert Membership.objects.filter(user=intruder.user).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_REFUSED).count() == 1


def test_an_expired_invitation_gives_a_dutch_message_is_audited_and_changes_nothing(client, world):
    _invitation, raw = invite(world, now=timezone.now() - timedelta(days=8))
    response = client.post(
        f"/uitnodiging/{raw}/",
        {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "password1": "lange-zin-met-woorden",
            "password2": "lange-zin-met-woorden",
        },
    )
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()
    assert User.objects.filter(email="nieuw@school.example.nl").count() == 0
    refused = AuditEvent.objects.get(action=AuditAction.INVITATION_REFUSED)
    assert refused.organisation == world.school


def test_a_forged_invitation_link_is_refused(client, world):
    response = client.get("/uitnodiging/verzonnen-link-zonder-betekenis/")
    assert response.status_code == 410
    assert "Deze uitnodigingslink is onbekend" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_REFUSED).count() == 1


def test_a_used_invitation_cannot_be_used_twice(client, world):
    _invitation, raw = invite(world, email=world.members[Role.TEACHER].user.email, role=Role.SECTION_HEAD)
    login_as(client, world.members[Role.TEACHER])
    client.post(f"/uitnodiging/{raw}/")
    response = client.get(f"/uitnodiging/{raw}/")
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()


# --- audit page ------------------------------------------------------------------------------------------------------


def test_privacy_officer_sees_only_the_own_organisations_audit_events(client, world):
    # given events at the own school and at another school
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="eigen@x.nl", organisation=world.school)
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="ander@x.nl", organisation=world.other_school)
    login_as(client, world.members[Role.PRIVACY_OFFICER])
    # when
    own = client.get(org_url(world.school, "logboek/"))
    other = client.get(org_url(world.other_school, "logboek/"))
    # then
    assert own.status_code == 200
    assert "eigen@x.nl" in own.content.decode()
    assert "ander@x.nl" not in own.content.decode()
    assert other.status_code == 403


def test_exporting_the_audit_log_is_itself_audited(client, world):
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="=HYPERLINK(1)", organisation=world.school)
    officer = world.members[Role.PRIVACY_OFFICER]
    login_as(client, officer)
    response = client.get(org_url(world.school, "logboek/export/"))
    body = response.content.decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "'=HYPERLINK(1)" in body
    exported = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert (exported.actor, exported.organisation) == (officer.user, world.school)


def test_teacher_cannot_see_the_audit_log(client, world):
    login_as(client, world.members[Role.TEACHER])
    assert client.get(org_url(world.school, "logboek/")).status_code == 403
