from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wijzer.accounts"
    verbose_name = _("Gebruikers, organisaties en rechten")

    def ready(self) -> None:
        # Framework wiring only (style.md §12): login success/failure come from django.contrib.auth's signals,
        # so logins through the admin or a future federated backend are audited the same way.
        from . import signals  # noqa: F401
        from .audit_registry import register
        from .constants import AuditAction

        register(AuditAction)
