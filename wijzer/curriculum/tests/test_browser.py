"""End-to-end in Chromium: home -> PO -> rekenen -> a goal page, by keyboard-reachable links."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_walk_from_home_to_a_po_rekenen_goal(live_server, slo, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Wijzer")
    page.get_by_role("link", name="Bekijk de kerndoelen per sector en vak").click()
    page.get_by_role("link", name="Primair onderwijs (PO)").click()
    page.get_by_role("link", name="Rekenen en wiskunde").click()
    assert page.locator("h1").inner_text().startswith("Rekenen en wiskunde")
    page.get_by_role("link", name="PO Kerndoel 26").click()
    assert page.locator("h1").inner_text() == "PO Kerndoel 26: Structuren doorzien"
    assert "breuken, procenten en verhoudingen" in page.locator(".lead").inner_text()


def test_skip_link_is_the_first_tab_stop(live_server, slo, page):
    page.goto(live_server.url + "/curriculum/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar de inhoud"
