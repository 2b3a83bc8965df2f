"""Reports, moderation and publisher responses (W6 §3): once per person, reasons required, everything audited."""

from __future__ import annotations

import pytest

from wijzer.accounts import service as accounts
from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import QualityAuditAction, ReportState, Visibility
from wijzer.quality.exceptions import Forbidden, QualityError
from wijzer.quality.experience_query import moderation_queue, product_experiences
from wijzer.quality.models import ExperienceReport, PublisherResponse
from wijzer.quality.tests.experience_world import actor_for
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Een")
    school = OrganisationFactory(school=True, name="De Wilg")
    product = ProductFactory(owner=publisher, title="Taalkracht 3")
    teacher = actor_for(school, Role.TEACHER)
    experience = actions.write_experience(teacher, product, scores={"inhoud": 2}, text="Te weinig oefenstof.")
    moderator = actor_for(OrganisationFactory(panel=True), Role.REVIEWER)
    return {"publisher": publisher, "school": school, "product": product, "experience": experience, "mod": moderator}


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_a_person_reports_once_with_a_reason(w):
    reporter = actor_for(w["school"], Role.SECTION_HEAD)
    with pytest.raises(QualityError) as empty:
        actions.report(reporter, w["experience"], "   ")
    assert "reason" in empty.value.fields
    actions.report(reporter, w["experience"], "Noemt een collega")
    with pytest.raises(QualityError) as again:
        actions.report(reporter, w["experience"], "Nog een keer")
    assert "al gemeld" in again.value.message
    assert ExperienceReport.objects.count() == 1
    [logged] = events(QualityAuditAction.EXPERIENCE_REPORTED)
    assert logged.details["reason"] == "Noemt een collega"


def test_hiding_needs_a_reason_closes_open_reports_and_is_audited(w):
    actions.report(actor_for(w["school"], Role.SECTION_HEAD), w["experience"], "Onzin")
    with pytest.raises(QualityError):
        actions.hide(w["mod"], w["experience"], "")
    w["experience"].refresh_from_db()
    assert w["experience"].visibility == Visibility.VISIBLE
    assert not events(QualityAuditAction.EXPERIENCE_HIDDEN)
    hidden = actions.hide(w["mod"], w["experience"], "Beledigend voor een collega")
    assert hidden.visibility == Visibility.HIDDEN
    assert hidden.hidden_reason == "Beledigend voor een collega"
    assert hidden.hidden_by == w["mod"].user
    assert hidden.hidden_at is not None
    report = ExperienceReport.objects.get()
    assert report.state == ReportState.HIDDEN
    assert report.handled_by == w["mod"].user
    [logged] = events(QualityAuditAction.EXPERIENCE_HIDDEN)
    assert logged.details["reason"] == "Beledigend voor een collega"
    assert logged.details["reports_closed"] == 1
    assert logged.actor == w["mod"].user
    assert product_experiences(w["product"]) == []
    own = product_experiences(w["product"], viewer_id=w["experience"].author_id)
    assert [v.hidden_reason for v in own] == ["Beledigend voor een collega"]


def test_restore_makes_it_visible_again_and_is_audited_with_the_old_reason(w):
    actions.hide(w["mod"], w["experience"], "Twijfel")
    restored = actions.restore(w["mod"], w["experience"])
    assert restored.visibility == Visibility.VISIBLE
    assert restored.hidden_reason == ""
    assert restored.hidden_by is None
    [logged] = events(QualityAuditAction.EXPERIENCE_RESTORED)
    assert logged.details["hidden_reason"] == "Twijfel"
    with pytest.raises(QualityError):
        actions.restore(w["mod"], w["experience"])
    assert len(product_experiences(w["product"])) == 1


