"""The permission matrix (W2 §4): every URL and every API operation, for every role (and anonymous) → allow/deny.

`MATRIX` is the one table of expectations. `test_every_url_and_api_operation_is_in_the_matrix` walks the URL
configuration (and the OpenAPI schema for API operations) and fails when a URL is missing, so a new view cannot
be forgotten. `test_matrix_row` then really requests each row as each principal and compares the outcome.

Adding a URL: add a row keyed by its route as Django prints it (`"organisaties/<uuid:organisation_uuid>/"`) or,
for an API operation, `"GET /api/v1/…/{param}"`. Give the principals that are *allowed*; everyone else must be
refused (pages: 302 to the login for anonymous visitors, 403 for roles; API: 401/403). For a URL with an
organisation in it, give one `Case` for the principal's own organisation and one for another organisation.
Parameters are filled from `SAMPLES` (add a sample for a new parameter name).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from wijzer.accounts import actions
from wijzer.accounts.constants import Role
from wijzer.api import api
from wijzer.quality.tests.factories import make_framework

from .helpers import HOME_OF, World, build_world, login_as

ECK_SAMPLE = (
    Path(__file__).resolve().parents[2] / "ingest/formats/eck_catalog/tests/fixtures/thiememeulenhoff__sru-2.5.2.xml"
)

ANONYMOUS = "anonymous"
ROLES = frozenset(Role.values)
TOKENS = {"token:catalog:push": "publisher", "token:school:read": "school", "token:audit:read": "school"}
PAGE_PRINCIPALS = (ANONYMOUS, *Role.values)
API_PRINCIPALS = (*PAGE_PRINCIPALS, *TOKENS)
EVERYONE = frozenset(API_PRINCIPALS)
ADMIN = frozenset({Role.PLATFORM_ADMIN.value})
TOKEN_MANAGERS = frozenset({"publisher_editor", "school_leader", "board_buyer", "privacy_officer", "platform_admin"})
INVITERS = frozenset({"school_leader", "board_buyer", "platform_admin"})
AUDITORS = frozenset({"privacy_officer", "platform_admin"})
PUBLISHING = frozenset({"publisher_editor", "platform_admin"})
REVIEWERS = frozenset({"reviewer", "platform_admin"})
QUICKSCANNERS = frozenset({"teacher", "section_head", "school_leader"})  # W6 quickscan: own school only
QUALITY_REVIEWERS = frozenset({"reviewer"})  # W6 expert reviews: reviewer-panel members only
EXPERIENCE_WRITERS = frozenset({"teacher", "section_head", "school_leader"})  # W6 teacher experiences
HOLDING_DECLARERS = frozenset({"school_leader", "board_buyer", "platform_admin"})  # W6 verified use
EDITOR = frozenset({"publisher_editor"})  # W6: a publisher responds to experiences of its own products only
COST_VIEWERS = frozenset({"teacher", "section_head", "school_leader", "board_buyer", "platform_admin"})  # W7
SET_MANAGERS = frozenset({"section_head", "school_leader", "board_buyer", "platform_admin"})  # W7 school sets
CHOICE_VIEWERS = frozenset({"teacher", "section_head", "school_leader", "board_buyer", "platform_admin"})  # W8
SHORTLIST_EDITORS = frozenset({"teacher", "section_head", "school_leader"})  # W8: first-person, own school
CHOICE_DECIDERS = frozenset({"section_head", "school_leader"})  # W8: create a shortlist, record a decision
PROFILE_MANAGERS = frozenset({"section_head", "school_leader", "platform_admin"})  # W8: save or delete a profile


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    method: str = "GET"
    target: str = "own"  # organisation parameters: "own" (the principal's) or "other" (an unrelated school)
    query: dict[str, str] = field(default_factory=dict)
    same_for_all: str | None = None  # an outcome every principal gets (e.g. ninja's API root is always a 404)


def own_and_other(allowed_own: frozenset[str], method: str = "GET") -> list[Case]:
    return [Case(allowed_own, method, "own"), Case(ADMIN, method, "other")]


ADMIN_ROUTE = "beheer/"  # every Django admin URL: staff only (the demo platform administrator)

MATRIX: dict[str, list[Case]] = {
    # public pages (public data: the curriculum)
    "": [Case(EVERYONE)],
    "curriculum/": [Case(EVERYONE)],
    "curriculum/zoeken/": [Case(EVERYONE, query={"q": "breuken"})],
    "curriculum/doel/<str:goal_id>/": [Case(EVERYONE)],
    "curriculum/<str:sector>/": [Case(EVERYONE)],
    "curriculum/<str:sector>/<slug:subject>/": [Case(EVERYONE)],
    # login, password reset, invitations: reachable without an account
    "account/inloggen/": [Case(EVERYONE)],
    "account/uitloggen/": [Case(EVERYONE, "POST")],
    "account/wachtwoord-vergeten/": [Case(EVERYONE)],
    "account/wachtwoord-vergeten/verstuurd/": [Case(EVERYONE)],
    "account/herstel/<uidb64>/<token>/": [Case(EVERYONE)],
    "account/herstel/klaar/": [Case(EVERYONE)],
    "uitnodiging/<str:secret>/": [Case(EVERYONE)],
    # member pages
    "account/": [Case(ROLES)],
    "account/rol/": [Case(ROLES, "POST")],
    "account/tweestaps/instellen/": [Case(ROLES)],
    "account/tweestaps/controle/": [Case(ROLES)],
    "organisaties/<uuid:organisation_uuid>/": own_and_other(ROLES),
    "organisaties/<uuid:organisation_uuid>/sleutels/": own_and_other(TOKEN_MANAGERS),
    "organisaties/<uuid:organisation_uuid>/sleutels/<uuid:token_uuid>/intrekken/": own_and_other(
        TOKEN_MANAGERS, "POST"
    ),
    "organisaties/<uuid:organisation_uuid>/uitnodigen/": own_and_other(INVITERS),
    "organisaties/<uuid:organisation_uuid>/logboek/": own_and_other(AUDITORS),
    "organisaties/<uuid:organisation_uuid>/logboek/export/": own_and_other(AUDITORS),
    ADMIN_ROUTE: [Case(ADMIN)],
    # API documentation
    "api/v1/": [Case(EVERYONE, same_for_all="HTTP 404")],
    "api/v1/openapi.json": [Case(EVERYONE)],
    "api/v1/docs": [Case(EVERYONE)],
    # API operations
    "GET /api/v1/curriculum/goals": [Case(EVERYONE)],
    "GET /api/v1/curriculum/goals/{goal_id}": [Case(EVERYONE)],
    "GET /api/v1/curriculum/subjects": [Case(EVERYONE, query={"sector": "po"})],
    "GET /api/v1/accounts/me": [Case(EVERYONE - {ANONYMOUS})],
    "GET /api/v1/accounts/audit": [Case(AUDITORS | {"token:audit:read"})],
    "POST /api/v1/accounts/tokens/revoke-current": [Case(frozenset(TOKENS))],
    # catalogue (W3): public data
    "catalogus/": [Case(EVERYONE)],
    "catalogus/<str:product_uuid>/": [Case(EVERYONE)],
    # what another source claimed about a product (W5.1): its owner's editors and platform admins
    "catalogus/<str:product_uuid>/claims/<int:claim_pk>/": own_and_other(PUBLISHING),
    "GET /api/v1/catalog/products": [Case(EVERYONE)],
    "GET /api/v1/catalog/products/{product_id}": [Case(EVERYONE)],
    # catalogue search, comparison and shortlist (W4): public; the shortlist lives in the session or the account
    "catalogus/vergelijk/": [Case(EVERYONE)],
    "catalogus/vergelijk/export.csv": [Case(EVERYONE)],
    "catalogus/keuzelijst/": [Case(EVERYONE)],
    "catalogus/keuzelijst/export.csv": [Case(EVERYONE)],
    "catalogus/keuzelijst/toevoegen/": [Case(EVERYONE, "POST")],
    "catalogus/keuzelijst/verwijderen/": [Case(EVERYONE, "POST")],
    "GET /api/v1/catalog/search": [Case(EVERYONE, query={"q": "wiskunde", "soort": "open_resource"})],
    # catalogue delivery (W3): validation reports are public; managing a source is for its publisher's editors.
    "aanlevering/": [Case(EVERYONE)],
    "aanlevering/runs/<int:run_id>/": [Case(EVERYONE)],
    "aanlevering/bronnen/<slug:name>/": [Case(EVERYONE)],
    "aanlevering/bronnen/<slug:name>/rapport.csv": [Case(EVERYONE)],
    "aanlevering/aanleveren/": [Case(PUBLISHING, "POST")],
    "aanlevering/bronnen/<slug:name>/herverwerken/": [
        Case(PUBLISHING, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "aanlevering/bronnen/<slug:name>/quarantaine/<int:record_pk>/": [
        Case(PUBLISHING, "GET", "own"),
        Case(ADMIN, "GET", "other"),
    ],
    "GET /api/v1/ingest/sources": [Case(EVERYONE)],
    "GET /api/v1/ingest/sources/{name}/report": [Case(EVERYONE)],
    "GET /api/v1/ingest/sources/{name}/quarantine": [Case(EVERYONE)],
    "POST /api/v1/ingest/push": [Case(frozenset({"token:catalog:push"}))],
    # kerndoeldekking (W5): coverage and suggestions are public; reviewing is for reviewers (session only)
    "kerndoeldekking/": [Case(EVERYONE)],
    "kerndoeldekking/methode/<uuid:method_uuid>/": [Case(EVERYONE)],
    "kerndoeldekking/methode/<uuid:method_uuid>/dekking.csv": [Case(EVERYONE)],
    "kerndoeldekking/methode/<uuid:method_uuid>/inhoudsopgave/": [
        Case(PUBLISHING, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "kerndoeldekking/beoordelen/": [Case(REVIEWERS), Case(REVIEWERS, "POST")],
    "kerndoeldekking/voorstellen/": [
        Case(EVERYONE, query={"tekst": "breuken en procenten", "sector": "po", "kader": "kerndoelen-2006"}),
        Case(EVERYONE, "POST"),
    ],
    "GET /api/v1/alignment/methods/{method_id}/parts": [Case(EVERYONE)],
    # delivering a method's table of contents: its publisher (editor or catalog:push token) and platform admins
    "POST /api/v1/alignment/methods/{method_id}/parts": [
        Case(PUBLISHING | {"token:catalog:push"}, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "GET /api/v1/alignment/methods/{method_id}/coverage": [Case(EVERYONE)],
    "GET /api/v1/alignment/methods/{method_id}/export": [Case(EVERYONE)],
    "POST /api/v1/alignment/suggest": [Case(EVERYONE)],
    "POST /api/v1/alignment/review": [Case(REVIEWERS)],
    # the quality framework (W6 §1): public pages and API; loading and publishing only on the command line
    "kwaliteit/": [Case(EVERYONE)],  # a redirect to kwaliteit/kader/
    "kwaliteit/kader/": [Case(EVERYONE), Case(EVERYONE, query={"vak": "nederlands"})],
    "kwaliteit/kader/<str:version>/": [Case(EVERYONE)],
    "GET /api/v1/quality/frameworks": [Case(EVERYONE)],
    "GET /api/v1/quality/frameworks/current": [Case(EVERYONE), Case(EVERYONE, query={"subject": "nederlands"})],
    "GET /api/v1/quality/frameworks/{version}": [Case(EVERYONE)],
    # quickscan (W6 §5): school staff, for their own school only; open data (W6 §6): public
    "kwaliteit/quickscan/": [Case(QUICKSCANNERS)],
    "kwaliteit/quickscan/nieuw/": [Case(QUICKSCANNERS), Case(QUICKSCANNERS, "POST")],
    "kwaliteit/quickscan/<uuid:quickscan_uuid>/": [
        Case(QUICKSCANNERS, target="own"),
        Case(frozenset(), target="other"),
    ],
    "kwaliteit/quickscan/<uuid:quickscan_uuid>/delen/": [
        Case(QUICKSCANNERS, "POST", "own"),
        Case(frozenset(), "POST", "other"),
    ],
    "kwaliteit/open-data/": [Case(EVERYONE)],
    "kwaliteit/open-data/<slug:opendata_file>.csv": [Case(EVERYONE)],
    "kwaliteit/open-data/<slug:opendata_file>.json": [Case(EVERYONE)],
    "GET /api/v1/quality/open-data/reviews": [Case(EVERYONE, query={"limit": "5"})],
    "GET /api/v1/quality/open-data/experiences": [Case(EVERYONE)],
    "GET /api/v1/quality/open-data/profiles": [Case(EVERYONE)],
    # expert reviews (W6 §2): writing is for reviewer-panel members only (not platform admins); reading is public
    "kwaliteit/beoordelen/": [Case(QUALITY_REVIEWERS)],
    "kwaliteit/beoordelen/<uuid:product_uuid>/": [Case(QUALITY_REVIEWERS), Case(QUALITY_REVIEWERS, "POST")],
    "kwaliteit/producten/<uuid:product_uuid>/beoordelingen/": [Case(EVERYONE)],
    "GET /api/v1/quality/products/{product_uuid}/reviews": [Case(EVERYONE)],
    "POST /api/v1/quality/products/{product_uuid}/reviews": [Case(QUALITY_REVIEWERS)],
    # teacher experiences (W6 §3): reading is public; school staff write, anyone with a role reports (once), the
    # product's own publisher responds, reviewers and platform admins moderate; a school declares what it uses
    "kwaliteit/producten/<str:product_uuid>/ervaringen/": [Case(EVERYONE)],
    "kwaliteit/producten/<str:product_uuid>/ervaring/": [Case(EXPERIENCE_WRITERS), Case(EXPERIENCE_WRITERS, "POST")],
    "kwaliteit/ervaringen/<str:experience_uuid>/melden/": [Case(ROLES), Case(ROLES, "POST")],
    "kwaliteit/ervaringen/<str:experience_uuid>/reactie/": [
        Case(EDITOR, "GET", "own"),
        Case(EDITOR, "POST", "own"),
        Case(frozenset(), "GET", "other"),
        Case(frozenset(), "POST", "other"),
    ],
    "kwaliteit/ervaringen/<str:experience_uuid>/modereren/": [Case(REVIEWERS, "POST")],
    "kwaliteit/moderatie/": [Case(REVIEWERS)],
    "kwaliteit/school/<uuid:organisation_uuid>/gebruik/": [
        *own_and_other(HOLDING_DECLARERS),
        *own_and_other(HOLDING_DECLARERS, "POST"),
    ],
    "GET /api/v1/quality/products/{product_uuid}/experiences": [Case(EVERYONE)],
    "POST /api/v1/quality/products/{product_uuid}/experiences": [Case(EXPERIENCE_WRITERS)],
    "POST /api/v1/quality/experiences/{experience_uuid}/report": [Case(ROLES)],
    "POST /api/v1/quality/experiences/{experience_uuid}/response": [
        Case(EDITOR, "POST", "own"),
        Case(frozenset(), "POST", "other"),
    ],
    "POST /api/v1/quality/experiences/{experience_uuid}/hide": [Case(REVIEWERS)],
    "POST /api/v1/quality/experiences/{experience_uuid}/restore": [Case(REVIEWERS)],
    # quality profiles (W6 §4): public reading; recomputing only on the command line (`wijzer quality profiles`)
    "kwaliteit/producten/<str:product_uuid>/profiel/": [Case(EVERYONE)],
    "GET /api/v1/quality/products/{product_uuid}/profile": [Case(EVERYONE)],
    # the market monitor (W7 §8, §9): public, as its data (prices, owners) is public
    "markt/": [Case(EVERYONE), Case(EVERYONE, query={"sector": "vo", "vak": "alle"})],
    "markt/export/<slug:monitor_table>.csv": [Case(EVERYONE)],
    "markt/rapport/": [Case(EVERYONE)],
    "markt/rapport.pdf": [Case(EVERYONE)],
    "GET /api/v1/market/cpi": [Case(EVERYONE)],
    "GET /api/v1/market/price-index": [Case(EVERYONE, query={"sector": "vo"})],
    "GET /api/v1/market/lifo-share": [Case(EVERYONE)],
    "GET /api/v1/market/concentration": [Case(EVERYONE, query={"measure": "value"})],
    # market lock-in (W7 §7): public reading; declaring is for the product owner's editor and platform admins
    "markt/afhankelijkheid/uitgever/<str:publisher_uuid>/": [Case(EVERYONE)],
    "markt/afhankelijkheid/<str:product_uuid>/": [Case(EVERYONE)],
    "markt/afhankelijkheid/<str:product_uuid>/opgeven/": [
        *own_and_other(PUBLISHING),
        Case(PUBLISHING, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "GET /api/v1/market/lockin/products/{product_uuid}": [Case(EVERYONE)],
    "GET /api/v1/market/lockin/publishers/{publisher_uuid}": [Case(EVERYONE)],
    "PUT /api/v1/market/lockin/products/{product_uuid}": [Case(PUBLISHING, "PUT", "own"), Case(ADMIN, "PUT", "other")],
    # a school's costs (W7 §4): that school's staff, its board's buyer and platform admins; the set fewer of them
    "markt/school/<uuid:school_uuid>/kosten/": [
        *own_and_other(COST_VIEWERS),
        Case(SET_MANAGERS, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "GET /api/v1/market/schools/{school_uuid}/costs": own_and_other(COST_VIEWERS),
    "PUT /api/v1/market/schools/{school_uuid}/set": [Case(SET_MANAGERS, "PUT", "own"), Case(ADMIN, "PUT", "other")],
    # a section's shortlist and decisions (W8 §4): the school's members and its board see them; members edit,
    # section heads and school leaders create and decide (first-person: not platform admins)
    "keuzehulp/shortlists/": [Case(CHOICE_VIEWERS), Case(CHOICE_DECIDERS, "POST")],
    "keuzehulp/shortlist/<uuid:shortlist_uuid>/": own_and_other(CHOICE_VIEWERS),
    "keuzehulp/shortlist/<uuid:shortlist_uuid>/toevoegen/": [
        Case(SHORTLIST_EDITORS, "POST", "own"),
        Case(frozenset(), "POST", "other"),
    ],
    "keuzehulp/shortlist/<uuid:shortlist_uuid>/bijwerken/": [
        Case(SHORTLIST_EDITORS, "POST", "own"),
        Case(frozenset(), "POST", "other"),
    ],
    "keuzehulp/shortlist/<uuid:shortlist_uuid>/besluit/": [
        Case(CHOICE_DECIDERS, "GET", "own"),
        Case(CHOICE_DECIDERS, "POST", "own"),
        Case(frozenset(), "GET", "other"),
        Case(frozenset(), "POST", "other"),
    ],
    "keuzehulp/besluit/<uuid:decision_uuid>/": own_and_other(CHOICE_VIEWERS),
    "keuzehulp/besluit/<uuid:decision_uuid>/rapport/": own_and_other(CHOICE_VIEWERS),
    "keuzehulp/besluit/<uuid:decision_uuid>/rapport.pdf": own_and_other(CHOICE_VIEWERS),
    "GET /api/v1/choice/shortlists/{shortlist_uuid}": own_and_other(CHOICE_VIEWERS),
    "GET /api/v1/choice/decisions/{decision_uuid}": own_and_other(CHOICE_VIEWERS),
    # W8 ranking and mix of a profile sent in the body: public (public data, nothing stored); a school's saved
    # profiles: its members and board read them, section heads and school leaders (and platform admins) manage them
    "keuzehulp/": [Case(EVERYONE)],
    "keuzehulp/rangschikking/": [Case(EVERYONE), Case(EVERYONE, query={"sector": "po", "subject": "x"})],
    "keuzehulp/mix/": [Case(EVERYONE), Case(EVERYONE, query={"sector": "po", "pupils": "0"})],
    "keuzehulp/profiel/nieuw/": [Case(PROFILE_MANAGERS), Case(PROFILE_MANAGERS, "POST")],
    "keuzehulp/profiel/<uuid:profile_uuid>/": [
        *own_and_other(CHOICE_VIEWERS),
        Case(PROFILE_MANAGERS, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "keuzehulp/profiel/<uuid:profile_uuid>/rangschikking/": own_and_other(CHOICE_VIEWERS),
    "keuzehulp/profiel/<uuid:profile_uuid>/mix/": own_and_other(CHOICE_VIEWERS),
    "keuzehulp/profiel/<uuid:profile_uuid>/verwijderen/": [
        Case(PROFILE_MANAGERS, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
    "POST /api/v1/choice/mix": [Case(EVERYONE, "POST")],
    "POST /api/v1/choice/ranking": [Case(EVERYONE, "POST")],
    "GET /api/v1/choice/profiles/{profile_uuid}": own_and_other(CHOICE_VIEWERS),
    "GET /api/v1/choice/profiles/{profile_uuid}/mix": own_and_other(CHOICE_VIEWERS),
    "PUT /api/v1/choice/profiles/{profile_uuid}": [Case(PROFILE_MANAGERS, "PUT", "own"), Case(ADMIN, "PUT", "other")],
    "DELETE /api/v1/choice/profiles/{profile_uuid}": [
        Case(PROFILE_MANAGERS, "DELETE", "own"),
        Case(ADMIN, "DELETE", "other"),
    ],
    "GET /api/v1/choice/organisations/{organisation_uuid}/profiles": own_and_other(CHOICE_VIEWERS),
    "POST /api/v1/choice/organisations/{organisation_uuid}/profiles": [
        Case(PROFILE_MANAGERS, "POST", "own"),
        Case(ADMIN, "POST", "other"),
    ],
}


# --- discovering the URL configuration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    params: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(prefix + str(pattern.pattern), name, tuple(pattern.pattern.regex.groupindex))


@functools.cache
def discovered() -> Mapping[str, Route]:
    """Every page route, plus every API operation as "METHOD /path" (API routes themselves are covered by those).

    Computed once per test session: the URL configuration does not change while the tests run, and building the
    OpenAPI schema takes about half a second (it was built 20 times per row: half an hour of the suite)."""
    found: dict[str, Route] = {}
    operations = api.get_openapi_schema()["paths"]
    api_paths = {path.lstrip("/") for path in operations}
    for route in _walk(get_resolver().url_patterns):
        as_openapi = route.route
        for param in route.params:
            as_openapi = as_openapi.replace(f"<{param}>", f"{{{param}}}")
        if as_openapi in api_paths:
            continue
        found[ADMIN_ROUTE if route.route.startswith(ADMIN_ROUTE) else route.route] = route
    for path, methods in operations.items():
        for method in methods:
            found[f"{method.upper()} {path}"] = Route(path, None, ())
    return MappingProxyType(found)


def admin_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.route.startswith(ADMIN_ROUTE) and r.name]


def test_every_url_and_api_operation_is_in_the_matrix():
    found = discovered()
    missing = sorted(set(found) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(found))
    assert not missing, (
        "URL's zonder regel in de permissiematrix; voeg ze toe aan MATRIX in "
        f"wijzer/accounts/tests/test_permission_matrix.py: {missing}"
    )
    assert not stale, f"Regels in MATRIX voor URL's die niet (meer) bestaan: {stale}"


# --- requesting every row as every principal -----------------------------------------------------------------------


@dataclass
class Fixtures:
    world: World
    goal_id: str
    invitation_secret: str
    catalogue: dict[str, str] = field(default_factory=dict)

    def org(self, principal: str, target: str) -> Any:
        if target == "other":
            return self.world.other_school
        if principal in TOKENS:
            return getattr(self.world, TOKENS[principal])
        return getattr(self.world, HOME_OF.get(Role(principal), "school")) if principal in ROLES else self.world.school


SAMPLES: dict[str, Callable[[Fixtures, str, str], str]] = {
    "organisation_uuid": lambda fx, principal, target: str(fx.org(principal, target).uuid),
    "token_uuid": lambda fx, principal, target: str(
        actions.do_create_api_token(fx.org(principal, target), name="m", scopes=[], created_by=None)[0].uuid
    ),
    "goal_id": lambda fx, principal, target: fx.goal_id,
    "sector": lambda fx, principal, target: "po",
    "subject": lambda fx, principal, target: "rekenen-en-wiskunde",
    "uidb64": lambda fx, principal, target: "MQ",
    "token": lambda fx, principal, target: "ongeldige-link",
    "secret": lambda fx, principal, target: fx.invitation_secret,
    "content_type_id": lambda fx, principal, target: "1",
    "object_id": lambda fx, principal, target: "0",
    "pk": lambda fx, principal, target: "0",
    "id": lambda fx, principal, target: "0",
    "app_label": lambda fx, principal, target: "accounts",
    "product_uuid": lambda fx, principal, target: fx.catalogue.get(f"product_{target}", fx.catalogue["product"]),
    "claim_pk": lambda fx, principal, target: fx.catalogue[f"claim_{target}"],
    "product_id": lambda fx, principal, target: fx.catalogue["product"],
    "name": lambda fx, principal, target: fx.catalogue[f"source_{target}"],
    "run_id": lambda fx, principal, target: fx.catalogue[f"run_{target}"],
    "record_pk": lambda fx, principal, target: fx.catalogue[f"record_{target}"],
    "method_uuid": lambda fx, principal, target: sample_method(fx, target),
    "method_id": lambda fx, principal, target: sample_method(fx, target),
    "version": lambda fx, principal, target: MATRIX_FRAMEWORK,  # published in `fx`
    "quickscan_uuid": lambda fx, principal, target: sample_quickscan(fx, principal, target),
    "experience_uuid": lambda fx, principal, target: sample_experience(fx, target),
    "opendata_file": lambda fx, principal, target: "beoordelingen",
    "monitor_table": lambda fx, principal, target: "prijsindex",
    "publisher_uuid": lambda fx, principal, target: str(fx.world.publisher.uuid),
    "school_uuid": lambda fx, principal, target: str(fx.org("school_leader", target).uuid),  # a school, never a board
    "shortlist_uuid": lambda fx, principal, target: str(sample_shortlist(fx, target).uuid),
    "decision_uuid": lambda fx, principal, target: sample_decision(fx, target),
    "profile_uuid": lambda fx, principal, target: sample_profile(fx, target),
}


MATRIX_FRAMEWORK = "matrix-1"


def sample_method(fx: Fixtures, target: str) -> str:
    """A method with one chapter (W5 pages and API take a method id), of the own or of the other publisher."""
    from wijzer.alignment import actions as alignment_actions
    from wijzer.alignment.constants import PartLevel
    from wijzer.catalog.models import Method

    publisher = fx.world.publisher if target == "own" else fx.world.other_publisher
    method, _created = Method.objects.get_or_create(
        name=f"Matrixmethode {target}", publisher=publisher, owner=publisher
    )
    alignment_actions.do_upsert_part(
        method, alignment_actions.PartSpec("h1", PartLevel.CHAPTER, "1. Breuken", "Breuken", 1, "po")
    )
    return str(method.uuid)


def sample_quickscan(fx: Fixtures, principal: str, target: str) -> str:
    """A quickscan (W6) of the principal's own organisation or of the other school, with every topic scored."""
    from wijzer.quality.models import Quickscan, Topic
    from wijzer.quality.query import current_framework
    from wijzer.quality.tests.factories import make_framework

    framework = current_framework() or make_framework("matrix")
    answers = {t.code: {"score": 3, "note": ""} for t in Topic.objects.filter(framework=framework)}
    creator = fx.world.members[Role.TEACHER].user
    scan = Quickscan.objects.create(
        framework=framework, school=fx.org(principal, target), product_id=_product_pk(fx), created_by=creator,
        participants="sectie", answers=answers,
    )  # fmt: skip
    return str(scan.uuid)


