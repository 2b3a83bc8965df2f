"""The ingest pipeline end to end on real records: counts, idempotence, price history, all-or-nothing."""

from __future__ import annotations

import io
import json
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from wijzer.catalog import service as catalog_service
from wijzer.catalog.models import PriceObservation, Product, Provenance
from wijzer.ingest import service
from wijzer.ingest.actions import runs
from wijzer.ingest.constants import QuarantineStatus, RunStatus
from wijzer.ingest.models import QuarantinedRecord, Run

from .conftest import ECK_SAMPLE, IMS_COMPLETE, LOGIN_PAGE, LOM_COMPLETE, LOM_MINIMAL

pytestmark = pytest.mark.usefixtures("slo")


def _ingest(data: bytes, name: str = "thieme", fmt: str = "auto") -> Run:
    source = service.ensure_source(name)
    return service.ingest_stream(io.BytesIO(data), source=source, input_name=f"{name}.xml", format_id=fmt)


def test_real_eck_records_are_stored_or_quarantined_with_a_reason(eck_bytes):
    run = _ingest(eck_bytes)
    assert (run.received, run.created, run.updated, run.unchanged, run.quarantined) == (10, 8, 0, 0, 2)
    assert run.status == RunStatus.PARTIAL
    assert Product.objects.count() == 8
    reasons = [p["code"] for q in QuarantinedRecord.objects.all() for p in q.problems if p["severity"] == "error"]
    assert reasons == ["price.zero_paid", "price.zero_paid"]
    assert all(bytes(q.raw).lstrip().startswith(b"<") for q in QuarantinedRecord.objects.all())


def test_second_run_of_the_same_input_changes_nothing(eck_bytes):
    _ingest(eck_bytes)
    products = list(Product.objects.order_by("pk").values_list("pk", "updated_at"))
    prices = PriceObservation.objects.count()
    quarantined = QuarantinedRecord.objects.count()
    again = _ingest(eck_bytes)
    assert (again.received, again.created, again.updated, again.unchanged, again.quarantined) == (10, 0, 0, 10, 0)
    assert again.still_quarantined == 2
    assert list(Product.objects.order_by("pk").values_list("pk", "updated_at")) == products
    assert PriceObservation.objects.count() == prices
    assert QuarantinedRecord.objects.count() == quarantined


def test_a_changed_price_adds_an_observation_and_keeps_the_old_one(eck_bytes):
    first = _ingest(eck_bytes)
    observed = PriceObservation.objects.filter(amount_cents__gt=0).order_by("product__product_id").first()
    assert observed is not None
    product = observed.product
    old = PriceObservation.objects.filter(product=product).get()
    changed = eck_bytes.replace(
        f"<Amount>{old.amount_cents}</Amount>".encode(), f"<Amount>{old.amount_cents + 150}</Amount>".encode(), 1
    )
    assert changed != eck_bytes
    second = _ingest(changed)
    assert second.updated == 1
    assert second.price_changes == 1
    history = list(PriceObservation.objects.filter(product=product).order_by("observed_at"))
    assert [p.amount_cents for p in history] == [old.amount_cents, old.amount_cents + 150]
    assert history[0].observed_at == first.started_at


def test_a_crash_mid_run_leaves_the_catalogue_as_it_was(eck_bytes, monkeypatch):
    _ingest(eck_bytes)
    before = (Product.objects.count(), PriceObservation.objects.count(), QuarantinedRecord.objects.count())
    changed = eck_bytes.replace(b"<Amount>", b"<Amount>1", 3)  # new prices in the first records
    monkeypatch.setattr(runs, "BATCH_SIZE", 4)
    calls = {"n": 0}
    real = catalog_service.apply_records

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog_service, "apply_records", failing)
    with pytest.raises(service.RunFailedError) as info:
        _ingest(changed)
    assert (Product.objects.count(), PriceObservation.objects.count(), QuarantinedRecord.objects.count()) == before
    failed = info.value.run
    assert failed.status == RunStatus.FAILED
    assert "catalogus is ongewijzigd" in failed.message
    assert failed.received == 0


