"""`wijzer serve [--port N] [--dev]`: set up when needed, then serve with gunicorn (or runserver with --dev)."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wijzer.web.welcome import welcome_lines


def gunicorn_argv(address: str, *, workers: int) -> list[str]:
    """How `wijzer serve` starts gunicorn. `--no-control-socket`: gunicorn (25.1+) otherwise opens a control
    socket in $XDG_RUNTIME_DIR or ~/.gunicorn/ through which anyone with that account can change or stop the
    server at run time (`gunicornc`); Wijzer is managed through its process manager, not through that socket."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "wijzer.wsgi:application",
        "--bind",
        address,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
        "--no-control-socket",
        "--log-level",
        "warning",  # no start-up chatter after the welcome block; errors and the access log still show
    ]


class Command(BaseCommand):
    help = "Start Wijzer op http://127.0.0.1:PORT (gunicorn; --dev voor de herladende ontwikkelserver)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--dev", action="store_true", help="Django's ontwikkelserver met automatisch herladen.")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("setup", stdout=self.stdout, no_welcome=True)
        address = f"{options['host']}:{options['port']}"
        welcome = "\n".join(welcome_lines(f"http://{address}"))
        if options["dev"]:
            self.stdout.write(welcome)
            call_command("runserver", address)
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(welcome)  # last: after migrations, loading and pip, before gunicorn's quiet start
        self.stdout.flush()
        argv = gunicorn_argv(address, workers=options["workers"])
        os.execv(sys.executable, argv)  # noqa: S606  # replaces this process with the WSGI server
