"""django-ninja's own English answers (CSRF, an unreadable body, a wrong method) reach API users in Dutch."""

from __future__ import annotations

import uuid

from django.test import Client

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.helpers import build_world, login_as


@pytest.mark.django_db
def test_a_session_post_without_the_csrf_token_is_refused_in_dutch() -> None:
    world = build_world()
    client = login_as(Client(enforce_csrf_checks=True), world.members[Role.TEACHER])
    response = client.post(
        f"/api/v1/quality/experiences/{uuid.uuid4()}/report", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert detail.startswith("De CSRF-controle is mislukt")
    assert "X-CSRFToken" in detail


@pytest.mark.django_db
def test_an_unreadable_json_body_is_a_dutch_400() -> None:
    world = build_world()
    client = login_as(Client(), world.members[Role.TEACHER])
    response = client.post("/api/v1/alignment/suggest", b"{niet: json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "De inhoud van het verzoek kon niet worden gelezen: stuur geldige JSON (Content-Type: application/json)."
    )


@pytest.mark.django_db
def test_a_wrong_method_on_the_api_is_a_dutch_405_with_the_allowed_methods(client: Client) -> None:
    response = client.put("/api/v1/curriculum/subjects")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "De methode PUT kan hier niet; wel: GET."}
