"""End-to-end in Chromium: log in, switch role in the header, be refused another organisation's page."""

from __future__ import annotations

import pytest

from wijzer.accounts.constants import Role

from .factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_switch_role_and_be_refused_another_organisations_page(live_server, page):
    # given a teacher at two schools of one board, and a school of another board
    board = OrganisationFactory(board=True, name="Stichting Een")
    wilg = OrganisationFactory(school=True, name="De Wilg", parent=board)
    college = OrganisationFactory(school=True, name="Het College", parent=board)
    linde = OrganisationFactory(
        school=True, name="De Linde", parent=OrganisationFactory(board=True, name="Stichting Twee")
    )
    teacher = UserFactory(email="lotte@school.example.nl")
    MembershipFactory(user=teacher, organisation=wilg, role=Role.TEACHER)
    MembershipFactory(user=teacher, organisation=college, role=Role.TEACHER)

    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    # when logging in with the keyboard-reachable form
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("lotte@school.example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # then the header says who and in which role
    assert page.locator("h1").inner_text() == "Mijn account"
    assert "Ingelogd als lotte@school.example.nl · leraar bij De Wilg" in page.locator(".account-bar").inner_text()

    # when switching role in the header
    page.get_by_label("Werk als").select_option(label="Leraar bij Het College")
    page.get_by_role("button", name="Wissel van rol").click()
    assert "leraar bij Het College" in page.locator(".account-bar__who").inner_text()

    # the own school's page opens ...
    page.goto(f"{live_server.url}/organisaties/{college.uuid}/")
    assert page.locator("h1").inner_text() == "Het College"

    # ... another board's school is refused, in Dutch
    response = page.goto(f"{live_server.url}/organisaties/{linde.uuid}/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Geen toegang"
    assert "U werkt nu als leraar bij Het College" in page.locator("main").inner_text()
    assert "lotte@school.example.nl</td>" not in page.content()
    # and nothing on the way broke the Content Security Policy (no inline scripts or styles)
    assert [line for line in console if "Content Security Policy" in line] == []


def test_anonymous_visitor_of_a_member_page_lands_on_the_login(live_server, page):
    page.goto(live_server.url + "/account/")
    assert page.url == live_server.url + "/account/inloggen/?next=/account/"
    assert page.locator("h1").inner_text() == "Inloggen"
