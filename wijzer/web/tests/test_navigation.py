"""Navigation by role (W5.3): the main menu and the home page's tasks follow the policy table for the active role."""

from __future__ import annotations

import re

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.alignment import actions, engine
from wijzer.alignment.constants import PartLevel
from wijzer.catalog.models import Method
from wijzer.curriculum.models import Goal
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")


def menu(html: str) -> list[str]:
    nav = html[html.index('aria-label="Hoofdmenu"') : html.index("</nav>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<a [^>]*>(.*?)</a>", nav)]


def _two_pending_links() -> None:
    engine.reset()
    method = Method.objects.create(name="Rekenroute (voorbeeld)", is_demo=True)
    volume = actions.do_upsert_part(method, actions.PartSpec("d1", PartLevel.VOLUME, "Deel 1", sector="po"))
    for key, code in (("h1", "PO Kerndoel 26"), ("h2", "PO Kerndoel 32")):
        part = actions.do_upsert_part(method, actions.PartSpec(key, PartLevel.CHAPTER, key, "tekst", 1), parent=volume)
        actions.do_declare_alignments(part, [str(Goal.objects.get(code=code).uuid)])


def _logged_in(client, role, **org):
    membership = MembershipFactory(role=role, organisation=OrganisationFactory(**org))
    client.force_login(membership.user)
    return membership


PUBLIC = [
    "Curriculum", "Zoeken in doelen", "Catalogus", "Kerndoeldekking", "Kwaliteit", "Marktmonitor", "Keuzehulp",
    "Keuzelijst",
]  # fmt: skip


@pytest.mark.parametrize(
    ("_case", "role", "org", "expected"),
    [
        ("visitor", None, {}, PUBLIC),
        ("teacher", Role.TEACHER, {"school": True}, PUBLIC),
        ("editor", Role.PUBLISHER_EDITOR, {"publisher": True}, [*PUBLIC, "Aanlevering"]),
        (
            "reviewer",
            Role.REVIEWER,
            {"panel": True},
            [*PUBLIC, "Beoordelen 2 wachten", "Kwaliteit beoordelen", "Moderatie 0 gemeld"],
        ),
        ("school leader", Role.SCHOOL_LEADER, {"school": True}, PUBLIC),
    ],
)
def test_the_main_menu_follows_the_policy_table(client, _case, role, org, expected):
    # given two links waiting for a review
    _two_pending_links()
    if role is not None:
        _logged_in(client, role, **org)
    # when
    html = client.get("/").content.decode()
    # then: the API sits in the footer, not in the main menu
    assert menu(html) == expected
    footer = html[html.index('<footer class="page-footer">') :]
    assert '<a href="/api/v1/docs">API-documentatie</a>' in footer