def sample_experience(fx: Fixtures, target: str) -> str:
    """A visible teacher experience (W6) with a product of the own ("own") or of the other publisher ("other")."""
    from wijzer.catalog.models import Product
    from wijzer.quality.models import Experience, ExperienceScore, Topic
    from wijzer.quality.query import current_framework
    from wijzer.quality.tests.factories import make_framework

    framework = current_framework() or make_framework("matrix")
    product = Product.objects.get(uuid=fx.catalogue[f"product_{target}"])
    from .factories import MembershipFactory

    teacher = fx.world.members[Role.TEACHER]
    # written by a colleague who is no principal of the matrix: an author may not report their own experience
    principals = [m.user_id for m in fx.world.members.values()]
    experience = Experience.objects.filter(product=product).exclude(author_id__in=principals).first()
    if experience is None:
        colleague = MembershipFactory(organisation=teacher.organisation, role=Role.TEACHER).user
        experience = Experience.objects.create(
            product=product, author=colleague, framework=framework, school=teacher.organisation
        )
        topic = Topic.objects.filter(framework=framework).order_by("position")[0]
        ExperienceScore.objects.create(experience=experience, topic=topic, score=3)
    return str(experience.uuid)


def sample_shortlist(fx: Fixtures, target: str) -> Any:
    """A section's shortlist (W8) of the own school (in the board's tree) or of the other school."""
    from wijzer.choice.models import Shortlist

    school = fx.org("school_leader", target)
    shortlist, _created = Shortlist.objects.get_or_create(
        organisation=school, name="Matrix", defaults={"created_by": fx.world.members[Role.SECTION_HEAD].user}
    )
    return shortlist


