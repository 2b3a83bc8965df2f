"""The first five minutes: `wijzer setup` and `wijzer serve` end with where to go and how to log in (W5.3 §12)."""

from __future__ import annotations

import io

from django.core.management import call_command

import pytest

from wijzer.web.management.commands.serve import gunicorn_argv
from wijzer.web.welcome import RULE, welcome_lines


@pytest.mark.django_db
def test_setup_ends_with_the_login_block_after_all_other_output(slo):
    out = io.StringIO()
    call_command("setup", stdout=out)
    lines = out.getvalue().rstrip("\n").splitlines()
    block = lines[lines.index(RULE) :]
    assert block == welcome_lines(None)
    assert block[-1] == RULE
    text = "\n".join(block)
    assert "leraar@voorbeeld.wijzer.nl" in text
    assert "Wachtwoord kwijt? .venv/bin/wijzer accounts demo-password" in text
    assert "verschijnen in deze terminal" in text


def test_serve_names_the_address_and_the_login_page(settings):
    lines = welcome_lines("http://127.0.0.1:8000")
    assert "Wijzer draait op http://127.0.0.1:8000/  (stoppen: Ctrl+C)" in lines
    assert "Inloggen:        http://127.0.0.1:8000/account/inloggen/" in lines
    # and gunicorn's own start-up lines do not push the block out of sight
    argv = gunicorn_argv("127.0.0.1:8000", workers=2)
    assert argv[argv.index("--log-level") + 1] == "warning"


def test_production_names_no_demo_accounts(settings):
    settings.PRODUCTION = True
    text = "\n".join(welcome_lines("https://wijzer.example"))
    assert "voorbeeld" not in text
    assert "demo-password" not in text
