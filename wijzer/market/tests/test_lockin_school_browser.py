"""Lock-in and school-cost pages in Chromium (W7 §4, §7): axe-core finds no violation on the public lock-in pages, on
the declaration form and on the school's cost page (each also with its error summary), nothing breaks the site's
Content-Security-Policy, and an editor declares with the keyboard only (post-redirect-get back to the indicators)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.market.models import LockInDeclaration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[2] / "web" / "tests" / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
  v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""


def _violations(page: Any, label: str) -> list[str]:
    page.add_script_tag(content=AXE)  # the context bypasses the CSP for this injected test script only
    return [f"{label}: {v}" for v in page.evaluate(RUN)]


def _log_in(browser: Any, base: str, email: str, path: str, csp: list[str], *, bypass: bool = True) -> Any:
    context = browser.new_context(locale="nl-NL", bypass_csp=bypass)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{base}/account/inloggen/?next={path}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}{path}")
    return page


def test_lockin_and_cost_pages_pass_axe_and_an_editor_declares_by_keyboard(live_server, browser):
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Rekenpen")
    product = ProductFactory(
        title="Rekenrijk groep 5", owner=publisher, publisher=publisher, for_sale=False, licence_duration="2 jaar"
    )
    editor = MembershipFactory(organisation=publisher, role=Role.PUBLISHER_EDITOR)
    school = OrganisationFactory(school=True, name="Basisschool De Wilg")
    leader = MembershipFactory(organisation=school, role=Role.SCHOOL_LEADER)
    base = live_server.url
    csp: list[str] = []
    found: list[str] = []

    # the public pages
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    public = context.new_page()
    for path in (f"/markt/afhankelijkheid/{product.uuid}/", f"/markt/afhankelijkheid/uitgever/{publisher.uuid}/"):
        public.goto(base + path)
        found += _violations(public, path)
    context.close()

    # the editor's form: errors first, then a declaration with the keyboard only
    form = f"/markt/afhankelijkheid/{product.uuid}/opgeven/"
    page = _log_in(browser, base, editor.user.email, form, csp)
    page.get_by_label("Exportformaten (als export kan)").fill("CSV")
    page.get_by_role("button", name="Opgave opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("er is niets opgeslagen")
    found += _violations(page, f"{form} (fouten)")
    page.get_by_role("group", name="Edu-V").get_by_label("Ja").focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="Export van gegevens").get_by_label("Ja").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Opgave opslaan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/markt/afhankelijkheid/{product.uuid}/")
    expect(page.get_by_role("status")).to_contain_text("Uw opgave over afhankelijkheid is opgeslagen")
    saved = LockInDeclaration.objects.get()
    assert (saved.supports_eduv, saved.data_export, saved.export_formats) == (True, True, "CSV")
    found += _violations(page, "na opslaan")
    page.context.close()

    # the school's cost page with its form, then with errors
    costs = f"/markt/school/{school.uuid}/kosten/"
    page = _log_in(browser, base, leader.user.email, costs, csp)
    found += _violations(page, costs)
    page.get_by_label("Aantal leerlingen van de school").fill("0")
    page.get_by_label("Product 1: EAN/ISBN of uuid").fill("bestaat-niet")
    page.get_by_label("Leerlingen voor product 1").fill("5")
    page.get_by_role("button", name="Set opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("er is niets opgeslagen")
    found += _violations(page, f"{costs} (fouten)")
    page.context.close()

    # the same pages under the site's own CSP (no bypass): no violation reported
    page = _log_in(browser, base, leader.user.email, costs, csp, bypass=False)
    page.get_by_role("button", name="Set opslaan").click()  # the page with its error summary
    for path in (f"/markt/afhankelijkheid/{product.uuid}/", f"/markt/afhankelijkheid/uitgever/{publisher.uuid}/"):
        page.goto(base + path)
    page.context.close()
    page = _log_in(browser, base, editor.user.email, form, csp, bypass=False)
    page.context.close()

    assert found == []
    assert csp == []
