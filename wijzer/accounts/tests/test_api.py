"""API authentication: Bearer tokens (hashed, scoped, revocable, audited) and sessions; Dutch 401/403."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

import pytest
from ninja.errors import AuthorizationError

from wijzer.accounts import actions, throttle
from wijzer.accounts.auth import TokenAuth, require_scope
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import ApiToken, AuditEvent

from .helpers import login_as

ME = "/api/v1/accounts/me"
AUDIT = "/api/v1/accounts/audit"
REVOKE = "/api/v1/accounts/tokens/revoke-current"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def school_token(world):
    return actions.do_create_api_token(world.school, name="LAS", scopes=["school:read"], created_by=None)


def test_me_with_a_token_names_the_organisation_and_scopes_and_audits_the_use(client, world, school_token):
    token, raw = school_token
    response = client.get(ME, **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "token"
    assert body["organisation"]["name"] == "School Een"
    assert body["token"]["scopes"] == ["school:read"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    used = AuditEvent.objects.get(action=AuditAction.TOKEN_USED)
    assert (used.organisation, used.details["path"]) == (world.school, ME)


def test_me_with_a_session_lists_roles_and_the_active_one(client, world):
    login_as(client, world.members[Role.TEACHER])
    body = client.get(ME).json()
    assert body["kind"] == "session"
    assert body["email"] == "teacher@test.example.nl"
    assert [(r["role"], r["organisation"]["name"], r["active"]) for r in body["roles"]] == [
        ("teacher", "School Een", True)
    ]


def test_no_credentials_is_a_dutch_401_with_a_bearer_challenge(client, db):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Niet ingelogd: stuur een geldige API-sleutel mee (Authorization: Bearer wzr_…) of log in."
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="wijzer"'


@pytest.mark.parametrize(
    ("_case", "mutate"),
    [
        ("forged secret with a real prefix", lambda raw: raw[:14] + "A" * 43),
        ("garbage", lambda raw: "dit-is-geen-sleutel"),
        ("truncated", lambda raw: raw[:-1]),
    ],
)
def test_forged_tokens_are_refused_and_audited(client, world, school_token, _case, mutate):
    token, raw = school_token
    response = client.get(ME, **bearer(mutate(raw)))
    assert response.status_code == 401
    assert response.json()["detail"] == "Ongeldige, verlopen of ingetrokken API-sleutel."
    refused = AuditEvent.objects.get(action=AuditAction.TOKEN_REFUSED)
    assert raw not in str(refused.details)
    token.refresh_from_db()
    assert token.last_used_at is None


def test_revoked_and_expired_tokens_are_refused(client, world):
    revoked, revoked_raw = actions.do_create_api_token(world.school, name="a", scopes=["school:read"], created_by=None)
    actions.do_revoke_api_token(revoked, revoked_by=None)
    _expired, expired_raw = actions.do_create_api_token(
        world.school,
        name="b",
        scopes=["school:read"],
        created_by=None,
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert client.get(ME, **bearer(revoked_raw)).status_code == 401
    assert client.get(ME, **bearer(expired_raw)).status_code == 401
    # both refusals reach the log once their minute is over (summed per network, see test_abuse_limits)
    throttle.flush_token_refusals(timezone.now() + timedelta(minutes=2))
    refused = AuditEvent.objects.filter(action=AuditAction.TOKEN_REFUSED)
    assert sum(event.details["count"] for event in refused) == 2


def test_require_scope_refuses_a_token_without_that_scope_with_a_dutch_403(world, school_token):
    _token, raw = school_token
    request = HttpRequest()
    request.method = "POST"
    request.path = "/api/v1/catalog/push"
    with pytest.raises(AuthorizationError, match="mist de bevoegdheid catalog:push"):
        require_scope("catalog:push").authenticate(request, raw)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_USED).count() == 0


def test_require_scope_accepts_a_token_with_that_scope(world):
    token, raw = actions.do_create_api_token(world.publisher, name="push", scopes=["catalog:push"], created_by=None)
    request = HttpRequest()
    request.method = "POST"
    request.path = "/api/v1/catalog/push"
    principal = require_scope("catalog:push").authenticate(request, raw)
    assert (principal.organisation, principal.token) == (world.publisher, token)
    assert isinstance(require_scope("catalog:push"), TokenAuth)


# --- token-protected write ---------------------------------------------------------------------------------------


def test_revoke_current_needs_a_valid_token_and_changes_nothing_without_one(client, world, school_token):
    token, raw = school_token
    assert client.post(REVOKE).status_code == 401
    assert client.post(REVOKE, **bearer(raw[:14] + "B" * 43)).status_code == 401
    login_as(client, world.members[Role.SCHOOL_LEADER])
    assert client.post(REVOKE).status_code == 401  # a session is not a token
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_current_revokes_the_presented_token(client, world, school_token):
    token, raw = school_token
    response = client.post(REVOKE, **bearer(raw))
    assert response.status_code == 200
    assert response.json()["detail"].startswith(f"Sleutel wzr_{token.prefix}_… is ingetrokken")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(ME, **bearer(raw)).status_code == 401


# --- audit API -------------------------------------------------------------------------------------------------------


def test_privacy_officer_reads_only_the_own_organisations_events(client, world):
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="eigen", organisation=world.school)
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="ander", organisation=world.other_school)
    login_as(client, world.members[Role.PRIVACY_OFFICER])
    body = client.get(AUDIT).json()
    assert body["count"] == AuditEvent.objects.filter(organisation=world.school).count()
    assert {item["organisation"]["name"] for item in body["items"]} == {"School Een"}
    assert "ander" not in [item["actor"] for item in body["items"]]
    other = client.get(AUDIT, {"organisation": str(world.other_school.uuid)})
    assert other.status_code == 403
    assert other.json()["detail"].startswith("Alleen de privacyfunctionaris van deze organisatie")


def test_platform_admin_reads_every_organisations_events(client, world):
    actions.do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="ander", organisation=world.other_school)
    login_as(client, world.members[Role.PLATFORM_ADMIN])
    body = client.get(AUDIT, {"limit": 500}).json()
    assert body["count"] == AuditEvent.objects.count()
    assert "ander" in [item["actor"] for item in body["items"]]


def test_teacher_gets_a_403_from_the_audit_api(client, world):
    login_as(client, world.members[Role.TEACHER])
    assert client.get(AUDIT).status_code == 403


def test_an_audit_token_reads_its_own_organisation_and_a_school_token_is_refused(client, world, school_token):
    _token, school_raw = school_token
    _audit, audit_raw = actions.do_create_api_token(world.school, name="SIEM", scopes=["audit:read"], created_by=None)
    assert client.get(AUDIT, **bearer(school_raw)).status_code == 403
    body = client.get(AUDIT, **bearer(audit_raw)).json()
    assert {item["organisation"]["name"] for item in body["items"]} == {"School Een"}


def test_unverified_privacy_officer_session_is_refused_by_the_api(client, world):
    login_as(client, world.members[Role.PRIVACY_OFFICER], verified=False)
    assert client.get(AUDIT).status_code == 401


def test_raw_tokens_are_never_stored(world):
    _token, raw = actions.do_create_api_token(world.school, name="x", scopes=["school:read"], created_by=None)
    stored = [str(row) for row in ApiToken.objects.values_list()]
    secret = raw[len("wzr_12345678_") :]
    assert len(secret) == 43
    assert all(raw not in row and secret not in row for row in stored)
