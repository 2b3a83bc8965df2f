"""Every write to accounts tables (style.md §2)."""

from __future__ import annotations

from django.db import transaction

from .constants import OrganisationKind
from .models import Organisation


@transaction.atomic
def do_ensure_organisation(
    kind: OrganisationKind,
    name: str,
    *,
    parent: Organisation | None = None,
    country: str = "",
    source: str = "",
    is_demo: bool = False,
) -> Organisation:
    """The organisation of this kind and name, created when missing (names as delivered, trimmed)."""
    clean = " ".join(name.split())
    organisation, created = Organisation.objects.get_or_create(
        kind=kind,
        name=clean,
        defaults={"parent": parent, "country": country, "source": source, "is_demo": is_demo},
    )
    if not created and parent is not None and organisation.parent_id is None:
        organisation.parent = parent
        organisation.save(update_fields=["parent"])
    return organisation
