"""`core.text.fold` is the one text-folding function (W5.4 §2): the analysers of catalogue search and of the
alignment suggester use it, and no other module strips accents itself."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.alignment.domain.suggest import analysis
from wijzer.catalog.domain.search import analyser
from wijzer.core import text

WIJZER = Path(text.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ideeën", "ideeen"),
        ("ÉÉN", "een"),
        ("Café Crème", "cafe creme"),
        ("ℂ", "c"),
        ("Rekenen/wiskunde", "rekenen/wiskunde"),
    ],
)
def test_fold_gives_lower_case_without_diacritics(raw, folded):
    assert text.fold(raw) == folded


@given(st.text())
def test_the_ascii_fast_path_agrees_with_the_full_fold(raw):
    decomposed = unicodedata.normalize("NFKD", raw)
    assert text.fold(raw) == "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def test_the_analysers_use_the_one_fold():
    assert analysis.fold is text.fold
    assert analyser.fold is text.fold


def test_no_other_module_strips_diacritics_itself():
    strips = re.compile(r"\bcombining\(")  # dropping combining marks is what strips the accents
    offenders = sorted(
        str(path.relative_to(WIJZER))
        for path in WIJZER.rglob("*.py")
        if "tests" not in path.parts and strips.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == ["core/text.py"]
