"""Post/Redirect/Get (W5.3 §5): reloading the page after creating an API key or sending an invitation changes
nothing, and the key's secret is shown once, never in an address."""

from __future__ import annotations

import re

from django.core import mail

import pytest

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import ApiToken, AuditEvent, Invitation

from .helpers import login_as

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'id="nieuwe-sleutel">(wzr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43})<')


def test_reloading_after_creating_a_key_makes_no_second_key_and_shows_the_secret_no_more(client, world):
    login_as(client, world.members[Role.PUBLISHER_EDITOR])
    url = f"/organisaties/{world.publisher.uuid}/sleutels/"
    # when the form is sent
    posted = client.post(url, {"name": "Koppeling", "scopes": ["catalog:push"], "days": 30})
    # then the answer is a redirect to the page itself, without anything secret in the address
    assert (posted.status_code, posted["Location"]) == (302, url)
    first = client.get(url).content.decode()
    found = SECRET.search(first)
    assert found is not None
    raw = found.group(1)
    assert raw not in posted["Location"]
    # when the page is reloaded (F5 after the redirect is a GET)
    again = client.get(url).content.decode()
    # then no second key, no second audit row, and the secret is gone from the page
    assert ApiToken.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATED).count() == 1
    assert raw not in again
    assert SECRET.search(again) is None
    assert ApiToken.objects.get().display in again  # the key itself is listed (prefix only)


def test_a_pending_secret_is_not_shown_on_another_organisations_key_page(client, world):
    login_as(client, world.members[Role.PLATFORM_ADMIN])
    client.post(f"/organisaties/{world.school.uuid}/sleutels/", {"name": "LAS", "scopes": ["school:read"], "days": 30})
    other = client.get(f"/organisaties/{world.other_school.uuid}/sleutels/").content.decode()
    own = client.get(f"/organisaties/{world.school.uuid}/sleutels/").content.decode()
    assert SECRET.search(other) is None
    assert SECRET.search(own) is not None


def test_an_invalid_key_form_is_shown_again_with_its_errors_and_creates_nothing(client, world):
    login_as(client, world.members[Role.PUBLISHER_EDITOR])
    response = client.post(f"/organisaties/{world.publisher.uuid}/sleutels/", {"name": "", "days": 30})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0


def test_reloading_after_an_invitation_sends_no_second_one(client, world, django_capture_on_commit_callbacks):
    login_as(client, world.members[Role.SCHOOL_LEADER])
    url = f"/organisaties/{world.school.uuid}/uitnodigen/"
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(url, {"email": "nieuw@school.example.nl", "role": "teacher"})
    assert (posted.status_code, posted["Location"]) == (302, url)
    sent = client.get(url).content.decode()
    assert "Er is een uitnodiging gestuurd naar <strong>nieuw@school.example.nl</strong>" in sent
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(url).content.decode()
    assert "Er is een uitnodiging gestuurd" not in again  # the empty form again
    assert (Invitation.objects.count(), len(mail.outbox)) == (1, 1)
