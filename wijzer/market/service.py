"""The public surface of the market monitor for other apps (W8's choice support uses prices and costs).

- `ensure_fresh()`: bring the price facts up to date with the catalogue when it changed (a cheap check of two
  aggregates first); pages call it before computing. `refresh(all=...)` is the full command (`wijzer market refresh`).
- `load_shipped_reference_series()`: the CBS CPI, the €340 budget and pupil counts of `data/market/` (`wijzer setup`).
"""

from __future__ import annotations

from .actions.reference import load_shipped_reference_series
from .actions.refresh import RefreshReport, is_stale, refresh

__all__ = ["RefreshReport", "ensure_fresh", "load_shipped_reference_series", "refresh"]


def ensure_fresh() -> RefreshReport | None:
    """Refresh the facts of the products that changed since the last refresh; None when nothing changed."""
    if not is_stale():
        return None
    return refresh(actor_label="marktmonitor (bij het openen van een pagina)")
