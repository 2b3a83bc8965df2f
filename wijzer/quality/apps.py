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

        from wijzer.catalog.service import register_search_contribution

        from .domain.profile import FACET_LABELS, SORT_RULE
        from .profile_query import search_contribution

        # The W4 facet "kwaliteit" and the quality sort of the search (see domain.profile.SORT_RULE).
        register_search_contribution(
            "kwaliteit", search_contribution, labels=FACET_LABELS, sort_column="quality", sort_note=SORT_RULE
        )
