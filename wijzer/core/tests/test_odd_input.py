"""Odd query parameters never give a 5xx (W5.1 item 7a): every GET operation of the OpenAPI schema and every list or
query parameter of the HTML list pages, fed huge and negative numbers, unicode digits, empty and very long strings,
NUL bytes and repeated values (lists)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.helpers import build_world, login_as
from wijzer.alignment.demo import load_demo_alignment
from wijzer.api import api
from wijzer.catalog.domain.search.facets import FACET_NAMES
from wijzer.catalog.models import Method, Product
from wijzer.choice.domain.ranking import CRITERIA as CHOICE_CRITERIA
from wijzer.choice.models import ChoiceProfile
from wijzer.choice.tests.shortlist_world import recorded_decision
from wijzer.core.params import DB_INT_MAX, clamped_int, db_ids, page_number, parse_int
from wijzer.curriculum.models import Goal
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.ingest.models import Source
from wijzer.quality.tests.factories import make_framework

ODD_STRINGS = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "+1",
    "²",
    "①",
    "٣",
    "１２",
    "1_000",
    "1e9",
    "1.5",
    "0x10",
    "NaN",
    "inf",
    "\x00",
    "1\x00",
    "a\x00b",
    "null",
    "[]",
    "%",
    "'",
    '"',
    "<script>",
    str(2**31),
    str(DB_INT_MAX),
    str(DB_INT_MAX + 1),
    str(-(2**63)),
    "99999999999999999999",
    "99999999999999999999999",
]

odd_value = st.one_of(  # half of the draws are the known troublemakers above
    st.sampled_from(ODD_STRINGS),
    st.one_of(
        st.integers().map(str),
        st.integers(min_value=19, max_value=5000).map(lambda n: "9" * n),
        st.integers(min_value=200, max_value=20_000).map(lambda n: "ä" * n),
        st.text(max_size=40),
    ),
)
odd_values = st.lists(odd_value, min_size=1, max_size=3)  # one value, or the parameter repeated (a list)


def _api_operations() -> list[tuple[str, list[str], list[str]]]:
    """(path template, path parameter names, query parameter names) of every GET operation."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" in operations:
            parameters = operations["get"].get("parameters", [])
            found.append(
                (
                    path,
                    [p["name"] for p in parameters if p["in"] == "path"],
                    [p["name"] for p in parameters if p["in"] == "query"],
                )
            )
    return found


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def _check(client: Any, path: str, params: dict[str, list[str]]) -> None:
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)


@pytest.fixture
def site(slo: None, client: Any) -> dict[str, Any]:
    load_demo_catalogue()
    load_demo_alignment()
    world = build_world()
    login_as(client, world.members[Role.PLATFORM_ADMIN])
    method = Method.objects.filter(is_demo=True).order_by("pk").first()
    assert method is not None
    decision = recorded_decision(world, Product.objects.order_by("pk")[0])  # W8 a section's shortlist and decision
    profile = ChoiceProfile.objects.create(  # W8 a school's saved choice profile
        organisation=world.school, name="Oneven", sector="vo", subject_id="Rekenen en wiskunde", pupils=30,
        budget_per_pupil_cents=4000, created_by=world.members[Role.SECTION_HEAD].user,
    )  # fmt: skip
    return {
        "client": client,
        "real": {
            "goal_id": str(Goal.objects.order_by("pk").values_list("uuid", flat=True)[0]),
            "product_id": str(Product.objects.order_by("pk").values_list("uuid", flat=True)[0]),
            "name": Source.objects.order_by("pk").values_list("name", flat=True)[0],
            "method_id": str(method.uuid),
            "method_uuid": str(method.uuid),
            "product_uuid": str(Product.objects.order_by("pk").values_list("uuid", flat=True)[0]),
            "version": make_framework().version,
            "publisher_uuid": str(world.publisher.uuid),  # W7 lock-in per publisher
            "school_uuid": str(world.school.uuid),  # W7 a school's costs (the client is a platform admin)
            "shortlist_uuid": str(decision.shortlist.uuid),
            "decision_uuid": str(decision.uuid),
            "profile_uuid": str(profile.uuid),
            "organisation_uuid": str(world.school.uuid),
        },
    }


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPERATIONS = _api_operations()


def test_the_walk_covers_the_whole_schema() -> None:
    assert len(OPERATIONS) >= 14
    assert "/api/v1/catalog/search" in {path for path, _p, _q in OPERATIONS}


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "path_names", "query_names"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_no_get_operation_of_the_api_answers_5xx_to_odd_parameters(
    site: dict[str, Any], path: str, path_names: list[str], query_names: list[str]
) -> None:
    @SETTINGS
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        values = {
            name: data.draw(st.one_of(st.just(site["real"][name]), odd_value.filter(lambda v: "/" not in v)))
            for name in path_names
        }
        chosen = data.draw(st.lists(st.sampled_from(query_names), unique=True)) if query_names else []
        _check(site["client"], _fill(path, values), {name: data.draw(odd_values) for name in chosen})

    walk()


