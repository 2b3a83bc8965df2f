"""The API documentation page is part of the site (W5.3): Dutch, lang="nl", a way back, every operation listed."""

from __future__ import annotations

import re

import pytest

from wijzer.api import api
from wijzer.web.api_docs import type_words


def test_the_docs_page_is_a_dutch_page_of_the_site_with_every_operation(client):
    # when
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    # then
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert '<a href="/">Terug naar Wijzer</a>' in html
    assert '<main id="inhoud"' in html
    assert "swagger" not in html.lower()
    schema = api.get_openapi_schema()
    expected = sorted(f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops)
    shown = sorted(
        f"{m} {p}" for m, p in re.findall(r'api-method--\w+">(\w+)</span> <code class="api-path">([^<]+)</code>', html)
    )
    assert shown == expected
    assert "<caption>Parameters</caption>" in html
    assert "API-sleutel (Authorization: Bearer wzr_…)" in html


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 500}, "geheel getal (1 tot 500)"),
        ({"anyOf": [{"enum": ["po", "vo"], "type": "string"}, {"type": "null"}]}, "een van: po, vo (mag leeg)"),
        ({"type": "array", "items": {"type": "string"}}, "lijst van tekst"),
        ({"$ref": "#/components/schemas/GoalPage"}, "GoalPage"),
    ],
)
def test_schema_types_are_described_in_dutch(schema, words):
    assert type_words(schema) == words
