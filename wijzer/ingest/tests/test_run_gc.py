"""A run tunes the cyclic garbage collector only while it runs, also when it fails or runs nested."""

from __future__ import annotations

import gc

import pytest

from wijzer.ingest.actions import runs


@pytest.fixture
def threshold():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("threshold")
def test_collector_settings_are_restored_after_nested_runs_and_failures():
    with runs._fewer_collections():
        assert gc.get_threshold()[0] == runs.GC_YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
        with pytest.raises(RuntimeError), runs._fewer_collections():
            raise RuntimeError
        assert gc.get_threshold()[0] == runs.GC_YOUNG_THRESHOLD  # the outer run is still going
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
