"""Catalogue search by keyboard (W5.3): from the search field to the first result in a few Tab presses through the
"Naar de resultaten" skip link (it took 81 before), and on a phone the results are on the first screen."""

from __future__ import annotations

import pytest

from wijzer.ingest.demo import load_demo_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(page) -> str:
    return str(page.evaluate("() => (document.activeElement.textContent || '').trim().slice(0, 80)"))


def test_the_skip_link_leads_from_the_search_field_to_the_first_result(live_server, slo, browser):
    load_demo_catalogue()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/catalogus/?q=breuken")
    page.locator("#q").focus()
    presses = 0
    while _focused(page) != "Naar de resultaten" and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    presses += 1
    first = page.locator(".result__title a").first
    assert first.evaluate("element => element === document.activeElement")
    assert presses <= 4  # the sort order, the search button, the skip link, then the first result
    context.close()


def test_on_a_phone_the_filters_wait_behind_a_button_and_results_are_on_the_first_screen(live_server, slo, browser):
    load_demo_catalogue()
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(live_server.url + "/catalogus/?sector=vo")
    toggle = page.get_by_text("Filters (1 gekozen)")
    assert toggle.is_visible()
    assert not page.get_by_role("group", name="Vak").is_visible()
    assert page.locator(".results__count").bounding_box()["y"] < 812
    toggle.click()
    assert page.get_by_role("group", name="Vak").is_visible()
    context.close()
