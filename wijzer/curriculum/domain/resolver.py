"""Resolve a stale SLO id to the current goal(s) (standards.md §1.1: deprecated.json -> replacedBy).

SLO never deletes an id: a changed entity gets a new UUID and the old one moves to deprecated.json with
`replacedBy`. Chains can be several steps long and can fan out; cycles are guarded against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Resolution:
    requested: str
    current: tuple[str, ...]  # current ids, empty when the chain ends nowhere
    path: tuple[str, ...]  # every stale id passed, in order, starting with `requested` when it was stale

    @property
    def was_stale(self) -> bool:
        return bool(self.path)


def resolve(
    requested: str,
    is_current: Callable[[str], bool],
    successors: Callable[[str], Sequence[str] | None],
    max_steps: int = 50,
) -> Resolution:
    """Follow replacedBy breadth-first from `requested` until only current ids remain.

    `successors(id)` gives the replacedBy list of a stale id, or None when the id is unknown.
    """
    if is_current(requested):
        return Resolution(requested, (requested,), ())
    current: list[str] = []
    path: list[str] = []
    queue = [requested]
    seen: set[str] = set()
    while queue and len(seen) < max_steps:
        node = queue.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if is_current(node):
            current.append(node)
            continue
        following = successors(node)
        if following is None:
            continue
        path.append(node)
        queue.extend(following)
    return Resolution(requested, tuple(dict.fromkeys(current)), tuple(path))
