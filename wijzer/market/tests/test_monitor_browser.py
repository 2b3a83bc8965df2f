"""The market monitor in Chromium (W7 §8): a policy analyst opens the dashboard, changes the sector with the keyboard
only, sees the charts and their tables change, downloads a table as CSV; no CSP violation; at 320 px the page
reflows (the body never scrolls sideways)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from wijzer.market.actions.reference import load_shipped_reference_series

from .monitor_world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("slo")]


def _tab_to(page: Any, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only, no clicks)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def _last_row(page: Any, caption: str) -> str:
    """The last row of the data table beside the chart whose caption starts with `caption`, cells tab-separated."""
    figure = page.locator("figure.chart", has=page.locator("figcaption", has_text=caption)).first
    return str(figure.locator("tbody tr").last.inner_text())


def test_the_analyst_filters_by_keyboard_and_downloads_a_table(live_server: Any, page: Any) -> None:
    load_shipped_reference_series()
    world = build()
    last = world.years[2]
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    # given the dashboard for all sectors
    page.goto(f"{live_server.url}/markt/")
    assert page.locator("h1").inner_text() == "Marktmonitor leermiddelen"
    assert page.locator("#grafiek-prijsspreiding title").text_content() == (
        "Prijsspreiding per leerling per schooljaar (incl. btw) · Alle sectoren · Alle vakken"
    )
    # all sectors in the last year: 30 (po), 55, 80, 121, 220 -> n = 5, minimum € 30,00, maximum € 220,00
    assert _last_row(page, "Prijsspreiding").split("\t")[:3] == [str(last), "5", "€ 30,00"]

    # when the analyst picks the sector with the keyboard only: Tab to the list, type "P" (Primair onderwijs), Enter
    _tab_to(page, "#f-sector")
    page.keyboard.press("p")
    assert page.locator("#f-sector").input_value() == "po"
    _tab_to(page, "button:has-text('Cijfers tonen')")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then the chart and its table show po only: one product at € 30,00
    assert "sector=po" in page.url
    assert page.locator("#grafiek-prijsspreiding title").text_content() == (
        "Prijsspreiding per leerling per schooljaar (incl. btw) · Primair onderwijs (PO) · Alle vakken"
    )
    assert _last_row(page, "Prijsspreiding").split("\t") == [str(last), "1", *["€ 30,00"] * 5]
    assert page.locator("#f-sector").input_value() == "po"
    assert page.locator("figure.chart svg").count() == 9

    # and the table downloads as CSV with the same figures
    link = page.get_by_role("link", name=re.compile(r"^Download deze tabel als CSV\s*: Prijsspreiding")).first
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "marktmonitor-prijsspreiding-po-alle.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert rows[0] == [
        "Jaar", "Met prijs (n)", "Minimum (euro)", "25e percentiel (euro)", "Mediaan (euro)", "75e percentiel (euro)",
        "Maximum (euro)",
    ]  # fmt: skip
    assert rows[-1] == [str(last), "1", "30,00", "30,00", "30,00", "30,00", "30,00"]
    assert violations == []

    # at 320 px the page reflows: the body does not scroll sideways, the chart fits
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("#grafiek-prijsindex").bounding_box()
    assert box is not None
    assert box["width"] <= 320
    # so does the print view opened on a phone: a wide table scrolls in its own region, not the page
    page.goto(f"{live_server.url}/markt/rapport/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
