"""`wijzer accounts demo`: demo organisations and one demo user per role (never in production).

`wijzer accounts demo-code EMAIL`: the current TOTP code of a demo user, for logging in locally.
`wijzer accounts demo-password`: a new password for every demo user, printed (local only; audited as a change).
`wijzer accounts delegate --publisher P --to ORG --fields prices,availability [--source NAAM] [--revoke]`: what
another organisation may deliver for a publisher's products (W5.1), audited; works in production.
`wijzer accounts token create --organisation ORG --scope S [--expires JJJJ-MM-DD] [--json]` and
`wijzer accounts token revoke VOORVOEGSEL`: API tokens, audited; works in production (see `management/tokens.py`).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from axes.utils import reset as axes_reset
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts.actions import (
    do_grant_delegation,
    do_load_demo_accounts,
    do_reset_demo_passwords,
    do_revoke_delegation,
)
from wijzer.accounts.demo import DOMAIN
from wijzer.accounts.exceptions import DelegationInvalid
from wijzer.accounts.management.tokens import add_token_parser, organisation_named, run_token
from wijzer.accounts.models import Delegation
from wijzer.accounts.permissions import cli_actor


class Command(BaseCommand):
    help = "Voorbeeldaccounts: 'demo' maakt ze (eenmalig), 'demo-code E-MAIL' toont de huidige TOTP-code."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("demo", help="Voorbeeldorganisaties en één voorbeeldgebruiker per rol (idempotent).")
        code = sub.add_parser("demo-code", help="Huidige tweestapscode van een voorbeeldgebruiker (alleen lokaal).")
        sub.add_parser(
            "demo-password", help="Nieuw wachtwoord voor de voorbeeldgebruikers, en toon het (alleen lokaal)."
        )
        code.add_argument("email")
        delegate = sub.add_parser(
            "delegate",
            help="Laat een distributeur (of andere uitgever) velden van de producten van een uitgever leveren.",
        )
        delegate.add_argument("--publisher", required=True, metavar="UITGEVER", help="Naam of id van de uitgever.")
        delegate.add_argument("--to", required=True, metavar="ORGANISATIE", help="Naam of id van wie mag leveren.")
        delegate.add_argument(
            "--fields", default="", metavar="VELDEN", help="Komma-gescheiden: prices, availability, access_url."
        )
        delegate.add_argument("--source", default="", metavar="BRON", help="Alleen via deze bron van de ontvanger.")
        delegate.add_argument("--revoke", action="store_true", help="Trek de delegatie in.")
        add_token_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "token":
            run_token(self, options)
            return
        if options["action"] == "delegate":
            self._delegate(options)
            return
        if settings.PRODUCTION:
            raise CommandError("Voorbeeldaccounts zijn alleen voor lokaal gebruik, niet met WIJZER_ENV=production.")
        if options["action"] == "demo":
            self._demo()
        elif options["action"] == "demo-password":
            self._demo_password()
        else:
            self._code(options["email"])

    def _demo(self) -> None:
        created = do_load_demo_accounts()
        if not created:
            return
        self.stdout.write(
            self.style.WARNING("Voorbeeldaccounts (alleen lokaal; dit wachtwoord wordt maar één keer getoond):")
        )
        self.stdout.write(f"  wachtwoord: {created[0].password}")
        for credential in created:
            self.stdout.write(f"  {credential.email:<36} {credential.roles}")
            if credential.otpauth_uri:
                self.stdout.write(f"    tweestaps-URI: {credential.otpauth_uri}")
        self.stdout.write(f"  Huidige tweestapscode: wijzer accounts demo-code beheerder@{DOMAIN}")

    def _demo_password(self) -> None:
        credentials = do_reset_demo_passwords()
        for credential in credentials:
            axes_reset(username=credential.email)  # a newcomer locked out by typing errors may try again
        self.stdout.write("Voorbeeldaccounts (alleen lokaal), nieuw wachtwoord voor allemaal:")
        self.stdout.write(f"  wachtwoord: {credentials[0].password}")
        for credential in credentials:
            self.stdout.write(f"  {credential.email:<36} {credential.roles}")
        self.stdout.write(
            f"  Tweestapscode (beheerder, privacy): .venv/bin/wijzer accounts demo-code beheerder@{DOMAIN}"
        )

    def _delegate(self, options: dict[str, Any]) -> None:
        grantor = organisation_named(options["publisher"])
        grantee = organisation_named(options["to"])
        label = cli_actor().label
        if options["revoke"]:
            found = Delegation.objects.filter(grantor=grantor, grantee=grantee, source_name=options["source"]).first()
            if found is None or found.revoked_at is not None:
                raise CommandError(f"Er is geen actieve delegatie van {grantor.name} aan {grantee.name}.")
            do_revoke_delegation(found, actor_label=label)
            self.stdout.write(f"Delegatie van {grantor.name} aan {grantee.name} ingetrokken.")
            return
        try:
            done = do_grant_delegation(
                grantor, grantee, options["fields"].split(","), source_name=options["source"], actor_label=label
            )
        except DelegationInvalid as exc:
            raise CommandError(str(exc)) from exc
        via = f" via bron {done.source_name}" if done.source_name else ""
        self.stdout.write(f"{grantee.name} mag{via} leveren voor {grantor.name}: {', '.join(done.fields)}.")

    def _code(self, email: str) -> None:
        if not email.lower().endswith("@" + DOMAIN):
            raise CommandError(f"Alleen voor voorbeeldgebruikers (@{DOMAIN}).")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} heeft geen tweestapsverificatie.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
