"""Template hygiene: Django's {# … #} comments are single-line; a multi-line one is shown to the user as text."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_has_a_multi_line_short_comment():
    # given every template of every app
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") != line.count("#}")
    ]
    # then
    assert offenders == []


@pytest.mark.django_db
def test_the_home_page_shows_no_template_syntax():
    html = Client().get("/").content.decode()
    assert "{#" not in html
    assert "{%" not in html
