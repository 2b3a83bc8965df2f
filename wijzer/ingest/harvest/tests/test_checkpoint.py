from __future__ import annotations

import json

import pytest

from wijzer.ingest.harvest.base import Checkpoint, replace_param
from wijzer.ingest.harvest.errors import HarvestError


def test_json_round_trip() -> None:
    checkpoint = Checkpoint("oai-pmh", (("verb", "ListRecords"), ("resumptionToken", "a!b")), False, 3, 250)

    assert Checkpoint.from_json(json.loads(json.dumps(checkpoint.to_json()))) == checkpoint
    assert checkpoint.param("resumptionToken") == "a!b"
    assert checkpoint.param("from") is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"protocol": "sru", "params": [], "done": False, "pages": -1, "records": 0},
        {"protocol": "sru", "params": [["a"]], "done": False, "pages": 0, "records": 0},
        {"protocol": "sru", "params": [], "done": "no", "pages": 0, "records": 0},
    ],
)
def test_invalid_json(data: object) -> None:
    with pytest.raises(ValueError, match="checkpoint"):
        Checkpoint.from_json(data)


def test_checkpoint_is_frozen_and_hashable() -> None:
    checkpoint = Checkpoint("sru")
    with pytest.raises(AttributeError):
        checkpoint.pages = 2  # type: ignore[misc]
    assert {checkpoint: 1}[Checkpoint("sru")] == 1


def test_replace_param() -> None:
    assert replace_param((("a", "1"), ("b", "2")), "a", "9") == (("a", "9"), ("b", "2"))
    assert replace_param((("a", "1"),), "c", "3") == (("a", "1"), ("c", "3"))


def test_error_text() -> None:
    error = HarvestError("http.status", "De bron gaf HTTP-fout 500.", url="http://x/")

    assert str(error) == "[http.status] De bron gaf HTTP-fout 500."
    assert error.checkpoint is None
    assert not error.retryable
