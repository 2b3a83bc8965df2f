"""W5.1 §8, end to end: during a long import, logins and keyed API calls of another process succeed (no "database
is locked"), and a second command-line import waits for the first and then runs. Real processes on a real
database: a SQLite file (WAL, busy timeout) or, when the suite runs on PostgreSQL, a database of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.db import connection

import pytest

from benchmarks.scale import write_eck_sru

REPO = Path(__file__).resolve().parents[3]
RECORDS = 12_000
SETUP = """
import django; django.setup()
from wijzer.accounts import actions
from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.models import Organisation, User
org = Organisation.objects.create(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Gelijktijdig")
user = User.objects.create_user(email="redacteur@gelijktijdig.example", password="een-lang-wachtwoord-42")
actions.do_grant_membership(user, org, Role.PUBLISHER_EDITOR)
print(actions.do_create_api_token(org, name="feed", scopes=["catalog:push"], created_by=None)[1])
"""


def _python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # our own modules, fixed arguments
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )


def _start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  # our own modules, fixed arguments
        [sys.executable, *args], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def database(tmp_path):
    """The environment of a fresh, migrated database the child processes share."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijzer.settings.test", "WIJZER_VAR_DIR": str(tmp_path)}
    dropped = None
    if connection.vendor == "postgresql":
        import psycopg

        name = f"wijzer_conc_{uuid.uuid4().hex[:8]}"
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        with psycopg.connect(url + "/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"], dropped = f"{url}/{name}", (url, name)
    else:
        env.pop("DATABASE_URL", None)
    migrated = _python(env, "-m", "wijzer.cli", "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    yield env
    if dropped is not None:
        import psycopg

        with psycopg.connect(dropped[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


@pytest.mark.django_db
def test_logins_and_keyed_api_calls_succeed_during_a_long_import_and_a_second_import_waits(database, tmp_path):
    env = database
    made = _python(env, "-c", SETUP)
    assert made.returncode == 0, made.stderr[-2000:]
    token = made.stdout.strip().splitlines()[-1]
    big = tmp_path / "groot.xml"
    with big.open("wb") as handle:
        write_eck_sru(handle, RECORDS)
    small = REPO / "wijzer/ingest/formats/eck_catalog/tests/fixtures/thiememeulenhoff__sru-2.5.2.xml"
    stop = tmp_path / "stop"
    ingest = ["-m", "wijzer.cli", "ingest", "--workers", "1", "--json"]
    # when: a long import, another process logging in and calling the API, and a second import started later
    first = _start(env, *ingest, "--source", "groot", str(big))
    worker = _start(
        env, "-m", "wijzer.ingest.tests.concurrency_worker", str(stop), "redacteur@gelijktijdig.example",
        "een-lang-wachtwoord-42", token,
    )  # fmt: skip
    time.sleep(2.0)
    second = _start(env, *ingest, "--wait", "300", "--source", "klein", str(small))
    first_out, first_err = first.communicate(timeout=600)
    stop.touch()
    worker_out, worker_err = worker.communicate(timeout=120)
    second_out, second_err = second.communicate(timeout=600)
    # then
    big_run = json.loads(first_out)
    assert big_run["received"] == RECORDS, first_err[-2000:]
    assert big_run["status"] in {"succeeded", "partial"}
    seen = json.loads(worker_out.strip().splitlines()[-1])
    assert seen["errors"] == [], seen["errors"][:5]
    assert seen["logins"] >= 5, (seen, worker_err[-1000:])
    assert seen["api"] == seen["logins"]
    small_run = json.loads(second_out)
    assert small_run["received"] == 10, second_err[-2000:]
    assert small_run["run"] > big_run["run"]
