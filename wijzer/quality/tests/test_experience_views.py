"""The experience pages (W6 §3): public list, form, report, respond, moderation queue, school holdings."""

from __future__ import annotations

import uuid

from django.test import Client

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import QualityAuditAction, ReportState, Visibility
from wijzer.quality.models import Experience, ExperienceReport, PublisherResponse, SchoolHolding
from wijzer.quality.tests.experience_world import actor_of, client_for, membership_for
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def w():
    make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Een")
    board = OrganisationFactory(board=True, name="Bestuur Een")
    school = OrganisationFactory(school=True, name="De Wilg", parent=board)
    product = ProductFactory(owner=publisher, title="Rekenrijk 5", product_id="9789000000017")
    teacher = membership_for(school, Role.TEACHER)
    return {"publisher": publisher, "board": board, "school": school, "product": product, "teacher": teacher}


def list_page(client: Client, product) -> str:
    response = client.get(f"/kwaliteit/producten/{product.uuid}/ervaringen/")
    assert response.status_code == 200
    return response.content.decode()


def write(membership, product, text="Goed.", **kwargs):
    return actions.write_experience(actor_of(membership), product, scores={"inhoud": 3}, text=text, **kwargs)


def test_the_public_list_shows_scores_context_and_escapes_scripts(w):
    write(w["teacher"], w["product"], text=f"Prima {SCRIPT}", sector="vo", level="havo 3", months_used=24)
    page = list_page(Client(), w["product"])
    assert "Iemand van de school (vo, havo 3, 2 jaar in gebruik)" in page
    assert "Een leraar" not in page
    assert "n is het aantal ervaringen met een score 1–4" in page  # the same n as the profile
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "3 – Deels eens" in page
    assert w["teacher"].user.email not in page
    assert w["teacher"].user.last_name not in page
    assert "Geverifieerd gebruik</span>" not in page
    assert "1 ervaring van leraren, waarvan 0 met geverifieerd gebruik" in page


def test_an_unknown_product_is_a_dutch_404(w):
    for value in (uuid.uuid4(), "geen-uuid"):
        response = Client().get(f"/kwaliteit/producten/{value}/ervaringen/")
        assert response.status_code == 404
        assert "Dit product bestaat niet (meer) in de catalogus" in response.content.decode()
    client = client_for(w["teacher"])
    assert client.get(f"/kwaliteit/producten/{uuid.uuid4()}/ervaring/").status_code == 404


def test_the_verified_mark_follows_the_holding_of_the_school_or_the_branchs_school(w):
    branch = OrganisationFactory(branch=True, name="De Wilg Noord", parent=w["school"])
    other = OrganisationFactory(school=True, name="Andere school")
    by_branch = write(membership_for(branch, Role.TEACHER), w["product"], text="vestiging")
    by_other = write(membership_for(other, Role.TEACHER), w["product"], text="ander")
    leader = membership_for(w["school"], Role.SCHOOL_LEADER)
    actions.declare_holding(actor_of(leader), w["school"], w["product"])
    page = list_page(Client(), w["product"])
    marked = {e: f'id="ervaring-{e.uuid}"' for e in (by_branch, by_other)}
    section_branch = page.split(marked[by_branch])[1].split("</article>")[0]
    section_other = page.split(marked[by_other])[1].split("</article>")[0]
    assert "Geverifieerd gebruik" in section_branch
    assert "Geverifieerd gebruik" not in section_other
    actions.remove_holding(actor_of(leader), w["school"], w["product"])
    page = list_page(Client(), w["product"])
    assert "Geverifieerd gebruik</span>" not in page


def test_the_form_writes_and_then_updates_the_own_experience(w):
    client = client_for(w["teacher"])
    url = f"/kwaliteit/producten/{w['product'].uuid}/ervaring/"
    page = client.get(url).content.decode()
    assert "<legend>Inhoud / algemeen</legend>" in page
    assert "vervangt uw eerdere ervaring" not in page
    data = {"score-inhoud": "4", "score-didactiek": "nvt", "text": "Eerste", "sector": "po", "months_used": "5"}
    response = client.post(url, data, follow=True)
    assert "Dank u wel: uw ervaring is geplaatst." in response.content.decode()
    page = client.get(url).content.decode()
    assert "vervangt uw eerdere ervaring" in page
    assert 'value="4" checked' in page
    assert ">Eerste</textarea>" in page
    response = client.post(url, {**data, "text": "Tweede"}, follow=True)
    assert "Uw ervaring is bijgewerkt." in response.content.decode()
    assert Experience.objects.get().text == "Tweede"


