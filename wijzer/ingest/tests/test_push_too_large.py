"""A push over the size limit gets a JSON 413 with a Dutch detail, not the HTML error page (W5.1 item 7f)."""

from __future__ import annotations

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.models import Product
from wijzer.ingest.models import Run

from .conftest import ECK_SAMPLE

pytestmark = pytest.mark.usefixtures("slo")


def test_a_push_over_the_limit_is_a_json_413_and_writes_nothing(settings):
    # given a valid token and a body one byte over the limit
    publisher = OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Proef")
    _row, token = account_actions.do_create_api_token(publisher, name="feed", scopes=("catalog:push",), created_by=None)
    body = ECK_SAMPLE.read_bytes()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body) - 1
    # when
    response = Client(raise_request_exception=False).post(
        "/api/v1/ingest/push", body, content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    # then
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": f"De aanlevering is te groot: hoogstens {len(body) - 1} bytes per verzoek. Verdeel de records over "
        "meerdere verzoeken, of lever grote bestanden aan via een harvest of `wijzer ingest`."
    }
    assert (Run.objects.count(), Product.objects.count()) == (0, 0)


def test_any_api_body_over_the_limit_is_a_json_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    response = Client(raise_request_exception=False).post(
        "/api/v1/alignment/suggest", b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("De aanlevering is te groot: hoogstens 2 MB per verzoek.")