def test_dismissing_keeps_the_experience_and_is_audited(w):
    actions.report(actor_for(w["school"], Role.SECTION_HEAD), w["experience"], "Klopt niet")
    actions.report(actor_for(w["school"], Role.SCHOOL_LEADER), w["experience"], "Vind ik ook")
    reported, recent = moderation_queue()
    assert [row.experience.uuid for row in reported] == [str(w["experience"].uuid)]
    assert reported[0].open_reports == 2
    assert recent == []
    assert actions.dismiss_reports(w["mod"], w["experience"]) == 2
    assert set(ExperienceReport.objects.values_list("state", flat=True)) == {ReportState.KEPT}
    [logged] = events(QualityAuditAction.REPORT_DISMISSED)
    assert logged.details["reports_kept"] == 2
    with pytest.raises(QualityError):
        actions.dismiss_reports(w["mod"], w["experience"])
    reported, recent = moderation_queue()
    assert reported == []
    assert [row.experience.uuid for row in recent] == [str(w["experience"].uuid)]
    w["experience"].refresh_from_db()
    assert w["experience"].visibility == Visibility.VISIBLE


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PUBLISHER_EDITOR, Role.SCHOOL_LEADER])
def test_only_moderators_hide_and_a_refusal_is_audited(w, role):
    org = w["publisher"] if role == Role.PUBLISHER_EDITOR else w["school"]
    with pytest.raises(Forbidden):
        actions.hide(actor_for(org, role), w["experience"], "Weg ermee")
    w["experience"].refresh_from_db()
    assert w["experience"].visibility == Visibility.VISIBLE
    denial = AuditEvent.objects.get(action=accounts.AuditAction.ACCESS_DENIED)
    assert denial.details["action"] == "quality.moderate"


def test_a_platform_admin_moderates_too(w):
    admin = actor_for(OrganisationFactory(platform=True), Role.PLATFORM_ADMIN)
    assert actions.hide(admin, w["experience"], "Spam").visibility == Visibility.HIDDEN


def test_the_publisher_responds_once_to_its_own_product_and_moderation_can_hide_it(w):
    other = actor_for(OrganisationFactory(publisher=True, name="Ander"), Role.PUBLISHER_EDITOR)
    with pytest.raises(Forbidden):
        actions.respond(other, w["experience"], "Wij doen het beter.")
    assert AuditEvent.objects.get(action=accounts.AuditAction.ACCESS_DENIED).details["action"] == "quality.respond"
    editor = actor_for(w["publisher"], Role.PUBLISHER_EDITOR)
    with pytest.raises(QualityError):
        actions.respond(editor, w["experience"], "x" * 2001)
    response = actions.respond(editor, w["experience"], "Dank u; in de herziene druk staat meer oefenstof.")
    assert response.organisation == w["publisher"]
    with pytest.raises(QualityError) as again:
        actions.respond(editor, w["experience"], "Nog iets.")
    assert "al gereageerd" in again.value.message
    assert PublisherResponse.objects.count() == 1
    assert len(events(QualityAuditAction.RESPONSE_WRITTEN)) == 1
    [shown] = product_experiences(w["product"])
    assert shown.response is not None
    assert shown.response.publisher == "Uitgeverij Een"
    actions.hide_response(w["mod"], w["experience"], "Persoonlijk")
    [logged] = events(QualityAuditAction.RESPONSE_HIDDEN)
    assert logged.details["reason"] == "Persoonlijk"
    [shown] = product_experiences(w["product"])
    assert shown.response is not None
    assert shown.response.hidden
    with pytest.raises(QualityError):
        actions.hide_response(w["mod"], w["experience"], "Nog eens")


def test_a_platform_product_gets_no_publisher_response(w):
    platform_product = ProductFactory(owner=None)
    experience = actions.write_experience(
        actor_for(w["school"], Role.SCHOOL_LEADER), platform_product, scores={"inhoud": 4}, text=""
    )
    with pytest.raises(Forbidden):
        actions.respond(actor_for(w["publisher"], Role.PUBLISHER_EDITOR), experience, "Hallo")


def test_rewriting_a_hidden_experience_keeps_it_hidden(w):
    actions.hide(w["mod"], w["experience"], "Scheldwoord")
    teacher = actor_for(w["school"], Role.TEACHER)
    author = accounts.Actor("auteur", w["school"], role=teacher.role, user=w["experience"].author)
    rewritten = actions.write_experience(author, w["product"], scores={"inhoud": 3}, text="Netjes herschreven.")
    assert rewritten.pk == w["experience"].pk
    assert rewritten.visibility == Visibility.HIDDEN
    assert rewritten.hidden_reason == "Scheldwoord"
    assert product_experiences(w["product"]) == []


