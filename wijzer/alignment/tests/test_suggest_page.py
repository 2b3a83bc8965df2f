"""The suggestion page (W5, explainability): goals with their reasons, from the same evidence as the API."""

from __future__ import annotations

import functools
import re

from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

import pytest

from wijzer.alignment import engine

pytestmark = pytest.mark.django_db

URL = "/kerndoeldekking/voorstellen/"
BREUKEN = (
    "Hoofdstuk 4: Breuken en procenten. De leerlingen vergelijken breuken, rekenen procenten uit en zetten "
    "breuken om in kommagetallen."
)
PRIVACY = (
    "Dit hoofdstuk gaat over veilig omgaan met sociale media: leerlingen leren wat er met hun persoonsgegevens "
    "gebeurt en hoe ze hun privacy online beschermen."
)


@pytest.fixture
def suggester(slo):
    engine.reset()  # the index of this test database's curriculum


def page(client: Client | None = None, **params: str) -> str:
    response = (client or Client()).get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def nl(value: float, digits: int = 2) -> str:
    with translation.override("nl"):
        return str(floatformat(value, digits))


def codes(html: str) -> list[str]:
    return re.findall(r'class="suggestion__title">.*?<a href="[^"]+">([^:<]+):', html)


def test_clear_texts_list_the_expected_goal_first_with_a_link_to_it(suggester):
    html = page(tekst=BREUKEN, sector="po", kader="kerndoelen-2006")
    first = engine.suggest(BREUKEN, sector="po", framework="kerndoelen-2006", limit=5)[0]
    assert codes(html)[0] == first.code == "PO Kerndoel 26"
    assert len(codes(html)) == 5  # the default number
    assert f'href="{reverse("curriculum:goal", args=[first.goal_id])}"' in html
    # one suggestion per label (W5.3): doelzinnen that share a label appear once, the best-scoring one
    ranked = engine.suggest(PRIVACY, sector="po", framework="kerndoelen-fo", limit=6)
    once = list({s.label.casefold(): s.code for s in reversed(ranked)}.values())[::-1][:3]
    assert codes(page(tekst=PRIVACY, sector="po", kader="kerndoelen-fo", aantal="3")) == once
    assert len({s.label for s in ranked}) < len(ranked)  # the raw ranking has a label twice
    assert codes(page(tekst=PRIVACY, sector="po", kader="kerndoelen-fo"))[0] == "Doelzin 24A"


def test_the_page_shows_the_evidence_the_api_returns_for_the_same_input(suggester):
    html = page(tekst=BREUKEN, sector="po", kader="kerndoelen-2006")
    found = engine.suggest(BREUKEN, sector="po", framework="kerndoelen-2006", limit=5)
    payload = {"text": BREUKEN, "sector": "po", "framework": "kerndoelen-2006"}
    api = Client().post("/api/v1/alignment/suggest", payload, content_type="application/json").json()
    assert [row["evidence"] for row in api] == [s.evidence() for s in found]
    for suggestion in found:
        evidence = suggestion.evidence()
        weights = evidence["weights"]
        if weights is None:  # no embedding model in this environment: the lexical ranking alone
            assert f"score = woordovereenkomst (woordscore {nl(evidence['lexical'])})" in html
            continue
        assert (
            f"score = {str(weights['lexical']).replace('.', ',')} × woordovereenkomst "
            f"({nl(evidence['lexical_scaled'])}) + {str(weights['semantic']).replace('.', ',')} × "
            f"betekenisovereenkomst ({nl(evidence['semantic'])})"
        ) in html
    top = found[0].evidence()
    word = top["matched_terms"][0]
    share = word["contribution"] / top["lexical"] * 100
    row = re.search(rf'<th scope="row">{word["term"]}</th><td>{word["stem"]}</td>(.*?)</tr>', html)
    assert row is not None
    assert f'<td class="num">{nl(word["contribution"])}</td><td class="num">{nl(share, 1)} %</td>' in row.group(1)
    assert f'width="{share:.1f}"' in row.group(1)  # the SVG bar beside the numbers
    assert f"({top['best_match']['kind']}:" in html
    assert escape(top["best_match"]["text"]) in html


