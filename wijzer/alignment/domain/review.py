"""The review queue at scale (W5.3): filtering by method, subject and sector, the panel's default subject, and
page windows with counts. Pure: rows come in as plain values."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
PAGE_SIZE = 50
ALL = "alle"  # the explicit "no filter" value of a filter parameter
# Words of a panel's name that say nothing about its subject.
_NOT_SUBJECTS = frozenset({"beoordelingspanel", "panel", "voorbeeld", "beoordelaars", "commissie", "sectie"})


@dataclass(frozen=True, slots=True)
class QueueRow:
    """What the filters look at for one pending link."""

    key: str  # the link's uuid
    method: str  # method uuid
    method_name: str
    subject: str  # the goal's subject in words ("rekenen en wiskunde", "Engels")
    sectors: tuple[str, ...]  # the goal's sectors


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Window:
    page: int
    last: int
    start: int  # 1-based position of the first row shown (0 when there is none)
    end: int  # position of the last row shown
    total: int


def options(rows: Iterable[QueueRow]) -> tuple[list[Option], list[Option], list[Option]]:
    """The methods, subjects and sectors present in the queue, with how many links each has."""
    rows = list(rows)
    names = {r.method: r.method_name for r in rows}
    methods = Counter(r.method for r in rows)
    subjects = Counter(r.subject for r in rows if r.subject)
    sectors = Counter(s for r in rows for s in r.sectors)
    return (
        sorted((Option(k, names[k], n) for k, n in methods.items()), key=lambda o: o.label.casefold()),
        sorted((Option(k, k[:1].upper() + k[1:], n) for k, n in subjects.items()), key=lambda o: o.label.casefold()),
        [Option(s, s.upper(), sectors[s]) for s in ("po", "vo", "so", "vso") if sectors[s]],
    )


def panel_subject(panel_name: str, subjects: Iterable[str]) -> str:
    """The subject a review panel's name points at ("Beoordelingspanel Rekenen" -> "rekenen en wiskunde"), or ""
    when no word of the name (four letters or more) starts a word of exactly one subject. Deliberately simple: a
    reviewer can always pick another subject or "alle vakken"."""
    words = [w for w in re.findall(r"\w{4,}", panel_name.casefold()) if w not in _NOT_SUBJECTS]
    found = {
        subject
        for subject in subjects
        for word in words
        if any(part.startswith(word) for part in re.findall(r"\w+", subject.casefold()))
    }
    return found.pop() if len(found) == 1 else ""


def chosen(rows: Iterable[QueueRow], *, method: str = "", subject: str = "", sector: str = "") -> list[QueueRow]:
    """Rows matching every given filter ("" or `ALL`: that filter is off)."""
    return [
        r
        for r in rows
        if (method in ("", ALL) or r.method == method)
        and (subject in ("", ALL) or r.subject == subject)
        and (sector in ("", ALL) or sector in r.sectors)
    ]


def window(total: int, page: int, size: int = PAGE_SIZE) -> Window:
    """The page to show (clamped to the last page) and which rows it holds, 1-based for "1-50 van 188"."""
    last = max(1, -(-total // size))
    page = min(max(page, 1), last)
    start = (page - 1) * size
    end = min(start + size, total)
    return Window(page, last, start + 1 if total else 0, end, total)


def page_rows(rows: Sequence[T], win: Window) -> Sequence[T]:
    return rows[win.start - 1 : win.end] if win.total else rows[:0]
