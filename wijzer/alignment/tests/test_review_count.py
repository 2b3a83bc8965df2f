"""The number beside "Beoordelen" (W5.3 §8): the links this reviewer can act on, i.e. exactly the rows their review
queue shows before they change a filter: the pending links of their panel's subject, or all pending links when
the panel's name points at no subject."""

from __future__ import annotations

import re

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import Organisation, User
from wijzer.alignment import actions, engine, service
from wijzer.alignment.constants import PartLevel
from wijzer.alignment.models import Alignment
from wijzer.catalog.models import Method
from wijzer.curriculum.models import Goal

pytestmark = pytest.mark.usefixtures("slo")
REKENEN = [f"PO Kerndoel {n}" for n in range(23, 29)]  # rekenen en wiskunde
ENGELS = ["PO Kerndoel 13", "PO Kerndoel 14"]


@pytest.fixture
def pending() -> None:
    """5 pending rekenen links (a sixth is confirmed and a seventh rejected: not waiting) and 2 pending English."""
    engine.reset()
    method = Method.objects.create(name="Rekenroute")
    volume = actions.do_upsert_part(method, actions.PartSpec("d1", PartLevel.VOLUME, "Deel 1", sector="po"))
    h1 = actions.do_upsert_part(method, actions.PartSpec("h1", PartLevel.CHAPTER, "H1", "tekst", 1), parent=volume)
    h2 = actions.do_upsert_part(method, actions.PartSpec("h2", PartLevel.CHAPTER, "H2", "tekst", 2), parent=volume)
    actions.do_declare_alignments(h1, [str(Goal.objects.get(code=c).uuid) for c in [*REKENEN, "PO Kerndoel 29"]])
    actions.do_declare_alignments(h2, [str(Goal.objects.get(code=c).uuid) for c in ENGELS])
    Alignment.objects.filter(part=h1, goal_code="PO Kerndoel 28").update(provenance="confirmed")
    Alignment.objects.filter(part=h1, goal_code="PO Kerndoel 29").update(provenance="rejected")


def _reviewer(panel_name: str) -> tuple[Client, Organisation]:
    panel = Organisation.objects.create(kind=OrganisationKind.REVIEWER_PANEL, name=panel_name)
    email = re.sub(r"\W+", "-", panel_name.casefold()) + "@test.example.nl"
    user = User.objects.create_user(email=email, password="een-lang-wachtwoord-123")
    account_actions.do_grant_membership(user, panel, Role.REVIEWER)
    client = Client()
    client.force_login(user)
    return client, panel


def _menu_item(html: str, label: str) -> str:
    nav = html[html.index('aria-label="Hoofdmenu"') : html.index("</nav>")]
    items = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<a [^>]*>(.*?)</a>", nav)]
    (item,) = [i for i in items if i.startswith(label)]
    return item


def _queue_codes(html: str) -> list[str]:
    return re.findall(r'<td id="doel-[^"]+"><strong>([^<]+)</strong>', html)


@pytest.mark.parametrize(
    ("panel_name", "count", "codes"),
    [
        ("Beoordelingspanel Rekenen", 5, REKENEN[:5]),
        ("Beoordelingspanel Engels", 2, ENGELS),
        ("Beoordelingspanel test", 7, [*REKENEN[:5], *ENGELS]),  # no subject in the name: everything waiting
    ],
)
def test_the_menu_counts_what_the_queue_shows_this_panel_first(pending, panel_name, count, codes):
    client, panel = _reviewer(panel_name)
    # when
    home = client.get("/").content.decode()
    queue = client.get("/kerndoeldekking/beoordelen/").content.decode()
    # then the menu, the home page's task and the queue's first view agree on the number
    assert _menu_item(home, "Beoordelen") == f"Beoordelen {count} wachten"
    assert f"Koppelingen beoordelen ({count} wachten)" in home
    assert sorted(_queue_codes(queue)) == sorted(codes)
    assert f"<strong>1–{count} van {count}</strong>" in queue
    assert service.pending_review_count(panel) == count


def test_a_decision_lowers_only_that_panels_count(pending):
    rekenen_client, rekenen = _reviewer("Beoordelingspanel Rekenen")
    _engels_client, engels = _reviewer("Beoordelingspanel Engels")
    link = Alignment.objects.get(goal_code="PO Kerndoel 23")
    response = rekenen_client.post("/kerndoeldekking/beoordelen/", {"enkel": f"confirm:{link.uuid}"})
    assert response.status_code == 302
    assert (service.pending_review_count(rekenen), service.pending_review_count(engels)) == (4, 2)
    assert service.pending_review_count(None) == 6  # no organisation: every pending link
