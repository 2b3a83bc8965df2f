"""A second process that logs in and calls the API with a key, over and over, while an import runs (W5.1 §8).

Run as `python -m wijzer.ingest.tests.concurrency_worker STOPFILE EMAIL PASSWORD TOKEN` with the environment of the
database under test. Prints one JSON line: how many logins and API calls succeeded, and every error seen.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(stop: Path, email: str, password: str, token: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]  # the test client's host (pytest-django sets this for in-process tests)

    counts = {"logins": 0, "api": 0, "errors": []}  # type: dict[str, object]
    errors: list[str] = []
    logins = api = 0
    deadline = time.monotonic() + 300
    while not stop.exists() and time.monotonic() < deadline:
        try:
            client = Client(raise_request_exception=True)
            page = client.post("/account/inloggen/", {"username": email, "password": password})
            if page.status_code == 302 and "_auth_user_id" in client.session:
                logins += 1
            else:
                errors.append(f"login: HTTP {page.status_code}")
            me = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {token}"})
            if me.status_code == 200:
                api += 1
            else:
                errors.append(f"api: HTTP {me.status_code}")
        except Exception as exc:  # every failure is what this worker reports
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        time.sleep(0.05)
    counts.update(logins=logins, api=api, errors=errors)
    print(json.dumps(counts))  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
