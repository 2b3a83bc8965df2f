"""The short Dutch block that `wijzer setup` and `wijzer serve` print last: where to go and how to log in."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from wijzer.accounts import service as accounts

RULE = "─" * 72
CLI = ".venv/bin/wijzer"


def welcome_lines(base_url: str | None) -> list[str]:
    """`base_url` ("http://127.0.0.1:8000") when the server is about to run; None after `wijzer setup` alone."""
    lines = [RULE]
    if base_url:
        lines.append(f"Wijzer draait op {base_url}/  (stoppen: Ctrl+C)")
        lines.append(f"Inloggen:        {base_url}{reverse('accounts:login')}")
    else:
        lines.append(f"Wijzer staat klaar. Starten: make run (of {CLI} serve), dan http://127.0.0.1:8000/")
    if not settings.PRODUCTION:
        emails = accounts.demo_emails()
        domain = emails[0].partition("@")[2]
        names = ", ".join(email.partition("@")[0] for email in emails[1:])
        lines.append("Voorbeeldaccounts (alleen lokaal), één per rol, allemaal met hetzelfde wachtwoord:")
        lines.append(f"  {emails[0]}; ook {names} (@{domain})")
        lines.append(f"Wachtwoord kwijt? {CLI} accounts demo-password   (maakt een nieuw en toont het)")
        lines.append(f"Tweestapscode (beheerder, privacy): {CLI} accounts demo-code beheerder@{domain}")
        lines.append("E-mails (zoals uitnodigingen) gaan lokaal niet de deur uit: ze verschijnen in deze terminal.")
    lines.append(RULE)
    return lines
