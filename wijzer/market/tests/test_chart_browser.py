"""The chart include in Chromium (W7): the inline SVG draws under the site's Content-Security-Policy without a single
violation, scales with its container, and the table sits beside the chart on a wide screen and under it at 320 px.

No Django server is needed: Playwright answers the requests of a made-up origin with the rendered include, the
site's stylesheet from disk and the same CSP header the site sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

import pytest

from wijzer.market import charts
from wijzer.market.charts import ChartBlock, Series

pytestmark = pytest.mark.browser

ORIGIN = "http://wijzer.test"
SITE_CSS = Path(__file__).resolve().parents[2] / "core" / "static" / "wijzer" / "wijzer.css"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'"
)


def _page_html(extra: str = "") -> str:
    years = list(range(2017, 2026))
    series = [
        Series.of("Prijsindex leermiddelen", [100, 102, None, 106.5, 110, 115, 121, 124, 126]),
        Series.of("CPI", [100, 101.6, 104.3, 105.6, 108.4, 119.3, 123.9, 127.8, 131.7]),
    ]
    block = ChartBlock(
        caption="Prijsindex tegen de CPI",
        svg=charts.line_chart(title="Prijsindex", years=years, series=series, y_label="Index (2017 = 100)"),
        table=charts.series_table("Jaar", years, series, "index"),
        note="Bron: CBS (CPI).",
    )
    include = render_to_string("market/_chart.html", {"chart": block})
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Grafiek</title>'
        '<link rel="stylesheet" href="/static/wijzer/wijzer.css"></head>'
        f'<body><main class="page-body">{extra}{include}</main></body></html>'
    )


def _open(page: Any, html: str, width: int) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    def answer(route: Any) -> None:
        if route.request.url.endswith("/static/wijzer/wijzer.css"):
            route.fulfill(status=200, body=SITE_CSS.read_text(), headers={"Content-Type": "text/css"})
        elif route.request.url == f"{ORIGIN}/grafiek":
            route.fulfill(status=200, body=html, headers={"Content-Type": "text/html", "Content-Security-Policy": CSP})
        else:
            route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", answer)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{ORIGIN}/grafiek")
    page.wait_for_load_state("load")
    return violations


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_a_style_attribute_would_be_reported_so_the_check_can_fail(page):
    violations = _open(page, _page_html('<p style="color: red">met stijl</p>'), 1200)
    assert violations, "Chromium reports an inline style under style-src 'self'"


def test_the_chart_draws_without_a_csp_violation_beside_its_table(page):
    violations = _open(page, _page_html(), 1200)
    assert violations == []
    svg, table = _box(page, ".chart__image svg"), _box(page, ".chart__table")
    assert svg["width"] > 400
    assert svg["height"] > 150  # height follows the viewBox
    assert table["x"] >= svg["x"] + svg["width"]  # beside
    assert abs(table["y"] - svg["y"]) < 40
    assert page.locator(".chart svg title").first.text_content() == "Prijsindex"


def test_at_320_px_the_table_goes_under_the_chart_and_nothing_scrolls_sideways(page):
    violations = _open(page, _page_html(), 320)
    assert violations == []
    svg, table = _box(page, ".chart__image svg"), _box(page, ".chart__table")
    assert svg["width"] <= 320
    assert svg["width"] > 250
    assert table["y"] >= svg["y"] + svg["height"]  # under
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
