from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "wijzer.ingest"
    verbose_name = _("Aanlevering en validatie")

    def ready(self) -> None:
        from wijzer.accounts.service import register_audit_actions

        from .constants import IngestAuditAction

        register_audit_actions(IngestAuditAction)
