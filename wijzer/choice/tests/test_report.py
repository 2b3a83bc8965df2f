"""The decision report (W8 §4): the print view with every part (profile, weights, candidates, costs against the
CPI-indexed €340 benchmark, quality, participants and date), the PDF (WeasyPrint, read back with pypdf), the Dutch
page without WeasyPrint, and who may read it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.helpers import login_as
from wijzer.choice.actions import decisions
from wijzer.choice.actions import shortlist as actions
from wijzer.market import service as market
from wijzer.market.models import ReferencePoint, ReferenceSeries

from .shortlist_world import actor, build, make_profile

pytestmark = pytest.mark.django_db

SUMMARY = "De sectie kiest Getal en Ruimte; open materiaal vult de statistiek aan."


def load_reference() -> None:
    series = ReferenceSeries.objects.create(code="cpi", name="CPI", base_year=2015, source="CBS")
    for year, value in {2015: "100", 2023: "126.09", 2026: "134.49"}.items():
        ReferencePoint.objects.create(series=series, year=year, value=Decimal(value))
    money = ReferenceSeries.objects.create(code="budget-vo-per-pupil", name="Budget", source="Kennisnet 2023")
    ReferencePoint.objects.create(series=money, year=2023, value=Decimal(340), status="estimated")


@pytest.fixture
def decided():
    import datetime

    load_reference()
    w = build()
    shortlist = actions.do_create_shortlist(
        actor(w, Role.SECTION_HEAD), w.school, "Wiskunde onderbouw", profile=make_profile(w, pupils=100)
    )
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a, note="Sterke leerlijn breuken.")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.b)
    actions.do_update_entry(actor(w, Role.SECTION_HEAD), shortlist, w.a, status="besluit", note=None)
    w.decision = decisions.do_record_decision(
        actor(w, Role.SECTION_HEAD),
        shortlist,
        decided_on=datetime.date(2026, 11, 30),
        participant_uuids=[str(w.members[Role.SECTION_HEAD].user.uuid), str(w.members[Role.TEACHER].user.uuid)],
        summary=SUMMARY,
        today=datetime.date(2026, 12, 3),
    )
    return w


def test_the_cost_per_pupil_is_set_against_the_indexed_benchmark(decided):
    costs = decided.decision.snapshot["costs"]
    # 340 x 134.49 / 126.09 = 362.65 (half up to cents); 48.40 / 362.65 = 13.3 %
    assert costs["benchmark"]["amount_cents"] == 36265
    assert costs["per_pupil_cents"] == 4840
    assert costs["percent_of_benchmark"] == "13,3"


def test_the_print_view_has_every_part(decided, client):
    login_as(client, decided.members[Role.TEACHER])
    response = client.get(f"/keuzehulp/besluit/{decided.decision.uuid}/rapport/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "market/report.css" in html
    for part in (
        "Besluitrapport: Wiskunde onderbouw",
        SUMMARY,
        "30 nov. 2026",  # the date
        decided.members[Role.TEACHER].user.get_full_name(),  # a participant
        "Wiskunde onderbouw",  # the profile
        "Prijs",  # a weight's label
        "Getal en Ruimte licentie",
        "Sterke leerlijn breuken.",
        "€ 48,40",
        "€ 362,65",  # the indexed benchmark
        "13,3 % van de benchmark",
        "Kwaliteitsprofiel",
    ):
        assert part in html, part


def test_the_pdf_holds_the_title_and_the_summary(decided, client):
    login_as(client, decided.members[Role.SECTION_HEAD])
    response = client.get(f"/keuzehulp/besluit/{decided.decision.uuid}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("Besluitrapport Wiskunde onderbouw")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Besluitrapport: Wiskunde onderbouw" in text
    assert SUMMARY in text


def test_without_weasyprint_the_answer_is_a_dutch_page_pointing_to_the_print_view(decided, client, monkeypatch):
    def unavailable(html: str, **kwargs: object) -> bytes:
        raise market.PdfUnavailable("libpango ontbreekt")

    monkeypatch.setattr(market, "render_pdf", unavailable)
    login_as(client, decided.members[Role.TEACHER])
    response = client.get(f"/keuzehulp/besluit/{decided.decision.uuid}/rapport.pdf")
    html = response.content.decode()
    assert response.status_code == 200
    assert "afdrukversie" in html
    assert f"/keuzehulp/besluit/{decided.decision.uuid}/rapport/" in html
    assert "libpango" not in html


def test_another_school_gets_a_403_and_an_unknown_decision_a_404(decided, client):
    from wijzer.accounts.tests.factories import MembershipFactory

    stranger = MembershipFactory(organisation=decided.other_school, role=Role.SECTION_HEAD)
    login_as(client, stranger)
    for suffix in ("", "rapport/", "rapport.pdf"):
        assert client.get(f"/keuzehulp/besluit/{decided.decision.uuid}/{suffix}").status_code == 403
    assert client.get("/keuzehulp/besluit/00000000-0000-0000-0000-000000000000/rapport/").status_code == 404
