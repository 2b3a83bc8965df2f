"""Loading and publishing versions of the quality framework (W6 §1).

A version is read from JSON (`data/quality/`), checked completely (`domain.framework.parse_framework`) and written in
one transaction. Loading is idempotent: the same version with the same content (checksum of the canonical JSON) is a
no-op. A published version never changes: other content under its number is refused. A draft (loaded, not yet
published) with the same number is replaced. Publishing needs `Action.PUBLISH_FRAMEWORK` and is audited; old
versions stay, with the reviews and experiences that used them (PROTECT).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.domain.framework import FrameworkDef, FrameworkInvalid, parse_framework
from wijzer.quality.exceptions import NotFound, QualityError
from wijzer.quality.models import Criterion, Framework, Topic
from wijzer.quality.query import current_framework

CURRENT_FILE = "kwaliteitskader-2026.1.json"  # the version `wijzer setup` publishes when none is published
SCHEMA_FILE = "kwaliteitskader.schema.json"
SYSTEM_LABEL = "systeem (wijzer setup)"
NOT_ALLOWED = "Alleen een platformbeheerder mag een versie van het kwaliteitskader laden of publiceren."

LoadStatus = Literal["created", "replaced", "unchanged"]


class FrameworkRefused(QualityError):
    """The file is not a valid framework version; `problems` holds one Dutch line per problem (path first)."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    status: LoadStatus


def data_dir() -> Path:
    return Path(settings.DATA_DIR) / "quality"


