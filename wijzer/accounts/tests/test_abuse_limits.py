"""Abuse limits (W5.1 §6): refused tokens summed in the audit log, login limits per account and network, the
client address behind trusted proxies, and an honest answer while two-factor verification is throttled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth import authenticate
from django.test import RequestFactory, override_settings
from django.utils import timezone

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts import throttle
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent
from wijzer.settings.env import EnvError, env_networks

from .factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from .test_login import current_code

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
ME = "/api/v1/accounts/me"
BAD_TOKEN = "wzr_ABCDEFGH_" + "x" * 43
NETWORK_A = "203.0.113.10"
NETWORK_A_OTHER_HOST = "203.0.113.200"
NETWORK_B = "198.51.100.20"
MINUTE = datetime(2026, 12, 3, 9, 15, 0, tzinfo=UTC)


def refused_rows(ip_prefix: str | None = None) -> list[AuditEvent]:
    rows = AuditEvent.objects.filter(action=AuditAction.TOKEN_REFUSED)
    if ip_prefix is not None:
        rows = rows.filter(ip_prefix=ip_prefix)
    return list(rows.order_by("id"))


def refusal(ip: str) -> object:
    return RequestFactory().get(ME, REMOTE_ADDR=ip)


# --- 1. Refused tokens ---------------------------------------------------------------------------------------------


def test_200_refusals_from_one_network_in_one_minute_write_two_rows_that_count_200():
    # given 200 refusals from hosts of one /24 within one minute
    for i in range(200):
        host = f"203.0.113.{i % 50 + 1}"
        throttle.record_token_refusal(refusal(host), details={"prefix": ""}, now=MINUTE + timedelta(seconds=i * 0.25))
    during = refused_rows()
    # when the next minute's first refusal (here from another network) arrives
    throttle.record_token_refusal(refusal(NETWORK_B), details={"prefix": ""}, now=MINUTE + timedelta(seconds=61))
    # then
    assert [(row.ip_prefix, row.details["count"]) for row in during] == [("203.0.113.0/24", 1)]
    rows = refused_rows("203.0.113.0/24")
    assert len(rows) == 2
    assert sum(row.details["count"] for row in rows) == 200
    assert {row.details["window"] for row in rows} == {"2026-12-03T09:15:00Z/2026-12-03T09:16:00Z"}
    assert rows[1].details["summary"] is True
    assert [(row.ip_prefix, row.details["count"]) for row in refused_rows("198.51.100.0/24")] == [
        ("198.51.100.0/24", 1)
    ]


def test_networks_are_counted_apart():
    # given interleaved refusals: 30 from A, 7 from B, 1 from C in one minute
    for i in range(30):
        throttle.record_token_refusal(refusal(NETWORK_A), details={}, now=MINUTE + timedelta(seconds=i))
        if i < 7:
            throttle.record_token_refusal(refusal(NETWORK_B), details={}, now=MINUTE + timedelta(seconds=i))
    throttle.record_token_refusal(refusal("2001:db8:1::7"), details={}, now=MINUTE + timedelta(seconds=59))
    # when the minute is over
    written = throttle.flush_token_refusals(MINUTE + timedelta(minutes=5))
    # then: one summary per network with more than one refusal, and the totals per network
    assert written == 2
    totals = {
        prefix: sum(row.details["count"] for row in refused_rows(prefix))
        for prefix in ("203.0.113.0/24", "198.51.100.0/24", "2001:db8:1::/48")
    }
    assert totals == {"203.0.113.0/24": 30, "198.51.100.0/24": 7, "2001:db8:1::/48": 1}
    assert len(refused_rows()) == 5
    # and a second flush writes nothing again (the log only grows by new rows)
    assert throttle.flush_token_refusals(MINUTE + timedelta(minutes=6)) == 0
    assert len(refused_rows()) == 5


def test_each_minute_has_its_own_first_row():
    for minute in range(3):
        for second in range(4):
            throttle.record_token_refusal(
                refusal(NETWORK_A), details={}, now=MINUTE + timedelta(minutes=minute, seconds=second)
            )
    throttle.flush_token_refusals(MINUTE + timedelta(minutes=10))
    rows = refused_rows()
    per_window: dict[str, int] = {}
    for row in rows:
        per_window[row.details["window"]] = per_window.get(row.details["window"], 0) + row.details["count"]
    assert len(rows) == 6
    assert per_window == {
        "2026-12-03T09:15:00Z/2026-12-03T09:16:00Z": 4,
        "2026-12-03T09:16:00Z/2026-12-03T09:17:00Z": 4,
        "2026-12-03T09:17:00Z/2026-12-03T09:18:00Z": 4,
    }


def test_invalid_tokens_over_http_are_refused_and_summed(client):
    # when 200 requests with an invalid token come from one network
    statuses = {
        client.get(ME, HTTP_AUTHORIZATION=f"Bearer {BAD_TOKEN}", REMOTE_ADDR=NETWORK_A).status_code for _ in range(200)
    }
    rows_before_close = refused_rows()
    throttle.flush_token_refusals(timezone.now() + timedelta(minutes=2))
    # then every request was refused, the log holds at most 2 rows per minute, and they count 200
    rows = refused_rows("203.0.113.0/24")
    windows = {row.details["window"] for row in rows}
    assert statuses == {401}
    assert len(rows_before_close) == len(windows)
    assert len(rows) <= 2 * len(windows)
    assert sum(row.details["count"] for row in rows) == 200
    assert rows[0].details["prefix"] == "ABCDEFGH"
    assert rows[0].details["path"] == ME


# --- 2. Login limits per account and network -----------------------------------------------------------------------


def fail(client, email: str, ip: str, attempt: int = 0) -> int:
    response = client.post(LOGIN, {"username": email, "password": f"fout-{attempt}-wachtwoord"}, REMOTE_ADDR=ip)
    return int(response.status_code)


def log_in(client, email: str, ip: str):
    return client.post(LOGIN, {"username": email, "password": PASSWORD}, REMOTE_ADDR=ip)


@pytest.fixture
def admin():
    membership = MembershipFactory(
        user=UserFactory(email="admin@wijzer.example.nl"),
        organisation=OrganisationFactory(platform=True),
        role=Role.PLATFORM_ADMIN,
    )
    return membership.user


def test_five_failures_from_network_a_do_not_stop_the_admin_on_network_b(client, admin):
    # given
    statuses = [fail(client, admin.email, NETWORK_A, i) for i in range(5)]
    # when
    response = log_in(client, admin.email, NETWORK_B)
    # then: past the password step, on to two-factor
    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps/")
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_five_failures_from_network_a_lock_the_admin_on_network_a(client, admin):
    for i in range(5):
        fail(client, admin.email, NETWORK_A, i)
    # when: the right password from another host of the same /24
    response = log_in(client, admin.email, NETWORK_A_OTHER_HOST)
    # then
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {(admin.email, "203.0.113.0")}


def test_spraying_one_password_over_40_accounts_is_refused_after_30_while_network_b_logs_in(client):
    # given 40 accounts and a colleague who knows her password
    emails = [UserFactory(email=f"leraar{i}@school.example.nl").email for i in range(40)]
    colleague = UserFactory(email="collega@school.example.nl")
    # when one password is tried on each account from network A
    statuses = [fail(client, email, NETWORK_A) for email in emails]
    blocked = log_in(client, colleague.email, NETWORK_A_OTHER_HOST)
    # then: the first 30 were checked (and failed), the rest refused unchecked with the Dutch message
    assert statuses == [200] * 30 + [429] * 10
    html = blocked.content.decode()
    assert blocked.status_code == 429
    assert "Te veel pogingen vanaf dit netwerk, probeer het over 15 minuten opnieuw." in html
    assert 'value="collega@school.example.nl"' in html
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 30
    block = AuditEvent.objects.get(action=AuditAction.LOGIN_NETWORK_BLOCKED)
    assert (block.ip_prefix, block.details["failures"], block.details["limit"]) == ("203.0.113.0/24", 30, 30)
    # and network B still logs in
    assert log_in(client, colleague.email, NETWORK_B).status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_block_ends_after_the_window(client):
    emails = [UserFactory(email=f"leraar{i}@school.example.nl").email for i in range(30)]
    colleague = UserFactory(email="collega@school.example.nl")
    for email in emails:
        fail(client, email, NETWORK_A)
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=NETWORK_A)
    assert throttle.login_network_wait(request) in {899, 900}
    assert throttle.login_network_wait(request, timezone.now() + timedelta(minutes=15, seconds=1)) == 0
    assert log_in(client, colleague.email, NETWORK_A).status_code == 429


def test_a_school_colleague_hammering_her_locked_account_does_not_block_the_school(client):
    # given one person who keeps typing a wrong password (the account locks after 5)
    UserFactory(email="typfout@school.example.nl")
    colleague = UserFactory(email="collega@school.example.nl")
    statuses = [fail(client, "typfout@school.example.nl", NETWORK_A, i) for i in range(40)]
    # when a colleague logs in from the same school address
    response = log_in(client, colleague.email, NETWORK_A)
    # then
    assert statuses == [200] * 4 + [429] * 36
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_NETWORK_BLOCKED).count() == 0


def test_every_password_check_is_refused_from_a_blocked_network_also_outside_the_login_page(client, admin):
    """The admin login and any other form that calls authenticate() meet NetworkThrottleBackend."""
    request_a = RequestFactory().post("/beheer/login/", REMOTE_ADDR=NETWORK_A)
    request_b = RequestFactory().post("/beheer/login/", REMOTE_ADDR=NETWORK_B)
    assert authenticate(request_a, username=admin.email, password=PASSWORD) == admin
    for i in range(30):
        fail(client, f"leraar{i}@school.example.nl", NETWORK_A)
    failed_before = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count()
    # when
    refused = authenticate(
        RequestFactory().post("/beheer/login/", REMOTE_ADDR=NETWORK_A), username=admin.email, password=PASSWORD
    )
    # then: refused (and audited), not counted again; network B is unaffected
    assert refused is None
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == failed_before + 1
    assert throttle.record_login_failure(request_b) == 1
    assert authenticate(request_b, username=admin.email, password=PASSWORD) == admin


# --- 3. The client address behind trusted proxies ------------------------------------------------------------------


@override_settings(WIJZER_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_audited_and_locked(client):
    UserFactory(email="lotte@school.example.nl")
    client.post(
        LOGIN,
        {"username": "lotte@school.example.nl", "password": "fout-wachtwoord-123"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip_prefix == "203.0.113.0/24"
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.0"]


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client):
    # given no trusted proxies (the default) and a client that claims to be someone else
    UserFactory(email="lotte@school.example.nl")
    for i in range(5):
        client.post(
            LOGIN,
            {"username": "lotte@school.example.nl", "password": f"fout-{i}-wachtwoord"},
            REMOTE_ADDR=NETWORK_A,
            HTTP_X_FORWARDED_FOR=f"198.51.{i}.1",
        )
    # then every attempt counts for the real peer's network, so rotating the header does not escape the lock
    assert {e.ip_prefix for e in AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)} == {"203.0.113.0/24"}
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("203.0.113.0", 5)]
    assert log_in(client, "lotte@school.example.nl", NETWORK_A).status_code == 429


@override_settings(WIJZER_TRUSTED_PROXIES=["10.0.0.5"])
def test_a_trusted_proxy_spoofed_from_outside_is_still_the_peer():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert throttle.client_ip(request) == "10.0.0.6"
    assert throttle.axes_client_network(request) == "10.0.0.0"


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WIJZER_TRUSTED_PROXIES", "10.0.0.5, 192.0.2.0/24,2001:db8::/32")
    assert env_networks("WIJZER_TRUSTED_PROXIES") == ["10.0.0.5", "192.0.2.0/24", "2001:db8::/32"]
    monkeypatch.setenv("WIJZER_TRUSTED_PROXIES", "10.0.0.5,proxy.example.nl")
    with pytest.raises(EnvError, match=r"'proxy\.example\.nl' is geen IP-adres"):
        env_networks("WIJZER_TRUSTED_PROXIES")
    monkeypatch.delenv("WIJZER_TRUSTED_PROXIES")
    assert env_networks("WIJZER_TRUSTED_PROXIES") == []


# --- 4. Two-factor verification while django-otp throttles ---------------------------------------------------------


@pytest.fixture
def admin_at_two_factor(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    assert log_in(client, admin.email, NETWORK_B).status_code == 302
    return device


def test_a_right_code_while_throttled_gets_the_real_waiting_time(client, admin_at_two_factor):
    # given django-otp's back-off after 7 failures: 64 s from the last failure, 4 s ago
    device = admin_at_two_factor
    device.throttling_failure_count = 7
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=4)
    device.save()
    # when the right code is sent
    response = client.post("/account/tweestaps/controle/", {"code": current_code(device)})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Te veel pogingen: wacht nog 60 seconden en probeer het dan opnieuw." in html
    assert "Deze code klopt niet" not in html
    assert client.get("/account/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 7
    failed = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_FAILED)
    assert failed.details == {"reason": "throttled", "wait_seconds": 60}


def test_after_the_wait_the_right_code_verifies(client, admin_at_two_factor):
    device = admin_at_two_factor
    device.throttling_failure_count = 7
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=65)
    device.save()
    response = client.post("/account/tweestaps/controle/", {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_wrong_code_then_says_so_and_the_next_try_waits(client, admin_at_two_factor):
    device = admin_at_two_factor
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    first = client.post("/account/tweestaps/controle/", {"code": wrong}).content.decode()
    second = client.post("/account/tweestaps/controle/", {"code": current_code(device)}).content.decode()
    assert "Deze code klopt niet of is verlopen" in first
    assert "Te veel pogingen: wacht nog 1 seconde en probeer het dan opnieuw." in second


def test_two_factor_set_up_is_honest_about_throttling_too(client):
    membership = MembershipFactory(organisation=OrganisationFactory(platform=True), role=Role.PLATFORM_ADMIN)
    log_in(client, membership.user.email, NETWORK_B)
    client.get("/account/tweestaps/instellen/")
    device = TOTPDevice.objects.get(user=membership.user)
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post("/account/tweestaps/instellen/", {"code": current_code(device)})
    device.refresh_from_db()
    assert "Te veel pogingen: wacht nog 4 seconden en probeer het dan opnieuw." in response.content.decode()
    assert device.confirmed is False
