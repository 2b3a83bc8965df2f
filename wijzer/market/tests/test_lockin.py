"""Lock-in per product and publisher (W7 §7): who may declare (audited), all-or-nothing declarations, the seven
indicators with their evidence, the composite and the publisher mean against hand-computed values, pages and API."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

import pytest

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.permissions import Actor
from wijzer.accounts.tests.helpers import build_world, login_as
from wijzer.catalog.models import ProductPart
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.market import lockin_query as reads
from wijzer.market.actions.lockin import NOT_OWNER_EDITOR, declare_lockin
from wijzer.market.constants import MarketAuditAction
from wijzer.market.exceptions import Forbidden, MarketError
from wijzer.market.models import LockInDeclaration

pytestmark = pytest.mark.django_db


def actor(world, role: Role, organisation=None) -> Actor:
    membership = world.members[role]
    return Actor(
        membership.user.email, organisation or membership.organisation, role=RoleCode(role), user=membership.user
    )


@pytest.fixture
def w():
    world = build_world()
    world.closed = ProductFactory(  # sold only in a bundle, two-year licence, no trial
        title="Rekenen Plus leerlinglicentie", owner=world.publisher, publisher=world.publisher, for_sale=False,
        licence_duration="2 jaar", sectors=["vo"],
    )  # fmt: skip
    world.open = ProductFactory(  # sold apart, one-year licence, a trial link
        title="Taal Vrij", owner=world.publisher, publisher=world.publisher, for_sale=True,
        licence_duration="12 maanden", trial_url="https://example.nl/proef",
    )  # fmt: skip
    world.unknown = ProductFactory(title="Onbekend", owner=world.publisher, publisher=world.publisher)
    world.theirs = ProductFactory(title="Van een ander", owner=world.other_publisher, publisher=world.other_publisher)
    world.platform_product = ProductFactory(title="Zonder eigenaar")
    return world


def values(found: reads.ProductLockIn) -> dict[str, int | None]:
    return {i.code: i.value for i in found.indicators}


# --- the action: permission, audit, all or nothing -----------------------------------------------------------------


def test_the_owners_editor_declares_and_the_audit_row_has_before_and_after(w):
    editor = actor(w, Role.PUBLISHER_EDITOR)
    declare_lockin(editor, w.closed, supports_eduv=True, supports_eck=False, data_export="nee")
    saved = LockInDeclaration.objects.get(product=w.closed)
    assert (saved.supports_eduv, saved.supports_eck, saved.supports_lti, saved.data_export) == (
        True,
        False,
        None,
        False,
    )
    assert saved.organisation == w.publisher
    assert saved.declared_by == w.members[Role.PUBLISHER_EDITOR].user
    event = AuditEvent.objects.get(action=MarketAuditAction.LOCKIN_DECLARED)
    assert event.organisation == w.publisher
    assert event.object_id == str(w.closed.uuid)
    assert event.details["before"]["values"] == {}
    assert event.details["before"]["lockin"]["indicators"]["no_eduv"] is None
    assert event.details["after"]["values"]["supports_eduv"] is True
    assert event.details["after"]["lockin"]["indicators"] == {
        "no_eduv": 0, "no_eck": 1, "no_lti": None, "no_export": 1, "bundle_only": 1, "long_term": 1, "switching": 1,
    }  # fmt: skip
    declare_lockin(editor, w.closed, supports_eduv=False)  # a second declaration replaces the first
    assert LockInDeclaration.objects.count() == 1
    second = AuditEvent.objects.filter(action=MarketAuditAction.LOCKIN_DECLARED).order_by("-pk").first()
    assert second.details["before"]["values"]["supports_eduv"] is True
    assert second.details["after"]["values"]["supports_eck"] is None


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SCHOOL_LEADER, Role.REVIEWER, Role.POLICY_ANALYST])
def test_other_roles_are_refused_audited_and_nothing_is_stored(w, role):
    with pytest.raises(Forbidden, match="redacteur van de uitgever"):
        declare_lockin(actor(w, role), w.closed, supports_eduv=True)
    assert not LockInDeclaration.objects.exists()
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.details["action"] == "market.declare_lockin"
    assert denied.details["reason"] == NOT_OWNER_EDITOR


def test_another_publishers_editor_is_refused_a_platform_admin_may(w):
    with pytest.raises(Forbidden):
        declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.theirs, supports_eduv=True)
    assert not LockInDeclaration.objects.exists()
    declare_lockin(actor(w, Role.PLATFORM_ADMIN), w.theirs, supports_eduv=True)
    assert LockInDeclaration.objects.get().organisation == w.other_publisher  # on behalf of the owner


def test_a_product_without_owner_is_for_platform_admins_only(w):
    with pytest.raises(Forbidden):
        declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.platform_product, supports_lti=True)
    declare_lockin(actor(w, Role.PLATFORM_ADMIN), w.platform_product, supports_lti=True)
    assert LockInDeclaration.objects.get().organisation == w.platform


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"supports_eduv": "misschien"}, "supports_eduv"),
        ({"data_export": 3}, "data_export"),
        ({"data_export": False, "export_formats": "CSV"}, "export_formats"),
        ({"export_formats": "CSV"}, "export_formats"),  # export unknown: no formats either
        ({"note": "a\x00b"}, "note"),
        ({"note": "x" * 1001}, "note"),
        ({"data_export": True, "export_formats": "C" * 201}, "export_formats"),
    ],
)
def test_bad_answers_are_dutch_field_errors_and_nothing_changes(w, kwargs, field):
    editor = actor(w, Role.PUBLISHER_EDITOR)
    declare_lockin(editor, w.closed, supports_eduv=True)
    before = AuditEvent.objects.count()
    with pytest.raises(MarketError) as refused:
        declare_lockin(editor, w.closed, **kwargs)
    assert field in refused.value.fields
    assert LockInDeclaration.objects.get().supports_eduv is True  # the earlier declaration stands
    assert AuditEvent.objects.count() == before


# --- indicators, composite, publisher mean -------------------------------------------------------------------------


def test_indicators_and_composite_against_a_hand_calculation(w):
    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True, supports_eck=False, data_export=False)
    closed = reads.product_lockin(w.closed.uuid)
    # eduv open, eck locks, lti unknown, no export locks, bundle-only locks, 2 years locks, no export + no trial locks
    assert values(closed) == {
        "no_eduv": 0, "no_eck": 1, "no_lti": None, "no_export": 1, "bundle_only": 1, "long_term": 1, "switching": 1,
    }  # fmt: skip
    assert closed.known == 6
    assert closed.composite == pytest.approx(100 * 5 / 6)
    evidence = {i.code: i.evidence for i in closed.indicators}
    today = timezone.localdate()
    assert evidence["no_eduv"].startswith(f"Opgegeven door Uitgever Een op {today.day} ")
    assert evidence["no_eduv"].endswith(": ja.")
    assert evidence["bundle_only"] == "Uit de catalogus: los te koop: nee."
    assert evidence["long_term"] == "Uit de catalogus: licentieduur „2 jaar” = 2 jaar."
    assert evidence["no_lti"] == "Uitgever Een gaf hier „onbekend” op."

    opened = reads.product_lockin(w.open.uuid)  # nothing declared: only catalogue facts, and a trial
    assert values(opened) == {
        "no_eduv": None, "no_eck": None, "no_lti": None, "no_export": None,
        "bundle_only": 0, "long_term": 0, "switching": 0,
    }  # fmt: skip
    assert (opened.known, opened.composite) == (3, 0.0)

    unknown = reads.product_lockin(w.unknown.uuid)
    assert unknown.known == 0
    assert unknown.composite is None

    group = reads.publisher_lockin(w.group.uuid)  # the owner group of Uitgever Een: its products too
    assert (len(group.products), group.n) == (3, 2)
    publisher = reads.publisher_lockin(w.publisher.uuid)
    assert [p.product.title for p in publisher.products] == ["Onbekend", "Rekenen Plus leerlinglicentie", "Taal Vrij"]
    assert publisher.n == 2  # the product without any known indicator does not count
    assert publisher.mean == pytest.approx((100 * 5 / 6 + 0) / 2)


def test_bundle_membership_and_a_licence_by_dates(w):
    w.closed.licence_duration = ""
    w.closed.licence_start_date = datetime.date(2025, 8, 1)
    w.closed.licence_end_date = datetime.date(2026, 7, 31)
    w.closed.save()
    bundle = ProductFactory(title="Rekenen Plus pakket", owner=w.publisher)
    ProductPart.objects.create(product=bundle, code=w.closed.product_id, title="licentie")
    found = reads.product_lockin(w.closed.uuid)
    assert [b.title for b in found.bundles] == ["Rekenen Plus pakket"]
    evidence = {i.code: i.evidence for i in found.indicators}
    assert "Onderdeel van: Rekenen Plus pakket" in evidence["bundle_only"]
    assert values(found)["long_term"] == 0  # 364 days: within one school year
    assert "364 dagen" in evidence["long_term"]


def test_a_trial_option_keeps_switching_open_even_without_export(w):
    w.closed.additional_licence_options = ["Proefexemplaar"]
    w.closed.save()
    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, data_export=False)
    assert values(reads.product_lockin(w.closed.uuid))["switching"] == 0


# --- pages ---------------------------------------------------------------------------------------------------------


def test_product_page_shows_evidence_formula_and_known_count_and_escapes_the_note(w, client):
    declare_lockin(
        actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True, supports_eck=False, data_export=True,
        export_formats="CSV <b>", note="<script>alert(1)</script>",
    )  # fmt: skip
    html = client.get(f"/markt/afhankelijkheid/{w.closed.uuid}/").content.decode()
    assert "Opgegeven door Uitgever Een op" in html
    assert "Uit de catalogus: los te koop: nee." in html
    assert "6 van 7 bekend" in html  # lti not declared
    assert "Samengestelde score = 100 × (aantal bekende indicatoren dat vastzet)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "CSV &lt;b&gt;" in html
    assert "Open standaarden en export opgeven" not in html  # anonymous: no link to the form
    assert f'href="/markt/afhankelijkheid/uitgever/{w.publisher.uuid}/"' in html


def test_unknown_or_malformed_product_is_a_dutch_404(w, client):
    for key in ("niet-een-uuid", "00000000-0000-0000-0000-000000000000", "%00"):
        response = client.get(f"/markt/afhankelijkheid/{key}/")
        assert response.status_code == 404
        assert "Dit product staat niet in de catalogus" in response.content.decode()
    assert client.get(f"/markt/afhankelijkheid/uitgever/{w.school.uuid}/").status_code == 404  # not a publisher
    assert client.get("/api/v1/market/lockin/products/xyz").json() == {"detail": reads.PRODUCT_NOT_FOUND}
    assert client.get(f"/api/v1/market/lockin/publishers/{w.school.uuid}").status_code == 404


def test_publisher_page_shows_mean_with_n_and_a_row_per_product(w, client):
    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True, data_export=False)
    html = client.get(f"/markt/afhankelijkheid/uitgever/{w.publisher.uuid}/", {"pagina": "²"}).content.decode()
    # closed: eduv 0, export 1, bundle 1, term 1, switching 1 -> 80; open: 0 -> mean 40 over n = 2
    assert "40,0" in html
    assert "n = 2 van 3 producten" in html
    assert html.count('href="/markt/afhankelijkheid/') >= 3


def test_the_form_saves_for_the_owners_editor_and_redirects(w, client):
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    url = f"/markt/afhankelijkheid/{w.closed.uuid}/opgeven/"
    page = client.get(url).content.decode()
    assert "<legend>Edu-V</legend>" in page
    assert 'id="supports_eduv-onbekend" value="onbekend" checked' in page
    posted = client.post(url, {"supports_eduv": "ja", "supports_eck": "nee", "supports_lti": "onbekend",
                               "data_export": "ja", "export_formats": "CSV", "note": ""})  # fmt: skip
    assert posted.status_code == 302
    assert posted["Location"] == f"/markt/afhankelijkheid/{w.closed.uuid}/"
    saved = LockInDeclaration.objects.get()
    assert (saved.supports_eduv, saved.supports_eck, saved.supports_lti, saved.data_export) == (True, False, None, True)
    followed = client.get(posted["Location"]).content.decode()
    assert "Uw opgave bijwerken" in followed


def test_the_form_shows_dutch_errors_and_stores_nothing(w, client):
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    url = f"/markt/afhankelijkheid/{w.closed.uuid}/opgeven/"
    response = client.post(url, {"supports_eduv": "wellicht", "data_export": "nee", "export_formats": "CSV"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "er is niets opgeslagen" in html
    assert 'href="#supports_eduv-ja"' in html
    assert "Kies ja, nee of onbekend." in html
    assert not LockInDeclaration.objects.exists()


def test_the_form_is_refused_to_others_with_a_dutch_403(w, client):
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    response = client.post(f"/markt/afhankelijkheid/{w.theirs.uuid}/opgeven/", {"supports_eduv": "ja"})
    assert response.status_code == 403
    assert "redacteur van de uitgever" in response.content.decode()
    assert not LockInDeclaration.objects.exists()
    assert client.get("/markt/afhankelijkheid/x/opgeven/").status_code == 404
    anonymous = client.__class__().get(f"/markt/afhankelijkheid/{w.closed.uuid}/opgeven/")
    assert anonymous.status_code == 302


def test_the_catalogue_product_page_has_the_lockin_line(w, client):
    html = client.get(f"/catalogus/{w.open.uuid}/").content.decode()
    assert "Afhankelijkheid" in html
    assert "Samengestelde score <strong>0,0</strong> van 100 (3 van 7 indicatoren bekend" in html
    assert f'href="/markt/afhankelijkheid/{w.open.uuid}/"' in html


# --- API -----------------------------------------------------------------------------------------------------------


def test_api_get_gives_indicators_composite_formula_and_known(w, client):
    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True, data_export=False)
    body = client.get(f"/api/v1/market/lockin/products/{w.closed.uuid}").json()
    assert {i["code"]: i["value"] for i in body["indicators"]} == {
        "no_eduv": 0, "no_eck": None, "no_lti": None, "no_export": 1, "bundle_only": 1, "long_term": 1, "switching": 1,
    }  # fmt: skip
    assert (body["known"], body["total"], body["composite"]) == (5, 7, 80.0)
    assert body["formula"] == reads.FORMULA
    assert body["declaration"]["organisation"] == "Uitgever Een"
    assert body["declaration"]["declared_on"] == timezone.localdate().isoformat()
    publisher = client.get(f"/api/v1/market/lockin/publishers/{w.publisher.uuid}", {"limit": "1"}).json()
    assert (publisher["mean"], publisher["n"], publisher["count"], len(publisher["items"])) == (40.0, 2, 3, 1)


def test_api_put_for_the_owners_editor_only(w, client):
    url = f"/api/v1/market/lockin/products/{w.closed.uuid}"
    body = json.dumps({"supports_eduv": True, "supports_eck": True, "supports_lti": True, "data_export": True})
    assert client.put(url, body, content_type="application/json").status_code == 401
    login_as(client, w.members[Role.TEACHER])
    assert client.put(url, body, content_type="application/json").status_code == 403
    assert not LockInDeclaration.objects.exists()
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    other = client.put(f"/api/v1/market/lockin/products/{w.theirs.uuid}", body, content_type="application/json")
    assert other.status_code == 403
    assert not LockInDeclaration.objects.exists()
    saved = client.put(url, body, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["composite"] == pytest.approx(100 * 2 / 7)  # only bundle and term lock in
    bad = client.put(url, json.dumps({"data_export": False, "export_formats": "CSV"}), content_type="application/json")
    assert bad.status_code == 422
    assert "export_formats" in bad.json()["fields"]
    assert LockInDeclaration.objects.get().data_export is True
    missing = client.put("/api/v1/market/lockin/products/nope", body, content_type="application/json")
    assert missing.status_code == 404


def test_the_product_page_line_reads_the_declaration_in_one_query(w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wijzer.market.templatetags.market_lockin import lockin_line

    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True)
    with CaptureQueriesContext(connection) as queries:
        html = lockin_line(w.closed)
    assert len(queries) == 1
    assert "Samengestelde score <strong>66,7</strong> van 100 (3 van 7 indicatoren bekend" in html  # 0, 1, 1


@pytest.mark.parametrize("body", ["[1, 2]", '"Edu-V ja"', "null", "12"])
def test_api_put_refuses_a_body_that_is_not_an_object_and_keeps_the_declaration(w, client, body):
    """Every field of the body has a default: a list, text or null once read as an empty declaration and wiped the
    owner's answers; now it is a 422 and the declaration stays as it was."""
    declare_lockin(actor(w, Role.PUBLISHER_EDITOR), w.closed, supports_eduv=True, data_export=False)
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    answer = client.put(f"/api/v1/market/lockin/products/{w.closed.uuid}", body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("Ongeldige invoer")
    kept = LockInDeclaration.objects.get()
    assert (kept.supports_eduv, kept.data_export) == (True, False)