def sample_profile(fx: Fixtures, target: str) -> str:
    """A fresh choice profile (W8) of the own school (in the board's tree) or of the other school: a DELETE row
    removes the one it was given, so every request gets its own."""
    from wijzer.choice.models import ChoiceProfile

    school = fx.org("school_leader", target)
    profile = ChoiceProfile.objects.create(
        organisation=school, name=f"Matrix {ChoiceProfile.objects.count() + 1}", sector="po",
        subject_id="Rekenen en wiskunde", pupils=30, budget_per_pupil_cents=4000,
        created_by=fx.world.members[Role.SECTION_HEAD].user,
    )  # fmt: skip
    return str(profile.uuid)


def sample_decision(fx: Fixtures, target: str) -> str:
    """A decision (W8) on that shortlist, with an empty snapshot (the pages and the report show what there is)."""
    import datetime

    from wijzer.choice.models import Decision

    shortlist = sample_shortlist(fx, target)
    decision = Decision.objects.filter(shortlist=shortlist).first() or Decision.objects.create(
        shortlist=shortlist,
        decided_on=datetime.date(2026, 1, 5),
        summary="Besloten",
        recorded_by=fx.world.members[Role.SECTION_HEAD].user,
    )
    return str(decision.uuid)


def _product_pk(fx: Fixtures) -> int:
    from wijzer.catalog.models import Product

    return Product.objects.only("pk").get(uuid=fx.catalogue["product"]).pk


