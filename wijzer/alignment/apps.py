from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "wijzer.alignment"
    label = "alignment"
    verbose_name = "Kerndoeldekking"
    default_auto_field = "django.db.models.BigAutoField"
