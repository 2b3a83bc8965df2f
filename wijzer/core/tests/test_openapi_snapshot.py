"""W5.4 §5: the API contract is committed (docs/openapi.json); any change to it shows up as a diff in review.

After an intended API change, write the new snapshot with:
    .venv/bin/wijzer export_openapi_schema --api wijzer.api.api --sorted --indent 2 --output docs/openapi.json
"""

from __future__ import annotations

import json
from pathlib import Path

from wijzer.api import api

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_the_openapi_schema_matches_the_committed_snapshot():
    current = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True, default=str))
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(
        f"{method.upper()} {path}"
        for path in set(current["paths"]) | set(committed["paths"])
        for method in set(current["paths"].get(path, {})) | set(committed["paths"].get(path, {}))
        if current["paths"].get(path, {}).get(method) != committed["paths"].get(path, {}).get(method)
    )
    assert current == committed, (
        f"The API changed ({', '.join(changed) or 'components'}). If intended, update docs/openapi.json: "
        ".venv/bin/wijzer export_openapi_schema --api wijzer.api.api --sorted --indent 2 --output docs/openapi.json"
    )
