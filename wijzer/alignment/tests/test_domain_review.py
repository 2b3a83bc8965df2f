"""The review queue's filters, the panel's default subject and page windows (W5.3), without a database."""

from __future__ import annotations

import pytest

from wijzer.alignment.domain.review import (
    ALL,
    Option,
    QueueRow,
    Window,
    chosen,
    options,
    page_rows,
    panel_subject,
    window,
)

SUBJECTS = ["rekenen en wiskunde", "Engels", "Nederlands", "natuurkunde", "oriëntatie op jezelf en de wereld"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Beoordelingspanel Rekenen (voorbeeld)", "rekenen en wiskunde"),
        ("Panel wiskunde VO", "rekenen en wiskunde"),
        ("Beoordelingspanel Engels", "Engels"),
        ("Beoordelingspanel test", ""),
        ("Panel Nederlands en Engels", ""),  # two subjects: no default
    ],
)
def test_the_panel_name_gives_a_default_subject(name, expected):
    assert panel_subject(name, SUBJECTS) == expected


def _rows() -> list[QueueRow]:
    return [
        QueueRow("1", "m1", "Sommenspoor", "rekenen en wiskunde", ("po",)),
        QueueRow("2", "m1", "Sommenspoor", "Engels", ("po",)),
        QueueRow("3", "m2", "Formulepad", "rekenen en wiskunde", ("vo",)),
        QueueRow("4", "m2", "Formulepad", "natuurkunde", ("vo",)),
    ]


def test_filters_combine_and_alle_switches_one_off():
    rows = _rows()
    assert [r.key for r in chosen(rows, subject="rekenen en wiskunde")] == ["1", "3"]
    assert [r.key for r in chosen(rows, subject="rekenen en wiskunde", sector="vo")] == ["3"]
    assert [r.key for r in chosen(rows, method="m1", subject=ALL)] == ["1", "2"]
    assert [r.key for r in chosen(rows, method="m3")] == []


def test_options_count_links_per_method_subject_and_sector():
    methods, subjects, sectors = options(_rows())
    assert methods == [Option("m2", "Formulepad", 2), Option("m1", "Sommenspoor", 2)]
    assert [(o.label, o.count) for o in subjects] == [("Engels", 1), ("Natuurkunde", 1), ("Rekenen en wiskunde", 2)]
    assert sectors == [Option("po", "PO", 2), Option("vo", "VO", 2)]


@pytest.mark.parametrize(
    ("total", "page", "expected"),
    [
        (188, 1, Window(1, 4, 1, 50, 188)),
        (188, 4, Window(4, 4, 151, 188, 188)),
        (188, 999, Window(4, 4, 151, 188, 188)),  # past the end: the last page
        (0, 1, Window(1, 1, 0, 0, 0)),
    ],
)
def test_page_windows_count_from_one(total, page, expected):
    assert window(total, page) == expected


def test_page_rows_are_the_window():
    rows = list(range(188))
    assert list(page_rows(rows, window(188, 4))) == list(range(150, 188))
    assert list(page_rows(rows, window(0, 1))) == []
