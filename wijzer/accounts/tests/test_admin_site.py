"""The admin site (/beheer/): two-factor for every admin, every admin write audited (W5.1 §4)."""

from __future__ import annotations

import json

from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts.admin_site import AuditedAdminMixin, WijzerAdminSite
from wijzer.accounts.constants import AuditAction
from wijzer.accounts.models import AuditEvent, Organisation, User
from wijzer.ingest.constants import TermKind
from wijzer.ingest.models import VocabularyTerm

from .factories import PASSWORD, OrganisationFactory, UserFactory
from .helpers import login_admin

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/beheer/login/"
SETUP = "/account/tweestaps/instellen/"
VERIFY = "/account/tweestaps/controle/"


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` steps later: a used code is not accepted twice)."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{code:06d}"


def admin_password_login(client: Client, email: str) -> str:
    """Log in on the admin's own login page; returns where the admin index then sends the browser."""
    response = client.post(
        f"{ADMIN_LOGIN}?next=/beheer/", {"username": email, "password": PASSWORD, "next": "/beheer/"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/beheer/"
    index = client.get("/beheer/")
    assert index.status_code == 302
    location: str = index["Location"]
    return location


def set_up_totp(client: Client, setup_url: str, user: User) -> str:
    page = client.get(setup_url)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(setup_url, {"code": current_code(device), "next": "/beheer/"})
    assert done.status_code == 302
    location: str = done["Location"]
    return location


# --- two-factor before any admin page --------------------------------------------------------------------------------


def test_a_superuser_from_createsuperuser_with_only_a_password_is_guided_to_totp_setup(client, monkeypatch):
    # given: the first superuser, made as an operator would
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email="eerste@wijzer.example.nl", verbosity=0)
    user = User.objects.get(email="eerste@wijzer.example.nl")
    assert (user.is_staff, user.is_superuser, user.memberships.count()) == (True, True, 0)
    # when: the password is right
    location = admin_password_login(client, user.email)
    # then: not the admin index, but the set-up page, with the way back to /beheer/ and a Dutch explanation
    assert location == f"{SETUP}?next=%2Fbeheer%2F"
    page = client.get(location)
    html = page.content.decode()
    assert page.status_code == 200
    assert "U bent beheerder van Wijzer. Voor beheerders is tweestapsverificatie verplicht" in html
    assert 'name="next" value="/beheer/"' in html
    # and the index, any model page and the admin login page itself all keep sending there
    assert client.get("/beheer/accounts/user/")["Location"] == f"{SETUP}?next=%2Fbeheer%2Faccounts%2Fuser%2F"
    assert client.get(f"{ADMIN_LOGIN}?next=/beheer/")["Location"].startswith(SETUP)


def test_after_totp_setup_and_verification_the_superuser_reaches_the_admin_index(client, monkeypatch):
    # given
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email="eerste@wijzer.example.nl", verbosity=0)
    user = User.objects.get(email="eerste@wijzer.example.nl")
    setup_url = admin_password_login(client, user.email)
    # when: set up with a right code
    location = set_up_totp(client, setup_url, user)
    # then: straight on to the admin index, which opens
    assert location == "/beheer/"
    index = client.get("/beheer/")
    assert index.status_code == 200
    assert "<title>Beheer | Wijzer beheer</title>" in index.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENABLED, actor=user).count() == 1
    # and a new session (device set up) is sent to verification, then back to the admin
    other = Client()
    assert admin_password_login(other, user.email) == f"{VERIFY}?next=%2Fbeheer%2F"
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    verified = other.post(VERIFY, {"code": current_code(device, steps_ahead=1), "next": "/beheer/"})
    assert verified["Location"] == "/beheer/"
    assert other.get("/beheer/").status_code == 200


def test_a_staff_user_without_any_membership_must_set_up_totp_too(client):
    # given: staff (not superuser), no role anywhere
    user = UserFactory(email="helpdesk@wijzer.example.nl", is_staff=True)
    # when
    location = admin_password_login(client, user.email)
    # then
    assert location == f"{SETUP}?next=%2Fbeheer%2F"
    assert set_up_totp(client, location, user) == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_a_staff_user_logging_in_on_the_normal_login_page_is_sent_to_totp_setup_as_well(client):
    UserFactory(email="helpdesk@wijzer.example.nl", is_staff=True)
    response = client.post("/account/inloggen/", {"username": "helpdesk@wijzer.example.nl", "password": PASSWORD})
    assert response["Location"] == f"{SETUP}?next=%2Faccount%2F"


def test_the_api_refuses_an_unverified_admin_session(client):
    login_admin(client, UserFactory(is_staff=True, is_superuser=True), verified=False)
    assert client.get("/api/v1/accounts/me").status_code == 401


def test_the_site_itself_refuses_staff_who_did_not_pass_two_factor():
    """The second lock, independent of the middleware: has_permission needs a verified session."""
    site = admin.site
    assert isinstance(site, WijzerAdminSite)
    request = RequestFactory().get("/beheer/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    request.user.is_verified = lambda: False  # what OTPMiddleware sets
    assert site.has_permission(request) is False
    request.user.is_verified = lambda: True
    assert site.has_permission(request) is True


def test_a_logged_in_unverified_admin_on_the_admin_login_view_gets_a_way_to_two_factor_not_the_form_again():
    site = admin.site
    user = UserFactory(is_staff=True)
    request = RequestFactory().get("/beheer/login/", {"next": "/beheer/ingest/source/"})
    request.user = user
    request.user.is_verified = lambda: False
    response = site.login(request)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fbeheer%2Fingest%2Fsource%2F"
    # a foreign next is not followed
    request = RequestFactory().get("/beheer/login/", {"next": "https://kwaadwillend.example.com/"})
    request.user = user
    request.user.is_verified = lambda: False
    assert site.login(request)["Location"] == f"{SETUP}?next=%2Fbeheer%2F"


# --- every admin write is audited ------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client: Client) -> tuple[Client, User]:
    user = UserFactory(email="beheer@wijzer.example.nl", is_staff=True, is_superuser=True)
    return login_admin(client, user), user


def test_every_model_admin_on_the_site_is_audited():
    assert admin.site._registry
    not_audited = [
        str(model)
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert not_audited == []


def test_changing_a_users_superuser_flag_in_the_admin_writes_an_audit_event_naming_the_field(superuser_client):
    # given
    client, admin_user = superuser_client
    person = UserFactory(email="jan@school.example.nl", first_name="Jan", last_name="Jansen")
    # when
    response = client.post(
        f"/beheer/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "first_name": "Jan",
            "last_name": "Jansen",
            "is_active": "on",
            "is_superuser": "on",
            "_save": "Opslaan",
        },
    )
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.is_superuser is True
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGED)
    assert (event.actor, event.object_type, event.object_id) == (admin_user, "accounts.user", str(person.pk))
    assert event.details == {
        "model": "accounts.user",
        "object": "jan@school.example.nl",
        "fields": ["is_superuser"],
        "values": {"is_superuser": True},
    }
    assert "pbkdf2" not in json.dumps(event.details)


def test_a_password_set_in_the_admin_is_audited_without_any_hash(superuser_client):
    client, _ = superuser_client
    person = UserFactory(email="jan@school.example.nl")
    new = "een-heel-nieuw-wachtwoord-42"
    response = client.post(
        f"/beheer/accounts/user/{person.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.check_password(new)
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGED, object_id=str(person.pk))
    text = json.dumps(event.details)
    assert person.password not in text
    assert new not in text
    assert "pbkdf2" not in text


def test_moving_an_organisation_to_another_parent_is_audited_with_the_new_parent(superuser_client):
    client, _ = superuser_client
    old, new = (
        OrganisationFactory(board=True, name="Bestuur Oud"),
        OrganisationFactory(board=True, name="Bestuur Nieuw"),
    )
    school = OrganisationFactory(school=True, name="De Klimop", parent=old)
    data = {
        "name": school.name,
        "kind": school.kind,
        "parent": str(new.pk),
        "board_number": school.board_number,
        "brin": school.brin,
        "country": school.country,
        "source": school.source,
        "_save": "Opslaan",
    }
    response = client.post(f"/beheer/accounts/organisation/{school.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Organisation.objects.get(pk=school.pk).parent == new
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGED)
    assert event.organisation == school
    assert event.details["fields"] == ["parent"]
    assert event.details["values"] == {"parent": str(new.pk)}


def test_deleting_a_vocabulary_term_in_the_admin_is_audited(superuser_client):
    # given
    client, admin_user = superuser_client
    term = VocabularyTerm.objects.create(term="jaar 4", kind=TermKind.LEVEL, slo_ids=["x"])
    # when
    response = client.post(f"/beheer/ingest/vocabularyterm/{term.pk}/delete/", {"post": "yes"})
    # then
    assert response.status_code == 302
    assert not VocabularyTerm.objects.filter(pk=term.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_DELETED)
    assert (event.actor, event.object_type, event.object_id) == (admin_user, "ingest.vocabularyterm", str(term.pk))
    assert event.details == {"model": "ingest.vocabularyterm", "object": "jaar 4"}


def test_a_bulk_delete_from_the_list_writes_one_audit_event_per_row(superuser_client):
    client, _ = superuser_client
    terms = [VocabularyTerm.objects.create(term=t, kind=TermKind.LEVEL) for t in ("HAVO", "VWO", "jaar 5")]
    keep = terms.pop()
    response = client.post(
        "/beheer/ingest/vocabularyterm/",
        {"action": "delete_selected", "_selected_action": [str(t.pk) for t in terms], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(VocabularyTerm.objects.filter(term__in=["HAVO", "VWO", "jaar 5"])) == [keep]
    deleted = AuditEvent.objects.filter(action=AuditAction.ADMIN_DELETED)
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(t.pk) for t in terms)


def test_adding_a_vocabulary_term_in_the_admin_is_audited_with_the_fields_filled_in(superuser_client):
    client, _ = superuser_client
    response = client.post(
        "/beheer/ingest/vocabularyterm/add/",
        {"term": "groep 8", "kind": TermKind.LEVEL, "slo_ids": '["abc"]', "note": "", "_save": "Opslaan"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    term = VocabularyTerm.objects.get(term="groep 8")
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_ADDED)
    assert (event.object_type, event.object_id) == ("ingest.vocabularyterm", str(term.pk))
    assert set(event.details["fields"]) == {"term", "kind", "slo_ids"}


def test_a_refused_admin_change_writes_nothing(superuser_client):
    client, _ = superuser_client
    term = VocabularyTerm.objects.create(term="HAVO", kind=TermKind.LEVEL)
    response = client.post(
        f"/beheer/ingest/vocabularyterm/{term.pk}/change/",
        {"term": "", "kind": TermKind.LEVEL, "slo_ids": "[]", "note": "", "_save": "Opslaan"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert VocabularyTerm.objects.get(pk=term.pk).term == "HAVO"
    assert not AuditEvent.objects.filter(action__startswith="admin.").exists()
