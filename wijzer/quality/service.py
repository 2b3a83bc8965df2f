"""Public surface of the quality app (W6) for other apps and the site shell.

- `current_framework()`: the framework version in force (or None).
- `ensure_current_framework()`: the same, after loading and publishing `data/quality/` when none is published
  (`wijzer setup`).
- `open_report_count()`: how many experiences have open reports (the moderators' task on the home page).
"""

from __future__ import annotations

from .actions.framework import ensure_current_framework
from .experience_query import open_report_count
from .query import current_framework

__all__ = ["current_framework", "ensure_current_framework", "open_report_count"]
