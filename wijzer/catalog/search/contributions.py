"""What other apps add to a product's search document (W4 slots for W5/W6/W10), without catalog importing them.

An app registers, in its `AppConfig.ready`, a provider for one facet (and optionally one sort column of the index):
`provider(product_ids) -> {product_id: (facet values, sort value or None)}`, plus the Dutch labels of its values.
`document.build_documents` and `batch_documents` ask every provider once per batch; a product the provider does not
mention has no values and a NULL sort value (sorted last). The app re-indexes a product after its data changed
(`catalog.service.reindex_products`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

Provider = Callable[[Sequence[int]], Mapping[int, tuple[Sequence[str], int | None]]]
SORT_COLUMNS = ("quality", "coverage")  # the sort columns of SearchDocument an app may fill


@dataclass(frozen=True, slots=True)
class Contribution:
    facet: str
    provider: Provider
    labels: Mapping[str, str]
    sort_column: str | None = None
    sort_note: str = ""  # how the sort value is made, shown beside the sort choice (Dutch)


@dataclass(slots=True)
class Extra:
    """What the providers said about one product."""

    facet_keys: list[str] = field(default_factory=list)
    sort_values: dict[str, int | None] = field(default_factory=dict)


_registry: dict[str, Contribution] = {}


def register(
    facet: str,
    provider: Provider,
    *,
    labels: Mapping[str, str],
    sort_column: str | None = None,
    sort_note: str = "",
) -> None:
    """Register (or replace) the provider of one facet; `sort_column` is "quality" or "coverage" or None, and
    `sort_note` says in Dutch how its values are made (shown where the search offers that sort)."""
    from wijzer.catalog.domain.search.facets import BY_NAME

    if facet not in BY_NAME:
        raise ValueError(f"Unknown facet {facet!r}: the catalogue reserves its facets in domain/search/facets.py")
    if sort_column is not None and sort_column not in SORT_COLUMNS:
        raise ValueError(f"Unknown sort column {sort_column!r}; one of {SORT_COLUMNS}")
    _registry[facet] = Contribution(facet, provider, dict(labels), sort_column, sort_note)


def collect(product_ids: Sequence[int]) -> dict[int, Extra]:
    """Facet keys and sort values of these products from every registered provider."""
    from wijzer.catalog.domain.search.facets import key

    result: dict[int, Extra] = {}
    if not product_ids or not _registry:
        return result
    for contribution in _registry.values():
        for pid, (values, sort_value) in contribution.provider(product_ids).items():
            extra = result.setdefault(pid, Extra())
            extra.facet_keys.extend(key(contribution.facet, v) for v in values)
            if contribution.sort_column is not None:
                extra.sort_values[contribution.sort_column] = sort_value
    return result


def labels(facet: str) -> Mapping[str, str] | None:
    found = _registry.get(facet)
    return found.labels if found is not None else None


def sort_note(column: str) -> str:
    """How the values of a contributed sort column are made ("" when no app explains it)."""
    return next((c.sort_note for c in _registry.values() if c.sort_column == column), "")
