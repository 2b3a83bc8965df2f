"""The experiences API (W6 §3, §7): public list with pseudonymous authors, writes by role, Dutch 4xx, never a 500."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import QualityAuditAction, Visibility
from wijzer.quality.domain.experience import pseudonym
from wijzer.quality.models import Experience, PublisherResponse
from wijzer.quality.tests.experience_world import actor_of, client_for, membership_for
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db
BASE = "/api/v1/quality"


@pytest.fixture
def w():
    make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Een")
    school = OrganisationFactory(school=True, name="De Wilg")
    product = ProductFactory(owner=publisher, title="Taalkracht 3")
    teacher = membership_for(school, Role.TEACHER)
    return {"publisher": publisher, "school": school, "product": product, "teacher": teacher}


def post(client: Client, path: str, body: object):
    return client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json")


def test_a_teacher_writes_then_updates_and_the_public_list_has_a_pseudonym(w):
    client = client_for(w["teacher"])
    path = f"/products/{w['product'].uuid}/experiences"
    created = post(client, path, {"scores": {"inhoud": 4, "didactiek": None}, "text": "<b>top</b>", "sector": "po"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["scores"][0] == {"topic": "inhoud", "name": "Inhoud / algemeen", "score": 4}
    assert body["context"]["sector"] == "po"
    updated = post(client, path, {"scores": {"inhoud": "2"}, "months_used": "12"})
    assert updated.status_code == 200
    assert updated.json()["id"] == body["id"]
    assert Experience.objects.count() == 1
    listing = Client().get(f"{BASE}{path}").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert item["author"] == body["author"]
    assert item["author"].startswith("schrijver-")
    assert item["author"] == pseudonym(settings.SECRET_KEY, w["teacher"].user.pk)
    assert item["author"] != pseudonym("een ander geheim", w["teacher"].user.pk)
    assert "user" not in json.dumps(item)
    assert w["teacher"].user.email not in json.dumps(listing)
    assert item["context"]["months_used"] == 12
    assert item["author_line"] == "Iemand van de school (1 jaar in gebruik)"
    assert listing["distribution"][0] == {
        "topic": "inhoud", "name": "Inhoud / algemeen", "n": 1, "counts": {"1": 0, "2": 1, "3": 0, "4": 0},
        "not_applicable": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scores": {"inhoud": 5}}, "scores.inhoud"),
        ({"scores": {"inhoud": "drie"}}, "scores.inhoud"),
        ({"scores": {"inhoud": True}}, "scores.inhoud"),
        ({"scores": {"inhoud": [3]}}, "scores.inhoud"),
        ({"scores": {"inhoud": 3}, "months_used": "twaalf"}, "months_used"),
        ({"scores": {"inhoud": 3}, "months_used": 1e9}, "months_used"),
        ({"scores": {"inhoud": 3}, "sector": "hbo"}, "sector"),
        ({"scores": {}}, "scores"),
        ({"scores": []}, None),
        ({"scores": {"inhoud": 3}, "text": 5}, None),
        ({}, None),
    ],
)
def test_odd_input_is_a_dutch_422_and_nothing_is_stored(w, body, field):
    client = client_for(w["teacher"])
    response = post(client, f"/products/{w['product'].uuid}/experiences", body)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["detail"]
    if field:
        assert field in answer["fields"]
    assert Experience.objects.count() == 0


def test_bad_uuids_and_parameters_are_dutch_4xx(w):
    client = client_for(w["teacher"])
    for path in (f"/products/{uuid.uuid4()}/experiences", "/products/geen-uuid/experiences"):
        response = Client().get(f"{BASE}{path}")
        assert response.status_code == 404
        assert "bestaat niet" in response.json()["detail"]
        assert post(client, path, {"scores": {"inhoud": 3}}).status_code == 404
    assert Client().get(f"{BASE}/products/{w['product'].uuid}/experiences", {"limit": "veel"}).status_code == 422
    assert Client().get(f"{BASE}/products/{w['product'].uuid}/experiences", {"limit": 0}).status_code == 422
    assert post(client, "/experiences/xyz/report", {"reason": "x"}).status_code == 404


def test_a_publisher_editor_may_not_write_and_the_refusal_is_audited(w):
    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    response = post(editor, f"/products/{w['product'].uuid}/experiences", {"scores": {"inhoud": 3}})
    assert response.status_code == 403
    assert "Alleen leraren" in response.json()["detail"]
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1
    assert Experience.objects.count() == 0
    assert Client().post(f"{BASE}/products/{w['product'].uuid}/experiences").status_code == 401


def test_a_token_may_not_write(w):
    _token, raw = account_actions.do_create_api_token(w["school"], name="t", scopes=["school:read"], created_by=None)
    response = Client().post(
        f"{BASE}/products/{w['product'].uuid}/experiences",
        json.dumps({"scores": {"inhoud": 3}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403
    assert Experience.objects.count() == 0


def test_the_publisher_responds_once_and_only_to_its_own_products(w):
    experience = actions.write_experience(actor_of(w["teacher"]), w["product"], scores={"inhoud": 2}, text="")
    other = client_for(membership_for(OrganisationFactory(publisher=True, name="Ander"), Role.PUBLISHER_EDITOR))
    refused = post(other, f"/experiences/{experience.uuid}/response", {"text": "Wij zijn beter"})
    assert refused.status_code == 403
    denial = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denial.details["action"] == "quality.respond"
    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    first = post(editor, f"/experiences/{experience.uuid}/response", {"text": "Dank voor uw ervaring."})
    assert first.status_code == 201
    assert first.json()["publisher"] == "Uitgeverij Een"
    second = post(editor, f"/experiences/{experience.uuid}/response", {"text": "Nog iets."})
    assert second.status_code == 422
    assert "al gereageerd" in second.json()["detail"]
    assert PublisherResponse.objects.get().text == "Dank voor uw ervaring."
    listing = Client().get(f"{BASE}/products/{w['product'].uuid}/experiences").json()
    assert listing["items"][0]["response"]["text"] == "Dank voor uw ervaring."


def test_report_hide_and_restore_through_the_api(w):
    experience = actions.write_experience(actor_of(w["teacher"]), w["product"], scores={"inhoud": 2}, text="Hmm")
    reporter = client_for(membership_for(w["school"], Role.SECTION_HEAD))
    assert post(reporter, f"/experiences/{experience.uuid}/report", {"reason": ""}).status_code == 422
    assert post(reporter, f"/experiences/{experience.uuid}/report", {"reason": "Onzin"}).status_code == 201
    assert post(reporter, f"/experiences/{experience.uuid}/report", {"reason": "Weer"}).status_code == 422
    assert post(reporter, f"/experiences/{experience.uuid}/hide", {"reason": "x"}).status_code == 403
    moderator = client_for(membership_for(OrganisationFactory(panel=True), Role.REVIEWER))
    hidden = post(moderator, f"/experiences/{experience.uuid}/hide", {"reason": "Beledigend"})
    assert hidden.status_code == 200
    assert hidden.json() == {
        "id": str(experience.uuid), "visibility": "hidden", "hidden_reason": "Beledigend", "open_reports": 0,
    }  # fmt: skip
    assert Client().get(f"{BASE}/products/{w['product'].uuid}/experiences").json()["count"] == 0
    assert post(moderator, f"/experiences/{experience.uuid}/hide", {"reason": "nog eens"}).status_code == 422
    restored = post(moderator, f"/experiences/{experience.uuid}/restore", {})
    assert restored.status_code == 200
    assert restored.json()["visibility"] == Visibility.VISIBLE
    assert Client().get(f"{BASE}/products/{w['product'].uuid}/experiences").json()["count"] == 1
    logged = AuditEvent.objects.filter(action__startswith="quality.experience_").order_by("pk")
    assert [e.action for e in logged] == [
        QualityAuditAction.EXPERIENCE_WRITTEN,
        QualityAuditAction.EXPERIENCE_REPORTED,
        QualityAuditAction.EXPERIENCE_HIDDEN,
        QualityAuditAction.EXPERIENCE_RESTORED,
    ]
    assert logged[2].details["reason"] == "Beledigend"
    assert logged[3].details["hidden_reason"] == "Beledigend"


@pytest.mark.parametrize(
    "raw",
    [
        '{"scores": {"inhoud": ' + "9" * 5000 + "}}",
        '{"scores": {"inhoud": "' + "9" * 5000 + '"}}',
        '{"scores": {"inhoud": 3}, "months_used": ' + "9" * 5000 + "}",
        '{"scores": {"inhoud": NaN}}',
        "{not json",
        '"a string"',
        "[]",
    ],
)
def test_hostile_bodies_are_dutch_4xx_never_a_500(w, raw):
    client = client_for(w["teacher"])
    client.raise_request_exception = False
    response = client.post(f"{BASE}/products/{w['product'].uuid}/experiences", raw, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["detail"]
    assert Experience.objects.count() == 0


def test_the_api_gives_the_month_as_the_open_data_does_never_exact_times(w):
    """Regression: the list gave created_at/updated_at to the microsecond while the open data gives only the month."""
    import datetime as dt

    from django.utils import timezone

    from wijzer.quality import opendata

    experience = actions.write_experience(actor_of(w["teacher"]), w["product"], scores={"inhoud": 2}, text="Matig.")
    written = dt.datetime(2026, 11, 30, 23, 30, 12, 345678, tzinfo=dt.UTC)  # 1 December 00:30 in Amsterdam
    Experience.objects.filter(pk=experience.pk).update(created_at=written, updated_at=written)
    editor = client_for(membership_for(w["publisher"], Role.PUBLISHER_EDITOR))
    answered = post(editor, f"/experiences/{experience.uuid}/response", {"text": "Dank u."}).json()
    assert answered["written"] == timezone.localtime().strftime("%Y-%m")
    assert "created_at" not in answered
    PublisherResponse.objects.update(created_at=written)
    listing = Client().get(f"{BASE}/products/{w['product'].uuid}/experiences")
    item = listing.json()["items"][0]
    assert (item["written"], item["updated"], item["response"]["written"]) == ("2026-12", "2026-12", "2026-12")
    for key in ("created_at", "updated_at"):
        assert key not in item
        assert key not in item["response"]
    assert "345678" not in listing.content.decode()
    assert "23:30" not in listing.content.decode()
    assert {r["written_in"] for r in opendata.experience_rows()} == {item["written"]}
    page = Client().get(f"/kwaliteit/producten/{w['product'].uuid}/ervaringen/").content.decode()
    assert "geschreven december 2026 " in page  # the page gives the month too, not the day
    assert "1 december 2026" not in page