FORM_DATA: dict[str, Callable[[Fixtures, str], dict[str, str]]] = {
    "account/rol/": lambda fx, principal: (
        {"membership": str(fx.world.members[Role(principal)].uuid)} if principal in ROLES else {}
    ),
}


def client_for(fx: Fixtures, principal: str, *, raise_errors: bool = True) -> tuple[Client, dict[str, str]]:
    # Admin views behind the login may fail on the sample id 0; only "was the login required?" matters there.
    client = Client(raise_request_exception=raise_errors)
    if principal in ROLES:
        membership = fx.world.members[Role(principal)]
        if principal == Role.PLATFORM_ADMIN:
            membership.user.is_staff = membership.user.is_superuser = True
            membership.user.save(update_fields=["is_staff", "is_superuser"])
        login_as(client, membership)
        return client, {}
    if principal in TOKENS:
        scope = principal.removeprefix("token:")
        _token, raw = actions.do_create_api_token(
            fx.org(principal, "own"), name=principal, scopes=[scope], created_by=None
        )
        return client, {"Authorization": f"Bearer {raw}"}
    return client, {}


def outcome(response: Any, *, is_api: bool, principal: str, admin: bool = False) -> str:
    status = response.status_code
    if is_api:  # 400/422: past the authentication gate, refused on the (empty) input
        return (
            "allow"
            if 200 <= status < 300 or status in {400, 422}
            else "deny"
            if status in {401, 403}
            else f"HTTP {status}"
        )
    location = response.get("Location", "")
    if admin:  # read-only admin pages answer 403 to staff too: below the login, so only the login redirect counts
        return "deny" if status == 302 and location.startswith("/beheer/login/") else "allow"
    to_login = status == 302 and location.startswith(("/account/inloggen/", "/beheer/login/"))
    if principal == ANONYMOUS and status == 403:
        return "403 instead of the login page"
    if status == 403 or to_login:
        return "deny"
    # 400: past the permission gate, refused on the (empty) input (a POST the matrix sends without form data)
    return "allow" if status in {200, 204, 302, 400} or admin else f"HTTP {status}"


