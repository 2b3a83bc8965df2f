"""A directory that holds the pages of one harvest, so that an interrupted harvest can be resumed.

Usage::

    spool = Spool(Path("var/harvest/edurep-2024-03-01"))
    spool.resume(SruHarvester(url, query, "lom"))   # raises HarvestError midway; call again to continue
    for path in spool.pages_on_disk():              # then ingest all pages in one transaction
        adapter.parse(path.open("rb"))
    spool.clear()

Every page is written as ``page-000001.xml`` (or ``.json``), then ``checkpoint.json`` is replaced; both
writes are atomic (temporary file + rename), so after a crash the checkpoint never points past a page on
disk. ``checkpoint.json`` also records the harvest's source URL and format so a directory is not resumed
with a different source by mistake.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from wijzer.ingest.harvest.base import Checkpoint, Harvester, Page
from wijzer.ingest.harvest.errors import HarvestError

STATE_FILE = "checkpoint.json"
_PAGE_RE = re.compile(r"^page-(\d{6,})\.(xml|json)$")


class Spool:
    """Stores fetched pages and the checkpoint after the last stored page in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def checkpoint(self) -> Checkpoint | None:
        """The checkpoint after the last stored page, or ``None`` for an empty spool."""
        state = self._state()
        return None if state is None else _checkpoint_of(state, self._state_path)

    def format_hint(self) -> str | None:
        """The ingest format id of the stored pages, or ``None`` for an empty spool."""
        state = self._state()
        value = None if state is None else state.get("format_hint")
        return value if isinstance(value, str) else None

    @property
    def complete(self) -> bool:
        checkpoint = self.checkpoint()
        return checkpoint is not None and checkpoint.done

    def resume(self, harvester: Harvester) -> Checkpoint:
        """Fetch and store every page after the stored checkpoint; return the final (done) checkpoint.

        Raises ``HarvestError`` when the source fails; the pages stored so far stay, and calling ``resume``
        again continues after them.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        start = self._start_for(harvester)
        if start is not None and start.done:
            return start
        last = start or harvester.start()
        for page in harvester.pages(start):
            self.store(page, harvester)
            last = page.checkpoint
        final = replace(last, done=True)
        self._write_state(harvester, final)
        return final

    def store(self, page: Page, harvester: Harvester) -> Path:
        """Write ``page`` and then its checkpoint."""
        suffix = "json" if harvester.expect == "json" else "xml"
        path = self.directory / f"page-{page.number:06d}.{suffix}"
        _write_atomic(path, page.body)
        self._write_state(harvester, page.checkpoint)
        return path

    def pages_on_disk(self) -> list[Path]:
        """The stored page files covered by the checkpoint, in harvest order."""
        checkpoint = self.checkpoint()
        if checkpoint is None:
            return []
        numbered: list[tuple[int, Path]] = []
        for path in self.directory.iterdir():
            match = _PAGE_RE.match(path.name)
            if match and int(match.group(1)) <= checkpoint.pages:
                numbered.append((int(match.group(1)), path))
        return [path for _, path in sorted(numbered)]

    def clear(self) -> None:
        """Delete the stored pages and checkpoint (after a successful ingest)."""
        if not self.directory.exists():
            return
        for path in self.directory.iterdir():
            if _PAGE_RE.match(path.name) or path.name == STATE_FILE:
                path.unlink()

    @property
    def _state_path(self) -> Path:
        return self.directory / STATE_FILE

    def _state(self) -> dict[str, object] | None:
        try:
            data: object = json.loads(self._state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise _broken(self._state_path, exc) from None
        if not isinstance(data, dict):
            raise _broken(self._state_path, "geen JSON-object")
        return data

    def _start_for(self, harvester: Harvester) -> Checkpoint | None:
        state = self._state()
        if state is None:
            return None
        if state.get("source") != harvester.source or state.get("format_hint") != harvester.format_hint:
            raise HarvestError(
                "spool.mismatch",
                f"De map {self.directory} bevat een harvest van een andere bron ({state.get('source')}): kies een "
                "andere map of maak deze leeg.",
            )
        return _checkpoint_of(state, self._state_path)

    def _write_state(self, harvester: Harvester, checkpoint: Checkpoint) -> None:
        state = {"source": harvester.source, "format_hint": harvester.format_hint, "checkpoint": checkpoint.to_json()}
        _write_atomic(self._state_path, json.dumps(state, indent=2, ensure_ascii=False).encode("utf-8"))


def _checkpoint_of(state: dict[str, object], path: Path) -> Checkpoint:
    try:
        return Checkpoint.from_json(state.get("checkpoint"))
    except ValueError as exc:
        raise _broken(path, exc) from None


def _broken(path: Path, reason: object) -> HarvestError:
    return HarvestError(
        "spool.broken",
        f"Het hervatbestand {path} is onleesbaar ({reason}): verwijder de map en start de harvest opnieuw.",
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, flush it to disk and rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
