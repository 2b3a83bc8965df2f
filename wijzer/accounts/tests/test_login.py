"""Login, lockout (django-axes) and two-factor enforcement (django-otp)."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent

from .factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from .helpers import login_as

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_login_with_email_and_password_lands_on_my_account_and_is_audited(client):
    # given
    membership = MembershipFactory(user=UserFactory(email="lotte@school.example.nl"), role=Role.TEACHER)
    # when
    response = client.post(LOGIN, {"username": "lotte@school.example.nl", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_SUCCEEDED)
    assert (event.actor, event.organisation) == (membership.user, membership.organisation)
    assert event.ip_prefix == "127.0.0.0/24"


def test_wrong_password_gives_a_dutch_message_is_audited_and_logs_nobody_in(client):
    UserFactory(email="lotte@school.example.nl")
    response = client.post(LOGIN, {"username": "lotte@school.example.nl", "password": "fout-wachtwoord-123"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in html
    assert 'class="error-summary"' in html
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_label == "lotte@school.example.nl"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_SUCCEEDED).count() == 0


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    # given
    UserFactory(email="doelwit@school.example.nl")
    statuses = [
        client.post(LOGIN, {"username": "doelwit@school.example.nl", "password": f"fout-{i}-wachtwoord"}).status_code
        for i in range(5)
    ]
    # when: the right password after the lockout
    response = client.post(LOGIN, {"username": "doelwit@school.example.nl", "password": PASSWORD})
    # then
    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED_OUT).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_SUCCEEDED).count() == 0


def test_lockout_is_per_account_so_a_colleague_can_still_log_in(client):
    UserFactory(email="doelwit@school.example.nl")
    UserFactory(email="collega@school.example.nl")
    for i in range(5):
        client.post(LOGIN, {"username": "doelwit@school.example.nl", "password": f"fout-{i}-wachtwoord"})
    response = client.post(LOGIN, {"username": "collega@school.example.nl", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/account/", "/account/tweestaps/instellen/"])
def test_anonymous_visitors_of_member_pages_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/account/inloggen/?next={url}"


def test_an_unsafe_next_url_is_ignored(client):
    UserFactory(email="lotte@school.example.nl")
    response = client.post(
        LOGIN + "?next=https://evil.example.com/", {"username": "lotte@school.example.nl", "password": PASSWORD}
    )
    assert response["Location"] == "/account/"


def test_privacy_officer_must_set_up_two_factor_before_any_member_page(client):
    # given a privacy officer without a device
    MembershipFactory(
        user=UserFactory(email="privacy@school.example.nl"),
        organisation=OrganisationFactory(board=True),
        role=Role.PRIVACY_OFFICER,
    )
    # when
    login = client.post(LOGIN, {"username": "privacy@school.example.nl", "password": PASSWORD})
    account = client.get("/account/")
    # then
    assert login["Location"] == "/account/tweestaps/instellen/?next=%2Faccount%2F"
    assert account.status_code == 302
    assert account["Location"].startswith("/account/tweestaps/instellen/")
    setup = client.get("/account/tweestaps/instellen/")
    assert setup.status_code == 200
    assert "data:image/svg+xml;base64," in setup.content.decode()


def test_setting_up_two_factor_with_a_valid_code_opens_member_pages(client):
    # given
    membership = MembershipFactory(organisation=OrganisationFactory(platform=True), role=Role.PLATFORM_ADMIN)
    client.post(LOGIN, {"username": membership.user.email, "password": PASSWORD})
    client.get("/account/tweestaps/instellen/")
    device = TOTPDevice.objects.get(user=membership.user)
    # when
    response = client.post("/account/tweestaps/instellen/", {"code": current_code(device)})
    # then
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENABLED, actor=membership.user).count() == 1


def test_wrong_totp_code_is_refused_in_dutch_and_audited(client):
    # given a platform admin with a confirmed device, past the password step
    membership = MembershipFactory(organisation=OrganisationFactory(platform=True), role=Role.PLATFORM_ADMIN)
    device = TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    login = client.post(LOGIN, {"username": membership.user.email, "password": PASSWORD})
    assert login["Location"] == "/account/tweestaps/controle/?next=%2Faccount%2F"
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    # when
    response = client.post("/account/tweestaps/controle/", {"code": wrong})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze code klopt niet" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_code_fout"' in html
    assert client.get("/account/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED).count() == 1


def test_right_totp_code_verifies_the_session(client):
    membership = MembershipFactory(organisation=OrganisationFactory(platform=True), role=Role.PLATFORM_ADMIN)
    device = TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    client.post(LOGIN, {"username": membership.user.email, "password": PASSWORD})
    response = client.post("/account/tweestaps/controle/?next=/account/", {"code": current_code(device)})
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_a_teacher_needs_no_second_factor(client):
    membership = MembershipFactory(role=Role.TEACHER)
    login_as(client, membership)
    assert client.get("/account/").status_code == 200


def test_logout_is_post_only_and_audited(client):
    membership = MembershipFactory(role=Role.TEACHER)
    login_as(client, membership)
    assert client.get("/account/uitloggen/").status_code == 405
    response = client.post("/account/uitloggen/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGGED_OUT, actor=membership.user).count() == 1
