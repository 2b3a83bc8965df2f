from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The site shell (W5.4 §2): home page, error pages, menu, `wijzer setup` and `wijzer serve`. It reaches the
    apps only through their `service` modules and management commands; `core` stays the app-less kernel."""

    name = "wijzer.web"
    label = "web"
    verbose_name = _("Wijzer: site")
