"""The synthetic scale generator of the benchmarks (`benchmarks/scale.py`): deterministic, valid, marked."""

from __future__ import annotations

import io

import pytest

from benchmarks.scale import SYNTHETIC_PREFIX, synthetic_ean, write_eck_sru, write_nllom_oai
from wijzer.ingest.formats.records import ParsedRecord
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.formats.validate import ean13_is_valid, validate


def test_synthetic_ean_is_valid():
    assert [ean13_is_valid(synthetic_ean(n)) for n in (1, 99_999, 123_456_789)] == [True, True, True]


@pytest.mark.parametrize(("writer", "identifier"), [(write_eck_sru, "eck_catalog"), (write_nllom_oai, "nl_lom")])
def test_scale_generator_is_deterministic_valid_and_marked_synthetic(writer, identifier):
    # given
    first, second = io.BytesIO(), io.BytesIO()
    writer(first, 250, seed=7)
    writer(second, 250, seed=7)
    data = first.getvalue()
    # when
    adapter = default_registry.detect(data[:8192])
    assert adapter is not None
    results = list(adapter.parse(io.BytesIO(data)))
    # then
    assert data == second.getvalue()
    assert adapter.identifier == identifier
    assert len(results) == 250
    assert all(isinstance(r, ParsedRecord) and r.title.startswith(SYNTHETIC_PREFIX) for r in results)
    assert all(validate(r) == () for r in results if isinstance(r, ParsedRecord))
