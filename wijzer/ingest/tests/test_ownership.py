"""W5.1 §1: a product belongs to the organisation whose registered source delivered it. Another organisation's
delivery changes only the fields the owner delegated to it; everything else is kept as its claim and changes
nothing. Tested through the real push API with tokens, as an attacker would try it."""

from __future__ import annotations

import io
import re

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.constants import ProvenanceStatus
from wijzer.catalog.models import PriceObservation, Product, Provenance
from wijzer.ingest import service
from wijzer.ingest.demo_data import demo_eck_sru, demo_nllom_oai
from wijzer.ingest.models import Run

pytestmark = pytest.mark.usefixtures("slo")
PUSH = "/api/v1/ingest/push"
REKENPEN = 0  # index of Uitgeverij De Rekenpen (voorbeeld) in demo_data.PUBLISHERS


@pytest.fixture
def orgs():
    return {
        "owner": OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij De Rekenpen (voorbeeld)"),
        "rival": OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Zeeklaver (voorbeeld)"),
        "distributor": OrganisationFactory(kind=OrganisationKind.DISTRIBUTOR, name="Leermiddelendistributie Test"),
    }


def push(org, body: bytes, source: str | None = None):
    _token, raw = account_actions.do_create_api_token(org, name="feed", scopes=["catalog:push"], created_by=None)
    url = PUSH + (f"?source={source}" if source else "")
    return Client().post(url, body, content_type="application/xml", headers={"Authorization": f"Bearer {raw}"})


def tampered(feed: bytes, *, title: bool = True, amount: bool = True, state: bool = True, url: bool = True) -> bytes:
    """The owner's feed as a rival would send it: other title, price, delivery state and access URL."""
    if title:
        feed = re.sub(rb"<Title>(?=[^<])", b"<Title>NIET KOPEN - teruggeroepen ", feed)  # an empty title stays empty
    if amount:
        feed = re.sub(rb"<Amount>\d+</Amount>", b"<Amount>1</Amount>", feed)
    if state:
        feed = feed.replace(b"<ProductState>Leverbaar<", b"<ProductState>Niet leverbaar<")
    if url:
        feed = feed.replace(b"<AccessLocation>https://", b"<AccessLocation>https://elders.example/")
    return feed


def snapshot() -> dict[str, tuple[object, ...]]:
    return {
        p.key: (p.title, p.description, p.product_state, p.access_url, p.publisher_id, p.method_id, p.owner_id)
        for p in Product.objects.all()
    }


def prices() -> list[tuple[object, ...]]:
    return list(PriceObservation.objects.order_by("pk").values_list("product_id", "amount_cents", "vat_percent"))


@pytest.fixture
def owned(orgs):
    response = push(orgs["owner"], demo_eck_sru(REKENPEN))
    assert response.status_code == 201, response.content
    return response.json()


def test_the_owners_push_creates_products_that_belong_to_it(orgs, owned):
    assert owned["created"] == Product.objects.count() > 30
    assert set(Product.objects.values_list("owner_id", "publisher_id").distinct()) == {(orgs["owner"].pk,) * 2}
    assert owned["conflicts"] == 0


def test_a_rival_publishers_push_changes_nothing_and_is_kept_as_claims(orgs, owned):
    before, before_prices = snapshot(), prices()
    # when: another publisher's key pushes the owner's EANs with a recall title and a price of one cent
    response = push(orgs["rival"], tampered(demo_eck_sru(REKENPEN)))
    # then
    assert response.status_code == 201, response.content
    run = response.json()
    valid = owned["created"]
    assert (run["created"], run["updated"], run["conflicts"]) == (0, 0, valid)
    assert run["status"] == "partial"
    assert snapshot() == before
    assert prices() == before_prices
    claims = Provenance.objects.filter(source=run["source"])
    assert claims.count() == valid
    assert set(claims.values_list("status", flat=True)) == {ProvenanceStatus.CLAIM}
    assert "hoort in Wijzer bij Uitgeverij De Rekenpen (voorbeeld)" in claims.first().conflict
    report = Client().get(f"/api/v1/ingest/sources/{run['source']}/report").json()
    assert any(p["code"] == "ownership.conflict" and p["count"] == valid for p in report["problems"])
    assert "als claim bewaard" in Run.objects.get(pk=run["run"]).message


def test_a_distributor_named_in_the_feed_gets_no_right_from_it(orgs, owned):
    """The feed's Supplier element names the distributor; without a delegation in Wijzer that gives nothing."""
    before = snapshot()
    run = push(orgs["distributor"], tampered(demo_eck_sru(REKENPEN))).json()
    assert run["conflicts"] == owned["created"]
    assert snapshot() == before


COLUMNS = {"prices": None, "availability": "product_state", "access_url": "access_url"}


