"""`wijzer accounts delegate`: grant and revoke what a distributor may deliver for a publisher (audited)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from wijzer.accounts.constants import OrganisationKind
from wijzer.accounts.models import AuditEvent, Delegation

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return (
        OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Telwerk"),
        OrganisationFactory(kind=OrganisationKind.DISTRIBUTOR, name="Boekenbus"),
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


def test_grant_then_revoke_is_stored_and_audited(pair):
    publisher, distributor = pair
    said = run(
        "delegate", "--publisher", "uitgeverij telwerk", "--to", str(distributor.pk), "--fields", "prices,availability"
    )
    assert said == "Boekenbus mag leveren voor Uitgeverij Telwerk: availability, prices.\n"
    delegation = Delegation.objects.get()
    assert (delegation.grantor, delegation.grantee, delegation.fields) == (
        publisher,
        distributor,
        ["availability", "prices"],
    )
    run("delegate", "--publisher", "Uitgeverij Telwerk", "--to", "Boekenbus", "--revoke")
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "organisation_id", "actor_label"))
    assert [e[:2] for e in events] == [("delegation.granted", publisher.pk), ("delegation.revoked", publisher.pk)]
    assert all(label.startswith("CLI (") for _a, _o, label in events)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fields", "title"), "Onbekend veld title"),
        (("--fields", ""), "Kies minstens één veld"),
    ],
    ids=["unknown_field_case", "no_field_case"],
)
def test_bad_fields_are_refused_in_dutch_and_nothing_is_stored(pair, args, message):
    with pytest.raises(CommandError, match=message):
        run("delegate", "--publisher", "Uitgeverij Telwerk", "--to", "Boekenbus", *args)
    assert not Delegation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_a_publisher_delegates_and_unknown_names_are_refused(pair):
    with pytest.raises(CommandError, match="Alleen een uitgever kan delegeren"):
        run("delegate", "--publisher", "Boekenbus", "--to", "Uitgeverij Telwerk", "--fields", "prices")
    with pytest.raises(CommandError, match="niet gevonden"):
        run("delegate", "--publisher", "Bestaat Niet", "--to", "Boekenbus", "--fields", "prices")
    assert not Delegation.objects.exists()
