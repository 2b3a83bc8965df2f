"""API schemas of accounts (django-ninja / pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class OrganisationRef(Schema):
    id: str
    name: str
    kind: str
    is_demo: bool


class RoleOut(Schema):
    id: str
    role: str
    role_label: str
    organisation: OrganisationRef
    active: bool


class TokenInfo(Schema):
    prefix: str
    name: str
    scopes: list[str]
    expires_at: datetime | None


class MeOut(Schema):
    kind: str
    email: str | None = None
    organisation: OrganisationRef | None = None
    roles: list[RoleOut] = []
    token: TokenInfo | None = None


class AuditEventOut(Schema):
    id: str
    time: datetime
    action: str
    actor: str
    organisation: OrganisationRef | None
    object_type: str
    object_id: str
    details: dict[str, Any]


class AuditPage(Schema):
    count: int
    items: list[AuditEventOut]


class DetailOut(Schema):
    detail: str
