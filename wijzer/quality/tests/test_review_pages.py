"""The review pages: the reviewer's list and search, the form (errors with a summary, nothing lost, nothing
stored), the submitted review, the public page (pseudonymous, escaped, agreement with n and warning), 403 for a
teacher (audited)."""

from __future__ import annotations

import uuid

from django.test import Client

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.constants import ReviewStatus
from wijzer.quality.models import ExpertReview, ReviewAnswer
from wijzer.quality.query import criteria_of
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def product():
    return ProductFactory(
        owner=OrganisationFactory(publisher=True), title="Rekenrijk groep 5", product_id="9789001000011"
    )


def reviewer_client(panel=None) -> tuple[Client, object]:
    membership = MembershipFactory(organisation=panel or OrganisationFactory(panel=True), role=Role.REVIEWER)
    return login_as(Client(), membership), membership.user


def form_data(framework, score: str = "3", action: str = "indienen", **extra: str) -> dict[str, str]:
    data = {"actie": action, "subject": "", "summary": ""}
    for criterion in criteria_of(framework):
        data[f"score-{criterion.code}"] = score
        data[f"reason-{criterion.code}"] = "Onvoldoende uitgewerkt." if score in {"1", "2"} else ""
        data[f"evidence-{criterion.code}"] = "hoofdstuk 2"
    data.update(extra)
    return data


def form_url(product) -> str:
    return f"/kwaliteit/beoordelen/{product.uuid}/"


def test_form_shows_fieldsets_radios_and_labels(framework, product):
    client, _user = reviewer_client()
    page = client.get(form_url(product))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<fieldset class="facet review-topic">') == 7
    assert "<legend>Inhoud / algemeen</legend>" in html
    assert 'id="score-INH.1-5" value="nvt"' in html
    assert "Niet van toepassing" in html
    assert "Toelichting bij INH.1 (verplicht bij ‘Helemaal oneens’ of ‘Deels oneens’)" in html
    assert "Bewijs bij INH.1: pagina, hoofdstuk of link" in html
    assert "RW.1" not in html  # only with the extension chosen
    chosen = client.post(form_url(product), {"actie": "vak", "subject": "rekenen-wiskunde", "score-INH.1": "4"})
    assert chosen.status_code == 200
    assert "RW.1" in chosen.content.decode()
    assert 'id="score-INH.1-4" value="4" checked' in chosen.content.decode()
    assert not ExpertReview.objects.exists()