def test_truncated_file_stores_the_good_records_and_quarantines_the_break(eck_bytes):
    # given the real file cut in half (inside the sixth record)
    cut = eck_bytes[: len(eck_bytes) // 2]
    # when ingested
    run = _ingest(cut)
    # then the five complete records are handled and the break is quarantined with a Dutch reason
    assert (run.received, run.created, run.quarantined) == (6, 4, 2)
    file_level = QuarantinedRecord.objects.get(run=run, record_id="positie-6")
    assert [p["code"] for p in file_level.problems] == ["xml.truncated"]
    assert "afgebroken (onvolledig)" in file_level.problems[0]["message"]


def test_html_instead_of_xml_is_refused_with_a_dutch_message_and_nothing_written():
    with pytest.raises(service.IngestInputError) as info:
        _ingest(LOGIN_PAGE.read_bytes(), name="html")
    assert "HTML" in info.value.message_nl
    assert Run.objects.count() == 0


def test_nl_lom_records_keep_their_open_licence_and_objectives():
    _ingest(LOM_COMPLETE.read_bytes(), name="kennisnet")
    _ingest(IMS_COMPLETE.read_bytes(), name="pylom")
    minimal = _ingest(LOM_MINIMAL.read_bytes(), name="minimal")
    assert minimal.quarantined == 1
    codes = {p["code"] for p in QuarantinedRecord.objects.get(run=minimal).problems}
    assert {"required.title", "required.record_id"} <= codes
    assert Product.objects.filter(product_type="open_resource").count() >= 1
    assert Provenance.objects.filter(source__in=["kennisnet", "pylom"]).count() == 2


def test_quarantine_release_after_the_cause_is_fixed(eck_bytes, monkeypatch):
    # given a record rejected by a rule that is later corrected (here: the zero-price rule)
    _ingest(eck_bytes)
    assert QuarantinedRecord.objects.filter(status=QuarantineStatus.OPEN).count() == 2
    from wijzer.ingest import prepare as prepare_module

    monkeypatch.setattr(prepare_module, "validate", lambda record, **_: ())
    # when the quarantine is processed again
    run = service.reprocess_quarantine(service.ensure_source("thieme"))
    # then both records are released into the catalogue and the quarantine rows say so
    assert run.created == 2
    assert QuarantinedRecord.objects.filter(status=QuarantineStatus.RELEASED).count() == 2
    assert Product.objects.count() == 10


def test_reprocessing_counts_what_it_writes_as_a_delivery_does(eck_bytes, monkeypatch):
    # given two records waiting in quarantine for a rule that is later relaxed
    _ingest(eck_bytes)
    from wijzer.ingest import prepare as prepare_module

    monkeypatch.setattr(prepare_module, "validate", lambda record, **_: ())
    # when they are processed again
    run = service.reprocess_quarantine(service.ensure_source("thieme"))
    # then the run counts the price snapshots it wrote, through the same batch step as a delivery (W5.4 §1)
    snapshots = PriceObservation.objects.filter(run_id=run.pk).values("product").distinct().count()
    assert (run.received, run.created, run.price_changes, snapshots) == (2, 2, 2, 2)
    assert (
        run.message
        == "2 opnieuw verwerkt: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd opgenomen; 0 nog steeds in quarantaine."
    )


def test_reprocessing_keeps_still_invalid_records_with_their_reasons(eck_bytes):
    _ingest(eck_bytes)
    run = service.reprocess_quarantine(service.ensure_source("thieme"))
    assert (run.received, run.still_quarantined, run.quarantined, run.created) == (2, 2, 0, 0)
    assert (
        run.message
        == "2 opnieuw verwerkt: 0 nieuw, 0 bijgewerkt, 0 ongewijzigd opgenomen; 2 nog steeds in quarantaine."
    )
    assert QuarantinedRecord.objects.filter(status=QuarantineStatus.STILL_INVALID).count() == 2
    assert Product.objects.count() == 8


def test_cli_json_prints_the_run_counts():
    out = StringIO()
    call_command("ingest", str(ECK_SAMPLE), "--source", "cli-test", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {k: data[k] for k in ("received", "created", "updated", "unchanged", "quarantined")} == {
        "received": 10,
        "created": 8,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 2,
    }
    assert data["problems"][0]["code"] == "price.zero_paid"
    assert data["problems"][0]["count"] == 2


def test_cli_missing_file_is_a_dutch_error():
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("ingest", "/bestaat/niet.xml", "--json", stdout=StringIO())


def test_cli_quarantine_lists_and_reprocesses():
    call_command("ingest", str(ECK_SAMPLE), "--source", "cli-q", "--json", stdout=StringIO())
    listed = StringIO()
    call_command("quarantine", "cli-q", "--json", stdout=listed)
    data = json.loads(listed.getvalue())
    assert data["count"] == 2
    assert all("€ 0,00" in item["problems"][0] for item in data["items"])
    out = StringIO()
    call_command("quarantine", "cli-q", "--reprocess", "--json", stdout=out)
    summary = json.loads(out.getvalue())[0]
    assert (summary["received"], summary["still_quarantined"], summary["quarantined"]) == (2, 2, 0)


def test_a_corrected_delivery_supersedes_what_waited_in_quarantine(eck_bytes):
    # given two records in quarantine for a zero price
    _ingest(eck_bytes)
    waiting = list(QuarantinedRecord.objects.filter(status=QuarantineStatus.OPEN).values_list("record_id", flat=True))
    assert len(waiting) == 2
    # when the supplier delivers them again with a real price
    fixed = eck_bytes.replace(b"<Amount>0</Amount>", b"<Amount>1295</Amount>")
    run = _ingest(fixed)
    # then they are stored and the quarantine entries are closed as superseded, not left open
    assert (run.created, run.quarantined) == (2, 0)
    assert QuarantinedRecord.objects.filter(status=QuarantineStatus.OPEN).count() == 0
    assert set(
        QuarantinedRecord.objects.filter(status=QuarantineStatus.SUPERSEDED).values_list("record_id", flat=True)
    ) == set(waiting)


def test_a_record_rejected_again_with_other_content_replaces_its_old_quarantine_entry(eck_bytes):
    _ingest(eck_bytes)
    zero_prices = eck_bytes.count(b"<Amount>0</Amount>")  # one price line per record in this sample
    changed = eck_bytes.replace(b"<Amount>0</Amount>", b"<Amount>-5</Amount>")
    run = _ingest(changed)
    assert run.quarantined == zero_prices
    waiting = QuarantinedRecord.objects.filter(status=QuarantineStatus.OPEN)
    open_errors = [p["code"] for q in waiting for p in q.problems if p["severity"] == "error"]
    assert open_errors == ["price.negative"] * zero_prices
    assert QuarantinedRecord.objects.filter(status=QuarantineStatus.SUPERSEDED).count() == 2


def test_quarantine_listings_give_errors_as_reasons_and_warnings_apart(client, eck_bytes):
    """W5.2 §6: a warning ("het product is wel opgenomen" kind) never reads as the reason a record was refused."""
    _ingest(eck_bytes)
    record = QuarantinedRecord.objects.order_by("pk").first()
    assert record is not None
    assert record.reasons
    assert all(p["severity"] == "error" for p in record.reasons)
    assert all(p["severity"] == "warning" for p in record.notes)
    listed = client.get("/api/v1/ingest/sources/thieme/quarantine").json()["items"][0]
    assert {p["severity"] for p in listed["problems"]} == {"error"}
    assert [p["code"] for p in listed["problems"]] + [p["code"] for p in listed["warnings"]] == [
        p["code"] for p in record.problems if p["severity"] == "error"
    ] + [p["code"] for p in record.problems if p["severity"] == "warning"]
