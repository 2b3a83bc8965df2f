"""W5.2 §2: an OAI-PMH deletion (and an Edu-V withdrawal) is resolved through the source's own provenance; no
product is made from a deletion; the last live source withdrawing a product takes it out of search."""

from __future__ import annotations

import io

from django.test import Client

import pytest

from wijzer.catalog.models import Product, Provenance, SearchRow
from wijzer.catalog.search.engine import search
from wijzer.ingest import service
from wijzer.ingest.demo_data import demo_nllom_oai

pytestmark = pytest.mark.usefixtures("slo")
OAI = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2024-10-01T08:00:00Z</responseDate>
  <request verb="ListRecords" metadataPrefix="lom">https://oai.voorbeeld.example/provider</request>
  <ListRecords>{records}</ListRecords>
</OAI-PMH>"""
DELETED = (
    '<record><header status="deleted"><identifier>{id}</identifier><datestamp>2024-10-01</datestamp></header></record>'
)


def deletions(*ids: str) -> bytes:
    return OAI.format(records="".join(DELETED.format(id=i) for i in ids)).encode()


def ingest(source: str, data: bytes):
    return service.ingest_stream(io.BytesIO(data), source=service.ensure_source(source), input_name="oai")


@pytest.fixture
def harvested():
    run = ingest("open-repo", demo_nllom_oai())
    assert run.created == 60
    return Product.objects.get(provenance__record_id="oai:voorbeeld.example:open-001")


def test_a_deletion_withdraws_the_product_and_an_unknown_one_is_only_counted(harvested):
    products = Product.objects.count()
    title_word = harvested.title.split()[0]
    assert harvested.pk in search(title_word).items
    # when
    run = ingest("open-repo", deletions("oai:voorbeeld.example:open-001", "oai:nooit.gezien:42"))
    # then
    assert (run.received, run.created, run.deleted, run.deleted_unknown) == (2, 0, 1, 1)
    assert Product.objects.count() == products  # no product made from a deletion
    harvested.refresh_from_db()
    assert harvested.withdrawn_at is not None
    assert harvested.withdrawn_by == "open-repo"
    assert harvested.title != "oai:voorbeeld.example:open-001"  # history kept
    assert not SearchRow.objects.filter(product=harvested).exists()
    assert harvested.pk not in search(title_word).items
    assert Provenance.objects.get(product=harvested).withdrawn_at is not None
    page = Client().get(f"/catalogus/{harvested.uuid}/").content.decode()
    assert "Ingetrokken" in page
    assert "open-repo" in page
    listing = Client().get("/api/v1/catalog/products", {"limit": 500}).json()
    assert listing["count"] == products - 1
    assert "verwijderingen van onbekende records genegeerd" in run.message
    again = ingest("open-repo", deletions("oai:voorbeeld.example:open-001"))
    assert (again.unchanged, again.deleted) == (1, 0)


def test_a_product_stays_while_another_live_source_still_delivers_it(harvested):
    ingest("open-mirror", demo_nllom_oai())  # a second platform source with the same records
    ingest("open-repo", deletions("oai:voorbeeld.example:open-001"))
    harvested.refresh_from_db()
    assert harvested.withdrawn_at is None
    assert SearchRow.objects.filter(product=harvested).exists()
    ingest("open-mirror", deletions("oai:voorbeeld.example:open-001"))
    harvested.refresh_from_db()
    assert harvested.withdrawn_at is not None


def test_a_live_delivery_brings_a_withdrawn_product_back(harvested):
    ingest("open-repo", deletions("oai:voorbeeld.example:open-001"))
    run = ingest("open-repo", demo_nllom_oai())
    assert run.updated == 1
    harvested.refresh_from_db()
    assert (harvested.withdrawn_at, harvested.withdrawn_by) == (None, "")
    assert SearchRow.objects.filter(product=harvested).exists()
    assert Provenance.objects.get(product=harvested).withdrawn_at is None


def test_a_run_that_fails_after_its_deletion_was_committed_is_undone(harvested, monkeypatch):
    """Batch 1 (the deletion) commits; batch 2 fails: the undo brings the product back, in search too."""
    from wijzer.catalog import batch as catalog_batch
    from wijzer.ingest.actions import runs

    live = demo_nllom_oai().split(b"<ListRecords>")[1].split(b"</ListRecords>")[0]
    data = deletions("oai:voorbeeld.example:open-001").replace(b"</ListRecords>", live + b"</ListRecords>")
    data = data.replace(
        b"<identifier>oai:voorbeeld.example:open-002</identifier>", b"<identifier>nieuw-002</identifier>"
    )
    monkeypatch.setattr(runs, "BATCH_SIZE", 1)

    def failing(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(catalog_batch, "_apply_full", failing)
    with pytest.raises(service.RunFailedError):
        ingest("open-repo", data)
    harvested.refresh_from_db()
    assert harvested.withdrawn_at is None
    assert SearchRow.objects.filter(product=harvested).exists()
    assert Provenance.objects.get(product=harvested).withdrawn_at is None