def test_errors_have_a_summary_keep_the_input_and_store_nothing(framework, product):
    client, _user = reviewer_client()
    data = form_data(framework)
    data["score-INH.2"] = "1"
    data["reason-INH.2"] = ""
    data["evidence-INH.2"] = "blz. 7 " + SCRIPT
    del data["score-DID.1"]
    data["summary"] = "Mijn samenvatting"
    page = client.post(form_url(product), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="error-summary"' in html
    assert "er is niets opgeslagen" in html
    assert '<a href="#reason-INH.2">INH.2: geef een toelichting bij een negatief oordeel</a>' in html
    assert '<a href="#score-DID.1-1">DID.1: kies een score' in html
    # nothing lost: the other answers, the evidence (escaped) and the summary are still there
    assert 'id="score-INH.2-1" value="1" checked' in html
    assert 'id="score-INH.1-3" value="3" checked' in html
    assert "blz. 7 &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "Mijn samenvatting" in html
    assert not ExpertReview.objects.exists()
    assert not ReviewAnswer.objects.exists()


def test_draft_then_submit_then_frozen_page(framework, product):
    client, user = reviewer_client()
    saved = client.post(form_url(product), {"actie": "concept", "score-INH.1": "4", "evidence-INH.1": "blz. 3"})
    assert saved.status_code == 302
    review = ExpertReview.objects.get()
    assert review.status == ReviewStatus.DRAFT
    again = client.get(form_url(product))
    assert 'id="score-INH.1-4" value="4" checked' in again.content.decode()
    assert 'value="blz. 3"' in again.content.decode()
    done = client.post(form_url(product), form_data(framework))
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    frozen = client.get(form_url(product))
    assert "kan niet meer worden gewijzigd" in frozen.content.decode()
    assert '<form method="post" class="review-form"' not in frozen.content.decode()
    listing = client.get("/kwaliteit/beoordelen/")
    assert "Rekenrijk groep 5" in listing.content.decode()
    assert "Ingediend" in listing.content.decode()
    assert user == review.reviewer


def test_list_searches_products_by_title_and_ean(framework, product):
    client, _user = reviewer_client()
    ProductFactory(title="Taalverhaal")
    by_title = client.get("/kwaliteit/beoordelen/", {"q": "rekenrijk"}).content.decode()
    assert form_url(product) in by_title
    assert "Taalverhaal" not in by_title
    by_ean = client.get("/kwaliteit/beoordelen/", {"q": "978-90-01000-01-1"}).content.decode()
    assert form_url(product) in by_ean
    nothing = client.get("/kwaliteit/beoordelen/", {"q": "bestaat-niet"}).content.decode()
    assert "Geen product gevonden" in nothing


@pytest.mark.parametrize("url", ["/kwaliteit/beoordelen/", "/kwaliteit/beoordelen/{uuid}/"])
def test_a_teacher_gets_a_dutch_403_that_is_audited(framework, product, url):
    membership = MembershipFactory(organisation=OrganisationFactory(school=True), role=Role.TEACHER)
    client = login_as(Client(), membership)
    page = client.get(url.format(uuid=product.uuid))
    assert page.status_code == 403
    assert "Alleen leden van een beoordelingspanel" in page.content.decode()
    denial = AuditEvent.objects.get(action="access.denied")
    assert denial.details["action"] == "quality.review"
    posted = client.post(form_url(product), form_data(framework))
    assert posted.status_code == 403
    assert not ExpertReview.objects.exists()


def test_unknown_product_is_a_dutch_404(framework):
    client, _user = reviewer_client()
    page = client.get(f"/kwaliteit/beoordelen/{uuid.uuid4()}/")
    assert page.status_code == 404
    assert "Dit product bestaat niet (meer) in de catalogus" in page.content.decode()
    public = Client().get(f"/kwaliteit/producten/{uuid.uuid4()}/beoordelingen/")
    assert public.status_code == 404


def test_public_page_is_pseudonymous_escaped_and_explains_agreement(framework, product):
    panel = OrganisationFactory(panel=True)
    first, first_user = reviewer_client(panel)
    second, second_user = reviewer_client(panel)
    data = form_data(framework, score="2")
    data["reason-INH.1"] = SCRIPT
    assert first.post(form_url(product), data).status_code == 302
    assert second.post(form_url(product), form_data(framework, score="2")).status_code == 302
    page = Client().get(f"/kwaliteit/producten/{product.uuid}/beoordelingen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Beoordelaar 1" in html
    assert "Beoordelaar 2" in html
    for user in (first_user, second_user):
        assert user.email not in html
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Krippendorffs alpha" in html
    assert "ordinaal" in html
    # both gave 2 everywhere: no variation, so alpha is undefined and said to be
    assert "alle vergelijkbare scores zijn gelijk" in html
    assert "2 beoordelaars, 4 vergelijkbare scores bij 2 criteria" in html


def test_public_page_shows_alpha_with_dutch_decimals_and_small_n_warning(framework, product):
    panel = OrganisationFactory(panel=True)
    first, _ = reviewer_client(panel)
    second, _ = reviewer_client(panel)
    one = form_data(framework, score="4")
    one.update({"score-INH.1": "1", "reason-INH.1": "Nee.", "score-INH.2": "3"})
    two = form_data(framework, score="4")
    two.update({"score-INH.1": "2", "reason-INH.1": "Nee.", "score-INH.2": "3"})
    first.post(form_url(product), one)
    second.post(form_url(product), two)
    html = Client().get(f"/kwaliteit/producten/{product.uuid}/beoordelingen/", HTTP_ACCEPT_LANGUAGE="en").content
    text = html.decode()
    # inhoud: (1, 2) and (3, 3): n1 = n2 = 1, n3 = 2, n = 4; d12 = 1, d13 = (1+1+2-1.5)^2 = 6.25, d23 = (1+2-1.5)^2
    # = 2.25; observed 2 * 1 = 2; expected 2 * (1*1*1 + 1*2*6.25 + 1*2*2.25) = 36; alpha = 1 - 3 * 2 / 36 = 0.833
    assert "alpha = 0,833" in text
    assert "Onbetrouwbaar: te weinig gegevens (2 beoordelaars, 4 vergelijkbare scores" in text
