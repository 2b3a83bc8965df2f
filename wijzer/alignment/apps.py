from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class AlignmentConfig(AppConfig):
    name = "wijzer.alignment"
    label = "alignment"
    verbose_name = "Kerndoeldekking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wijzer.accounts.service import register_audit_actions

        from . import freshness
        from .constants import AlignmentAuditAction

        register_audit_actions(AlignmentAuditAction)

        # the goal catalogue and the suggester index follow a curriculum load in another process
        request_started.connect(freshness.request_started, dispatch_uid="alignment-freshness-start")
        request_finished.connect(freshness.request_finished, dispatch_uid="alignment-freshness-end")
