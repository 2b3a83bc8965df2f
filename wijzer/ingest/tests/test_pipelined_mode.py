"""Pipelined ingest (parsing in a child process) writes exactly what the single-process path writes.

Each comparison ingests the same file twice (new, then unchanged) with one path inside a savepoint, takes a
snapshot of everything written (without ids and timestamps), rolls back, and does the same with the other path.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from django.db import models, transaction

import pytest

from wijzer.accounts.models import Organisation
from wijzer.catalog.models import PriceObservation, Product, Provenance, SearchRow
from wijzer.ingest import actions, parse_worker, service
from wijzer.ingest.actions import runs
from wijzer.ingest.constants import RunStatus
from wijzer.ingest.models import QuarantinedRecord

from . import pipeline_children
from .conftest import ECK_SAMPLE, LOM_COMPLETE, OAI_OBK

pytestmark = pytest.mark.usefixtures("slo")
VOLATILE = {"id", "uuid", "run_id", "run", "created_run_id"}  # run ids differ on PostgreSQL (no sequence rollback)


def _organisation_key(key: str) -> str:
    """Facet keys name organisations by primary key; PostgreSQL does not roll sequences back, so compare names."""
    facet, _sep, value = key.partition(":")
    if facet in {"uitgever", "eigenaar"} and value.isdigit():
        organisation = Organisation.objects.filter(pk=int(value)).first()
        return f"{facet}:{organisation.name if organisation else '?'}"
    return key


def _row(obj: models.Model) -> tuple[Any, ...]:
    values = []
    for field in obj._meta.concrete_fields:
        if field.attname in VOLATILE or isinstance(field, models.DateTimeField):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            value: Any = None if related is None else getattr(related, "key", None) or str(related)
        else:
            value = field.value_from_object(obj)
            if isinstance(value, memoryview):
                value = bytes(value)
            if field.name == "facet_keys":
                value = [_organisation_key(k) for k in value]
        values.append((field.name, repr(value)))
    return tuple(values)


def _catalogue() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model.__name__: sorted(_row(obj) for obj in model.objects.all())
        for model in (Product, PriceObservation, Provenance, SearchRow, QuarantinedRecord)
    }


def _summary(run: Any) -> dict[str, Any]:
    return {k: v for k, v in service.run_summary(run).items() if k != "run"}


def _outcome(path: Path, workers: int) -> tuple[list[dict[str, Any]], dict[str, list[tuple[Any, ...]]]]:
    savepoint = transaction.savepoint()
    try:
        source = service.ensure_source("feed")
        runs = [
            _summary(service.ingest_path(path, source=source, input_name="feed.xml", workers=workers)) for _ in range(2)
        ]
        return runs, _catalogue()
    finally:
        transaction.savepoint_rollback(savepoint)


def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "BATCH_SIZE", 4)  # several parent batches
    monkeypatch.setattr(parse_worker, "BATCH_SIZE", 3)  # several child batches, not aligned with the parent's


@pytest.mark.parametrize("fixture", [ECK_SAMPLE, LOM_COMPLETE, OAI_OBK], ids=lambda p: p.name)
def test_pipelined_and_single_process_write_the_same(fixture, tmp_path, monkeypatch):
    _small_batches(monkeypatch)
    path = tmp_path / fixture.name
    path.write_bytes(fixture.read_bytes())
    single = _outcome(path, workers=1)
    piped = _outcome(path, workers=2)
    assert single[0][0]["received"] > 0
    second = single[0][1]  # idempotent in both paths (a deletion of a never-seen record is counted, not stored)
    assert second["unchanged"] + second["deleted_unknown"] == second["received"]
    assert second["created"] == second["updated"] == 0
    assert piped == single


def test_a_file_broken_midway_is_handled_the_same_in_both_paths(eck_bytes, tmp_path, monkeypatch):
    """Malformed XML is not a crash: the adapter yields a file-level failure after the good records, as before."""
    _small_batches(monkeypatch)
    path = tmp_path / "broken.xml"
    path.write_bytes(eck_bytes[: len(eck_bytes) * 2 // 3] + b"<<< kapot")
    single = _outcome(path, workers=1)
    assert single[0][0]["quarantined"] > 0
    assert single[0][0]["created"] > 0
    assert _outcome(path, workers=2) == single


@pytest.mark.parametrize(
    ("child", "message"),
    [
        (pipeline_children.die_after_first_batch, "Het leesproces is onverwacht gestopt (afsluitcode 3)"),
        (pipeline_children.raise_after_first_batch, "Het leesproces is gestopt met een fout (MemoryError"),
    ],
    ids=["dies", "raises"],
)
def test_a_failing_child_rolls_the_run_back_with_a_dutch_message(child, message, eck_bytes, tmp_path, monkeypatch):
    _small_batches(monkeypatch)
    source = service.ensure_source("feed")
    first = tmp_path / "first.xml"
    first.write_bytes(eck_bytes)
    service.ingest_path(first, source=source, input_name="first.xml", workers=1)
    before = _catalogue()
    changed = tmp_path / "changed.xml"
    changed.write_bytes(eck_bytes.replace(b"<Amount>", b"<Amount>1"))  # would update prices everywhere
    adapter = service.adapter_for("eck")
    run = service.start_run(source, input_name="changed.xml", format_id=adapter.identifier)
    with pytest.raises(service.RunFailedError) as info:
        actions.do_ingest_pipelined(run, adapter, [changed], child=child)
    failed = info.value.run
    assert failed.status == RunStatus.FAILED
    assert failed.message.startswith(f"De import is afgebroken: {message}")
    assert "de catalogus is ongewijzigd" in failed.message.lower()
    assert _catalogue() == before
    # and the next run goes through normally, in the child
    assert service.ingest_path(changed, source=source, input_name="changed.xml", workers=2).updated == 8


def test_the_workers_flag_chooses_the_path(tmp_path, monkeypatch, eck_bytes):
    path = tmp_path / "feed.xml"
    path.write_bytes(eck_bytes)
    started: list[str] = []
    real = parse_worker.parsed_in_child

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_worker, "parsed_in_child", spy)
    monkeypatch.setattr(parse_worker, "MIN_BYTES", 1_000)  # the sample counts as large
    monkeypatch.setattr(parse_worker.os, "cpu_count", lambda: 2)

    def ingest(*flags: str) -> dict[str, Any]:
        out = StringIO()
        call_command("ingest", str(path), "--source", "feed", "--json", *flags, stdout=out)
        result: dict[str, Any] = json.loads(out.getvalue())
        return result

    assert ingest("--workers", "1")["created"] == 8
    assert started == []
    assert ingest()["unchanged"] == 10  # automatic: two cores and a large file
    assert started == ["eck_catalog"]
    assert ingest("--workers", "2")["unchanged"] == 10
    assert len(started) == 2
    monkeypatch.setattr(parse_worker.os, "cpu_count", lambda: 1)
    ingest()
    assert len(started) == 2  # one core: one process
    with pytest.raises(CommandError, match="--workers moet 1 of meer zijn"):
        call_command("ingest", str(path), "--workers", "0")


def test_auto_rule():
    assert not parse_worker.use_pipeline(1, 10**9)
    assert parse_worker.use_pipeline(2, 10)
    assert parse_worker.use_pipeline(None, parse_worker.MIN_BYTES + 1) == ((parse_worker.os.cpu_count() or 1) >= 2)
    assert not parse_worker.use_pipeline(None, parse_worker.MIN_BYTES)
