"""End-to-end in Chromium (W5): a reviewer works through the review queue with the keyboard only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from wijzer.alignment.constants import LinkState
from wijzer.alignment.models import Alignment
from wijzer.alignment.tests.factories import chapter, method_with_chapters
from wijzer.catalog.models import Method
from wijzer.catalog.tests.factories import MethodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _method_with_pending_links() -> tuple[Method, Alignment, Alignment]:
    """A method with two chapters; each has one declared link that waits for a review."""
    method = method_with_chapters(
        [
            ("1. Breuken", "Breuken vergelijken", ["PO Kerndoel 26"]),
            ("2. Op de kaart", "Plattegronden", ["PO Kerndoel 32"]),
        ],
        method=MethodFactory(name="Rekenroute (voorbeeld)", demo=True),
    )
    breuken, kaart = chapter(method, 1), chapter(method, 2)
    return method, Alignment.objects.get(part=breuken), Alignment.objects.get(part=kaart)


def _press_alt(page, letter: str) -> None:
    """Alt+letter as a physical keyboard delivers it to Chromium on Linux: key down, *char*, key up.

    Playwright's `keyboard.press("Alt+b")` sends no char event, and Chromium triggers native access keys only
    from the char event; this sequence exercises the script and the accesskey fallback alike.
    """
    cdp = page.context.new_cdp_session(page)
    code, vk = f"Key{letter.upper()}", ord(letter.upper())
    alt = {"key": "Alt", "code": "AltLeft", "windowsVirtualKeyCode": 18}
    key = {"modifiers": 1, "key": letter, "code": code, "windowsVirtualKeyCode": vk}
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "modifiers": 1, **alt})
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **key})
    cdp.send("Input.dispatchKeyEvent", {"type": "char", "text": letter, "unmodifiedText": letter, **key})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": 0, **alt})
    cdp.detach()


def _tab_to(page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only, no clicks)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_reviewer_confirms_and_rejects_with_the_keyboard(live_server, slo, page):
    # given a reviewer and a method with two pending links
    method, confirm_link, reject_link = _method_with_pending_links()
    panel = OrganisationFactory(panel=True, name="Beoordelingspanel rekenen")
    reviewer = UserFactory(email="beoordelaar@panel.example.nl")
    MembershipFactory(user=reviewer, organisation=panel, role=Role.REVIEWER)
    console = []
    page.on("console", lambda message: console.append(message.text))

    # when the reviewer logs in and opens the queue
    page.goto(live_server.url + "/account/inloggen/?next=/kerndoeldekking/beoordelen/")
    page.get_by_label("E-mailadres").fill(reviewer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Koppelingen beoordelen")
    expect(page.locator(".lead")).to_contain_text("2 koppeling(en) wachten")

    # ... ticks the first link with Tab and Space and confirms it with Alt+B
    _tab_to(page, f"#k-{confirm_link.uuid}")
    page.keyboard.press("Space")
    expect(page.locator(f"#k-{confirm_link.uuid}")).to_be_checked()
    with page.expect_navigation():
        _press_alt(page, "b")

    # then that row leaves the queue
    expect(page.get_by_role("status")).to_contain_text("1 koppeling(en) bevestigd.")
    expect(page.locator(f"#k-{confirm_link.uuid}")).to_have_count(0)
    expect(page.locator(".lead")).to_contain_text("1 koppeling(en) wachten")

    # when the reviewer ticks the other link, gives a reason and rejects it with Alt+A
    _tab_to(page, f"#k-{reject_link.uuid}")
    page.keyboard.press("Space")
    _tab_to(page, "#reden")
    page.keyboard.type("Plattegronden horen bij meetkunde, niet bij dit doel.")
    with page.expect_navigation():
        # key down only, as in browsers whose own access-key modifier is not Alt (Firefox, macOS): the script
        page.keyboard.press("Alt+a")

    # then the queue is empty
    expect(page.get_by_role("status")).to_contain_text("1 koppeling(en) afgewezen.")
    expect(page.locator("main")).to_contain_text("Er is niets te beoordelen.")

    # and the database says who decided what, and why
    confirm_link.refresh_from_db()
    reject_link.refresh_from_db()
    assert (confirm_link.provenance, confirm_link.origin, confirm_link.reviewer) == (
        LinkState.CONFIRMED,
        LinkState.DECLARED,
        reviewer,
    )
    assert confirm_link.reviewed_at is not None
    assert (reject_link.provenance, reject_link.reviewer, reject_link.reason) == (
        LinkState.REJECTED,
        reviewer,
        "Plattegronden horen bij meetkunde, niet bij dit doel.",
    )
    confirmed = AuditEvent.objects.get(action="alignment.confirmed", object_id=str(confirm_link.uuid))
    rejected = AuditEvent.objects.get(action="alignment.rejected", object_id=str(reject_link.uuid))
    assert (confirmed.actor, confirmed.organisation) == (reviewer, panel)
    assert (rejected.actor, rejected.details["reason"]) == (reviewer, reject_link.reason)
    assert confirmed.details["code"] == "PO Kerndoel 26"

    # and the method's coverage page counts the confirmed goal (and only that one)
    page.goto(f"{live_server.url}/kerndoeldekking/methode/{method.uuid}/")
    heading = "Kerndoelen 2006: 1 van 11 kerndoelen voor rekenen en wiskunde (9,1 %)"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("main")).to_contain_text("9,1 % gedekt: 1 gedekt, 0 gedeeltelijk, 10 niet gedekt")
    assert [line for line in console if "Content Security Policy" in line] == []


def test_without_javascript_the_access_key_still_confirms(live_server, slo, browser):
    # given a reviewer in a browser with JavaScript switched off
    _method, link, _other = _method_with_pending_links()
    panel = OrganisationFactory(panel=True)
    reviewer = UserFactory(email="zonder-js@panel.example.nl")
    MembershipFactory(user=reviewer, organisation=panel, role=Role.REVIEWER)
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/account/inloggen/?next=/kerndoeldekking/beoordelen/")
        page.get_by_label("E-mailadres").fill(reviewer.email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        # when ticking one link and pressing Alt+B (Chromium's own access key)
        _tab_to(page, f"#k-{link.uuid}")
        page.keyboard.press("Space")
        with page.expect_navigation():
            _press_alt(page, "b")
        # then it is confirmed once
        expect(page.get_by_role("status")).to_contain_text("1 koppeling(en) bevestigd.")
    finally:
        context.close()
    link.refresh_from_db()
    assert (link.provenance, link.reviewer) == (LinkState.CONFIRMED, reviewer)
    assert AuditEvent.objects.filter(action="alignment.confirmed", object_id=str(link.uuid)).count() == 1