@pytest.mark.parametrize("delegated", ["prices", "availability", "access_url"])
def test_a_delegated_field_and_only_that_field_changes(orgs, owned, delegated):
    account_actions.do_grant_delegation(orgs["owner"], orgs["distributor"], [delegated])
    before, before_prices = snapshot(), prices()
    # when
    run = push(orgs["distributor"], tampered(demo_eck_sru(REKENPEN))).json()
    # then
    assert (run["updated"], run["conflicts"]) == (owned["created"], 0)
    after = snapshot()
    index = {"product_state": 2, "access_url": 3}
    for key, was in before.items():
        now = after[key]
        changed = {i for i, (a, b) in enumerate(zip(was, now, strict=True)) if a != b}
        expected = {index[COLUMNS[delegated]]} if COLUMNS[delegated] else set()
        if delegated == "availability" and was[2] != "Leverbaar":
            expected = set()
        assert changed == expected, (key, was, now)
    new_prices = prices()[len(before_prices) :]
    if delegated == "prices":
        assert new_prices
        assert {amount for _pid, amount, _vat in new_prices} == {1}
        assert run["price_changes"] == len({pid for pid, _a, _v in new_prices})
    else:
        assert new_prices == []
    statuses = set(Provenance.objects.filter(source=run["source"]).values_list("status", flat=True))
    assert statuses == {ProvenanceStatus.DELEGATED}


def test_a_claim_is_looked_at_again_after_a_delegation_and_again_after_revoking(orgs, owned):
    feed = tampered(demo_eck_sru(REKENPEN), title=False, state=False, url=False)
    first = push(orgs["distributor"], feed).json()
    assert first["conflicts"] == owned["created"]
    delegation = account_actions.do_grant_delegation(orgs["owner"], orgs["distributor"], ["prices"])
    second = push(orgs["distributor"], feed).json()  # the same bytes
    assert (second["updated"], second["conflicts"]) == (owned["created"], 0)
    account_actions.do_revoke_delegation(delegation)
    changed = feed.replace(b"<Amount>1</Amount>", b"<Amount>2</Amount>")
    third = push(orgs["distributor"], changed).json()
    assert (third["updated"], third["conflicts"]) == (0, owned["created"])
    assert not PriceObservation.objects.filter(amount_cents=2).exists()
    granted = AuditEvent.objects.filter(action__in=["delegation.granted", "delegation.revoked"])
    assert sorted(granted.values_list("action", flat=True)) == ["delegation.granted", "delegation.revoked"]


def test_open_material_of_a_platform_source_cannot_be_overwritten_by_a_publisher(orgs):
    platform = service.ensure_source("open-repo", owner=None)
    service.ingest_stream(io.BytesIO(demo_nllom_oai()), source=platform, input_name="open", format_id="nllom")
    before = snapshot()
    lom = demo_nllom_oai().replace(b'<imsmd:langstring xml:lang="nl">', b'<imsmd:langstring xml:lang="nl">X ')
    response = push(orgs["rival"], lom)
    assert response.status_code == 201, response.content
    assert response.json()["conflicts"] == len(before)
    assert snapshot() == before


def test_a_publisher_cannot_push_into_a_platform_source_or_squat_a_reserved_name(orgs):
    service.ensure_source("open-repo", owner=None)
    into_platform = push(orgs["rival"], demo_eck_sru(REKENPEN), source="open-repo")
    assert into_platform.status_code == 403
    assert "Wijzer-platform" in into_platform.json()["detail"]
    squat = push(orgs["rival"], demo_eck_sru(REKENPEN), source="push-uitgeverij-de-rekenpen-voorbeeld")
    assert squat.status_code == 403
    assert "gereserveerd" in squat.json()["detail"]
    assert Product.objects.count() == 0
    assert AuditEvent.objects.filter(action="access.denied").count() == 2


def test_duplicates_in_one_delivery_are_warned_about_and_the_counts_add_up():
    """W5.1 §7: the first delivery of a record id or EAN in a file counts; each later one is a warning."""
    csv = (
        b"ean;titel;prijs_excl_btw;btw;type\n"
        b"9789006484908;Eerste titel;10,00;9;folio\n"
        b"9789006987904;Ander product;12,00;9;folio\n"
        b"9789006484908;Tweede titel (dubbel);1,00;9;folio\n"
    )
    source = service.ensure_source("dubbel-test")
    run = service.ingest_stream(io.BytesIO(csv), source=source, input_name="dubbel.csv")
    assert (run.received, run.created, run.duplicates) == (3, 2, 1)
    counted = run.created + run.updated + run.unchanged + run.quarantined + run.conflicts + run.duplicates
    assert counted == run.received
    assert Product.objects.get(product_id="9789006484908").title == "Eerste titel"
    assert run.problems["delivery.duplicate"]["count"] == 1
    assert "1 dubbel in deze levering" in run.message
