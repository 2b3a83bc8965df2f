"""The shared XML stream: every record that ended before a break is yielded, however the input arrives."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.ingest.formats.xmlstream import XmlBreak, iter_end_elements


class Trickle(io.BytesIO):
    """A stream that hands out at most ``step`` bytes per read, as a slow network or pipe does."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self._step = step

    def read(self, size: int | None = -1) -> bytes:
        wanted = self._step if size is None or size < 0 else min(size, self._step)
        return super().read(wanted)


def _document(good: int, broken: bool) -> bytes:
    records = "".join(f"<r><t>{'x' * 300} {i}</t></r>" for i in range(good))
    tail = "<r><t>kapot <t</t></r><r><t>na</t></r>" if broken else ""
    return f"<?xml version='1.0'?><list>{records}{tail}</list>".encode()


def _read(data: bytes, step: int) -> tuple[list[str], list[XmlBreak]]:
    texts: list[str] = []
    breaks: list[XmlBreak] = []
    for item in iter_end_elements(Trickle(data, step), tags=["r"]):
        if isinstance(item, XmlBreak):
            breaks.append(item)
        else:
            texts.append(item.findtext("t") or "")
    return texts, breaks


@settings(max_examples=40, deadline=None)
@given(good=st.integers(min_value=0, max_value=400), step=st.sampled_from([1, 7, 512, 8192, 65536, 1 << 20]))
def test_every_record_before_a_break_is_yielded_whatever_the_read_size(good: int, step: int) -> None:
    texts, breaks = _read(_document(good, broken=True), step)
    assert len(texts) == good
    assert [b.problem.code for b in breaks] == ["xml.syntax"]
    assert "regel 1" in breaks[0].problem.message_nl


@pytest.mark.parametrize("step", [3, 4096, 1 << 20])
def test_a_whole_document_yields_every_record_and_no_break(step: int) -> None:
    texts, breaks = _read(_document(250, broken=False), step)
    assert len(texts) == 250
    assert texts[-1].endswith(" 249")
    assert breaks == []


@settings(max_examples=150, deadline=None)
@given(data=st.data(), step=st.sampled_from([1, 5, 4096, 1 << 20]))
def test_a_cut_off_document_yields_exactly_the_records_whose_end_tag_arrived(data: st.DataObject, step: int) -> None:
    # given a whole document cut at any byte before its last end tag (a download that stopped early)
    whole = _document(12, broken=False)
    cut = data.draw(st.integers(min_value=1, max_value=len(whole) - 1), label="cut")
    # when it is read
    texts, breaks = _read(whole[:cut], step)
    # then every record whose end tag is in the data is yielded, and no record cut in half (lxml >= 6.2 closes the
    # elements still open when the data ends; such a record must not pass for a whole one)
    assert len(texts) == whole[:cut].count(b"</r>")
    assert len(breaks) == 1


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (b"<r><t>c</t>", ["a", "b"]),  # inside a record
        (b"<r><t>c", ["a", "b"]),  # inside a field
        (b"\n  <r", ["a", "b"]),  # inside the next record's start tag
        (b"", ["a", "b"]),  # right after a record
    ],
)
def test_the_record_at_the_cut_is_never_yielded(tail: bytes, expected: list[str]) -> None:
    texts, breaks = _read(b"<list><r><t>a</t></r><r><t>b</t></r>" + tail, 1 << 20)
    assert texts == expected
    assert [b.problem.code for b in breaks] == ["xml.truncated"]
