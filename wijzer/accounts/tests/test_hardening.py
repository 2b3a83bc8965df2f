"""Security headers, Dutch error pages, CSRF, and `wijzer check --deploy` in production (W2 §6)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from wijzer.accounts.constants import Role

from .helpers import login_as

pytestmark = pytest.mark.django_db


def test_pages_carry_csp_and_security_headers(client):
    response = client.get("/account/inloggen/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_forms_without_a_csrf_token_are_refused_with_a_dutch_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login_as(client, world.members[Role.TEACHER])
    response = client.post("/account/uitloggen/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html
    assert "CSRF" not in html
    assert "_auth_user_id" in client.session


def test_session_api_writes_need_csrf_too(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login_as(client, world.members[Role.SCHOOL_LEADER])
    assert client.post("/api/v1/accounts/tokens/revoke-current").status_code in {401, 403}


def test_production_deploy_check_is_clean():
    env = {
        **os.environ,
        "WIJZER_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "wijzer.example.nl",
        "DJANGO_SETTINGS_MODULE": "wijzer.settings.production",
    }
    wijzer = Path(sys.executable).with_name("wijzer")
    result = subprocess.run(  # noqa: S603  # fixed argv, our own console script
        [str(wijzer), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