def request_row(
    client: Client, headers: dict[str, str], fx: Fixtures, key: str, case: Case, principal: str, path: str
) -> str:
    data = FORM_DATA.get(key, lambda fx, p: {})(fx, principal)
    method = key.split(" ", 1)[0] if " " in key else case.method
    if method == "POST":
        response = client.post(path, data, headers=headers)
    elif method == "PUT":  # an empty JSON body: past the gate it is stored or refused with a 422
        response = client.put(path, json.dumps(data), content_type="application/json", headers=headers)
    elif method == "DELETE":
        response = client.delete(path, headers=headers)
    else:
        response = client.get(path, case.query, headers=headers)
    is_api = " " in key or key.startswith("api/")
    return outcome(response, is_api=is_api, principal=principal, admin=key == ADMIN_ROUTE)


def paths_for(fx: Fixtures, key: str, case: Case, principal: str) -> list[tuple[str, bool]]:
    if key == ADMIN_ROUTE:
        if principal in case.allowed:  # staff: the index proves the way in; changelists are slow to render
            return [(reverse("admin:index"), False)]
        return [
            (reverse(r.name, kwargs={p: SAMPLES[p](fx, principal, case.target) for p in r.params}), False)
            for r in admin_routes()
            if r.name not in {"admin:login", "admin:logout"}
        ]
    if " " in key:
        _method, path = key.split(" ", 1)
        for param in discovered()[key].params or [p.strip("{}") for p in path.split("/") if p.startswith("{")]:
            path = path.replace(f"{{{param}}}", SAMPLES[param](fx, principal, case.target))
        return [(path, True)]
    route = discovered()[key]
    kwargs = {p: SAMPLES[p](fx, principal, case.target) for p in route.params}
    return [(reverse(route.name, kwargs=kwargs), key.startswith("api/"))]


