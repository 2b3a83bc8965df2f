"""W5.1 §8: an import run commits batch by batch, one run at a time. A run whose process died is undone and marked
aborted by the next start; a second run waits for the slot or says who is busy."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from django.test import Client

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import OrganisationKind
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.models import PriceObservation, Product, ProductPart, Provenance, SearchRow, UndoEntry
from wijzer.ingest import actions, runslot, service
from wijzer.ingest.actions import runs
from wijzer.ingest.constants import RunStatus
from wijzer.ingest.models import IngestLock, QuarantinedRecord, Run

pytestmark = pytest.mark.usefixtures("slo")


def _catalogue():
    return (
        list(Product.objects.order_by("pk").values_list("pk", "title", "description", "updated_at", "product_state")),
        list(PriceObservation.objects.order_by("pk").values_list("pk", "amount_cents")),
        list(Provenance.objects.order_by("pk").values_list("pk", "content_hash", "run_id", "harvested_at")),
        list(ProductPart.objects.order_by("product_id", "ordering").values_list("product_id", "code", "title")),
        list(SearchRow.objects.order_by("product_id").values_list("product_id", "tokens", "facet_keys")),
        list(QuarantinedRecord.objects.order_by("pk").values_list("pk", "status")),
    )


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(done.stdout)


def _half_a_run(source, data: bytes) -> Run:
    """Batches of a run committed, then the process "died": no failure handler ran (as after kill -9)."""
    adapter = service.adapter_for("eck")
    run = actions.do_start_run(source, input_name="gestopt", format_id=adapter.identifier)
    assert runslot._try_acquire(run) is None
    parsed = iter(adapter.parse(io.BytesIO(data)))
    first_batches = (record for n, record in enumerate(parsed) if n < 8)
    runs._ingest(run, first_batches, None)
    Run.objects.filter(pk=run.pk).update(pid=_dead_pid())
    return run


def test_a_run_whose_process_died_is_undone_and_marked_aborted_at_the_next_start(eck_bytes, monkeypatch):
    source = service.ensure_source("thieme")
    service.ingest_stream(io.BytesIO(eck_bytes), source=source, input_name="eerste")
    before = _catalogue()
    monkeypatch.setattr(runs, "BATCH_SIZE", 3)
    changed = eck_bytes.replace(b"<Amount>", b"<Amount>1").replace(b"<Title>", b"<Title>Nieuw: ")
    stopped = _half_a_run(source, changed)
    assert _catalogue() != before  # its first batches were committed
    assert UndoEntry.objects.filter(run_id=stopped.pk).exists()
    # when: the next start
    recovered = service.recover_stale_runs()
    # then
    assert [r.pk for r in recovered] == [stopped.pk]
    stopped.refresh_from_db()
    assert stopped.status == RunStatus.ABORTED
    assert "afgebroken" in stopped.message
    assert _catalogue() == before
    assert not UndoEntry.objects.exists()
    assert service.ingest_stream(io.BytesIO(changed), source=source, input_name="opnieuw").updated == 8


def test_a_run_that_created_products_and_died_leaves_no_trace(eck_bytes, monkeypatch):
    monkeypatch.setattr(runs, "BATCH_SIZE", 4)
    stopped = _half_a_run(service.ensure_source("thieme"), eck_bytes)
    assert Product.objects.exists()
    service.recover_stale_runs()
    assert _catalogue() == ([], [], [], [], [], [])
    stopped.refresh_from_db()
    assert stopped.status == RunStatus.ABORTED


def test_a_second_run_waits_for_the_slot_and_then_says_who_is_busy(eck_bytes):
    source = service.ensure_source("thieme")
    holder = actions.do_start_run(source, input_name="lang", format_id="eck_catalog")
    assert runslot._try_acquire(holder) is None  # this process, alive
    with pytest.raises(service.RunBusyError) as info:
        service.ingest_stream(io.BytesIO(eck_bytes), source=source, input_name="tweede", wait=0.2)
    assert info.value.run.message.startswith(f"Er loopt al een import (run {holder.pk}, bron thieme")
    assert info.value.run.status == RunStatus.FAILED
    assert not Product.objects.exists()
    # the push API answers 409 with the same message
    publisher = OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgever Wacht")
    _token, raw = account_actions.do_create_api_token(publisher, name="f", scopes=["catalog:push"], created_by=None)
    from wijzer.ingest import api

    api.PUSH_WAIT = 0.2
    response = Client().post(
        "/api/v1/ingest/push", eck_bytes, content_type="application/xml", headers={"Authorization": f"Bearer {raw}"}
    )
    api.PUSH_WAIT = 10.0
    assert response.status_code == 409
    assert "Er loopt al een import" in response.json()["detail"]
    # when the holder is done, the slot is free again
    IngestLock.objects.filter(pk=1).update(run=None)
    assert service.ingest_stream(io.BytesIO(eck_bytes), source=source, input_name="derde").created == 8


def test_the_slot_is_released_after_a_run_and_after_a_failing_one(eck_bytes):
    source = service.ensure_source("thieme")
    service.ingest_stream(io.BytesIO(eck_bytes), source=source, input_name="een")
    assert IngestLock.objects.get(pk=1).run is None
    with pytest.raises(service.IngestInputError):
        service.ingest_stream(io.BytesIO(b"<html>"), source=source, input_name="kapot")
    assert os.getpid() not in Run.objects.values_list("pid", flat=True).exclude(status=RunStatus.SUCCEEDED)
    assert IngestLock.objects.get(pk=1).run is None
