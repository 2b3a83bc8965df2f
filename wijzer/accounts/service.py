"""Public surface of accounts for other apps (style.md §13)."""

from __future__ import annotations

from .actions import do_ensure_organisation as ensure_organisation
from .constants import OrganisationKind
from .models import Organisation

__all__ = ["Organisation", "OrganisationKind", "ensure_organisation"]
