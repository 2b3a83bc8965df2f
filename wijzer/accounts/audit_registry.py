"""The audit vocabulary: every app declares its audit actions (a `TextChoices` in its own `constants.py`) and
registers them at start-up in its `AppConfig.ready`. The audit log validates against this registry, so a new
action of another app never needs a migration of `accounts`."""

from __future__ import annotations

from django.db import models

_LABELS: dict[str, str] = {}


def register(actions: type[models.TextChoices]) -> None:
    """Make these actions known to the audit log (called from an app's `ready`; idempotent)."""
    for value, label in actions.choices:
        known = _LABELS.get(value)
        if known is not None and known != str(label):
            raise ValueError(f"Audit action {value!r} is registered twice with different labels")
        _LABELS[value] = str(label)


def is_known(action: str) -> bool:
    return action in _LABELS


def label(action: str) -> str:
    """The Dutch label of an action, or the action itself for one no longer registered (old rows stay readable)."""
    return _LABELS.get(action, action)


def choices() -> list[tuple[str, str]]:
    return sorted(_LABELS.items(), key=lambda kv: kv[1])