@pytest.fixture
def fx(db, slo) -> Fixtures:
    from wijzer.curriculum.models import Goal

    world = build_world()
    _invitation, secret = actions.do_create_invitation(
        world.school,
        email="genodigde@test.example.nl",
        role=Role.TEACHER,
        invited_by=world.members[Role.SCHOOL_LEADER].user,
        accept_url=lambda raw: raw,
    )
    goal = Goal.objects.filter(code="PO Kerndoel 26").first() or Goal.objects.first()
    make_framework(MATRIX_FRAMEWORK)  # W6: the framework pages and API answer 404 without a published version
    assert goal is not None
    return Fixtures(world=world, goal_id=str(goal.uuid), invitation_secret=secret, catalogue=catalogue_samples(world))


def catalogue_samples(world: World) -> dict[str, str]:
    """A real push of the ECK sample by the own and by another publisher: sources, runs, quarantine, products."""
    from wijzer.catalog.models import Product, Provenance
    from wijzer.ingest.models import QuarantinedRecord, Source

    samples: dict[str, str] = {}
    for target, publisher in (("own", world.publisher), ("other", world.other_publisher)):
        _token, raw = actions.do_create_api_token(publisher, name="feed", scopes=["catalog:push"], created_by=None)
        pushed = Client().post(
            "/api/v1/ingest/push",
            ECK_SAMPLE.read_bytes(),
            content_type="application/xml",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert pushed.status_code == 201, pushed.content
        source = Source.objects.get(name=pushed.json()["source"])
        samples[f"source_{target}"] = source.name
        run = source.runs.order_by("pk").first()
        record = QuarantinedRecord.objects.filter(run__source=source).order_by("pk").first()
        assert run is not None
        assert record is not None
        samples[f"run_{target}"] = str(run.pk)
        samples[f"record_{target}"] = str(record.pk)
    product = Product.objects.order_by("pk").first()
    assert product is not None
    samples["product"] = str(product.uuid)
    # the other publisher's push made claims on the own publisher's products (W5.1); and one product of the other
    # publisher with a claim on it, for the "other" case
    claim = Provenance.objects.filter(status="claim", product__owner=world.publisher).order_by("pk").first()
    assert claim is not None
    samples["product_own"], samples["claim_own"] = str(claim.product.uuid), str(claim.pk)
    theirs = Product.objects.create(key="id:matrix-other", title="Product van een ander", owner=world.other_publisher)
    other_claim = Provenance.objects.create(
        product=theirs, source=samples["source_own"], record_id="matrix-claim", format="eck_catalog",
        content_hash="0" * 64, raw=b"<Entry/>", first_seen=claim.first_seen, harvested_at=claim.harvested_at,
        status="claim", conflict="test",
    )  # fmt: skip
    samples["product_other"], samples["claim_other"] = str(theirs.uuid), str(other_claim.pk)
    return samples


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: key or "home")
def test_matrix_row(fx, key):
    if key not in discovered():
        pytest.skip(f"{key!r} staat niet in de URL-configuratie")
    principals = API_PRINCIPALS if " " in key else PAGE_PRINCIPALS
    mismatches = []
    for case in MATRIX[key]:
        for principal in principals:
            client, headers = client_for(fx, principal, raise_errors=key != ADMIN_ROUTE)
            for path, _is_api in paths_for(fx, key, case, principal):
                expected = case.same_for_all or ("allow" if principal in case.allowed else "deny")
                got = request_row(client, headers, fx, key, case, principal, path)
                if got != expected:
                    mismatches.append(
                        f"{case.method} {path} as {principal} ({case.target}): expected {expected}, got {got}"
                    )
    assert not mismatches, "\n".join(mismatches)