def test_without_the_language_model_the_page_says_it_ranks_on_words_alone(suggester, monkeypatch):
    monkeypatch.setattr(engine, "suggest", functools.partial(engine.suggest, mode="lexical"))
    html = page(tekst=BREUKEN, sector="po", kader="kerndoelen-2006", aantal="2")
    first = engine.suggest(BREUKEN, sector="po", framework="kerndoelen-2006", limit=2)[0].evidence()
    assert first["weights"] is None
    assert f"score = woordovereenkomst (woordscore {nl(first['lexical'])}): alleen woordovereenkomst" in html
    assert "× betekenisovereenkomst" not in html
    assert "Geen voorstellen" in page(tekst="xyzzy qwerty", sector="po", kader="kerndoelen-2006")


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"tekst": "   "}, "tekst", "Vul een tekst in"),
        ({"tekst": "b" * 10_400}, "tekst", "De tekst is te lang: hoogstens 10.000 tekens, deze tekst heeft er 10.400."),
        ({"tekst": BREUKEN, "sector": "mbo"}, "sector", "Onbekende sector. Kies po, vo, so of vso."),
        ({"tekst": BREUKEN, "kader": "kerndoelen-2099"}, "kader", "Onbekend kader."),
        ({"tekst": BREUKEN, "aantal": "21"}, "aantal", "Kies een aantal van 1 tot en met 20."),
        ({"tekst": BREUKEN, "aantal": "veel"}, "aantal", "Kies een aantal van 1 tot en met 20."),
        ({"tekst": BREUKEN, "vak": "sterrenkunde"}, "vak", "Onbekend vak."),
        ({"tekst": BREUKEN, "vak": "biologie", "kader": "kerndoelen-fo"}, "vak", "Biologie heeft geen doelen in"),
    ],
)  # fmt: skip
def test_invalid_input_gets_a_dutch_error_beside_its_field(suggester, params, field, message):
    html = page(**params)
    error = re.search(rf'<p class="field-error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error is not None
    assert message in error.group(1)
    assert re.search(rf'<(input|textarea|select)[^>]*aria-invalid="true"[^>]*id="id_{field}"', html) or re.search(
        rf'<(input|textarea|select)[^>]*id="id_{field}"[^>]*aria-invalid="true"', html
    )
    assert f'aria-describedby="{"id_tekst_helptext " if field == "tekst" else ""}id_{field}_error"' in html
    assert 'class="error-summary"' in html
    assert 'id="voorstellen"' not in html  # no suggestions for an invalid form
    assert "Traceback" not in html


def test_a_subject_narrows_the_suggestions(suggester):
    html = page(tekst=BREUKEN, sector="po", kader="kerndoelen-2006", vak="rekenen-en-wiskunde")
    expected = engine.suggest(BREUKEN, sector="po", framework="kerndoelen-2006", subject="rekenen-en-wiskunde")
    assert codes(html) == [s.code for s in expected]
    assert "PO Kerndoel 07" not in codes(html)  # Nederlands: "vergelijken" matches it without a subject
    assert "vak Rekenen en wiskunde" in html


def test_anonymous_visitors_use_it_by_link_and_long_texts_by_post_without_a_token(suggester):
    first = Client().get(URL)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'method="get"' in html
    assert 'formmethod="post"' in html
    assert "field-error" not in html
    assert 'id="voorstellen"' not in html
    assert '<option value="po" selected>' in html
    long_text = (BREUKEN + " ") * 60  # ~8.000 characters: too long for the request line of most web servers
    response = Client(enforce_csrf_checks=True).post(
        URL, {"tekst": long_text, "sector": "po", "kader": "kerndoelen-2006"}
    )
    assert response.status_code == 200
    assert codes(response.content.decode())[0] == "PO Kerndoel 26"


def test_the_page_is_csp_clean_and_explains_itself(suggester):
    html = page(tekst=BREUKEN, sector="po", kader="kerndoelen-2006")
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline scripts
    assert 'role="status"' in html
    assert "multilingual-e5-small" in html
    assert "BM25F" not in html  # words for people (W5.3): "woordscore"
    assert "Hoe berekend?" in html
    assert "een beoordelaar beslist" in html.lower()
    assert "docs/alignment.md" in html
    assert 'hx-select="#voorsteller"' in html  # htmx swaps the same page's part; without JS the form just submits
    htmx = Client().get(URL, {"tekst": BREUKEN}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="voorsteller"' in htmx
    assert 'id="voorstel-status"' in htmx


def test_the_methods_page_links_to_the_suggestions():
    html = Client().get("/kerndoeldekking/").content.decode()
    assert f'href="{reverse("alignment:suggest")}"' in html


def test_numbers_are_in_dutch_notation_whatever_language_the_browser_asks_for(suggester):
    params = {"tekst": BREUKEN, "sector": "po", "kader": "kerndoelen-2006", "aantal": "1"}
    html = Client().get(URL, params, headers={"Accept-Language": "en"}).content.decode()
    evidence = engine.suggest(BREUKEN, sector="po", framework="kerndoelen-2006", limit=1)[0].evidence()
    assert f"(woordscore {nl(evidence['lexical'])})" in html
    assert "," in nl(evidence["lexical"])
    if evidence["weights"] is not None:
        assert f"score = {str(evidence['weights']['lexical']).replace('.', ',')} × woordovereenkomst" in html