def test_the_current_page_is_marked_in_the_menu(client):
    html = client.get("/catalogus/keuzelijst/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', html) == ["/catalogus/keuzelijst/"]


def test_a_moderator_sees_how_many_experiences_wait_and_where_they_are(client):
    # given a product with two experiences, each reported once, and a reviewer (reviewers moderate)
    from wijzer.catalog.tests.factories import ProductFactory
    from wijzer.quality.actions.experiences import report, write_experience
    from wijzer.quality.tests.experience_world import actor_for
    from wijzer.quality.tests.factories import make_framework

    make_framework()
    product = ProductFactory(title="Rekenrijk")
    school = OrganisationFactory(school=True)
    for _ in range(2):
        written = write_experience(actor_for(school, Role.TEACHER), product, scores={"inhoud": 3}, text="Prima.")
        report(actor_for(school, Role.TEACHER), written, "Klopt niet.")
    _logged_in(client, Role.REVIEWER, panel=True)
    # when the moderator opens the moderation queue and the review list
    moderation = client.get("/kwaliteit/moderatie/").content.decode()
    reviews = client.get("/kwaliteit/beoordelen/").content.decode()
    # then the menu counts the reported experiences ("gemeld" for screen readers) and marks the current item
    assert menu(moderation)[-2:] == ["Kwaliteit beoordelen", "Moderatie 2 gemeld"]
    assert '<span class="nav-count">2<span class="visually-hidden"> gemeld</span></span>' in moderation
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', moderation) == ["/kwaliteit/moderatie/"]
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', reviews) == ["/kwaliteit/beoordelen/"]


def test_the_home_page_offers_one_search_box_and_quick_choices(client):
    load_demo_catalogue()
    html = client.get("/").content.decode()
    assert html.count('type="search"') == 1
    assert '<form class="home-search" method="get" action="/catalogus/"' in html
    quick = re.findall(r'href="/catalogus/\?sector=(po|vo)&amp;(vak|leerjaar)=[^"]+">([^<]+)</a>', html)
    assert [label for sector, kind, label in quick if (sector, kind) == ("po", "leerjaar")] == [
        "groep 3", "groep 4", "groep 5", "groep 6", "groep 7", "groep 8",
    ]  # fmt: skip
    assert [label for sector, kind, label in quick if (sector, kind) == ("po", "vak")] == [
        "Nederlands", "Rekenen en wiskunde", "Wereldoriëntatie", "Engels", "Lezen",
    ]  # fmt: skip
    assert "Uw taken" not in html  # a visitor has no tasks


def test_the_home_page_lists_the_tasks_of_the_active_role(client):
    _two_pending_links()
    reviewer = _logged_in(client, Role.REVIEWER, panel=True, name="Panel rekenen")
    html = client.get("/").content.decode()
    section = html[html.index('id="taken-kop"') : html.index("</section>", html.index('id="taken-kop"'))]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', section) == [
        ("/kerndoeldekking/beoordelen/", "Koppelingen beoordelen (2 wachten)"),
        ("/kwaliteit/beoordelen/", "Producten beoordelen met het kwaliteitskader"),
        ("/kwaliteit/moderatie/", "Ervaringen modereren (0 gemeld)"),
        (f"/organisaties/{reviewer.organisation.uuid}/", "Organisatiepagina van Panel rekenen"),
        ("/catalogus/keuzelijst/", "Uw keuzelijst"),
        ("/kerndoeldekking/", "Kerndoeldekking van een methode bekijken"),
    ]


def test_school_staff_find_the_quickscan_and_their_school_s_products_among_their_tasks(client):
    membership = _logged_in(client, Role.SECTION_HEAD, school=True)
    html = client.get("/").content.decode()
    section = html[html.index('id="taken-kop"') : html.index("</section>", html.index('id="taken-kop"'))]
    tasks = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert ("/kwaliteit/quickscan/", "Quickscan van uw methode met de sectie") in tasks
    assert ("/kwaliteit/moderatie/", "Ervaringen modereren (0 gemeld)") not in tasks
    holdings = (f"/kwaliteit/school/{membership.organisation.uuid}/gebruik/", "Producten die uw school gebruikt")
    assert holdings not in tasks  # the school leader declares what the school uses


def test_the_framework_page_leads_to_the_quickscan_open_data_and_reviewing(client):
    from wijzer.quality.tests.factories import make_framework

    make_framework()
    html = client.get("/kwaliteit/kader/").content.decode()
    block = html[html.index('id="aan-de-slag"') : html.index("</section>", html.index('id="aan-de-slag"'))]
    assert re.findall(r'<a href="([^"]+)">', block) == [
        "/kwaliteit/quickscan/", "/kwaliteit/open-data/", "/catalogus/", "/kwaliteit/beoordelen/",
    ]  # fmt: skip
    for path in ("/kwaliteit/open-data/", "/kwaliteit/quickscan/", "/kwaliteit/beoordelen/"):
        assert client.get(path).status_code in (200, 302)  # the links lead somewhere (login first where needed)
