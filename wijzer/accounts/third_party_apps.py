"""Dutch names in the admin for the third-party apps accounts relies on (W5.3); labels and models unchanged."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig


class TotpConfig(TotpAppConfig):  # type: ignore[misc]  # django-otp is untyped
    verbose_name = "Tweestapsverificatie (apparaten)"


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # axes is untyped
    verbose_name = "Inlogpogingen en blokkades"
