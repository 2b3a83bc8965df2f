from django.apps import AppConfig


class ChoiceConfig(AppConfig):
    name = "wijzer.choice"
    label = "choice"
    verbose_name = "Keuzehulp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wijzer.accounts.service import register_audit_actions

        from .constants import ChoiceAuditAction

        register_audit_actions(ChoiceAuditAction)
