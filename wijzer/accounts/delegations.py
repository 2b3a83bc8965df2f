"""Reading delegations (W5.1 §1): which fields of whose products an organisation may deliver."""

from __future__ import annotations

from collections.abc import Mapping

from .domain.policy import DelegableField
from .models import Delegation


def delegated_fields(grantee_id: int | None, source_name: str = "") -> Mapping[int, frozenset[DelegableField]]:
    """grantor id → the fields `grantee_id` may deliver for the grantor's products through `source_name` (grants
    for all of the grantee's sources and grants for this one source together)."""
    if grantee_id is None:
        return {}
    found: dict[int, set[DelegableField]] = {}
    rows = Delegation.objects.filter(grantee_id=grantee_id, revoked_at__isnull=True, source_name__in=["", source_name])
    for grantor_id, fields in rows.values_list("grantor_id", "fields"):
        found.setdefault(grantor_id, set()).update(DelegableField(f) for f in fields if f in set(DelegableField))
    return {grantor: frozenset(fields) for grantor, fields in found.items() if fields}


def delegations_of(organisation_id: int) -> list[Delegation]:
    """Active grants given or received by an organisation (for its pages)."""
    given = Delegation.objects.filter(grantor_id=organisation_id, revoked_at__isnull=True)
    received = Delegation.objects.filter(grantee_id=organisation_id, revoked_at__isnull=True)
    return list((given | received).select_related("grantor", "grantee").order_by("grantor__name", "grantee__name"))
