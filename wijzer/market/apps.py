from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "wijzer.market"
    label = "market"
    verbose_name = "Marktmonitor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wijzer.accounts.service import register_audit_actions

        from .constants import MarketAuditAction

        register_audit_actions(MarketAuditAction)
