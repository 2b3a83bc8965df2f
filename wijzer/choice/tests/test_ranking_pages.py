"""The pages of the choice support (W8 §1-3): start, ranking with sliders and explanations, mix with provenance, a
school's profile form; Dutch errors and explanations instead of a 500; members only for saved profiles."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.test import Client

import pytest

from wijzer.accounts.models import AuditEvent, Membership
from wijzer.accounts.tests.helpers import login_as
from wijzer.choice.demo import HAVO_LEVEL
from wijzer.choice.models import ChoiceProfile
from wijzer.choice.tests.demo_world import load_demo_world

pytestmark = pytest.mark.django_db

QUERY: dict[str, Any] = {
    "sector": "vo",
    "subject": "Rekenen en wiskunde",
    "pupils": "120",
    "budget_per_pupil": "45,00",
    "levels": HAVO_LEVEL,
    "framework": "kerndoelen-2006",
    "weight_price": "30",
    "weight_quality": "20",
    "weight_coverage": "30",
    "weight_privacy": "5",
    "weight_openness": "15",
}


def page(client: Client, path: str, **changes: Any) -> str:
    query = {**QUERY, **changes}
    response = client.get(f"{path}?{urlencode(query, doseq=True)}")
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    assert 'style="' not in html  # the CSP allows no style attributes
    assert " onclick=" not in html
    return html


def ranked_titles(html: str) -> list[str]:
    return re.findall(r'<li id="kandidaat-[^"]+">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def demo(slo: None) -> ChoiceProfile:
    return load_demo_world()


def member(email: str) -> Membership:
    return Membership.objects.select_related("user", "organisation").get(
        user__email=email, organisation__name="Het Voorbeeld College (voorbeeld)"
    )


def test_the_start_page_offers_an_ad_hoc_profile_to_anyone(slo: None) -> None:
    response = Client().get("/keuzehulp/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="range"' in html
    assert "<legend>Gewichten" in html
    assert 'action="/keuzehulp/rangschikking/"' in html


def test_the_ranking_explains_each_score_and_a_weight_changes_it(demo: ChoiceProfile) -> None:
    html = page(Client(), "/keuzehulp/rangschikking/")
    assert html.count('type="range"') == 5
    assert "<meter" in html
    assert "Kerndoeldekking" in html
    assert "onbekend: Wijzer registreert verwerkersovereenkomsten pas met W9" in html
    balanced = ranked_titles(html)
    assert len(balanced) > 5

    by_coverage = ranked_titles(
        page(Client(), "/keuzehulp/rangschikking/", weight_price="0", weight_openness="0", weight_quality="0",
             weight_privacy="0", weight_coverage="100")
    )  # fmt: skip
    assert by_coverage[0].startswith("Formulepad")
    assert by_coverage != balanced

    strict = page(Client(), "/keuzehulp/rangschikking/", must_haves="sold_separately")
    assert "Voldoen niet aan een harde eis" not in strict or "Los te koop" in strict
    none_left = page(Client(), "/keuzehulp/rangschikking/", must_haves="no_high_risk_ai")
    assert "Geen kandidaat voldoet aan alle harde eisen" in none_left
    assert "pas met W10" in none_left


def test_the_mix_page_shows_items_goals_with_provenance_and_the_solver(demo: ChoiceProfile) -> None:
    html = page(Client(), "/keuzehulp/mix/")
    assert "Status: <strong>optimaal</strong>" in html
    assert "Formulepad (voorbeeld) havo 1 werkboek (los)" in html or "Formulepad" in html
    assert "bevestigd door een beoordelaar" in html  # the Formulepad links
    assert "het product zelf noemt dit doel" in html  # open material
    assert "niet gedekt: geen kandidaat dekt dit doel" in html
    assert "Per leerling per jaar" in html
    assert "Gap" in html


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"subject": "Sterrenkunde voor katten"}, "Dit vak kent Wijzer niet"),
        ({"pupils": "-4"}, "mag niet negatief zijn"),
        ({"budget_per_pupil": "veel"}, "bedrag in euro"),
        ({"weight_price": "0", "weight_quality": "0", "weight_coverage": "0", "weight_privacy": "0",
          "weight_openness": "0"}, "minstens één criterium"),
    ],
)  # fmt: skip
def test_bad_input_gives_a_dutch_error_summary(slo: None, changes: dict[str, str], words: str) -> None:
    for path in ("/keuzehulp/rangschikking/", "/keuzehulp/mix/"):
        html = page(Client(), path, **changes)
        assert 'class="error-summary"' in html
        assert words in html


def test_odd_weights_and_a_prefilled_new_profile(demo: ChoiceProfile) -> None:
    for odd in ("inf", "-inf", "NaN", "1e999", "٣"):
        html = page(Client(), "/keuzehulp/rangschikking/", weight_price=odd)
        assert 'class="error-summary"' in html
    with_vision = page(Client(), "/keuzehulp/rangschikking/", vision="directe_instructie")
    assert with_vision.count("Didactische voorkeur:") == len(ranked_titles(with_vision))
    head = login_as(Client(), member("sectievoorzitter@voorbeeld.wijzer.nl"))
    form = head.get(f"/keuzehulp/profiel/nieuw/?{urlencode({**QUERY, 'pupils': '77'})}").content.decode()
    assert 'name="pupils" maxlength="7" value="77"' in form
    ranking = head.get(f"/keuzehulp/rangschikking/?{urlencode(QUERY)}").content.decode()
    assert "Dit profiel bewaren voor de school" in ranking


def test_no_mix_is_explained(demo: ChoiceProfile) -> None:
    assert "0 leerlingen" in page(Client(), "/keuzehulp/mix/", pupils="0")
    assert "laat een harde eis los" in page(Client(), "/keuzehulp/mix/", must_haves="privacy_approved")
    assert "Het budget is € 0" in page(Client(), "/keuzehulp/mix/", budget_per_pupil="0")


def test_a_saved_profile_is_for_the_school_and_saved_by_its_section_head(demo: ChoiceProfile) -> None:
    profile = demo
    path = f"/keuzehulp/profiel/{profile.uuid}/"
    assert Client().get(path).status_code == 302  # to the login

    teacher = login_as(Client(), member("leraar@voorbeeld.wijzer.nl"))
    assert teacher.get(path).status_code == 200
    for sub in ("rangschikking/", "mix/"):
        assert teacher.get(path + sub).status_code == 200
    refused = teacher.post(path, {"name": "Anders", "sector": "vo", "subject": "Rekenen en wiskunde",
                                  "pupils": "10", "budget_per_pupil": "10"})  # fmt: skip
    assert refused.status_code == 403
    profile.refresh_from_db()
    assert profile.pupils == 120

    with_vision = page(Client(), "/keuzehulp/rangschikking/", vision="directe_instructie")
    assert with_vision.count("Didactische voorkeur:") == len(ranked_titles(with_vision))
    head = login_as(Client(), member("sectievoorzitter@voorbeeld.wijzer.nl"))
    form = head.get(path).content.decode()
    assert "<legend>Wat de sectie nodig heeft</legend>" in form
    bad = head.post(path, {"name": profile.name, "sector": "vo", "subject": "Rekenen en wiskunde", "pupils": "x",
                           "budget_per_pupil": "45"})  # fmt: skip
    assert bad.status_code == 200
    assert "er is niets opgeslagen" in bad.content.decode()
    saved = head.post(path, {"name": profile.name, "sector": "vo", "subject": "Rekenen en wiskunde",
                             "pupils": "90", "budget_per_pupil": "50,00", "levels": HAVO_LEVEL,
                             "weight_price": "50", "weight_coverage": "50"})  # fmt: skip
    assert saved.status_code == 302
    profile.refresh_from_db()
    assert (profile.pupils, profile.budget_per_pupil_cents) == (90, 5000)
    assert AuditEvent.objects.filter(action="choice.profile_saved", object_id=str(profile.uuid)).count() == 2

    wilg = Membership.objects.get(
        user__email="leraar@voorbeeld.wijzer.nl", organisation__name="Basisschool De Wilg (voorbeeld)"
    )
    outsider = login_as(Client(), wilg)
    assert outsider.get(path).status_code == 403
    assert outsider.get(path + "mix/").status_code == 403
