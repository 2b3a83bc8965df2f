"""Forms and errors (W5.3 §5): a Dutch 405 page, one clear message for a page beyond the last, messages that say
what kind they are and take the focus (without JavaScript)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

import pytest

from wijzer.catalog.models import Product
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.django_db


def test_a_get_to_a_button_address_is_a_dutch_page_with_the_allow_header():
    response = Client().get("/catalogus/keuzelijst/toevoegen/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1>Dit kan zo niet</h1>" in html
    assert "Er is niets gewijzigd. Ga terug en gebruik de knop op de pagina" in html
    assert '<html lang="nl">' in html


def test_the_api_keeps_its_own_answer_for_a_wrong_method():
    response = Client().delete("/api/v1/alignment/suggest")
    assert response.status_code == 405
    assert "<html" not in response.content.decode()


@pytest.fixture
def catalogue(slo: None) -> None:
    load_demo_catalogue()


def test_a_page_beyond_the_last_gives_one_clear_message(catalogue):
    html = Client().get("/catalogus/?pagina=999").content.decode()
    results = html.partition('id="resultaten"')[2]
    assert re.search(r"Pagina 999 bestaat niet: de resultaten staan op pagina 1 tot en met \d+\.", results)
    assert "gevonden" not in results  # neither "311 producten gevonden" nor "Geen producten gevonden"
    assert 'class="result"' not in results
    last = re.search(r'<a href="\?pagina=(\d+)">Naar de laatste pagina', results)
    assert last is not None
    assert "product" in Client().get(f"/catalogus/?pagina={last.group(1)}").content.decode()
    assert 'class="result"' in Client().get(f"/catalogus/?pagina={last.group(1)}").content.decode()


def test_shortlist_messages_say_their_kind_and_take_the_focus(catalogue):
    client = Client()
    product = Product.objects.order_by("pk").first()
    assert product is not None
    added = client.post(
        "/catalogus/keuzelijst/toevoegen/", {"product": str(product.uuid), "next": "/catalogus/"}, follow=True
    ).content.decode()
    again = client.post(
        "/catalogus/keuzelijst/toevoegen/", {"product": str(product.uuid), "next": "/catalogus/"}, follow=True
    ).content.decode()
    unknown = client.post(
        "/catalogus/keuzelijst/toevoegen/", {"product": "00000000-0000-0000-0000-000000000000"}, follow=True
    ).content.decode()
    block = '<div id="meldingen" class="messages" role="status" tabindex="-1" autofocus>'
    assert block in added
    success = re.search(r'"alert alert--success"><strong>Gelukt:</strong> “[^<]+” staat op uw keuzelijst\.', added)
    assert success is not None
    assert '<p class="alert alert--info"><strong>Ter informatie:</strong>' in again
    assert '<p class="alert alert--error"><strong>Niet gelukt:</strong> Dit product bestaat niet (meer).' in unknown
    # the message shows once: the next page has no focus target left
    assert "meldingen" not in client.get("/catalogus/").content.decode()


def test_success_and_error_messages_look_different_from_warnings():
    css = (Path(settings.BASE_DIR) / "wijzer/core/static/wijzer/wijzer.css").read_text(encoding="utf-8")
    rules = {kind: re.search(rf"\.alert--{kind} \{{([^}}]*)\}}", css) for kind in ("success", "error", "info")}
    assert all(rules.values())
    backgrounds = {kind: re.search(r"background: ([^;]+);", rule.group(1)).group(1) for kind, rule in rules.items()}
    warning = re.search(r"\.alert \{[^}]*background: ([^;]+);", css).group(1)
    assert len({*backgrounds.values(), warning}) == 4
