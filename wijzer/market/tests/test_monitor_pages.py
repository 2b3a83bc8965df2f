"""The market monitor's pages (W7 §8): the dashboard shows the hand-computed figures of a small market beside their
charts, the CSV export of each table, the print view and the PDF report; odd filters and hostile names."""

from __future__ import annotations

import csv
import io
import math
import re
from html import unescape
from typing import Any
from unittest import mock

from django.test import Client

import pytest

from wijzer.market import query, views_monitor
from wijzer.market.actions.reference import load_shipped_reference_series
from wijzer.market.models import ReferencePoint
from wijzer.market.pdf import PdfUnavailable

from .monitor_world import JEVONS_Y1, JEVONS_Y2, VALUE_AMOUNTS, World, build, cr3, hhi

pytestmark = pytest.mark.usefixtures("slo")

URL = "/markt/"


@pytest.fixture(autouse=True)
def _no_kept_reports() -> None:
    views_monitor._PDF_CACHE.clear()


@pytest.fixture
def world() -> World:
    load_shipped_reference_series()
    return build()


def text_of(response: Any) -> str:
    """The page as a reader sees it: tags dropped, entities unescaped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table_rows(response: Any, caption: str) -> list[list[str]]:
    """The rows (th and td cells as text) of the data table whose hidden caption starts with `caption`."""
    html = response.content.decode()
    at = html.index(f'<caption class="visually-hidden">Gegevens bij: {caption}')
    body = html[at : html.index("</table>", at)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def dutch(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def test_the_dashboard_shows_the_hand_computed_figures_of_vo(client: Client, world: World) -> None:
    # when
    response = client.get(URL, {"sector": "vo", "vak": world.subject_key})
    # then
    assert response.status_code == 200
    y0, y1, y2 = world.years
    index = {row[0]: row for row in table_rows(response, "Prijsindex")[1:]}
    assert index[str(y0)][1:4] == ["100,0", "3", "0"]
    assert index[str(y1)][1:4] == [dutch(JEVONS_Y1), "4", "3"]  # P4 enters: priced, not matched
    assert index[str(y2)][1:4] == [dutch(JEVONS_Y2), "4", "4"]
    assert index[str(y2)][4] == dutch(100 * (JEVONS_Y2 / JEVONS_Y1 - 1)) + " %"
    spread = {row[0]: row for row in table_rows(response, "Prijsspreiding")[1:]}
    # Y2 sorted: 55, 80, 121, 220 -> p25 at 0.75: 73,75; median 100,50; p75 at 2.25: 145,75
    assert spread[str(y2)][1:] == ["4", "€ 55,00", "€ 73,75", "€ 100,50", "€ 145,75", "€ 220,00"]
    lifo = {row[0]: row for row in table_rows(response, "Aandeel LiFo")[1:]}
    assert lifo[str(y0)][1:4] == ["3", "1", "33,3 %"]
    assert lifo[str(y2)][1:4] == ["4", "2", "50,0 %"]
    opened = {row[0]: row for row in table_rows(response, "Open en gesloten")[1:]}
    assert opened[str(y2)][1:] == ["1", "4", "20,0 %"]
    owners = table_rows(response, "Aandelen per eigenaarsgroep in")  # by methods comes first
    assert owners[1:] == [
        ["Uitgeverij Bee", "NL", "2", "50,0 %"],
        ["Groep Noord", "GB", "1", "25,0 %"],
        ["Uitgeverij Cee", "onbekend", "1", "25,0 %"],
    ]
    page = text_of(response)
    assert "HHI 3.750 — sterk geconcentreerd; CR3 100,0 %" in page
    assert "buitenlands eigendom 25,0 %, land onbekend 25,0 %" in page
    assert "Sterk geconcentreerd: de HHI naar methodes is hoger dan 2.500." in page
    value_hhi = hhi(VALUE_AMOUNTS)
    assert f"HHI {dutch(value_hhi, 0)} — sterk geconcentreerd; CR3 {dutch(cr3(VALUE_AMOUNTS))} %" in page
    assert "Van geen product in deze selectie is het gebruik bekend" in page
    assert "Voorbeeldgegevens" not in page
    assert response.content.decode().count("<svg") == 9


def test_the_shares_on_the_page_add_up_to_100_and_the_value_shares_match_the_hand_computation(
    client: Client, world: World
) -> None:
    response = client.get(URL, {"sector": "vo", "vak": world.subject_key})
    rows = table_rows(response, "Aandelen per eigenaarsgroep in " + str(world.years[2]) + ", naar cataloguswaarde")
    shares = {row[0]: float(row[3].removesuffix(" %").replace(",", ".")) for row in rows[1:]}
    total = sum(VALUE_AMOUNTS.values())
    assert math.isclose(sum(shares.values()), 100.0)
    for name, amount in VALUE_AMOUNTS.items():
        assert abs(shares[name] - 100 * amount / total) <= 0.05 + 1e-9


def test_the_sector_filter_changes_the_figures(client: Client, world: World) -> None:
    response = client.get(URL, {"sector": "po", "vak": "alle"})
    assert response.status_code == 200
    spread = {row[0]: row for row in table_rows(response, "Prijsspreiding")[1:]}
    assert spread[str(world.years[2])][1:3] == ["1", "€ 30,00"]
    assert 'value="po" selected' in response.content.decode()


def test_the_cpi_table_equals_the_reference_rows(client: Client, world: World) -> None:
    response = client.get(URL)
    page = text_of(response)
    for point in ReferencePoint.objects.filter(series__code="cpi", year__in=world.years):
        assert f"{point.year} {dutch(float(point.value), 2)}" in page


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "hbo"},
        {"sector": "<script>alert(1)</script>"},
        {"vak": "onbekend-vak"},
        {"vak": "\x00"},
        {"sector": "ä" * 5000},
        {"sector": "vo", "vak": "'\""},
    ],
)
def test_odd_filters_give_a_dutch_404_with_the_form_and_nothing_executable(
    client: Client, world: World, params: dict[str, str]
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Niet gevonden:" in html
    assert "Kies" in html
    assert "<script>alert" not in html
    assert 'name="sector"' in html


def test_a_demo_product_in_the_figures_shows_the_banner(client: Client) -> None:
    load_shipped_reference_series()
    build(demo=True)
    page = text_of(client.get(URL))
    assert "Voorbeeldgegevens: 6 van de 6 producten in deze cijfers zijn verzonnen" in page
    export = client.get("/markt/export/prijsindex.csv")
    named = 'attachment; filename="marktmonitor-prijsindex-alle-alle-voorbeeldgegevens.csv"'
    assert export["Content-Disposition"] == named  # a table has no banner: the name of the file says it


def test_an_owner_name_with_markup_is_escaped_everywhere(client: Client, world: World) -> None:
    from wijzer.accounts.models import Organisation

    Organisation.objects.filter(name="Uitgeverij Cee").update(name='<img src=x onerror="alert(1)">')
    query.clear_cache()
    response = client.get(URL, {"sector": "vo"})
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html


def parse_csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_has_dutch_headers_and_the_same_numbers(client: Client, world: World) -> None:
    response = client.get("/markt/export/prijsindex.csv", {"sector": "vo", "vak": world.subject_key})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "marktmonitor-prijsindex-vo-" in response["Content-Disposition"]
    assert "voorbeeldgegevens" not in response["Content-Disposition"]  # no demo product in these figures
    rows = parse_csv(response)
    assert rows[0][:4] == ["Jaar", "Jevons-index", "Met prijs (n)", "Gematcht (n)"]
    assert rows[0][4] == "Nominale verandering (%)"  # the cells lose their unit, the header names it
    by_year = {row[0]: row for row in rows[1:]}
    assert by_year[str(world.years[2])][1] == f"{JEVONS_Y2:.4f}".replace(".", ",")
    owners = parse_csv(client.get("/markt/export/concentratie-methodes.csv", {"sector": "vo"}))
    assert owners[0] == ["Eigenaarsgroep", "Land", "Methodes (n)", "Aandeel (%)"]
    assert owners[1] == ["Uitgeverij Bee", "NL", "2", "50,0"]


def test_the_csv_neutralises_a_formula_in_an_owner_name(client: Client, world: World) -> None:
    from wijzer.accounts.models import Organisation

    Organisation.objects.filter(name="Uitgeverij Cee").update(name='=HYPERLINK("http://x","klik")')
    query.clear_cache()
    rows = parse_csv(client.get("/markt/export/concentratie-methodes.csv", {"sector": "vo"}))
    assert ['\'=HYPERLINK("http://x","klik")', "onbekend", "1", "25,0"] in rows


def test_the_coverage_export_has_every_sector_and_subject(client: Client, world: World) -> None:
    rows = parse_csv(client.get("/markt/export/dekking.csv"))
    assert rows[0] == ["Sector", "Vak", "Producten (n)", "Met prijs", "Methodes (n)", "Methodes met prijs"]
    by_segment = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert by_segment[("Alle sectoren", "Alle vakken")] == ["6", "6", "5", "5"]  # P1+P2 share method M1
    assert by_segment[("Voortgezet onderwijs (VO)", world.subject_label)] == ["5", "5", "4", "4"]


def test_an_unknown_table_is_a_dutch_404(client: Client, world: World) -> None:
    response = client.get("/markt/export/geheim.csv")
    assert response.status_code == 404
    assert "Onbekende tabel" in response.content.decode()


def test_the_print_view_has_every_table_and_the_report_css(client: Client, world: World) -> None:
    response = client.get("/markt/rapport/", {"sector": "vo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "market/report.css" in html
    assert html.count('<figure class="chart">') == 9
    assert "Terug naar de marktmonitor" in html


def test_the_pdf_report_is_a_pdf_with_the_title_and_the_figures(client: Client, world: World) -> None:
    from pypdf import PdfReader

    response = client.get("/markt/rapport.pdf", {"sector": "vo"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Marktmonitor leermiddelen" in text
    assert "Voortgezet onderwijs (VO)" in text


def test_without_weasyprint_the_pdf_link_gives_a_dutch_page_pointing_to_the_print_view(
    client: Client, world: World
) -> None:
    with mock.patch("wijzer.market.views_monitor.render_pdf", side_effect=PdfUnavailable("geen pango")):
        response = client.get("/markt/rapport.pdf", {"sector": "vo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "De pdf kan op deze server nu niet worden gemaakt" in html
    assert 'href="/markt/rapport/?sector=vo"' in html
    assert "geen pango" not in html


@pytest.mark.parametrize(
    "url", ["/markt/", "/markt/rapport/", "/markt/export/prijsindex.csv", "/markt/export/dekking.csv"]
)
def test_an_empty_monitor_renders_without_figures(client: Client, url: str) -> None:
    query.clear_cache()
    response = client.get(url)
    assert response.status_code == 200
    if url == "/markt/":
        page = text_of(response)
        assert "Gebaseerd op 0 producten en 0 prijsfeiten" in page
        assert "Geen gegevens" in response.content.decode()


def test_the_menu_offers_the_monitor_and_a_policy_analyst_starts_there(client: Client) -> None:
    from wijzer.accounts.constants import Role
    from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory

    # given a policy analyst of the platform (a role without a work queue of its own)
    analyst = MembershipFactory(role=Role.POLICY_ANALYST, organisation=OrganisationFactory(platform=True))
    client.force_login(analyst.user)
    # when
    html = client.get("/").content.decode()
    # then the monitor is in the main menu and the first of the analyst's tasks
    nav = html[html.index('aria-label="Hoofdmenu"') : html.index("</nav>")]
    assert '<a href="/markt/">Marktmonitor</a>' in nav
    tasks = html[html.index('id="taken-kop"') :]
    first = re.findall(r'<a href="([^"]+)">([^<]+)</a>', tasks)[0]
    assert first == ("/markt/", "Marktmonitor: prijzen, LiFo en concentratie van leermiddelen")
    monitor = client.get(URL).content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', monitor) == ["/markt/"]


def test_every_id_on_the_dashboard_is_unique_and_every_chart_is_labelled(client: Client, world: World) -> None:
    html = client.get(URL, {"sector": "vo"}).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for chart_id in re.findall(r'<svg[^>]*\sid="([^"]+)"', html):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    assert "style=" not in html  # CSP: no inline styles
    assert not re.findall(r"<script(?![^>]*\ssrc=)", html)  # CSP: no inline scripts


def test_the_same_report_in_the_same_minute_is_made_once(client: Client, world: World) -> None:
    with mock.patch("wijzer.market.views_monitor.render_pdf", return_value=b"%PDF-1.7 kort") as render:
        first = client.get("/markt/rapport.pdf", {"sector": "vo"})
        second = client.get("/markt/rapport.pdf", {"sector": "vo"})
        other = client.get("/markt/rapport.pdf", {"sector": "po"})
    assert first.content == second.content == other.content == b"%PDF-1.7 kort"
    assert render.call_count in (2, 3)  # vo once (twice only when the minute turned in between), po once


def test_while_a_report_is_being_made_another_pdf_request_waits_its_turn(client: Client, world: World) -> None:
    """A PDF takes seconds of CPU in a worker: with one being made anywhere on the server, a request for another one
    gets a Dutch 503 with Retry-After and the print view at once, so a few requests cannot hold every worker."""
    from django.core.cache import cache

    # given a report being made (by another worker)
    assert cache.add(views_monitor.PDF_BUSY_KEY, 1, 60)
    with mock.patch("wijzer.market.views_monitor.render_pdf", return_value=b"%PDF-1.7 kort") as render:
        busy = client.get("/markt/rapport.pdf", {"sector": "vo"})
        assert render.call_count == 0
        assert busy.status_code == 503
        assert busy["Retry-After"] == "30"
        html = busy.content.decode()
        assert "Er wordt op dit moment al een rapport als pdf gemaakt" in html
        assert 'href="/markt/rapport/?sector=vo"' in html
        # when that report is done
        cache.delete(views_monitor.PDF_BUSY_KEY)
        done = client.get("/markt/rapport.pdf", {"sector": "vo"})
        # then the next one is made, and the mark is gone again
        assert (done.status_code, done.content, render.call_count) == (200, b"%PDF-1.7 kort", 1)
        assert cache.get(views_monitor.PDF_BUSY_KEY) is None
        # a report this process already keeps is served even while another is being made
        assert cache.add(views_monitor.PDF_BUSY_KEY, 1, 60)
        kept = client.get("/markt/rapport.pdf", {"sector": "vo"})
        assert cache.get(views_monitor.PDF_BUSY_KEY) == 1  # not freed by a request that did not set it
    cache.delete(views_monitor.PDF_BUSY_KEY)
    assert kept.status_code in (200, 503)  # 503 only when the minute turned in between
