"""The `wijzer` console script: Django's management entry point with Wijzer's settings chosen by WIJZER_ENV."""

from __future__ import annotations

import errno
import os
import sys


def settings_module() -> str:
    env = os.environ.get("WIJZER_ENV", "development").strip().lower()
    return "wijzer.settings.production" if env == "production" else "wijzer.settings.dev"


READ_ONLY = (
    "De database is alleen-lezen: er is niets opgeslagen. Geef het programma schrijfrechten op het databasebestand "
    "en de map ervan (of op de database) en probeer het opnieuw."
)
DISK_FULL = "De schijf is vol: er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw."
_READ_ONLY_SIGNS = ("readonly database", "read-only", "read only")
_FULL_SIGNS = ("database or disk is full", "no space left on device", "could not extend file", "disk full")


def storage_problem(exc: BaseException) -> str | None:
    """The Dutch line for a database or disk that cannot be written (SQLite, PostgreSQL, the file system), or None.

    Looks through the exception and its causes: Django wraps the driver's error (sqlite3.OperationalError
    "attempt to write a readonly database" / "database or disk is full", psycopg's ReadOnlySqlTransaction and
    DiskFull), and the file system raises OSError with EROFS or ENOSPC."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in {errno.ENOSPC, errno.EDQUOT}:
            return DISK_FULL
        if isinstance(current, OSError) and current.errno == errno.EROFS:
            return READ_ONLY
        text = str(current).lower()
        if any(sign in text for sign in _FULL_SIGNS):
            return DISK_FULL
        if any(sign in text for sign in _READ_ONLY_SIGNS):
            return READ_ONLY
        current = current.__cause__ or current.__context__
    return None


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["wijzer", *(argv if argv is not None else sys.argv[1:])])
    except Exception as exc:  # a full disk or read-only database: one Dutch line instead of a traceback
        line = storage_problem(exc)
        if line is None:
            raise
        sys.stderr.write(f"wijzer: {line}\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
