"""axe-core in Chromium (W5.3): no violation on the main pages, including the API documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from wijzer.alignment.demo import load_demo_alignment
from wijzer.ingest.demo import load_demo_catalogue

from .test_reflow_browser import _public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
  v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""


def _violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE)  # the context bypasses the CSP for this injected test script only
    return [f"{url}: {v}" for v in page.evaluate(RUN)]


def test_axe_finds_nothing_on_the_main_pages_and_the_api_docs(live_server, slo, browser):
    # given the demo data and a reviewer
    load_demo_catalogue()
    load_demo_alignment()
    reviewer = UserFactory(email="beoordelaar@panel.example.nl")
    MembershipFactory(user=reviewer, organisation=OrganisationFactory(panel=True), role=Role.REVIEWER)
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    # when axe runs on every main page, anonymous and as a reviewer
    found = [v for path in _public_pages() for v in _violations(page, live_server.url + path)]
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(reviewer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    for path in ("/", "/kerndoeldekking/beoordelen/", "/account/"):
        found += _violations(page, live_server.url + path)
    context.close()
    # then
    assert found == []
