"""A failure inside a batch's catalogue writes (not only between batches) still rolls the whole run back.

Batches share the run's transaction without a savepoint each, so this pins that all or nothing still holds for
products, prices, provenance, the search index and quarantine.
"""

from __future__ import annotations

import io

import pytest

from wijzer.catalog.models import PriceObservation, Product, Provenance, SearchRow
from wijzer.catalog.search import index as search_index
from wijzer.ingest import service
from wijzer.ingest.actions import runs
from wijzer.ingest.constants import RunStatus
from wijzer.ingest.models import QuarantinedRecord

pytestmark = pytest.mark.usefixtures("slo")


def _ingest(data: bytes):
    source = service.ensure_source("thieme")
    return service.ingest_stream(io.BytesIO(data), source=source, input_name="thieme.xml")


def _catalogue():
    return (
        list(Product.objects.order_by("pk").values_list("pk", "title", "updated_at")),
        PriceObservation.objects.count(),
        list(Provenance.objects.order_by("pk").values_list("pk", "content_hash")),
        list(SearchRow.objects.order_by("product_id").values_list("product_id", "tokens")),
        QuarantinedRecord.objects.count(),
    )


def test_a_failure_in_the_search_index_writes_of_a_later_batch_rolls_back_the_whole_run(eck_bytes, monkeypatch):
    _ingest(eck_bytes)
    before = _catalogue()
    changed = eck_bytes.replace(b"<Amount>", b"<Amount>1")  # new prices everywhere
    monkeypatch.setattr(runs, "BATCH_SIZE", 4)
    calls = {"n": 0}
    real = search_index.write_documents

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the first batch has already written its products, prices and provenance
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(search_index, "write_documents", failing)
    with pytest.raises(service.RunFailedError) as info:
        _ingest(changed)
    assert info.value.run.status == RunStatus.FAILED
    assert _catalogue() == before
    # and the next run goes through normally
    monkeypatch.setattr(search_index, "write_documents", real)
    assert _ingest(changed).updated == 8  # the 8 valid records of the sample, each with new prices
