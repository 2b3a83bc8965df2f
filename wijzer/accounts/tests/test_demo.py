"""`wijzer accounts demo` (run by `wijzer setup`): labelled demo data, password printed once, never in production."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


def test_demo_creates_labelled_organisations_and_one_user_per_role_and_prints_the_password_once(client):
    # when
    first = run("demo")
    second = run("demo")
    # then
    password = re.search(r"wachtwoord: (\S+)", first).group(1)
    assert second == ""
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    demo_orgs = Organisation.objects.filter(is_demo=True)
    assert demo_orgs.count() == 11
    assert all(name.endswith("(voorbeeld)") for name in demo_orgs.values_list("name", flat=True))
    assert User.objects.count() == 9
    assert first.count("otpauth://totp/") == 2
    response = client.post("/account/inloggen/", {"username": "leraar@voorbeeld.wijzer.nl", "password": password})
    assert response.status_code == 302


def test_demo_code_gives_the_current_totp_code_of_a_demo_user_only():
    run("demo")
    assert re.fullmatch(r"\d{6}\n", run("demo-code", "beheerder@voorbeeld.wijzer.nl"))
    with pytest.raises(CommandError, match="Alleen voor voorbeeldgebruikers"):
        run("demo-code", "iemand@school.example.nl")


def test_demo_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="niet met WIJZER_ENV=production"):
        run("demo")
    assert User.objects.count() == 0
