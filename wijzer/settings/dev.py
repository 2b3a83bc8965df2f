"""Local development: the default for `wijzer` and `make run`."""

from __future__ import annotations

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("WIJZER_DEBUG", default=False)