def current_file() -> Path:
    return data_dir() / CURRENT_FILE


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((data_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


def read_framework(source: Path | bytes | str) -> FrameworkDef:
    """Parse and check a framework file (a path, or its bytes). Raises `FrameworkRefused` in Dutch."""
    name = source.name if isinstance(source, Path) else "invoer"
    if isinstance(source, Path):
        try:
            raw: bytes | str = source.read_bytes()
        except OSError:
            raise FrameworkRefused(
                f"Bestand {source} niet gevonden of niet leesbaar.", [f"bestand: {source} bestaat niet"]
            ) from None
    else:
        raw = source
    try:
        return parse_framework(raw, _schema())
    except FrameworkInvalid as exc:
        count = len(exc.problems)
        raise FrameworkRefused(
            f"{name} is geen geldig kwaliteitskader ({count} {'probleem' if count == 1 else 'problemen'}); "
            "er is niets opgeslagen.",
            exc.problems,
        ) from None


def _require_permission(actor: accounts.Actor, version: str) -> None:
    """Checked before any transaction, so the audit row of a refusal stays."""
    if not accounts.check(
        actor,
        accounts.Action.PUBLISH_FRAMEWORK,
        None,
        object_type="quality_framework",
        object_id=version,
        reason=NOT_ALLOWED,
    ):
        raise QualityError(NOT_ALLOWED)


def load_framework(source: Path | bytes | str, actor: accounts.Actor) -> Framework:
    """Load a framework version as a draft (or leave it as it is); see `load_framework_with_status`."""
    return load_framework_with_status(source, actor).framework


def load_framework_with_status(source: Path | bytes | str, actor: accounts.Actor) -> LoadResult:
    """Read, check and store a framework version in one transaction.

    Same version and checksum: nothing changes ("unchanged"). Published version with other content: refused.
    Draft with other content: replaced ("replaced"). New version: stored as a draft ("created")."""
    definition = read_framework(source)
    _require_permission(actor, definition.version)
    return _store(definition, actor)


@transaction.atomic
def _store(definition: FrameworkDef, actor: accounts.Actor) -> LoadResult:
    existing = Framework.objects.select_for_update().filter(version=definition.version).first()
    status: LoadStatus = "created"
    if existing is not None:
        if existing.checksum == definition.checksum:
            return LoadResult(existing, "unchanged")
        if existing.published_at is not None:
            raise QualityError(
                f"Versie {definition.version} is al gepubliceerd en verandert niet meer; er is niets opgeslagen. "
                "Geef de gewijzigde tekst een nieuw versienummer (bijvoorbeeld "
                f"{_next_version(definition.version)}) en publiceer die."
            )
        try:
            Topic.objects.filter(framework=existing).delete()
        except ProtectedError:
            raise QualityError(
                f"Het concept {definition.version} is al gebruikt in beoordelingen of ervaringen en kan niet "
                "vervangen worden; geef de nieuwe tekst een ander versienummer."
            ) from None
        framework = existing
        status = "replaced"
    else:
        framework = Framework(version=definition.version)
    framework.title = definition.title
    framework.description = definition.description
    framework.gateway_name = definition.gateway.name
    framework.gateway_pass_at = definition.gateway.pass_at
    framework.sources = [s.as_dict() for s in definition.sources]
    framework.definition = dict(definition.definition)
    framework.checksum = definition.checksum
    framework.save()
    criteria: list[Criterion] = []
    for position, topic_def in enumerate(definition.topics):
        topic = Topic.objects.create(
            framework=framework,
            code=topic_def.code,
            name=topic_def.name,
            description=topic_def.description,
            position=position,
        )
        for number, c in enumerate(definition.criteria_of(topic_def.code), start=1):
            criteria.append(
                Criterion(
                    topic=topic,
                    code=c.code,
                    statement=c.statement,
                    guidance=c.guidance,
                    subject=c.subject,
                    gateway=c.gateway,
                    position=number,
                )
            )
    Criterion.objects.bulk_create(criteria)
    accounts.record_audit_event(
        QualityAuditAction.FRAMEWORK_LOADED,
        actor=actor.user,
        actor_label=actor.label,
        object_type="quality_framework",
        object_id=definition.version,
        ip=actor.ip,
        details={
            "version": definition.version,
            "checksum": definition.checksum,
            "status": status,
            "topics": len(definition.topics),
            "criteria": len(criteria),
        },
    )
    return LoadResult(framework, status)


def publish_framework(version: str, actor: accounts.Actor) -> Framework:
    """Publish a loaded version: from now on it is the framework in force. Publishing it again changes nothing."""
    _require_permission(actor, version)
    return _publish(version, actor)


@transaction.atomic
def _publish(version: str, actor: accounts.Actor) -> Framework:
    framework = Framework.objects.select_for_update().filter(version=version).first()
    if framework is None:
        known = ", ".join(Framework.objects.order_by("version").values_list("version", flat=True)) or "geen"
        raise NotFound(f"Versie {version} van het kwaliteitskader bestaat niet (geladen versies: {known}).")
    if framework.published_at is not None:
        return framework
    framework.published_at = timezone.now()
    framework.published_by = actor.user
    framework.save(update_fields=["published_at", "published_by"])
    accounts.record_audit_event(
        QualityAuditAction.FRAMEWORK_PUBLISHED,
        actor=actor.user,
        actor_label=actor.label,
        object_type="quality_framework",
        object_id=version,
        ip=actor.ip,
        details={
            "version": version,
            "checksum": framework.checksum,
            "topics": framework.topics.count(),
            "criteria": Criterion.objects.filter(topic__framework=framework).count(),
        },
    )
    return framework


def ensure_current_framework() -> Framework:
    """The framework in force; when no version is published yet, load and publish the repository's file (as the
    system, audited as such). Used by `wijzer setup`, so `make run` has a framework."""
    framework = current_framework()
    if framework is not None:
        return framework
    actor = accounts.cli_actor(SYSTEM_LABEL)
    loaded = load_framework(current_file(), actor)
    return publish_framework(loaded.version, actor)


def _next_version(version: str) -> str:
    head, _dot, tail = version.rpartition(".")
    return f"{head}.{int(tail) + 1}" if head and tail.isdigit() else f"{version}.1"