def test_the_form_shows_dutch_errors_linked_to_the_fields_and_stores_nothing(w):
    client = client_for(w["teacher"])
    url = f"/kwaliteit/producten/{w['product'].uuid}/ervaring/"
    page = client.post(url, {"score-inhoud": "7", "text": "x" * 2001, "months_used": "veel"}).content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#score-inhoud-1"' in page
    assert 'href="#ervaring-tekst"' in page
    assert 'href="#ervaring-maanden"' in page
    assert "Een score ligt tussen 1 en 4 (gegeven: 7)" in page
    assert Experience.objects.count() == 0


def test_the_form_is_for_school_staff_only(w):
    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    response = editor.get(f"/kwaliteit/producten/{w['product'].uuid}/ervaring/")
    assert response.status_code == 403
    assert "Alleen leraren, sectievoorzitters en schoolleiders" in response.content.decode()
    assert Client().get(f"/kwaliteit/producten/{w['product'].uuid}/ervaring/").status_code == 302


def test_a_hidden_experience_is_gone_publicly_and_the_author_sees_the_reason(w):
    experience = write(w["teacher"], w["product"], text="Verborgen tekst")
    moderator = membership_for(OrganisationFactory(panel=True), Role.REVIEWER)
    actions.hide(actor_of(moderator), experience, "Noemt een leerling bij naam.")
    assert "Verborgen tekst" not in list_page(Client(), w["product"])
    other = client_for(membership_for(w["school"], Role.SECTION_HEAD))
    assert "Verborgen tekst" not in list_page(other, w["product"])
    own = list_page(client_for(w["teacher"]), w["product"])
    assert "Verborgen tekst" in own
    assert "verborgen door de moderatie: Noemt een leerling bij naam." in own


def test_the_publisher_cannot_read_a_hidden_experience_through_the_respond_page(w):
    experience = write(w["teacher"], w["product"], text="Bel mij: 06-12345678")
    moderator = membership_for(OrganisationFactory(panel=True), Role.REVIEWER)
    actions.hide(actor_of(moderator), experience, "Telefoonnummer")
    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    url = f"/kwaliteit/ervaringen/{experience.uuid}/reactie/"
    response = editor.get(url)
    assert response.status_code == 404
    assert "06-12345678" not in response.content.decode()
    assert "Deze ervaring bestaat niet (meer)" in response.content.decode()
    response = editor.post(url, {"text": "Dank"})
    assert response.status_code == 404
    assert "06-12345678" not in response.content.decode()
    assert not PublisherResponse.objects.exists()


def test_report_respond_and_moderate_through_the_pages(w):
    experience = write(w["teacher"], w["product"], text="Matig")
    reporter = client_for(membership_for(w["school"], Role.SECTION_HEAD))
    url = f"/kwaliteit/ervaringen/{experience.uuid}/melden/"
    assert "Vul de reden van uw melding in" in reporter.post(url, {"reason": " "}).content.decode()
    response = reporter.post(url, {"reason": "Reclame"}, follow=True)
    assert "Uw melding is ontvangen" in response.content.decode()
    assert "al gemeld" in reporter.post(url, {"reason": "Nog eens"}).content.decode()
    assert ExperienceReport.objects.count() == 1

    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    response = editor.post(f"/kwaliteit/ervaringen/{experience.uuid}/reactie/", {"text": f"Dank {SCRIPT}"}, follow=True)
    page = response.content.decode()
    assert "Reactie van Uitgeverij Een" in page
    assert SCRIPT not in page
    other_editor = client_for(membership_for(OrganisationFactory(publisher=True), Role.PUBLISHER_EDITOR))
    assert other_editor.get(f"/kwaliteit/ervaringen/{experience.uuid}/reactie/").status_code == 403

    moderator = client_for(membership_for(OrganisationFactory(panel=True), Role.REVIEWER))
    queue = moderator.get("/kwaliteit/moderatie/").content.decode()
    assert "1 ervaring met open meldingen" in queue
    assert "Reclame" in queue
    moderate = f"/kwaliteit/ervaringen/{experience.uuid}/modereren/"
    page = moderator.post(moderate, {"decision": "hide", "reason": ""}, follow=True).content.decode()
    assert "Vul de reden van verbergen" in page
    moderator.post(moderate, {"decision": "hide", "reason": "Reclame voor een ander product"})
    experience.refresh_from_db()
    assert experience.visibility == Visibility.HIDDEN
    assert ExperienceReport.objects.get().state == ReportState.HIDDEN
    moderator.post(moderate, {"decision": "restore"})
    experience.refresh_from_db()
    assert experience.visibility == Visibility.VISIBLE
    moderator.post(moderate, {"decision": "hide_response", "reason": "Persoonlijke aanval"})
    assert PublisherResponse.objects.get().visibility == Visibility.HIDDEN
    assert "Reactie van Uitgeverij Een" not in list_page(Client(), w["product"])
    respond_page = editor.get(f"/kwaliteit/ervaringen/{experience.uuid}/reactie/").content.decode()
    assert "De reactie van Uitgeverij Een is verborgen door de moderatie: Persoonlijke aanval" in respond_page
    assert reporter.get("/kwaliteit/moderatie/").status_code == 403