def test_an_author_cannot_report_their_own_experience_by_post_and_nothing_is_stored(w):
    """Regression: the page hides the "Melden" link for the author, but a POST (page or API) reported all the same."""
    from wijzer.quality.tests.experience_world import client_for

    author = w["experience"].author
    membership = author.memberships.get(organisation=w["school"])
    own = accounts.Actor("auteur", w["school"], role=actor_for(w["school"], Role.TEACHER).role, user=author)
    with pytest.raises(Forbidden) as refused:
        actions.report(own, w["experience"], "Ik meld mezelf")
    assert refused.value.message == actions.OWN_EXPERIENCE
    client = client_for(membership)
    url = f"/kwaliteit/ervaringen/{w['experience'].uuid}/melden/"
    response = client.post(url, {"reason": "Ik meld mezelf"})
    assert response.status_code == 403
    assert "U kunt uw eigen ervaring niet melden" in response.content.decode()
    assert client.get(url).status_code == 403
    api = client.post(
        f"/api/v1/quality/experiences/{w['experience'].uuid}/report",
        {"reason": "Ik meld mezelf"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert api.json()["detail"] == actions.OWN_EXPERIENCE
    assert ExperienceReport.objects.count() == 0
    assert events(QualityAuditAction.EXPERIENCE_REPORTED) == []


def test_demo_labels_are_never_inherited_by_a_real_response(w):
    """Regression: `respond` copied the experience's is_demo, so a real response to a demo experience said
    "voorbeeldgegevens". Only the demo loader says is_demo, explicitly."""
    demo_experience = actions.write_experience(
        actor_for(w["school"], Role.SECTION_HEAD), w["product"], scores={"inhoud": 3}, text="Voorbeeld", is_demo=True
    )
    editor = actor_for(w["publisher"], Role.PUBLISHER_EDITOR)
    real = actions.respond(editor, demo_experience, "Een echte reactie.")
    assert real.is_demo is False
    loaded = actions.respond(editor, w["experience"], "Uit de demo.", is_demo=True)
    assert loaded.is_demo is True


def test_a_response_on_rewritten_text_is_kept_and_marked_as_about_an_earlier_version(w):
    """Regression: a rewrite left the publisher's response answering text it never saw, unmarked."""
    from django.test import Client

    from wijzer.quality.models import Experience

    teacher = actor_for(w["school"], Role.TEACHER)
    author = accounts.Actor("auteur", w["school"], role=teacher.role, user=w["experience"].author)
    editor = actor_for(w["publisher"], Role.PUBLISHER_EDITOR)
    actions.respond(editor, w["experience"], "Dank u; de herziene druk heeft meer oefenstof.")
    assert Experience.objects.get().rewritten_at is None
    # the same text and scores again, or only context changed: not a rewrite
    actions.write_experience(author, w["product"], scores={"inhoud": 2}, text="Te weinig oefenstof.", sector="vo")
    assert Experience.objects.get().rewritten_at is None
    [shown] = product_experiences(w["product"])
    assert shown.response is not None
    assert shown.response.earlier_version is False
    # moderation never counts as a rewrite
    actions.hide(w["mod"], w["experience"], "Even nakijken")
    actions.restore(w["mod"], w["experience"])
    assert Experience.objects.get().rewritten_at is None

    actions.write_experience(author, w["product"], scores={"inhoud": 3}, text="Te weinig oefenstof.", sector="vo")
    rewritten = Experience.objects.get().rewritten_at
    assert rewritten is not None
    assert PublisherResponse.objects.count() == 1
    [shown] = product_experiences(w["product"])
    assert shown.response is not None
    assert shown.response.earlier_version is True
    page = Client().get(f"/kwaliteit/producten/{w['product'].uuid}/ervaringen/").content.decode()
    assert "Dank u; de herziene druk heeft meer oefenstof." in page
    assert "Deze reactie gaat over een eerdere versie van de ervaring." in page
    body = Client().get(f"/api/v1/quality/products/{w['product'].uuid}/experiences").json()
    assert body["items"][0]["response"]["earlier_version"] is True
    [logged] = events(QualityAuditAction.EXPERIENCE_WRITTEN)[-1:]
    assert logged.details["rewritten"] is True


def test_a_new_response_after_a_rewrite_is_not_marked(w):
    teacher = actor_for(w["school"], Role.TEACHER)
    author = accounts.Actor("auteur", w["school"], role=teacher.role, user=w["experience"].author)
    actions.write_experience(author, w["product"], scores={"inhoud": 2}, text="Anders verwoord.")
    actions.respond(actor_for(w["publisher"], Role.PUBLISHER_EDITOR), w["experience"], "Dank u.")
    [shown] = product_experiences(w["product"])
    assert shown.response is not None
    assert shown.response.earlier_version is False
