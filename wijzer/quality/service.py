"""Public surface of the quality app (W6) for other apps and the site shell.

- `current_framework()`: the framework version in force (or None).
"""

from __future__ import annotations

from .query import current_framework

__all__ = ["current_framework"]
