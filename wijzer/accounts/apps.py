from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig


class AccountsConfig(AppConfig):
    name = "wijzer.accounts"
    verbose_name = _("Gebruikers, organisaties en rechten")


class TotpConfig(TotpAppConfig):
    """django-otp's TOTP devices with a Dutch name in the admin (W5.3); label and models unchanged."""

    verbose_name = "Tweestapsverificatie (apparaten)"


class AxesConfig(AxesAppConfig):
    """django-axes with a Dutch name in the admin (W5.3); label and models unchanged."""

    verbose_name = "Inlogpogingen en blokkades"

    def ready(self) -> None:
        # Framework wiring only (style.md §12): login success/failure come from django.contrib.auth's signals,
        # so logins through the admin or a future federated backend are audited the same way.
        from . import signals  # noqa: F401
        from .audit_registry import register
        from .constants import AuditAction

        register(AuditAction)