# W8: the profile form's fields (GET), on the ranking and mix pages of an ad-hoc and of a saved profile
CHOICE_FIELDS = ["sector", "subject", "pupils", "budget_per_pupil", "framework", "levels", "required_goals", "vision",
                 "must_haves", "count_suggested"]  # fmt: skip
CHOICE_PAGES = ["/keuzehulp/rangschikking/", "/keuzehulp/mix/", "/keuzehulp/profiel/{profile_uuid}/rangschikking/"]
# The HTML pages with list or query parameters, with every parameter they read from the query string.
PAGES: list[tuple[str, list[str]]] = [
    ("/catalogus/", ["q", "sorteer", "pagina", *FACET_NAMES]),
    ("/catalogus/vergelijk/", ["p"]),
    ("/curriculum/zoeken/", ["q", "kader", "sector", "pagina"]),
    ("/curriculum/doel/{goal_id}/", ["vervangen"]),
    ("/curriculum/po/", ["sector"]),
    ("/kerndoeldekking/", ["sector", "leerjaar", "pagina"]),
    ("/kerndoeldekking/methode/{method_uuid}/", ["sector", "leerjaar", "vergelijk"]),
    ("/kerndoeldekking/methode/{method_uuid}/dekking.csv", ["sector"]),
    ("/kerndoeldekking/beoordelen/", ["pagina", "sector", "methode"]),
    ("/kerndoeldekking/voorstellen/", ["tekst", "sector", "kader", "vak", "aantal"]),
    ("/aanlevering/", ["pagina"]),
    ("/aanlevering/bronnen/{name}/", ["pagina"]),
    ("/markt/", ["sector", "vak"]),
    ("/markt/export/prijsindex.csv", ["sector", "vak"]),
    ("/markt/afhankelijkheid/uitgever/{publisher_uuid}/", ["pagina"]),
    *[(page, [*CHOICE_FIELDS, *(f"weight_{c}" for c in CHOICE_CRITERIA)]) for page in CHOICE_PAGES],
    ("/keuzehulp/shortlist/{shortlist_uuid}/", ["klas", "zoek"]),  # W8 a section's shortlist
]


@pytest.mark.django_db
@pytest.mark.parametrize(("template", "names"), PAGES, ids=[p[0] for p in PAGES])
def test_no_html_list_page_answers_5xx_to_odd_parameters(site: dict[str, Any], template: str, names: list[str]) -> None:
    @SETTINGS
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        _check(site["client"], _fill(template, site["real"]), {name: data.draw(odd_values) for name in chosen})

    walk()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/catalogus/?pagina=%C2%B2", 200),
        ("/catalogus/?pagina=%E2%91%A0", 200),
        ("/catalogus/?uitgever=99999999999999999999999", 200),
        ("/api/v1/catalog/search?uitgever=99999999999999999999999", 200),
        ("/api/v1/catalog/products?offset=99999999999999999999", 422),
        ("/api/v1/curriculum/goals?offset=99999999999999999999", 422),
        ("/api/v1/catalog/search?offset=99999999999999999999", 422),
        ("/api/v1/accounts/audit?offset=99999999999999999999", 422),
    ],
)
def test_the_reported_parameters_no_longer_give_500(site: dict[str, Any], url: str, status: int) -> None:
    response = site["client"].get(url)
    assert response.status_code == status


@pytest.mark.django_db
def test_a_huge_offset_is_refused_with_a_dutch_message_naming_the_bound(site: dict[str, Any]) -> None:
    response = site["client"].get("/api/v1/catalog/products", {"offset": "99999999999999999999"})
    assert response.json() == {"detail": "Ongeldige invoer: offset: ongeldige waarde (maximaal 1000000000)"}
    name = site["real"]["name"]
    response = site["client"].get(f"/api/v1/ingest/sources/{name}/quarantine", {"offset": "-1", "limit": "501"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Ongeldige invoer: limit: ongeldige waarde (maximaal 500); offset: ongeldige waarde (minimaal 0)"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        ("+4", 4),
        ("²", None),
        ("①", None),
        ("٣", None),
        ("1_000", None),
        ("1.0", None),
        ("", None),
        ("\x00", None),
        (str(DB_INT_MAX), DB_INT_MAX),
        (str(DB_INT_MAX + 1), None),
        ("9" * 5000, None),
        (None, None),
        (["1"], None),
    ],
)
def test_parse_int_reads_only_ascii_decimals_within_a_database_integer(raw: object, expected: int | None) -> None:
    assert parse_int(raw) == expected


@given(st.text())
def test_parse_int_never_raises_and_agrees_with_int_on_what_it_accepts(raw: str) -> None:
    value = parse_int(raw)
    if value is not None:
        assert value == int(raw)
        assert abs(value) <= DB_INT_MAX


def test_page_number_and_clamping() -> None:
    assert [page_number(v) for v in ("3", "²", "0", "-5", "99999999999999999999", None)] == [3, 1, 1, 1, 1, 1]
    assert page_number("5000", last=1000) == 1000
    assert clamped_int("7", default=2, minimum=1, maximum=5) == 5
    assert db_ids(["3", "0", "-1", "²", "99999999999999999999999", "12"]) == [3, 12]