def test_the_holdings_page_adds_by_ean_and_removes(w):
    leader = client_for(membership_for(w["school"], Role.SCHOOL_LEADER))
    url = f"/kwaliteit/school/{w['school'].uuid}/gebruik/"
    page = leader.get(url).content.decode()
    assert "ECK iD-keten (W9)" in page
    page = leader.get(url, {"zoek": "978-9000000017"}).content.decode()
    assert "Rekenrijk 5" in page
    assert leader.get(url, {"zoek": "rekenrijk"}).content.decode().count("Toevoegen<span") == 1
    leader.post(url, {"decision": "add", "product": str(w["product"].uuid)})
    assert SchoolHolding.objects.filter(school=w["school"], product=w["product"]).exists()
    page = leader.get(url).content.decode()
    assert "Opgegeven producten (1)" in page
    leader.post(url, {"decision": "remove", "product": str(w["product"].uuid)})
    assert not SchoolHolding.objects.exists()
    actions_logged = list(
        AuditEvent.objects.filter(action__startswith="quality.holding").order_by("pk").values_list("action", flat=True)
    )
    assert actions_logged == [QualityAuditAction.HOLDING_DECLARED, QualityAuditAction.HOLDING_REMOVED]
    teacher = client_for(w["teacher"])
    assert teacher.get(url).status_code == 403


def test_a_board_buyer_picks_one_of_the_boards_schools(w):
    buyer = client_for(membership_for(w["board"], Role.BOARD_BUYER))
    page = buyer.get(f"/kwaliteit/school/{w['board'].uuid}/gebruik/").content.decode()
    assert f'href="/kwaliteit/school/{w["school"].uuid}/gebruik/"' in page
    buyer.post(f"/kwaliteit/school/{w['school'].uuid}/gebruik/", {"decision": "add", "product": str(w["product"].uuid)})
    assert SchoolHolding.objects.filter(school=w["school"]).count() == 1


def test_a_school_leader_finds_the_holdings_page_from_the_list(w):
    leader = client_for(membership_for(w["school"], Role.SCHOOL_LEADER))
    page = list_page(leader, w["product"])
    assert f'href="/kwaliteit/school/{w["school"].uuid}/gebruik/?zoek=9789000000017"' in page
    assert "/gebruik/" not in list_page(client_for(w["teacher"]), w["product"])


def test_the_home_page_offers_the_holdings_to_a_school_leader_and_the_queue_to_moderators(w):
    leader = client_for(membership_for(w["school"], Role.SCHOOL_LEADER))
    home = leader.get("/").content.decode()
    assert f'href="/kwaliteit/school/{w["school"].uuid}/gebruik/">Producten die uw school gebruikt</a>' in home
    assert "/gebruik/" not in client_for(w["teacher"]).get("/").content.decode()
    experience = write(w["teacher"], w["product"])
    actions.report(actor_of(membership_for(w["school"], Role.SECTION_HEAD)), experience, "Reclame")
    moderator = client_for(membership_for(OrganisationFactory(panel=True), Role.REVIEWER))
    assert 'href="/kwaliteit/moderatie/">Ervaringen modereren (1 gemeld)</a>' in moderator.get("/").content.decode()
