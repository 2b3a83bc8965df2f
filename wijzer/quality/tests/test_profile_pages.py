"""The quality profile on the product page (template tag), its own page and the API (W6 §4, §7)."""

from __future__ import annotations

import re
import uuid

from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import profiles
from wijzer.quality.domain import profile as rules
from wijzer.quality.tests.factories import make_framework
from wijzer.quality.tests.profile_world import all_generic, experience, make_case, review

pytestmark = pytest.mark.django_db
API = "/api/v1/quality/products/{}/profile"
NOT_FOUND = "Dit product staat niet in de catalogus. Controleer de uuid van het product."


@pytest.fixture
def case(db):
    return make_case()


def render_block(product) -> str:
    return Template("{% load quality_tags %}{% quality_profile product %}").render(Context({"product": product}))


def test_the_block_has_per_topic_an_svg_with_a_table_beside_it_and_the_counts(case):
    _framework, product = case
    profiles.refresh([product.pk], reindex=False)
    html = render_block(product)
    assert html.count("<svg") == 7
    assert html.count("<table>") == 7  # one per topic, right after its chart
    for topic_html in html.split('<section class="quality-topic"')[1:]:
        assert topic_html.index("<svg") < topic_html.index("<table>")
    assert "3 expertbeoordelingen, 4 ervaringen (2 met geverifieerd gebruik)" in html
    assert "onzeker: 3 beoordelaars" in html
    assert "zeer onzeker: 4 ervaringen" in html
    assert "<strong>Poort (Aansluiting op de kerndoelen):</strong>" in html
    assert "gehaald" in html
    assert f"/kwaliteit/producten/{product.uuid}/beoordelingen/" in html
    assert f"/kwaliteit/producten/{product.uuid}/ervaringen/" in html
    assert f'<a href="/kwaliteit/producten/{product.uuid}/ervaring/">Schrijf uw ervaring</a>' in html
    assert "voorbeeldgegevens" not in html
    # Inhoud, experts: 1:1 2:1 3:2 4:1 n.v.t. 1 of 6 on 160 px, rounded cumulatively (0, 27, 53, 107, 133, 160)
    segments = re.findall(r'<rect x="(\d+)" y="3" width="(\d+)" height="13" fill="#[0-9a-f]{6}"><title>Experts', html)
    assert [(int(x) - 90, int(w)) for x, w in segments[:5]] == [(0, 27), (27, 26), (53, 54), (107, 26), (133, 27)]


def test_a_product_without_data_says_so_without_zeros(db):
    make_framework()
    product = ProductFactory()
    html = render_block(product)
    assert "Nog geen beoordelingen of ervaringen." in html
    assert f'<a href="/kwaliteit/producten/{product.uuid}/ervaring/">Schrijf uw ervaring</a>' in html
    assert "<table" not in html
    assert "<svg" not in html
    assert "0 expertbeoordelingen" not in html


def test_a_failed_gateway_is_said_and_other_topics_marked(db):
    framework = make_framework()
    product = ProductFactory()
    review(framework, product, all_generic(framework, 4, INH_1=1))
    review(framework, product, all_generic(framework, 4, INH_1=2), demo=True)
    profiles.refresh([product.pk], reindex=False)
    html = render_block(product)
    assert "de andere onderwerpen tellen niet mee zolang de poort niet gehaald is" in html
    assert html.count("telt niet mee zolang de poort niet gehaald is</span>") == 6
    assert "voorbeeldgegevens" in html
    assert "INH.1 1,5" in html  # the median of 1 and 2


def test_the_block_reads_the_stored_profile_in_one_query(case):
    _framework, product = case
    profiles.refresh([product.pk], reindex=False)
    render_block(product)  # the framework's topics and criteria are cached after the first use
    with CaptureQueriesContext(connection) as queries:
        render_block(product)
    assert len(queries) == 1


def test_the_product_page_and_the_profile_page_show_it(case):
    _framework, product = case
    profiles.refresh([product.pk], reindex=False)
    page = Client().get(f"/catalogus/{product.uuid}/")
    assert page.status_code == 200
    assert "Kwaliteitsprofiel" in page.content.decode()
    full = Client().get(f"/kwaliteit/producten/{product.uuid}/profiel/")
    body = full.content.decode()
    assert full.status_code == 200
    assert "Expertantwoorden per criterium" in body
    assert "INH.1" in body
    assert "poortcriterium" in body
    missing = Client().get(f"/kwaliteit/producten/{uuid.uuid4()}/profiel/")
    assert missing.status_code == 404
    assert "niet" in missing.content.decode()


def test_a_script_in_a_topic_name_renders_escaped(db):
    framework = make_framework()
    framework.topics.filter(code="inhoud").update(name="<script>alert(1)</script>")
    product = ProductFactory()
    experience(framework, product, {"inhoud": 3})
    profiles._specs.clear()
    profiles.refresh([product.pk], reindex=False)
    html = render_block(product)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_api_gives_the_whole_profile_with_its_parts(case):
    _framework, product = case
    profiles.refresh([product.pk], reindex=False)
    body = Client().get(API.format(product.uuid)).json()
    assert body["has_data"] is True
    assert (body["expert_reviews"], body["experiences"], body["verified_experiences"]) == (3, 4, 2)
    assert body["gateway"]["state"] == "passed"
    assert body["gateway"]["state_label"] == "Poort gehaald"
    inhoud = body["topics"][0]
    assert inhoud["code"] == "inhoud"
    assert inhoud["experts"]["counts"] == {"1": 1, "2": 1, "3": 2, "4": 1}
    assert inhoud["experts"]["reviewers"] == 3
    assert inhoud["teachers"]["experiences"] == 4
    assert inhoud["verified"]["experiences"] == 2
    assert [c["code"] for c in inhoud["criteria"]] == ["INH.1", "INH.2", "RW.1"]
    assert set(body["rules"]) == {"how_computed", "confidence_experts", "confidence_teachers", "gateway", "sort"}
    assert body["sort_value"] == rules.sort_value(3, "passed", rules.Counts((1, 13, 14, 13), 1))


def test_the_api_for_a_product_without_data_and_an_unknown_product(db):
    make_framework()
    product = ProductFactory()
    body = Client().get(API.format(product.uuid)).json()
    assert body["has_data"] is False
    assert body["message"].startswith("Nog geen beoordelingen of ervaringen")
    assert body["topics"] == []
    assert body["gateway"] is None
    assert body["experts_overall"] is None
    for value in (uuid.uuid4(), "geen-uuid"):
        missing = Client().get(API.format(value))
        assert missing.status_code == 404
        assert missing.json() == {
            "detail": "Dit product staat niet in de catalogus. Controleer de uuid van het product."
        }