# --- the policy decisions of W5.1, for every role and token, on own, another's and platform records ---------------

OWN, OTHER, PLATFORM = "own", "other", "platform"
EDITOR_AND_ADMIN = {"publisher_editor": {OWN}, "platform_admin": {OWN, OTHER, PLATFORM}}
ACTION_MATRIX: dict[str, dict[str, set[str]]] = {
    # principal -> the targets it may act on; every other principal may act on none of them
    "catalog.deliver": {**EDITOR_AND_ADMIN, "token:catalog:push": {OWN}},
    "source.register": {**EDITOR_AND_ADMIN, "token:catalog:push": {OWN}},
    "quarantine.read_raw": EDITOR_AND_ADMIN,
    "quarantine.reprocess": EDITOR_AND_ADMIN,
    "catalog.view_claims": EDITOR_AND_ADMIN,
    "delegation.manage": EDITOR_AND_ADMIN,
    "alignment.deliver_toc": {**EDITOR_AND_ADMIN, "token:catalog:push": {OWN}},
    "alignment.review": {"reviewer": {OWN, OTHER, PLATFORM}, "platform_admin": {OWN, OTHER, PLATFORM}},
    # W6 quality: about any product (the target is the product's owner), except a publisher's response
    "quality.publish_framework": {"platform_admin": {OWN, OTHER, PLATFORM}},
    "quality.review": {"reviewer": {OWN, OTHER, PLATFORM}},
    "quality.experience": {role: {OWN, OTHER, PLATFORM} for role in ("teacher", "section_head", "school_leader")},
    "quality.report": {role: {OWN, OTHER, PLATFORM} for role in PAGE_PRINCIPALS if role != ANONYMOUS},
    "quality.respond": {"publisher_editor": {OWN}},
    "quality.moderate": {"reviewer": {OWN, OTHER, PLATFORM}, "platform_admin": {OWN, OTHER, PLATFORM}},
    # W7 market: reference series are the platform's; lock-in facts the product owner's
    "market.import_reference": {"platform_admin": {OWN, OTHER, PLATFORM}},
    "market.declare_lockin": EDITOR_AND_ADMIN,
}
# Actions whose target is a school: "own" is the school of the school roles (in the board's tree), "other" a school
# of another board, "platform" no organisation.
SCHOOL_ACTION_MATRIX: dict[str, dict[str, set[str]]] = {
    "quality.declare_holding": {
        "school_leader": {OWN},
        "board_buyer": {OWN},
        "platform_admin": {OWN, OTHER, PLATFORM},
    },
    "quality.quickscan": {role: {OWN} for role in ("teacher", "section_head", "school_leader")},
    "market.view_school_costs": {
        **{role: {OWN} for role in ("teacher", "section_head", "school_leader", "board_buyer")},
        "platform_admin": {OWN, OTHER, PLATFORM},
    },
    "market.manage_school_set": {
        **{role: {OWN} for role in ("section_head", "school_leader", "board_buyer")},
        "platform_admin": {OWN, OTHER, PLATFORM},
    },
    # W8 choice: a school's profiles, shortlist and decisions
    "choice.view": {
        **{role: {OWN} for role in ("teacher", "section_head", "school_leader", "board_buyer")},
        "platform_admin": {OWN, OTHER, PLATFORM},
    },
    "choice.manage_profile": {
        **{role: {OWN} for role in ("section_head", "school_leader")},
        "platform_admin": {OWN, OTHER, PLATFORM},
    },
    "choice.edit_shortlist": {role: {OWN} for role in ("teacher", "section_head", "school_leader")},
    "choice.decide": {role: {OWN} for role in ("section_head", "school_leader")},
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTION_MATRIX) + sorted(SCHOOL_ACTION_MATRIX))
def test_action_matrix_for_own_another_publishers_and_platform_records(action):
    """Each new permission, asked through the one audited check: "own" is the publisher the principal works for
    (the token's organisation), "other" another publisher's product or source, "platform" a record without owner."""
    from wijzer.accounts.domain.policy import Action, RoleCode, ScopeCode
    from wijzer.accounts.models import AuditEvent
    from wijzer.accounts.permissions import Actor, check

    world = build_world()
    targets = {OWN: world.publisher, OTHER: world.other_publisher, PLATFORM: None}
    table = ACTION_MATRIX
    if action in SCHOOL_ACTION_MATRIX:
        targets, table = {OWN: world.school, OTHER: world.other_school, PLATFORM: None}, SCHOOL_ACTION_MATRIX
    mismatches = []
    for principal in API_PRINCIPALS:
        if principal == ANONYMOUS:
            actor = Actor("anoniem")
        elif principal in TOKENS:
            scope = ScopeCode(principal.removeprefix("token:"))
            actor = Actor(principal, world.publisher, scopes=frozenset({scope}))
        else:
            membership = world.members[Role(principal)]
            org = world.publisher if principal == "publisher_editor" else membership.organisation
            actor = Actor(principal, org, role=RoleCode(principal), user=membership.user)
        for name, target in targets.items():
            expected = name in table[action].get(principal, set())
            before = AuditEvent.objects.count()
            got = check(actor, Action(action), target)
            if got != expected:
                mismatches.append(f"{principal} on {name}: expected {expected}, got {got}")
            if AuditEvent.objects.count() != before + (0 if got else 1):
                mismatches.append(f"{principal} on {name}: a refusal must write one audit row")
    assert not mismatches, "\n".join(mismatches)


