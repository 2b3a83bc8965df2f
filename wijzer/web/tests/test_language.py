"""Wijzer speaks Dutch to every browser: no English framework messages inside Dutch pages."""

from __future__ import annotations

from django.test import Client

import pytest


@pytest.mark.django_db
def test_a_browser_that_prefers_english_still_gets_dutch_messages():
    # given: a browser asking for English first
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    # when: a form error comes from Django itself (a required field)
    response = client.post("/account/inloggen/", {"username": "", "password": ""})
    html = response.content.decode()
    # then
    assert response.headers["Content-Language"] == "nl"
    assert "Dit veld is verplicht." in html
    assert "This field is required." not in html
