"""End-to-end in Chromium (W6, "What will be checked"): a school leader declares that the school uses a product, a
teacher writes an experience with the keyboard only (a `<script>` in the text stays text), a moderator hides another
experience that was reported, and the product page then shows the profile with n per topic: the new experience
counted, the hidden one not; "Geverifieerd gebruik" only on the experience from the school that holds the product."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions.experiences import report, write_experience
from wijzer.quality.constants import Visibility
from wijzer.quality.models import Experience, QualityProfile
from wijzer.quality.tests.experience_world import actor_of
from wijzer.quality.tests.factories import make_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT_TEXT = "<script>window.__geraakt = 1</script> Heldere lessen & goede opbouw."
TOPICS = ("inhoud", "didactiek", "leerling", "vormgeving", "technologie", "inclusiviteit", "toegankelijkheid")
# Per topic the option the teacher picks: 1..4, or 5 = "Niet van toepassing" (5th radio of the group).
PICKS = {"inhoud": 4, "didactiek": 3, "leerling": 3, "vormgeving": 4, "technologie": 2, "inclusiviteit": 3}
PICKS["toegankelijkheid"] = 5
# The teachers' row per topic after the test: counts of 1, 2, 3, 4 and n.v.t. (the kept experience scores 3
# everywhere, the new one as PICKS, the hidden one 1 everywhere but no longer counts).
EXPECTED_ROWS = {
    "inhoud": "0 0 1 1 0",
    "didactiek": "0 0 2 0 0",
    "leerling": "0 0 2 0 0",
    "vormgeving": "0 0 1 1 0",
    "technologie": "0 1 1 0 0",
    "inclusiviteit": "0 0 2 0 0",
    "toegankelijkheid": "0 0 1 0 1",
}


def _world() -> dict[str, Any]:
    """A product of a publisher; De Wilg (its leader and a teacher) and De Linde (two teachers, each with an
    experience already; one reported); a reviewer who moderates."""
    make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Rekenpen")
    product = ProductFactory(title="Rekenrijk groep 5", owner=publisher, product_id="9789000000005")
    wilg = OrganisationFactory(school=True, name="Basisschool De Wilg")
    linde = OrganisationFactory(school=True, name="OBS De Linde")
    leader = MembershipFactory(organisation=wilg, role=Role.SCHOOL_LEADER)
    teacher = MembershipFactory(organisation=wilg, role=Role.TEACHER)
    kept_author = MembershipFactory(organisation=linde, role=Role.TEACHER)
    reported_author = MembershipFactory(organisation=linde, role=Role.TEACHER)
    every_topic = dict.fromkeys(TOPICS, 3)
    kept = write_experience(actor_of(kept_author), product, scores=every_topic, text="Goed bruikbaar in groep 5.")
    reported = write_experience(
        actor_of(reported_author), product, scores=dict.fromkeys(TOPICS, 1), text="Bel 06-12345678 voor korting!"
    )
    report(actor_of(kept_author), reported, "Reclame met een telefoonnummer.")
    moderator = MembershipFactory(organisation=OrganisationFactory(panel=True), role=Role.REVIEWER)
    return {
        "product": product,
        "wilg": wilg,
        "leader": leader,
        "teacher": teacher,
        "kept": kept,
        "reported": reported,
        "moderator": moderator,
    }


def _log_in(browser: Any, base: str, email: str, path: str) -> Any:
    """A fresh browser context (its own cookies) logged in as `email`, on `path`."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/account/inloggen/?next={path}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}{path}")
    return page


def _tab_to(page: Any, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only, no clicks)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def _leraren_n(page: Any, topic: str) -> str:
    """The teachers' row in the table of one topic of the profile block, cells separated by tabs."""
    section = page.locator(f"section.quality-topic:has(#kwaliteit-{topic})")
    return str(section.locator("tr", has=page.locator("th", has_text="Leraren")).first.inner_text())


