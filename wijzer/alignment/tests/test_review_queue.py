"""The review queue at scale (W5.3): pages of 50 with counts, filters defaulting to the panel's subject, one
row's own buttons, and the same filtered page after a decision."""

from __future__ import annotations

import re

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import AuditEvent, Organisation, User
from wijzer.alignment.constants import LinkState
from wijzer.alignment.models import Alignment
from wijzer.alignment.tests.factories import method_with_chapters
from wijzer.catalog.models import Method
from wijzer.catalog.tests.factories import MethodFactory

pytestmark = pytest.mark.usefixtures("slo")
REKENEN = [f"PO Kerndoel {n}" for n in range(23, 34)]  # 11 goals of rekenen en wiskunde
ENGELS = ["PO Kerndoel 13", "PO Kerndoel 14"]


@pytest.fixture
def queue() -> Method:
    """66 pending rekenen links (6 chapters x 11 goals) and 2 English ones, all declared by the publisher."""
    chapters = [(f"Hoofdstuk {n}", "tekst", REKENEN + (ENGELS if n == 1 else [])) for n in range(1, 7)]
    return method_with_chapters(chapters, method=MethodFactory(name="Rekenroute (voorbeeld)", demo=True))


def _reviewer(panel_name: str) -> tuple[Client, User]:
    panel = Organisation.objects.create(kind=OrganisationKind.REVIEWER_PANEL, name=panel_name)
    user = User.objects.create_user(email="beoordelaar@test.example.nl", password="een-lang-wachtwoord-123")
    account_actions.do_grant_membership(user, panel, Role.REVIEWER)
    client = Client()
    client.force_login(user)
    return client, user


def _goal_codes(html: str) -> list[str]:
    return re.findall(r'<td id="doel-[^"]+"><strong>([^<]+)</strong>', html)


def test_a_rekenen_panel_starts_with_rekenen_links_in_pages_of_50(queue):
    client, _user = _reviewer("Beoordelingspanel Rekenen")
    first = client.get("/kerndoeldekking/beoordelen/").content.decode()
    assert "68 koppeling(en) wachten" in first
    assert "<strong>1–50 van 66</strong> (gefilterd uit 68)" in first
    assert len(_goal_codes(first)) == 50
    assert set(_goal_codes(first)) <= set(REKENEN)
    assert '<option value="rekenen en wiskunde" selected>Rekenen en wiskunde (66)</option>' in first
    assert '<a href="?vak=rekenen+en+wiskunde&amp;pagina=2">Volgende 50</a>' in first
    second = client.get("/kerndoeldekking/beoordelen/?vak=rekenen+en+wiskunde&pagina=2").content.decode()
    assert "<strong>51–66 van 66</strong>" in second
    assert len(_goal_codes(second)) == 16


def test_filters_by_subject_method_and_sector_and_alle_shows_everything(queue):
    client, _user = _reviewer("Beoordelingspanel test")  # no subject in the name: no default
    everything = client.get("/kerndoeldekking/beoordelen/").content.decode()
    assert "<strong>1–50 van 68</strong>" in everything
    english = client.get("/kerndoeldekking/beoordelen/", {"vak": "Engels"}).content.decode()
    assert sorted(_goal_codes(english)) == ENGELS
    assert "De uitgever gaf een vervallen doel op" not in english  # current ids: no note, and never a raw id
    assert "opgegeven id" not in english
    other = client.get("/kerndoeldekking/beoordelen/", {"methode": str(queue.uuid), "sector": "vo", "vak": "alle"})
    assert "Geen koppelingen met deze filters." in other.content.decode()


def test_one_rows_button_confirms_that_link_and_returns_to_the_same_filtered_page(queue):
    client, user = _reviewer("Beoordelingspanel Rekenen")
    link = Alignment.objects.filter(part__method=queue, goal_code="PO Kerndoel 14").get()
    before = AuditEvent.objects.count()
    # when: the row's own button, with another row ticked (the row's button decides only its own link)
    ticked = Alignment.objects.filter(part__method=queue, goal_code="PO Kerndoel 13").get()
    response = client.post(
        "/kerndoeldekking/beoordelen/?vak=Engels",
        {"enkel": f"confirm:{link.uuid}", "koppeling": [str(ticked.uuid)]},
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == "/kerndoeldekking/beoordelen/?vak=Engels"
    link.refresh_from_db()
    ticked.refresh_from_db()
    assert (link.provenance, link.reviewer) == (LinkState.CONFIRMED, user)
    assert ticked.provenance == LinkState.DECLARED
    assert AuditEvent.objects.count() == before + 1


def test_a_rows_reject_without_a_reason_changes_nothing(queue):
    client, _user = _reviewer("Beoordelingspanel Rekenen")
    link = Alignment.objects.filter(part__method=queue, goal_code="PO Kerndoel 14").get()
    response = client.post("/kerndoeldekking/beoordelen/?vak=Engels", {"enkel": f"reject:{link.uuid}"}, follow=True)
    link.refresh_from_db()
    assert link.provenance == LinkState.DECLARED
    assert "reden" in response.content.decode().lower()
