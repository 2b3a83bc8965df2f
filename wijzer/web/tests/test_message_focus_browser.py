"""In Chromium, without JavaScript: after "Op keuzelijst" the focus is on the message that says what happened
(W5.3 §5), so a keyboard or screen-reader user hears it and continues from there."""

from __future__ import annotations

import pytest

from wijzer.ingest.demo import load_demo_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_op_keuzelijst_the_focus_is_on_the_message(live_server, slo, browser):
    load_demo_catalogue()
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/catalogus/")
        button = page.get_by_role("button", name="Op keuzelijst").first
        with page.expect_navigation():
            button.click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        text = page.evaluate("document.activeElement.textContent")
        assert focused == "meldingen"
        assert text.startswith("Gelukt:")
        assert "staat op uw keuzelijst" in text
    finally:
        context.close()
