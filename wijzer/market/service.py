"""The public surface of the market monitor for other apps (W8's choice support uses prices and costs).

- `ensure_fresh()`: bring the price facts up to date with the catalogue when it changed (a cheap check of two
  aggregates first); pages call it before computing. `refresh(all=...)` is the full command (`wijzer market refresh`).
- `pupil_prices(pks)`, `lockin_facts(pks)`: a price per pupil per school year and the lock-in facts of products, one
  query per kind (W8's candidates).
- `load_shipped_reference_series()`: the CBS CPI, the €340 budget and pupil counts of `data/market/` (`wijzer setup`).
- `render_pdf(html)`, `pdf_available()`, `PdfUnavailable`: PDF with WeasyPrint (W8's decision report uses them).
- `benchmark_for(year, sectors)`: the €340 VO benchmark indexed by the CPI, or why there is none (W8's report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .actions.reference import load_shipped_reference_series
from .actions.refresh import RefreshReport, is_stale, pending_products, refresh
from .choice_facts import LockInFacts, PupilPrice, lockin_facts, pupil_prices
from .pdf import PdfUnavailable, pdf_available, render_pdf

if TYPE_CHECKING:
    from .school_costs import Benchmark

__all__ = [
    "LockInFacts",
    "PdfUnavailable",
    "PupilPrice",
    "RefreshReport",
    "benchmark_for",
    "ensure_fresh",
    "load_shipped_reference_series",
    "lockin_facts",
    "pdf_available",
    "pupil_prices",
    "refresh",
    "render_pdf",
    "waiting_products",
]


# A page refreshes at most this many changed products itself (about 3 s); a larger change (a big delivery, the
# first refresh of a new year: every product) is left to `wijzer market refresh`, which operators run after large
# harvests. The pages say when the figures were last refreshed and that newer data waits.
REQUEST_REFRESH_LIMIT = 2_000


def ensure_fresh(*, limit: int | None = REQUEST_REFRESH_LIMIT) -> RefreshReport | None:
    """Refresh the facts of the products that changed since the last refresh, when there are at most `limit` of
    them (None: no limit); None when nothing changed or the change is left to `wijzer market refresh`."""
    if not is_stale():
        return None
    if limit is not None and pending_products() > limit:
        return None
    return refresh(actor_label="marktmonitor (bij het openen van een pagina)")


def waiting_products() -> int:
    """How many changed products the figures do not show yet (0 when they are up to date)."""
    return pending_products() if is_stale() else 0


def benchmark_for(year: int | None, sectors: tuple[str, ...]) -> Benchmark:
    """The €340 per VO pupil (2023 price level) indexed by the CPI to `year`, with its steps; or why there is none
    (no benchmark for po, reference series not loaded). Imported here on use: school_costs imports this module."""
    from .school_costs import benchmark_for as indexed

    return indexed(year, sectors)
