"""`wijzer accounts demo-password`: a lost demo password is reset and printed, locally only, audited."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from wijzer.accounts.constants import AuditAction
from wijzer.accounts.demo import DEMO_USERS
from wijzer.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


def _password(output: str) -> str:
    found = re.search(r"wachtwoord: (\S+)", output)
    assert found is not None, output
    return found.group(1)


def test_demo_password_gives_every_demo_user_a_new_password_and_logs_each_change(client):
    # given demo accounts whose password was printed once and then lost
    old = _password(run("demo"))
    # when
    output = run("demo-password")
    # then every demo user has the printed new password, the old one no longer works
    new = _password(output)
    assert new != old
    assert new.startswith("demo-")
    for person in DEMO_USERS:
        user = User.objects.get(email=person.email)
        assert user.check_password(new)
        assert not user.check_password(old)
        assert person.email in output
    events = AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED)
    assert events.count() == len(DEMO_USERS)
    assert set(events.values_list("actor_label", flat=True)) == {"wijzer accounts demo-password"}
    response = client.post("/account/inloggen/", {"username": "leraar@voorbeeld.wijzer.nl", "password": new})
    assert response.status_code == 302


def test_demo_password_before_any_demo_account_creates_them():
    output = run("demo-password")
    assert User.objects.get(email="leraar@voorbeeld.wijzer.nl").check_password(_password(output))
    assert User.objects.count() == len(DEMO_USERS)


def test_demo_password_refuses_in_production_and_changes_nothing(settings):
    old = _password(run("demo"))
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="niet met WIJZER_ENV=production"):
        run("demo-password")
    assert all(user.check_password(old) for user in User.objects.all())
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_a_demo_user_locked_out_by_typing_errors_can_log_in_after_demo_password(client):
    run("demo")
    for _ in range(6):
        client.post("/account/inloggen/", {"username": "leraar@voorbeeld.wijzer.nl", "password": "fout-wachtwoord-1"})
    new = _password(run("demo-password"))
    response = client.post("/account/inloggen/", {"username": "leraar@voorbeeld.wijzer.nl", "password": new})
    assert response.status_code == 302
