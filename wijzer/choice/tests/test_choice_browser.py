"""End-to-end in Chromium (W8 §6): a section head of Het Voorbeeld College makes a profile, changes a weight and sees
the ranking change with its explanation, computes the optimal mix, puts the mix's first product on the section's
shortlist with a note and the status "besluit", records the decision with a colleague and downloads the report as a
PDF that holds the decision's summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from wijzer.accounts.constants import Role
from wijzer.accounts.models import Organisation
from wijzer.accounts.tests.factories import PASSWORD, MembershipFactory
from wijzer.choice.models import ChoiceProfile, Decision, ShortlistEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "De sectie kiest de mix: de methode voor de kern, open lessen voor de rest."


def _world() -> dict[str, Any]:
    """The demo catalogue, alignment and market facts (as `wijzer setup`), a section head with a password and a
    teacher at the demo college."""
    from wijzer.accounts.actions import do_load_demo_accounts
    from wijzer.alignment.demo import load_demo_alignment
    from wijzer.ingest.demo import load_demo_catalogue
    from wijzer.market import service as market

    do_load_demo_accounts()
    load_demo_catalogue()
    load_demo_alignment()
    market.refresh(actor_label="test")
    college = Organisation.objects.get(name="Het Voorbeeld College (voorbeeld)")
    head = MembershipFactory(organisation=college, role=Role.SECTION_HEAD)
    teacher = MembershipFactory(organisation=college, role=Role.TEACHER)
    return {"college": college, "head": head, "teacher": teacher}


def _ranking(page: Any) -> list[str]:
    """The ranked candidates as shown: "title — score", in order."""
    return [str(text).strip() for text in page.locator("ol.ranking > li h3").all_inner_texts()]


def test_profile_weights_ranking_mix_shortlist_decision_and_report(slo, live_server, page, tmp_path):
    world = _world()
    base = live_server.url
    page.goto(f"{base}/account/inloggen/?next=/keuzehulp/profiel/nieuw/")
    page.get_by_label("E-mailadres").fill(world["head"].user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/keuzehulp/profiel/nieuw/")

    # given a profile: VO rekenen en wiskunde, 120 pupils, € 45 per pupil
    page.locator("#veld-name").fill("Wiskunde onderbouw (test)")
    page.locator("#veld-sector").select_option("vo")
    page.locator("#veld-subject").fill("Rekenen en wiskunde")
    page.locator("#veld-pupils").fill("120")
    page.locator("#veld-budget_per_pupil").fill("45,00")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.locator("h1")).to_contain_text("Wiskunde onderbouw (test)")
    profile = ChoiceProfile.objects.get(name="Wiskunde onderbouw (test)")
    assert (profile.organisation, profile.pupils, profile.budget_per_pupil_cents) == (world["college"], 120, 4500)

    # when the price weight goes to 100 and the others to 0, the ranking changes and explains why
    page.get_by_role("link", name="Rangschikking").first.click()
    expect(page.locator("ol.ranking > li").first).to_be_visible()
    before = _ranking(page)
    for criterion, value in (
        ("price", "100"),
        ("quality", "0"),
        ("coverage", "0"),
        ("privacy", "0"),
        ("openness", "0"),
    ):
        page.locator(f"#gewicht-{criterion}").fill(value)
    page.get_by_role("button", name="Opnieuw rangschikken").click()
    expect(page.locator("details.explain")).to_contain_text("Prijs 100 %")
    after = _ranking(page)
    assert after != before
    assert sorted(t.rsplit(" — ", 1)[0] for t in after) == sorted(t.rsplit(" — ", 1)[0] for t in before)
    first = page.locator("ol.ranking > li").first
    price_row = first.locator("tr", has=page.locator("th", has_text="Prijs"))
    expect(price_row).to_contain_text("100 %")  # the weight in the explanation of the top candidate
    expect(first.locator("tr", has=page.locator("th", has_text="Kwaliteit"))).to_contain_text("0 %")

    # and the optimal mix is computed
    page.get_by_role("link", name="Naar de optimale mix").click()
    expect(page.locator("#mix-kop")).to_have_text("De beste mix")
    mix_first = page.locator("table:has(caption:text-matches('Gekozen producten')) tbody th").first
    title = str(mix_first.inner_text()).strip()
    assert title

    # then the section's shortlist gets the mix's first product, with a note and the status "besluit"
    page.goto(f"{base}/keuzehulp/shortlists/")
    page.locator("#veld-naam").fill("Wiskunde 2027")
    page.locator("#veld-profiel").select_option(label="Wiskunde onderbouw (test)")
    page.get_by_role("button", name="Shortlist maken").click()
    expect(page.locator("h1")).to_have_text("Shortlist: Wiskunde 2027")
    page.locator("#zoek").fill(title)
    page.get_by_role("button", name="Zoeken").click()
    page.locator("li", has_text=title).get_by_role("button", name="Op de shortlist").first.click()
    expect(page.locator("#meldingen")).to_contain_text("staat op de shortlist")
    page.locator("#notitie-1").fill("Dekt de meeste doelen <b>goedkoop</b>.")
    page.locator("#status-1").select_option(label="Besluit")
    page.get_by_role("button", name="Opslaan").first.click()
    expect(page.locator("#meldingen")).to_contain_text("zijn opgeslagen")
    expect(page.locator("blockquote.note")).to_have_text("Dekt de meeste doelen <b>goedkoop</b>.")  # text, not HTML
    entry = ShortlistEntry.objects.get(shortlist__name="Wiskunde 2027")
    assert (entry.product.title, entry.status) == (title, "besluit")

    # and the decision is recorded with a colleague
    page.get_by_role("link", name="Besluit vastleggen").click()
    page.get_by_label(world["head"].user.get_full_name()).check()
    page.get_by_label(world["teacher"].user.get_full_name()).check()
    page.locator("#veld-toelichting").fill(SUMMARY)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#meldingen")).to_contain_text("Het besluit is vastgelegd")
    decision = Decision.objects.get()
    assert {u.pk for u in decision.participants.all()} == {world["head"].user_id, world["teacher"].user_id}
    assert decision.snapshot["mix"]["available"] is True

    # and the report downloads as a PDF with the summary in it
    with page.expect_download() as info:
        page.get_by_role("link", name="Rapport als pdf downloaden").click()
    target = Path(tmp_path) / "besluit.pdf"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert SUMMARY in text
    assert title.split()[0] in text