# Who may change which field of a product: (source owner, product owner, delegated fields) -> fields that change.
ALL_FIELDS = {"title", "description", "curriculum", "parts", "method", "prices", "availability", "access_url"}
RECORD_MATRIX = [
    ("own product", "publisher", "publisher", set(), ALL_FIELDS),
    ("new product", "publisher", "platform", set(), ALL_FIELDS),  # not there yet: created for the source's owner
    ("another publisher's product", "other", "publisher", set(), set()),
    ("another's product, prices delegated", "distributor", "publisher", {"prices"}, {"prices"}),
    ("another's product, availability delegated", "distributor", "publisher", {"availability"}, {"availability"}),
    ("another's product, access URL delegated", "distributor", "publisher", {"access_url"}, {"access_url"}),
    ("delegation by someone else", "distributor", "publisher", set(), set()),
    ("platform product from a publisher", "publisher", "platform", set(), set()),
    ("platform product from a platform source", "platform", "platform", set(), ALL_FIELDS),
    ("publisher's product from a platform source", "platform", "publisher", set(), set()),
]


@pytest.mark.parametrize(
    ("case", "source_owner", "product_owner", "delegated", "changes"), RECORD_MATRIX, ids=[r[0] for r in RECORD_MATRIX]
)
def test_record_matrix(case, source_owner, product_owner, delegated, changes):
    from wijzer.accounts.domain.policy import Authority, DelegableField, record_right

    ids = {"publisher": 1, "other": 2, "distributor": 3, "platform": None}
    grants = {1: frozenset(DelegableField(f) for f in delegated)} if delegated else {}
    if case == "delegation by someone else":
        grants = {2: frozenset({DelegableField.PRICES})}  # the other publisher cannot give away publisher 1's data
    right = record_right(ids[source_owner], ids[product_owner], grants, exists=case != "new product")
    got = ALL_FIELDS if right.authority is Authority.FULL else {str(f) for f in right.fields}
    assert got == changes


def test_every_action_of_the_policy_table_has_a_row_in_an_action_matrix():
    """A new permission cannot be added without its expected decisions (the W2 actions are checked per URL above)."""
    from wijzer.accounts.domain.policy import Action

    page_checked = {"organisation.view", "organisation.invite", "tokens.manage", "audit.view", "audit.export"}
    missing = {a.value for a in Action} - page_checked - set(ACTION_MATRIX) - set(SCHOOL_ACTION_MATRIX)
    assert not missing, f"Actions without a row in ACTION_MATRIX or SCHOOL_ACTION_MATRIX: {sorted(missing)}"
