"""Django's admin app with Wijzer's site as the default site (INSTALLED_APPS names this instead of
`django.contrib.admin`), so `admin.site` and every `@admin.register` use `admin_site.WijzerAdminSite`."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class WijzerAdminConfig(AdminConfig):
    default_site = "wijzer.accounts.admin_site.WijzerAdminSite"
