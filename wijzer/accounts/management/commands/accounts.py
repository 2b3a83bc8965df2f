"""`wijzer accounts demo`: demo organisations and one demo user per role (never in production).

`wijzer accounts demo-code EMAIL`: the current TOTP code of a demo user, for logging in locally.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijzer.accounts.actions import do_load_demo_accounts
from wijzer.accounts.demo import DOMAIN


class Command(BaseCommand):
    help = "Voorbeeldaccounts: 'demo' maakt ze (eenmalig), 'demo-code E-MAIL' toont de huidige TOTP-code."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("demo", help="Voorbeeldorganisaties en één voorbeeldgebruiker per rol (idempotent).")
        code = sub.add_parser("demo-code", help="Huidige tweestapscode van een voorbeeldgebruiker (alleen lokaal).")
        code.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Voorbeeldaccounts zijn alleen voor lokaal gebruik, niet met WIJZER_ENV=production.")
        if options["action"] == "demo":
            self._demo()
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

    def _code(self, email: str) -> None:
        if not email.lower().endswith("@" + DOMAIN):
            raise CommandError(f"Alleen voor voorbeeldgebruikers (@{DOMAIN}).")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} heeft geen tweestapsverificatie.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