def test_teacher_writes_moderator_hides_and_the_profile_counts_what_is_visible(live_server, browser, page):
    world = _world()
    product, base = world["product"], live_server.url
    dialogs: list[str] = []

    # given the school leader of De Wilg declares in the UI that the school uses the product
    leader = _log_in(browser, base, world["leader"].user.email, f"/kwaliteit/school/{world['wilg'].uuid}/gebruik/")
    leader.get_by_label("EAN/productcode of woorden uit de titel").fill(product.product_id)
    leader.get_by_role("button", name="Zoeken").click()
    leader.get_by_role("button", name="Toevoegen").click()
    expect(leader.locator("#meldingen")).to_contain_text(f"'{product.title}' staat nu op de lijst van de school.")
    leader.context.close()

    # when a teacher of De Wilg opens the form from the product page and fills it with the keyboard only
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/account/inloggen/?next=/catalogus/{product.uuid}/")
    page.get_by_label("E-mailadres").fill(world["teacher"].user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Ervaringen van leraren").click()
    page.get_by_role("link", name="Uw ervaring schrijven of bijwerken").click()
    expect(page.locator("h1")).to_have_text(f"Uw ervaring met {product.title}")
    for topic in TOPICS:
        _tab_to(page, f"#score-{topic}-1")  # Tab enters the radio group on its first option
        page.keyboard.press("Space")  # Space chooses it
        for _ in range(PICKS[topic] - 1):
            page.keyboard.press("ArrowDown")  # the arrows move the choice within the group
        expect(page.locator(f"#score-{topic}-{PICKS[topic]}")).to_be_checked()
    _tab_to(page, "#ervaring-tekst")
    page.keyboard.type(SCRIPT_TEXT)
    _tab_to(page, "#ervaring-niveau")
    page.keyboard.type("groep 5")
    _tab_to(page, "form.experience-form button[type=submit]")
    page.keyboard.press("Enter")

    # then the experience is placed, its text shown as text (no script ran) and marked as verified use
    expect(page.locator("#meldingen")).to_contain_text("Dank u wel: uw ervaring is geplaatst.")
    written = Experience.objects.get(product=product, author=world["teacher"].user)
    assert [s.score for s in written.scores.order_by("topic__position")] == [4, 3, 3, 4, 2, 3, None]
    mine = page.locator(f"#ervaring-{written.uuid}")
    expect(mine.locator("blockquote")).to_have_text(SCRIPT_TEXT)
    expect(mine).to_contain_text("Geverifieerd gebruik")
    assert page.evaluate("() => window.__geraakt === undefined")
    assert dialogs == []

    # when a moderator opens the queue through the menu and hides the reported experience with a reason
    moderator = _log_in(browser, base, world["moderator"].user.email, "/")
    moderator.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Moderatie 1 gemeld").click()
    expect(moderator.locator("h1")).to_have_text("Moderatie van ervaringen")
    reported = world["reported"]
    reason = moderator.locator(f"#verberg-{reported.uuid}")
    expect(reason).to_have_accessible_name("Reden van verbergen (verplicht; de schrijver ziet die)")
    reason.fill("Reclame en een telefoonnummer horen niet in een ervaring.")
    reason.press("Enter")
    expect(moderator.locator("#meldingen")).to_contain_text("De ervaring is verborgen; de schrijver ziet de reden.")
    moderator.context.close()
    reported.refresh_from_db()
    assert reported.visibility == Visibility.HIDDEN
    assert reported.hidden_reason == "Reclame en een telefoonnummer horen niet in een ervaring."

    # then the product page shows the profile with n per topic: the new experience counted, the hidden one not
    page.goto(f"{base}/catalogus/{product.uuid}/")
    block = page.locator("section.quality-profile")
    expect(block.locator(".lead")).to_contain_text("2 ervaringen (1 met geverifieerd gebruik)")
    for topic, counts in EXPECTED_ROWS.items():  # 1, 2, 3, 4, n.v.t., n: no 1 from the hidden experience
        # n counts scores 1-4 only: an n.v.t. answer stands apart, labelled (toegankelijkheid: one 3, one n.v.t.)
        n = "1 ervaring; 1 niet van toepassing" if counts.endswith(" 1") else "2 ervaringen"
        assert _leraren_n(page, topic).split("\t")[1:7] == [*counts.split(), n], topic
    profile = QualityProfile.objects.get(product=product)
    assert (profile.experiences, profile.verified_experiences) == (2, 1)

    # and on the list of experiences the mark appears only on the experience of the school that holds the product
    page.goto(f"{base}/kwaliteit/producten/{product.uuid}/ervaringen/")
    expect(page.locator("article.experience")).to_have_count(2)
    expect(page.locator(f"#ervaring-{written.uuid}")).to_contain_text("Geverifieerd gebruik")
    expect(page.locator(f"#ervaring-{world['kept'].uuid}")).not_to_contain_text("Geverifieerd gebruik")
    expect(page.locator(f"#ervaring-{reported.uuid}")).to_have_count(0)
