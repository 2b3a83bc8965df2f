"""Public surface of the catalogue for other apps (style.md §13)."""

from __future__ import annotations

from .actions import BatchOutcome, LookupCache
from .actions import do_apply_records as apply_records
from .domain.incoming import IncomingRecord

__all__ = ["BatchOutcome", "IncomingRecord", "LookupCache", "apply_records"]
