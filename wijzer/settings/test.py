"""Test settings: the same stack as production, fast password hashing."""

from __future__ import annotations

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests serve static files through the finders; there is no collected STATIC_ROOT.
STATIC_ROOT = None  # type: ignore[assignment]  # no collected static files in tests
WHITENOISE_USE_FINDERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WIJZER_INGEST_INLINE = True
