"""The upload of a table of contents on the method page: only for the publisher's editors (and platform admins),
with the report or every row problem on the page."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent, User
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.alignment import engine
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.catalog.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

EXAMPLE_CSV = Path(__file__).resolve().parents[3] / "data" / "alignment" / "examples" / "inhoudsopgave-voorbeeld.csv"


@pytest.fixture
def method(slo):
    """A method its publisher owns in Wijzer, without a product (the upload names the method in its address)."""
    engine.reset()
    return MethodFactory(name="Telkracht (test)", published=True)


def member(organisation, role, email) -> Client:
    user = User.objects.create_user(email=email, password="een-lang-wachtwoord-123")
    return login_as(Client(), account_actions.do_grant_membership(user, organisation, role))


def upload(client, method, data: bytes, name="inhoudsopgave.csv", *, follow=True, **extra):
    """Post the file; an accepted one redirects to the method page with its report (Post/Redirect/Get)."""
    page = f"/kerndoeldekking/methode/{method.uuid}/inhoudsopgave/"
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(page, {"bestand": file, **extra}, follow=follow)


def test_only_the_publishers_editor_sees_the_upload_form(method):
    editor = member(method.publisher, Role.PUBLISHER_EDITOR, "redacteur@test.example.nl")
    page = editor.get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    assert '<h2 id="inhoudsopgave-kop">Inhoudsopgave aanleveren</h2>' in page
    assert f'action="/kerndoeldekking/methode/{method.uuid}/inhoudsopgave/#inhoudsopgave"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="voorstellen" value="1" checked' in page
    for client in (Client(), member(method.publisher, Role.PRIVACY_OFFICER, "privacy@test.example.nl")):
        html = client.get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
        assert "Inhoudsopgave aanleveren" not in html


def test_an_upload_shows_the_report_and_the_chapters(method):
    editor = member(method.publisher, Role.PUBLISHER_EDITOR, "redacteur@test.example.nl")
    # when: without suggestions (the box unticked)
    response = upload(editor, method, EXAMPLE_CSV.read_bytes(), name="inhoudsopgave-voorbeeld.csv")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Inhoudsopgave aangeleverd – Kerndoeldekking Telkracht (test)" in html
    assert "inhoudsopgave-voorbeeld.csv is aangeleverd" in html
    assert "Onderdelen: 10 nieuw, 0 bijgewerkt, 0 ongewijzigd." in html
    assert "Opgegeven kerndoelen: 7 nieuw gekoppeld, 0 al gekoppeld." in html
    assert "Geen voorstellen gemaakt." in html
    assert "<td><code>blok-1/h2</code></td><td>2. Breuken en procenten</td><td>nieuw</td>" in html
    # in the chapter list of the page: the publisher's own numbering, not ours in front of it (W5.3)
    assert (
        '<strong>2. Breuken en procenten</strong> <span class="meta">(hoofdstuk, kolom 5 in de heatmap)</span>' in html
    )
    assert "style=" not in html
    assert MethodPart.objects.filter(method=method).count() == 10
    assert not Alignment.objects.filter(provenance="suggested").exists()
    event = AuditEvent.objects.get(action="alignment.imported")
    assert (event.actor.email, event.organisation) == ("redacteur@test.example.nl", method.publisher)
    # and the report came after a redirect: a reload shows the page without it and delivers nothing again
    assert [u for u, _status in response.redirect_chain] == [
        f"/kerndoeldekking/methode/{method.uuid}/#inhoudsopgave-resultaat"
    ]
    reloaded = editor.get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    assert "is aangeleverd" not in reloaded
    assert AuditEvent.objects.filter(action="alignment.imported").count() == 1
    # when: the same file again, with a chapter left out
    lines = [line for line in EXAMPLE_CSV.read_text(encoding="utf-8").splitlines() if not line.startswith("blok-2/h6;")]
    again = upload(editor, method, "\n".join(lines).encode()).content.decode()
    # then
    assert "Onderdelen: 0 nieuw, 0 bijgewerkt, 9 ongewijzigd." in again
    assert "Niet meer in deze inhoudsopgave: blok-2/h6." in again
    assert "niet meer aangeleverd sinds" in again


def test_a_refused_upload_lists_every_row_problem_and_saves_nothing(method):
    editor = member(method.publisher, Role.PUBLISHER_EDITOR, "redacteur@test.example.nl")
    bad = b"sleutel;niveau;titel;bovenliggend\nh1;hoofdstuk;Een;\nh2;hoofdstuk;Twee;h9\nh1;hoofdstuk;Drie;\n"
    response = upload(editor, method, bad, name="fout.csv", voorstellen="1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Inhoudsopgave afgekeurd – Kerndoeldekking" in html
    assert 'role="alert"' in html
    assert "fout.csv is afgekeurd" in html
    assert "Er is niets opgeslagen. Los deze 2 problemen op en lever het hele bestand opnieuw aan." in html
    assert "<li>Rij 3 (h2): bovenliggend onderdeel &#x27;h9&#x27; staat niet in het bestand.</li>" in html
    assert "<li>Rij 4 (h1): de sleutel komt al voor in rij 2; elke sleutel één keer.</li>" in html
    assert 'aria-describedby="inhoudsopgave-uitleg inhoudsopgave-fouten"' in html
    assert 'name="voorstellen" value="1" checked' in html
    assert not MethodPart.objects.exists()
    no_file = editor.post(f"/kerndoeldekking/methode/{method.uuid}/inhoudsopgave/", {}).content.decode()
    assert "Kies een bestand (CSV of JSON) met de inhoudsopgave." in no_file


def test_another_publisher_and_other_roles_are_refused(method):
    other = OrganisationFactory(publisher=True, name="Uitgeverij Anders (test)")
    stranger = member(other, Role.PUBLISHER_EDITOR, "anders@test.example.nl")
    response = upload(stranger, method, EXAMPLE_CSV.read_bytes())
    assert response.status_code == 403
    assert "Alleen de organisatie die deze methode in Wijzer bezit" in response.content.decode()
    assert AuditEvent.objects.filter(action="access.denied", object_id=str(method.uuid)).count() == 1
    anonymous = upload(Client(), method, EXAMPLE_CSV.read_bytes(), follow=False)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/account/inloggen/")
    assert not MethodPart.objects.exists()


def test_a_platform_admin_may_upload_for_any_method(method):
    platform = OrganisationFactory(platform=True, name="Wijzer (test)")
    admin = member(platform, Role.PLATFORM_ADMIN, "beheer@test.example.nl")
    response = upload(admin, method, EXAMPLE_CSV.read_bytes())
    assert "Onderdelen: 10 nieuw" in response.content.decode()
