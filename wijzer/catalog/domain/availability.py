"""Whether a product can still be used as delivered (pure)."""

from __future__ import annotations

import datetime

DELIVERABLE_STATES = frozenset({"leverbaar", "available", "beschikbaar"})


def licence_expired(product_state: str, licence_end: datetime.date | None, today: datetime.date) -> bool:
    """A product said to be deliverable while its licence end date already lies in the past (W5.2 §1): a
    contradiction in the feed a school should be warned about."""
    return licence_end is not None and licence_end < today and product_state.strip().lower() in DELIVERABLE_STATES
