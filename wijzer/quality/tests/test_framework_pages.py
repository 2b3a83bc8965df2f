"""The public framework page /kwaliteit/kader/ and older versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

import pytest

from wijzer.accounts.permissions import cli_actor
from wijzer.quality.actions.framework import load_framework, publish_framework

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[3] / "data" / "quality" / "kwaliteitskader-2026.1.json"
PAGE = "/kwaliteit/kader/"


def real() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return data


def publish(data: dict[str, Any]) -> None:
    framework = load_framework(json.dumps(data, ensure_ascii=False).encode(), cli_actor())
    publish_framework(framework.version, cli_actor())


def text_of(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_without_a_published_framework_the_page_says_so():
    html = text_of(Client().get(PAGE))
    assert "Er is nog geen versie van het kwaliteitskader gepubliceerd." in html


def test_the_page_shows_topics_criteria_guidance_gateway_rubric_and_sources():
    publish(real())
    html = text_of(Client().get(PAGE))
    assert "Didactiek / materiaal voor de leraar" in html
    assert '<h3 id="onderwerp-inhoud">1. Inhoud / algemeen</h3>' in html
    assert '<h3 id="onderwerp-toegankelijkheid">7. Toegankelijkheid</h3>' in html
    assert "Het materiaal dekt de kerndoelen die de methode belooft te dekken." in html
    assert "Leg de opgegeven kerndoelen naast de inhoudsopgave" in html  # guidance
    assert "De poort: Aansluiting op de kerndoelen" in html
    assert "minstens <strong>3</strong> is (deels eens)" in html
    assert '<a href="#criterium-inh1">INH.1</a>, <a href="#criterium-inh2">INH.2</a>' in html
    assert "Helemaal oneens" in html
    assert "Niet van toepassing" in html
    assert "is een toelichting verplicht" in html
    assert "Kwaliteitscriteria voor leermiddelen funderend onderwijs – een literatuurstudie" in html
    assert 'href="/api/v1/quality/frameworks/current"' in html
    # by default every criterion, extension criteria marked with their subject
    assert "vakuitbreiding Nederlands" in html
    assert "vakuitbreiding Rekenen-wiskunde" in html
    assert "41 criteria getoond" in html


def test_the_subject_filter_works_without_javascript():
    publish(real())
    nederlands = text_of(Client().get(PAGE, {"vak": "nederlands"}))
    assert "Lezen heeft een doorlopende leerlijn" in nederlands  # NL.1
    assert "De leerlijn bouwt stap voor stap op" not in nederlands  # RW.1
    assert "36 criteria getoond: de algemene en die van de vakuitbreiding Nederlands." in nederlands
    assert '<option value="nederlands" selected>' in nederlands
    generic = text_of(Client().get(PAGE, {"vak": "algemeen"}))
    assert "vakuitbreiding Nederlands</span>" not in generic
    assert "32 criteria getoond: alleen de algemene." in generic
    unknown = text_of(Client().get(PAGE, {"vak": "<b>gym</b>"}))
    assert 'Het vak "&lt;b&gt;gym&lt;/b&gt;" heeft geen uitbreiding in deze versie' in unknown
    assert "41 criteria getoond" in unknown


def test_criterion_texts_render_escaped():
    data = real()
    data["onderwerpen"][0]["criteria"][2]["uitspraak"] = "Klopt <script>alert('x')</script> de inhoud?"
    data["onderwerpen"][0]["criteria"][2]["waar_let_je_op"] = '<img src=x onerror="alert(1)">'
    data["onderwerpen"][0]["naam"] = "Inhoud <i>algemeen</i>"
    publish(data)
    html = text_of(Client().get(PAGE))
    assert "<script>alert" not in html
    assert "Klopt &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; de inhoud?" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "Inhoud &lt;i&gt;algemeen&lt;/i&gt;" in html


def test_older_versions_are_listed_and_stay_readable():
    publish(real())
    newer = real()
    newer["versie"] = "2026.2"
    newer["onderwerpen"][1]["criteria"][0]["uitspraak"] = "De handleiding maakt de voorbereiding van een les licht."
    publish(newer)
    current = text_of(Client().get(PAGE))
    assert "versie 2026.2" in current
    assert '<a href="/kwaliteit/kader/2026.1/">Versie 2026.1</a>' in current
    old = text_of(Client().get("/kwaliteit/kader/2026.1/"))
    assert "Dit is een oudere versie" in old
    assert "De handleiding helpt de leraar een les voor te bereiden" in old
    assert "De handleiding maakt de voorbereiding" not in old
    assert 'href="/api/v1/quality/frameworks/2026.1"' in old


def test_an_unknown_or_draft_version_is_a_404():
    publish(real())
    draft = real()
    draft["versie"] = "2027.1"
    load_framework(json.dumps(draft).encode(), cli_actor())
    assert Client().get("/kwaliteit/kader/2027.1/").status_code == 404
    assert Client().get("/kwaliteit/kader/1999.1/").status_code == 404


def test_the_bare_quality_address_leads_to_the_framework():
    response = Client().get("/kwaliteit/")
    assert response.status_code == 302
    assert response["Location"] == "/kwaliteit/kader/"
