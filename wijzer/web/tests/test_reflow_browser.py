"""Reflow (WCAG 1.4.10, W5.3): at 320 CSS pixels no main page scrolls sideways; wide tables scroll inside their own
focusable region instead. Runs in Debian's Chromium over the demo catalogue and the demo coverage data."""

from __future__ import annotations

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from wijzer.alignment.demo import load_demo_alignment
from wijzer.catalog.models import Method, Product
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.ingest.models import Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 320


def _public_pages() -> list[str]:
    product = Product.objects.filter(method__name__startswith="Formulepad", title__contains="havo 2").order_by("pk")
    first, second = product[0], product[1]
    with_parts = Method.objects.filter(alignment_parts__isnull=False).distinct()
    methods = [f"/kerndoeldekking/methode/{m.uuid}/" for m in with_parts]
    assert len(methods) == 15
    return [
        "/",
        "/curriculum/",
        "/curriculum/po/",
        "/curriculum/po/rekenen-en-wiskunde/",
        "/curriculum/zoeken/?q=breuken",
        "/catalogus/",
        "/catalogus/?q=wiskunde+havo",
        f"/catalogus/{first.uuid}/",
        f"/catalogus/vergelijk/?p={first.uuid}&p={second.uuid}",
        "/catalogus/keuzelijst/",
        "/kerndoeldekking/",
        *methods,
        "/kerndoeldekking/voorstellen/?tekst=breuken+optellen+en+aftrekken",
        "/aanlevering/",
        f"/aanlevering/bronnen/{Source.objects.order_by('name').values_list('name', flat=True)[0]}/",
        "/account/inloggen/",
        "/api/v1/docs",
    ]


def _overflow(page, url: str) -> tuple[str, int]:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    return url, page.evaluate("document.documentElement.scrollWidth")


def test_no_main_page_scrolls_sideways_at_320_px(live_server, slo, browser):
    # given the demo catalogue, demo coverage data and a reviewer
    load_demo_catalogue()
    load_demo_alignment()
    panel = OrganisationFactory(panel=True, name="Beoordelingspanel rekenen")
    reviewer = UserFactory(email="beoordelaar@panel.example.nl")
    MembershipFactory(user=reviewer, organisation=panel, role=Role.REVIEWER)
    context = browser.new_context(locale="nl-NL", viewport={"width": WIDTH, "height": 700})
    page = context.new_page()
    # when every main page is opened at 320 px, anonymous and as a reviewer
    widths = [_overflow(page, live_server.url + path) for path in _public_pages()]
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(reviewer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    member_pages = ("/kerndoeldekking/beoordelen/", "/account/", f"/organisaties/{panel.uuid}/")
    widths += [_overflow(page, live_server.url + p) for p in member_pages]
    # then none is wider than the screen
    assert [(url, width) for url, width in widths if width > WIDTH] == []
    # and the product page's coverage table scrolls in a focusable region with a name
    page.goto(live_server.url + _public_pages()[7])
    region = page.locator(".coverage-summary .table-scroll")
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    context.close()
