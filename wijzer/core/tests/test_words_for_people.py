"""Words for people (W5.3): Dutch names instead of codes and English, one date style, "gratis", a favicon."""

from __future__ import annotations

import datetime
import re

from django.apps import apps
from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.alignment.domain.explain import verdict
from wijzer.catalog.models import Product
from wijzer.core.dates import dutch_date
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")


@pytest.mark.parametrize(
    ("value", "with_time", "expected"),
    [
        (datetime.date(2026, 12, 3), False, "3 dec. 2026"),
        (datetime.date(2026, 5, 14), False, "14 mei 2026"),
        (datetime.datetime(2026, 3, 1, 9, 5, tzinfo=datetime.UTC), True, "1 mrt. 2026, 09:05"),
        (None, False, ""),
    ],
)
def test_one_dutch_date_style(value, with_time, expected):
    assert dutch_date(value, with_time=with_time) == expected


@pytest.mark.parametrize(
    ("score", "best", "label"),
    [(1.0, 1.0, "past goed"), (0.8, 1.0, "past goed"), (0.46, 1.0, "twijfel"), (0.3, 1.0, "past niet")],
)
def test_a_suggestion_leads_with_a_verdict(score, best, label):
    assert verdict(score, best)["label"] == label


@pytest.fixture
def demo():
    return load_demo_catalogue()


def test_the_product_page_speaks_dutch(demo):
    # given a product delivered through ECK as "Web browser" and an open NL-LOM resource with a CC licence
    licensed = Product.objects.filter(type_raw="Web browser", sectors__icontains='"vo"').order_by("pk").first()
    free = Product.objects.filter(licence="cc-by-nc-sa-4.0").order_by("pk").first()
    # when
    paid_html = Client().get(f"/catalogus/{licensed.uuid}/").content.decode()
    free_html = Client().get(f"/catalogus/{free.uuid}/").content.decode()
    # then
    for internal in ("Web browser", "sectors:", "levels:", "eck_catalog", "nl_lom"):
        assert internal not in paid_html + free_html, internal
    assert "(aangeleverd als: in de webbrowser)" in paid_html
    assert "sectoren: VO; niveaus:" in paid_html
    assert 'ECK CatalogService <span class="meta">(versie 2.5.2)</span>' in paid_html
    assert '<li><a href="/catalogus/?sector=vo">VO</a></li>' in paid_html  # breadcrumbs with the sector
    assert "<dt>Licentie</dt><dd>CC BY-NC-SA 4.0" in free_html
    assert '<span class="price__amount">Gratis</span>' in free_html
    assert "€ 0,00" not in free_html
    assert re.search(r"\d{1,2} (jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\.|\d{1,2} mei", paid_html)
    assert not re.search(r"\d{2}-\d{2}-\d{4}", paid_html)


def test_search_results_say_gratis(demo):
    html = Client().get("/catalogus/", {"q": "afval"}).content.decode()
    assert "prijs per leerling per jaar: gratis" in html
    assert "€ 0,00" not in html


def test_the_audit_log_names_objects_in_dutch(client):
    officer = MembershipFactory(role=Role.PRIVACY_OFFICER, organisation=OrganisationFactory(school=True))
    account_actions.do_record_audit_event(
        AuditAction.ROLE_SWITCHED if hasattr(AuditAction, "ROLE_SWITCHED") else AuditAction.ACCESS_DENIED,
        actor_label="iemand",
        organisation=officer.organisation,
        object_type="membership",
        object_id=str(officer.uuid),
    )
    login_as(client, officer)
    html = client.get(f"/organisaties/{officer.organisation.uuid}/logboek/").content.decode()
    assert "<td>rol</td>" in html
    assert "membership" not in html
    assert str(officer.uuid) not in html


def test_admin_apps_have_dutch_names_and_every_page_has_a_favicon(client):
    names = {a.label: str(a.verbose_name) for a in apps.get_app_configs()}
    assert names["axes"] == "Inlogpogingen en blokkades"
    assert names["otp_totp"] == "Tweestapsverificatie (apparaten)"
    assert names["accounts"] == "Gebruikers, organisaties en rechten"
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/wijzer/favicon[^"]*\.svg" type="image/svg\+xml">', html)
