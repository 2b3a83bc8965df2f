"""Other apps' facets and sort values in the search (W4 slots; W6 fills "kwaliteit"): the registration hook of
`catalog.service.register_search_contribution`, tested with a provider of the test's own (catalog does not import
quality)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wijzer.catalog import service
from wijzer.catalog.search import contributions
from wijzer.catalog.search.engine import search
from wijzer.catalog.tests.factories import ProductFactory, index

pytestmark = pytest.mark.django_db


@pytest.fixture
def provided() -> Iterator[dict[int, tuple[list[str], int | None]]]:
    """A provider for the facet "kwaliteit" whose answers the test sets; the real registry is restored after."""
    saved = dict(contributions._registry)
    answers: dict[int, tuple[list[str], int | None]] = {}
    service.register_search_contribution(
        "kwaliteit",
        lambda ids: {pid: answers[pid] for pid in ids if pid in answers},
        labels={"goed": "Goed beoordeeld", "gebruikt": "Wordt gebruikt"},
        sort_column="quality",
        sort_note="Sorteren op kwaliteit: zo is het gemaakt.",
    )
    yield answers
    contributions._registry.clear()
    contributions._registry.update(saved)


def test_the_facet_returns_exactly_the_products_with_the_value_and_counts_them(provided):
    a, b, c = ProductFactory(title="Alfa"), ProductFactory(title="Bravo"), ProductFactory(title="Charlie")
    provided.update({a.pk: (["goed", "gebruikt"], 500), b.pk: (["gebruikt"], 900)})
    index()
    assert set(search(filters={"kwaliteit": ["gebruikt"]}).items) == {a.pk, b.pk}
    assert search(filters={"kwaliteit": ["goed"]}).items == (a.pk,)
    counts = {v.value: (v.label, v.count) for v in search().facets["kwaliteit"]}
    assert counts == {"goed": ("Goed beoordeeld", 1), "gebruikt": ("Wordt gebruikt", 2)}
    assert c.pk in search().items


def test_the_sort_by_quality_puts_products_without_a_value_last(provided):
    a, b, c = ProductFactory(title="Alfa"), ProductFactory(title="Bravo"), ProductFactory(title="Charlie")
    provided.update({a.pk: ([], 500), b.pk: ([], 900)})
    index()
    result = search(sort="kwaliteit")
    assert result.sort == "kwaliteit"
    assert result.items == (b.pk, a.pk, c.pk)


def test_reindex_products_picks_up_a_changed_value(provided):
    a, b = ProductFactory(title="Alfa"), ProductFactory(title="Bravo")
    index()
    assert "kwaliteit" not in search().facets  # no values yet: the facet is hidden, not faked
    provided[b.pk] = (["goed"], 700)
    service.reindex_products([b.pk])
    assert search(filters={"kwaliteit": ["goed"]}).items == (b.pk,)
    assert search(sort="kwaliteit").items == (b.pk, a.pk)


def test_an_unknown_facet_or_sort_column_is_refused():
    with pytest.raises(ValueError, match="Unknown facet"):
        service.register_search_contribution("sterren", lambda ids: {}, labels={})
    with pytest.raises(ValueError, match="Unknown sort column"):
        service.register_search_contribution("kwaliteit", lambda ids: {}, labels={}, sort_column="price_cents")


def test_the_search_page_explains_the_quality_sort_when_it_is_chosen(provided, client):
    a = ProductFactory(title="Alfa")
    provided[a.pk] = ([], 800)
    index()
    assert "zo is het gemaakt" not in client.get("/catalogus/").content.decode()  # sorted by relevance
    page = client.get("/catalogus/", {"sorteer": "kwaliteit"}).content.decode()
    assert '<option value="kwaliteit" selected>' in page
    assert '<p class="meta" id="sorteer-uitleg">Sorteren op kwaliteit: zo is het gemaakt.</p>' in page
