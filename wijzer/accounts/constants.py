from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    BOARD = "board", _("Schoolbestuur (bevoegd gezag)")
    SCHOOL = "school", _("School")
    BRANCH = "branch", _("Vestiging")
    PUBLISHER = "publisher", _("Uitgever")
    DISTRIBUTOR = "distributor", _("Distributeur")
    OWNER_GROUP = "owner_group", _("Eigenaarsgroep")
    REVIEWER_PANEL = "reviewer_panel", _("Beoordelingspanel")
    PLATFORM = "platform", _("Platform (Wijzer)")
