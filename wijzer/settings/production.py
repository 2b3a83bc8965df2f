"""Production (WIJZER_ENV=production): DEBUG off, secrets required, secure transport."""

from __future__ import annotations

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

SECURE_SSL_REDIRECT = env_bool("WIJZER_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = env_str("WIJZER_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
