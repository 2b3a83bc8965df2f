"""`wijzer accounts token create|revoke` (W5.1 §5): tokens from the server's command line, audited, refusals exit 2."""

from __future__ import annotations

import getpass
import io
import json
import re
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

import pytest

from wijzer.accounts.constants import AuditAction
from wijzer.accounts.domain.tokens import digest
from wijzer.accounts.models import ApiToken, AuditEvent

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me"
CLI_LABEL = f"CLI ({getpass.getuser()})"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("accounts", "token", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


def me(token: str) -> tuple[int, dict[str, object]]:
    response = Client().get(ME, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


@pytest.fixture
def publisher():
    return OrganisationFactory(publisher=True, name="Uitgeverij Noorderlicht")


def test_create_prints_the_token_once_as_json_and_it_works_against_the_api(publisher):
    # given
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    # when
    output = run(
        "create", "--organisation", "uitgeverij noorderlicht", "--scope", "catalog:push", "--expires", expires, "--json"
    )
    # then: one JSON document with the token
    document = json.loads(output)
    assert set(document) == {"token", "prefix", "scopes", "expires_at", "organisation", "name"}
    assert re.fullmatch(r"wzr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}", document["token"])
    assert document["prefix"] == document["token"][4:12]
    assert document["scopes"] == ["catalog:push"]
    midnight = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=30), time.min))
    assert datetime.fromisoformat(document["expires_at"]) == midnight
    assert document["organisation"] == {"id": publisher.pk, "name": "Uitgeverij Noorderlicht"}
    # stored: the hash only
    token = ApiToken.objects.get()
    assert (token.organisation, token.prefix, token.scopes, token.expires_at) == (
        publisher,
        document["prefix"],
        ["catalog:push"],
        midnight,
    )
    assert token.token_hash == digest(document["token"]) != document["token"]
    # audited, with the operator as actor
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert (event.actor, event.actor_label, event.organisation, event.object_id) == (
        None,
        CLI_LABEL,
        publisher,
        str(token.uuid),
    )
    assert event.details["prefix"] == document["prefix"]
    assert event.details["scopes"] == ["catalog:push"]
    # and the token opens the API
    status, body = me(document["token"])
    assert status == 200
    assert body["kind"] == "token"
    assert body["token"]["prefix"] == document["prefix"]


def test_create_by_id_without_expiry_lasts_90_days_and_prints_a_dutch_text(publisher):
    output = run("create", "--organisation", str(publisher.pk), "--scope", "catalog:push,audit:read")
    token = ApiToken.objects.get()
    assert token.scopes == ["audit:read", "catalog:push"]
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + timedelta(days=90)
    lines = output.splitlines()
    assert lines[0] == (
        f"API-sleutel wzr_{token.prefix}_… gemaakt voor Uitgeverij Noorderlicht "
        f"(bevoegdheden: audit:read, catalog:push; verloopt op {timezone.localtime(token.expires_at).date()})."
    )
    assert lines[1] == "Bewaar de sleutel nu; hij wordt niet nog eens getoond:"
    assert digest(lines[2]) == token.token_hash
    assert me(lines[2])[0] == 200


def test_a_scope_that_does_not_fit_the_organisation_is_refused_in_dutch_with_exit_2_and_nothing_is_written():
    school = OrganisationFactory(school=True, name="De Klimop")
    error = refused("create", "--organisation", "De Klimop", "--scope", "catalog:push")
    assert error.returncode == 2
    assert str(error) == (
        "De bevoegdheid catalog:push (Catalogusgegevens aanleveren) past niet bij De Klimop, een school: "
        "die is alleen voor een distributeur of uitgever."
    )
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATED).exists()
    # the same school may have a school:read token
    run("create", "--organisation", str(school.pk), "--scope", "school:read")
    assert ApiToken.objects.get().scopes == ["school:read"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "Bestaat Niet", "--scope", "catalog:push"], "Organisatie 'Bestaat Niet' niet gevonden"),
        (["--organisation", "999999", "--scope", "catalog:push"], "Organisatie '999999' niet gevonden"),
        (["--organisation", "Uitgeverij Noorderlicht", "--scope", "alles"], "Onbekende bevoegdheid 'alles'"),
        (["--organisation", "Uitgeverij Noorderlicht", "--scope", "catalog:push", "--expires", "morgen"], "geen datum"),
        (
            ["--organisation", "Uitgeverij Noorderlicht", "--scope", "catalog:push", "--expires", "2020-01-01"],
            "niet in de toekomst",
        ),
    ],
)
def test_unknown_organisation_scope_or_date_is_refused_with_exit_2(publisher, args, message):
    error = refused("create", *args)
    assert error.returncode == 2
    assert message in str(error)
    assert not ApiToken.objects.exists()


def test_an_ambiguous_organisation_name_is_refused_and_the_ids_are_offered():
    publisher = OrganisationFactory(publisher=True, name="Noorderlicht")
    group = OrganisationFactory(owner_group=True, name="Noorderlicht")
    error = refused("create", "--organisation", "Noorderlicht", "--scope", "catalog:push")
    assert error.returncode == 2
    assert str(error) == (
        f"Organisatie 'Noorderlicht' is niet eenduidig (id {publisher.pk}: Noorderlicht (Uitgever); "
        f"id {group.pk}: Noorderlicht (Eigenaarsgroep)): geef het id."
    )
    assert not ApiToken.objects.exists()


def test_revoke_by_prefix_is_audited_and_the_token_is_then_refused_with_401(publisher):
    # given a working token
    document = json.loads(run("create", "--organisation", publisher.name, "--scope", "catalog:push", "--json"))
    assert me(document["token"])[0] == 200
    # when
    output = run("revoke", f"wzr_{document['prefix']}")
    # then
    assert output.strip() == f"API-sleutel wzr_{document['prefix']}_… van Uitgeverij Noorderlicht is ingetrokken."
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert (event.actor, event.actor_label, event.organisation) == (None, CLI_LABEL, publisher)
    assert event.details == {"prefix": document["prefix"], "via": "cli"}
    assert me(document["token"])[0] == 401
    # a second revocation says so and logs nothing again
    again = run("revoke", document["prefix"])
    assert "was al ingetrokken" in again
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).count() == 1


def test_revoking_an_unknown_prefix_is_refused_with_exit_2_and_changes_nothing(publisher):
    document = json.loads(run("create", "--organisation", publisher.name, "--scope", "catalog:push", "--json"))
    error = refused("revoke", "Zzzz9999")
    assert error.returncode == 2
    assert str(error) == "Geen API-sleutel met voorvoegsel 'Zzzz9999'. Controleer het voorvoegsel."
    assert ApiToken.objects.get().revoked_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).exists()
    assert me(document["token"])[0] == 200
