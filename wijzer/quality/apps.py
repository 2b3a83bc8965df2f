from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "wijzer.quality"
    label = "quality"
    verbose_name = "Kwaliteit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wijzer.accounts.service import register_audit_actions

        from .constants import QualityAuditAction

        register_audit_actions(QualityAuditAction)
