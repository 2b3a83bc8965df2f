"""Curriculum pages: sector -> subject -> both frameworks side by side; goal pages; search."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("slo")


def test_sector_page_lists_subjects_with_counts(client):
    html = client.get("/curriculum/po/").content.decode()
    assert "Rekenen en wiskunde" in html
    assert "11 kerndoelen 2006 · 15 doelzinnen nieuw" in html


def test_subject_page_shows_both_frameworks_with_full_text(client):
    html = client.get("/curriculum/po/rekenen-en-wiskunde/").content.decode()
    assert 'Kerndoelen 2006 <span class="meta">(11, geldend)' in html
    assert "PO Kerndoel 26" in html
    assert "breuken, procenten en verhoudingen" in html
    assert "Kerndoel 10" in html
    assert "De leerling redeneert en rekent met breuken als getal" in html
    assert "VO Kerndoel" not in html


def test_goal_page_shows_text_and_elaborations(client):
    html = client.get("/curriculum/doel/3f8675f4-36cb-465c-802c-82c85a9d2c7d/").content.decode()
    assert "Doelzin" in html
    assert "Uitwerkingen en illustraties" in html


def test_stale_goal_page_redirects_to_the_current_goal_and_says_so(client):
    response = client.get("/curriculum/doel/d803cf62-cf7e-404c-b650-8c7543534b6d/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/curriculum/doel/2de22d5b-8896-4338-a202-519119b58c56/")
    assert "is vervallen" in html
    assert "PO Kerndoel 40" in html


def test_unknown_pages_are_dutch_404s(client):
    for url in ("/curriculum/xx/", "/curriculum/po/bestaat-niet/", "/curriculum/doel/foo/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Pagina niet gevonden" in response.content.decode()


def test_search_finds_goals_and_htmx_gets_only_the_results(client):
    full = client.get("/curriculum/zoeken/", {"q": "breuken"}).content.decode()
    partial = client.get("/curriculum/zoeken/", {"q": "breuken"}, HTTP_HX_REQUEST="true").content.decode()
    assert "PO Kerndoel 26" in full
    assert "<html" in full
    assert "PO Kerndoel 26" in partial
    assert "<html" not in partial


def test_search_with_long_query_and_syntax_characters_answers_normally(client):
    response = client.get("/curriculum/zoeken/", {"q": '"*NEAR -' * 700})
    assert response.status_code == 200
    assert "<strong>0</strong> doelen gevonden" in response.content.decode()


def test_home_states_what_wijzer_is_and_the_curriculum_counts(client):
    html = client.get("/").content.decode()
    assert "405 kerndoelen uit 2006" in html
    assert "171 nieuwe kerndoelen" in html
    assert "372 doelzinnen" in html
