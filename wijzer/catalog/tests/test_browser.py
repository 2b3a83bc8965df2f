"""End-to-end in Chromium (W4 §7): search, filter by two facets, open a product, compare two, export CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from wijzer.ingest.demo import load_demo_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIFO_2 = "Formulepad (voorbeeld) havo 2 LiFo: werkboek inclusief 1 jaar licentie"
LIFO_3 = "Formulepad (voorbeeld) havo 3 LiFo: werkboek inclusief 1 jaar licentie"


def test_search_filter_open_compare_and_export(live_server, slo, page):
    load_demo_catalogue()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    # search
    page.goto(live_server.url + "/catalogus/")
    page.get_by_label("Zoekwoorden").fill("wiskunde havo")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state("networkidle")
    # filter by two facets (htmx refreshes facets and results after each tick)
    for group, name in (("Sector", "Voortgezet onderwijs (VO)"), ("Soort", "LiFo-bundel")):
        with page.expect_response(lambda r: "/catalogus/?" in r.url):
            page.get_by_role("group", name=group).get_by_role("checkbox", name=name).check()
        expect(page.get_by_role("group", name=group).get_by_role("checkbox", name=name)).to_be_checked()
    expect(page.locator(".results__count")).to_have_text("5 producten gevonden voor “wiskunde havo”.")
    assert "sector=vo" in page.url
    assert "soort=lifo_bundle" in page.url
    results_url = page.url
    # open a product
    page.get_by_role("link", name=LIFO_2).click()
    assert page.locator("h1").inner_text() == LIFO_2
    assert "waarvan folio" in page.locator(".price-parts").inner_text()
    page.goto(results_url)
    # compare two
    for title in (LIFO_2, LIFO_3):
        page.get_by_role("checkbox", name=re.compile(f"^Vergelijken.*{re.escape(title)}$")).check()
    page.get_by_role("button", name="Vergelijk de aangevinkte producten").click()
    assert page.locator("h1").inner_text() == "Producten vergelijken"
    assert page.locator(".compare__differs").count() == 7
    # export
    with page.expect_download() as download:
        page.get_by_role("link", name="Vergelijking downloaden (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["Kenmerk", LIFO_2, LIFO_3, "Verschilt"]
    assert rows[1] == ["Titel", LIFO_2, LIFO_3, "ja"]
    assert [line for line in console if "Content Security Policy" in line] == []
