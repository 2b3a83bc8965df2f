"""One person, several roles at several organisations; switching the active role (W2 §2)."""

from __future__ import annotations

import pytest

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent, Membership
from wijzer.accounts.permissions import ACTIVE_MEMBERSHIP_SESSION_KEY

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .helpers import login_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_at_two_schools():
    user = UserFactory(email="lotte@school.example.nl")
    first = MembershipFactory(user=user, organisation=OrganisationFactory(school=True, name="De Wilg"))
    second = MembershipFactory(user=user, organisation=OrganisationFactory(school=True, name="De Linde"))
    return first, second


def test_header_shows_who_and_the_active_role_with_a_switcher(client, teacher_at_two_schools):
    first, _second = teacher_at_two_schools
    login_as(client, first)
    html = client.get("/").content.decode()
    assert "Ingelogd als <strong>lotte@school.example.nl</strong> · leraar bij De Wilg" in html
    assert '<label for="rol-kiezen">Werk als</label>' in html
    assert "Leraar bij De Linde</option>" in html


def test_switching_to_an_own_role_changes_the_active_organisation_and_is_audited(client, teacher_at_two_schools):
    first, second = teacher_at_two_schools
    login_as(client, first)
    response = client.post("/account/rol/", {"membership": str(second.uuid), "next": "/curriculum/"})
    assert response["Location"] == "/curriculum/"
    assert client.session[ACTIVE_MEMBERSHIP_SESSION_KEY] == str(second.uuid)
    assert "leraar bij De Linde" in client.get("/").content.decode()
    event = AuditEvent.objects.get(action=AuditAction.ROLE_SWITCHED)
    assert (event.actor, event.organisation, event.object_id) == (first.user, second.organisation, str(second.uuid))


def test_switching_to_someone_elses_membership_is_refused_audited_and_changes_nothing(client, teacher_at_two_schools):
    # given
    first, _second = teacher_at_two_schools
    stranger = MembershipFactory(role=Role.SCHOOL_LEADER)
    login_as(client, first)
    # when
    response = client.post("/account/rol/", {"membership": str(stranger.uuid)})
    # then
    assert response.status_code == 403
    assert "Deze rol hoort niet bij uw account" in response.content.decode()
    assert client.session[ACTIVE_MEMBERSHIP_SESSION_KEY] == str(first.uuid)
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_SWITCHED).count() == 0
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.actor == first.user
    assert denied.details["action"] == "role.switch"


def test_a_forged_session_value_falls_back_to_an_own_membership(client, teacher_at_two_schools):
    first, _second = teacher_at_two_schools
    stranger = MembershipFactory(role=Role.SCHOOL_LEADER)
    login_as(client, first)
    session = client.session
    session[ACTIVE_MEMBERSHIP_SESSION_KEY] = str(stranger.uuid)
    session.save()
    assert "leraar bij De Wilg" in client.get("/account/").content.decode()


def test_role_must_fit_the_kind_of_organisation():
    from wijzer.accounts.actions import do_grant_membership
    from wijzer.accounts.exceptions import RoleNotAllowed

    user = UserFactory()
    publisher = OrganisationFactory(publisher=True)
    with pytest.raises(RoleNotAllowed, match="past niet bij een Uitgever"):
        do_grant_membership(user, publisher, Role.TEACHER)
    assert Membership.objects.filter(user=user).count() == 0
