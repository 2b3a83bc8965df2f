"""`wijzer ingest` from the command line (W5.1 item 7f): exit 3 after a partial run (counts still printed), 1 after a
failure; a read-only database or a full disk is one Dutch line, not a traceback, and nothing is half stored.
Real processes on a SQLite file (the read-only and full cases are about SQLite files)."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from wijzer.cli import DISK_FULL, READ_ONLY, storage_problem

from .conftest import ECK_SAMPLE

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="about SQLite database files")


def _wijzer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # our own module, fixed arguments
        [sys.executable, "-m", "wijzer.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.fixture
def database(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """The environment of a fresh, migrated SQLite file of its own."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijzer.settings.test", "WIJZER_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    migrated = _wijzer(env, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    return env, tmp_path / "wijzer.sqlite3"


def _with_settings(env: dict[str, str], folder: Path, body: str) -> dict[str, str]:
    """The environment with a settings module of its own (the test settings plus `body`)."""
    (folder / "odd_settings.py").write_text("from wijzer.settings.test import *  # noqa: F403\n" + body)
    return {**env, "DJANGO_SETTINGS_MODULE": "odd_settings", "PYTHONPATH": f"{folder}{os.pathsep}{REPO}"}


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608  # fixed table names


def test_a_partial_run_prints_its_counts_and_exits_3(database):
    env, _path = database
    done = _wijzer(env, "ingest", str(ECK_SAMPLE), "--source", "cli-deels", "--workers", "1")
    assert done.returncode == 3, done.stderr[-2000:]
    assert "(cli-deels): 10 ontvangen: 8 nieuw" in done.stdout
    assert "price.zero_paid" in done.stdout


def test_a_failed_run_exits_1_with_a_dutch_line(database, tmp_path):
    env, path = database
    missing = tmp_path / "bestaat-niet.xml"
    done = _wijzer(env, "ingest", str(missing), "--source", "cli-mis")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == f"CommandError: Bestand niet gevonden: {missing}"
    assert _rows(path, "catalog_product") == 0


def test_a_read_only_database_is_one_dutch_line_and_nothing_is_stored(database, tmp_path):
    # given a read-only copy of the database file
    env, path = database
    copy = tmp_path / "alleen-lezen.sqlite3"
    copy.write_bytes(path.read_bytes())
    env = _with_settings(env, tmp_path, f'DATABASES["default"]["NAME"] = "file:{copy}?mode=ro"\n')
    # when
    done = _wijzer(env, "ingest", str(ECK_SAMPLE), "--source", "cli-ro", "--workers", "1", "--json")
    # then
    assert done.returncode == 1
    assert done.stderr == f"wijzer: {READ_ONLY}\n"
    assert "Traceback" not in done.stdout + done.stderr
    assert (_rows(copy, "ingest_source"), _rows(copy, "catalog_product")) == (0, 0)


def test_a_full_database_is_one_dutch_line_and_nothing_is_half_stored(database, tmp_path):
    # given a database that may not grow (SQLite's max_page_count at its current size)
    env, path = database
    with sqlite3.connect(path) as db:
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    options = f'DATABASES["default"]["OPTIONS"]["init_command"] += " PRAGMA max_page_count={pages};"\n'
    env = _with_settings(env, tmp_path, options)
    # when
    done = _wijzer(env, "ingest", str(ECK_SAMPLE), "--source", "cli-vol", "--workers", "1", "--json")
    # then
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr == f"wijzer: {DISK_FULL}\n"
    assert (_rows(path, "catalog_product"), _rows(path, "catalog_provenance")) == (0, 0)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), READ_ONLY),
        (RuntimeError('could not extend file "base/16384/2619": No space left on device'), DISK_FULL),
        (RuntimeError("cannot execute INSERT in a read-only transaction"), READ_ONLY),
        (RuntimeError("iets anders"), None),
    ],
)
def test_storage_problems_are_recognised_through_wrapped_errors(exc, expected):
    wrapper = RuntimeError("wrapped")
    wrapper.__cause__ = exc
    assert storage_problem(wrapper) == expected
