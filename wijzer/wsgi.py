"""WSGI entry point used by gunicorn (`wijzer serve`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from wijzer.cli import settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
application = get_wsgi_application()
# Import every view and API module now, while the worker boots, instead of in the first request it serves (the URL
# configuration pulls in the whole site, scipy and matplotlib included: seconds, not milliseconds).
get_resolver().url_patterns  # noqa: B018
