"""`wijzer accounts token create|revoke`: API tokens from the server's command line (W5.1 §5), for a deployment's
operator. Thin: the writes (and their audit rows, actor "CLI (<OS user>)") are `actions.do_create_api_token` and
`actions.do_revoke_api_token`, the same as the organisation's token page. Every refusal is a Dutch message with
exit code 2 and changes nothing.
"""

from __future__ import annotations

import json
from argparse import _SubParsersAction
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijzer.accounts.actions import do_create_api_token, do_revoke_api_token
from wijzer.accounts.constants import OrganisationKind, Scope
from wijzer.accounts.domain import policy
from wijzer.accounts.models import ApiToken, Organisation
from wijzer.accounts.permissions import cli_actor

USAGE_ERROR = 2
DEFAULT_DAYS = 90  # as the token page offers by default
MAX_DAYS = 366  # the token page offers at most a year


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def add_token_parser(sub: _SubParsersAction[Any]) -> None:
    token = sub.add_parser("token", help="API-sleutels maken of intrekken (met logboekregel).")
    actions = token.add_subparsers(dest="token_action", required=True)
    create = actions.add_parser(
        "create", help="Een API-sleutel voor een organisatie; de sleutel wordt één keer getoond."
    )
    create.add_argument("--organisation", required=True, metavar="NAAM_OF_ID", help="Exacte naam of id.")
    create.add_argument(
        "--scope",
        required=True,
        action="append",
        metavar="BEVOEGDHEID",
        help=f"{', '.join(Scope.values)} (herhaal of scheid met komma's voor meer).",
    )
    create.add_argument("--expires", metavar="JJJJ-MM-DD", help=f"Vervaldatum (standaard over {DEFAULT_DAYS} dagen).")
    create.add_argument("--name", default="", help="Naam van de sleutel, bijv. het systeem dat hem gebruikt.")
    create.add_argument("--json", action="store_true", help="Uitvoer als JSON (voor scripts).")
    revoke = actions.add_parser("revoke", help="Een API-sleutel intrekken, op zijn voorvoegsel.")
    revoke.add_argument("prefix", metavar="VOORVOEGSEL", help="Bijv. AbCd2345 of wzr_AbCd2345.")


def organisation_named(value: str) -> Organisation:
    """An organisation by its id or its exact name (case-insensitive); a Dutch refusal (exit 2) otherwise."""
    text = " ".join(value.split())
    by_id = list(Organisation.objects.filter(pk=int(text))) if text.isdecimal() else []
    found = by_id or list(Organisation.objects.filter(name__iexact=text).order_by("pk"))
    if not found:
        raise refuse(f"Organisatie '{text}' niet gevonden: geef de exacte naam of het id.")
    if len(found) > 1:
        options = "; ".join(f"id {o.pk}: {o.name} ({o.get_kind_display()})" for o in found)
        raise refuse(f"Organisatie '{text}' is niet eenduidig ({options}): geef het id.")
    return found[0]


def parse_scopes(values: list[str], organisation: Organisation) -> list[str]:
    """The requested scopes, each known and fitting the organisation's kind (`policy.SCOPE_KINDS`)."""
    requested = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not requested:
        raise refuse(f"Geef minstens één bevoegdheid: {', '.join(Scope.values)}.")
    kind = policy.KindCode(organisation.kind)
    for scope in requested:
        if scope not in Scope.values:
            raise refuse(f"Onbekende bevoegdheid '{scope}'. Kies uit: {', '.join(Scope.values)}.")
        fits = policy.SCOPE_KINDS[policy.ScopeCode(scope)]
        if kind not in fits:
            kinds = " of ".join(str(OrganisationKind(k).label).lower() for k in sorted(fits))
            raise refuse(
                f"De bevoegdheid {scope} ({Scope(scope).label}) past niet bij {organisation.name}, een "
                f"{organisation.get_kind_display().lower()}: die is alleen voor een {kinds}."
            )
    return sorted(set(requested))


def parse_expiry(value: str | None, *, today: date) -> datetime:
    """Midnight (Dutch time) at the start of the given date, which lies after today and within a year."""
    if value is None:
        day = today + timedelta(days=DEFAULT_DAYS)
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise refuse(f"Vervaldatum '{value}' is geen datum: schrijf JJJJ-MM-DD, bijv. 2027-01-31.") from None
        if day <= today:
            raise refuse(f"Vervaldatum {day.isoformat()} ligt niet in de toekomst: kies een latere datum.")
        if day > today + timedelta(days=MAX_DAYS):
            raise refuse(
                f"Vervaldatum {day.isoformat()} ligt meer dan een jaar vooruit: een sleutel geldt hoogstens een jaar."
            )
    return timezone.make_aware(datetime.combine(day, time.min))


def prefix_of(value: str) -> str:
    """`AbCd2345`, `wzr_AbCd2345`, `wzr_AbCd2345_…` or the whole token: the 8-character lookup prefix."""
    text = value.strip().removeprefix("wzr_")
    return text.split("_", 1)[0]


def run_token(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["token_action"] == "create":  # noqa: S105  # a sub-command's name, not a secret
        _create(command, options)
    else:
        _revoke(command, options["prefix"])


def _create(command: BaseCommand, options: dict[str, Any]) -> None:
    organisation = organisation_named(options["organisation"])
    scopes = parse_scopes(options["scope"], organisation)
    expires_at = parse_expiry(options["expires"], today=timezone.localdate())
    label = cli_actor().label
    name = options["name"].strip() or f"{label} {timezone.localdate().isoformat()}"
    token, raw = do_create_api_token(
        organisation, name=name, scopes=scopes, created_by=None, expires_at=expires_at, actor_label=label
    )
    shown_expiry = timezone.localtime(expires_at).isoformat()
    if options["json"]:
        document = {
            "token": raw,
            "prefix": token.prefix,
            "scopes": token.scopes,
            "expires_at": shown_expiry,
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "name": token.name,
        }
        command.stdout.write(json.dumps(document, ensure_ascii=False))
        return
    command.stdout.write(
        f"API-sleutel {token.display} gemaakt voor {organisation.name} "
        f"(bevoegdheden: {', '.join(token.scopes)}; verloopt op {expires_at.date().isoformat()})."
    )
    command.stdout.write("Bewaar de sleutel nu; hij wordt niet nog eens getoond:")
    command.stdout.write(raw)


def _revoke(command: BaseCommand, value: str) -> None:
    prefix = prefix_of(value)
    token = ApiToken.objects.select_related("organisation").filter(prefix=prefix).first() if prefix else None
    if token is None:
        raise refuse(f"Geen API-sleutel met voorvoegsel '{prefix or value.strip()}'. Controleer het voorvoegsel.")
    if token.revoked_at is not None:
        command.stdout.write(f"API-sleutel {token.display} van {token.organisation.name} was al ingetrokken.")
        return
    do_revoke_api_token(token, revoked_by=None, via="cli", actor_label=cli_actor().label)
    command.stdout.write(f"API-sleutel {token.display} van {token.organisation.name} is ingetrokken.")
