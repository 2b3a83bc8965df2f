"""The curriculum API: counts, filters, pagination, stale ids and Dutch errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("slo")

URL = "/api/v1/curriculum/goals"


@pytest.mark.parametrize(
    ("_case", "params", "count"),
    [
        ("po 2006", {"framework": "kerndoelen-2006", "sector": "po"}, 58),
        ("vo 2006", {"framework": "kerndoelen-2006", "sector": "vo"}, 58),
        ("all 2006", {"framework": "kerndoelen-2006"}, 405),
        ("fo doelzinnen", {"framework": "kerndoelen-fo"}, 372),
        ("fo kernzinnen", {"framework": "kerndoelen-fo", "kind": "kernzin"}, 171),
        ("both frameworks", {}, 777),
    ],
)
def test_goal_counts_equal_the_source(client, _case, params, count):
    data = client.get(URL, {**params, "limit": 1}).json()
    assert data["count"] == count
    assert len(data["items"]) == 1


def test_items_carry_the_contract_fields(client):
    item = client.get(URL, {"framework": "kerndoelen-2006", "sector": "po", "limit": 1}).json()["items"][0]
    assert item["id"] == "8cd7169b-ec2b-4b1a-bc35-e2d2ac49e902"
    assert item["code"] == "PO Kerndoel 01"
    assert item["title"] == "Informatie verwerven"
    assert item["text"].startswith("De leerlingen leren informatie te verwerven")
    assert item["framework"] == "kerndoelen-2006"
    assert item["sectors"] == ["po"]
    assert item["subjects"] == [{"id": item["subjects"][0]["id"], "title": "Nederlands"}]


def test_pagination_returns_disjoint_pages(client):
    first = client.get(URL, {"framework": "kerndoelen-2006", "sector": "po", "limit": 30}).json()["items"]
    second = client.get(URL, {"framework": "kerndoelen-2006", "sector": "po", "limit": 30, "offset": 30}).json()
    ids = [i["id"] for i in first] + [i["id"] for i in second["items"]]
    assert len(ids) == 58
    assert len(set(ids)) == 58


def test_subject_filter_by_slug(client):
    data = client.get(URL, {"framework": "kerndoelen-2006", "sector": "po", "subject": "rekenen-en-wiskunde"}).json()
    codes = sorted(i["code"] for i in data["items"])
    assert codes == [f"PO Kerndoel {n}" for n in range(23, 34)]


def test_text_query_filters_on_goal_text(client):
    data = client.get(URL, {"q": "breuken", "framework": "kerndoelen-2006", "sector": "po"}).json()
    assert [i["code"] for i in data["items"]] == ["PO Kerndoel 26"]


def test_fo_doelzin_names_its_kerndoel(client):
    items = client.get(URL, {"framework": "kerndoelen-fo", "q": "breuken als getal", "limit": 100}).json()["items"]
    item = next(i for i in items if i["goal_set"]["title"] == "Kerndoelen rekenen en wiskunde")
    assert item["code"] == "Doelzin 10B"
    assert item["parent"]["code"] == "Kerndoel 10"
    assert item["kerndoel"] == item["parent"]  # the old name, a deprecated alias (W5.4)
    assert item["sectors"] == ["po", "so"]


def test_goal_by_uuid_has_detail(client):
    data = client.get(f"{URL}/7e4abff8-ed83-4e2e-be18-606d49a43f2c").json()
    assert data["code"] == "Kerndoel 18"
    assert data["kind"] == "kernzin"
    assert [c["code"] for c in data["children"]] == ["Doelzin 18A", "Doelzin 18B", "Doelzin 18C"]
    assert data["doelzinnen"] == data["children"]  # the old name, a deprecated alias (W5.4)
    assert data["parent"] is None
    assert data["resolved_from"] is None


def test_deprecated_uuid_answers_with_the_current_goal(client):
    # PO Kerndoel 40 (old id d803cf62…) is replaced by 2de22d5b… in deprecated.json
    data = client.get(f"{URL}/d803cf62-cf7e-404c-b650-8c7543534b6d").json()
    assert data["id"] == "2de22d5b-8896-4338-a202-519119b58c56"
    assert data["code"] == "PO Kerndoel 40"
    assert data["resolved_from"] == "d803cf62-cf7e-404c-b650-8c7543534b6d"


def test_unknown_uuid_is_404_in_dutch(client):
    response = client.get(f"{URL}/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Geen doel gevonden")


def test_malformed_uuid_is_422_in_dutch(client):
    response = client.get(f"{URL}/niet-een-uuid")
    assert response.status_code == 422
    assert "geen geldige SLO-id" in response.json()["detail"]


def test_bad_limit_is_refused_in_dutch(client):
    response = client.get(URL, {"limit": 0})
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


def test_unknown_framework_is_refused_in_dutch(client):
    response = client.get(URL, {"framework": "kerndoelen-1999"})
    assert response.status_code == 422
    assert "framework" in response.json()["detail"]
    assert "Ongeldige invoer" in response.json()["detail"]


def test_openapi_document_lists_the_goal_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/curriculum/goals" in paths
    assert "/api/v1/curriculum/goals/{goal_id}" in paths


def test_openapi_document_marks_the_old_field_names_as_deprecated_aliases(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    detail = schemas["GoalDetailOut"]["properties"]
    for old, new in (("kerndoel", "parent"), ("doelzinnen", "children")):
        assert detail[old]["deprecated"] is True
        assert detail[old]["description"] == f"Oude naam van `{new}` (alias: {old}, verouderd); gebruik `{new}`."
        assert "deprecated" not in detail[new]
    assert schemas["GoalOut"]["properties"]["kerndoel"]["deprecated"] is True
