from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.TextChoices):
    KERNDOELEN_2006 = "kerndoelen-2006", _("Kerndoelen 2006 (geldend)")
    KERNDOELEN_FO = "kerndoelen-fo", _("Nieuwe kerndoelen (definitief concept)")


class GoalKind(models.TextChoices):
    KERNDOEL = "kerndoel", _("Kerndoel 2006")
    KERNZIN = "kernzin", _("Kerndoel (nieuw)")
    DOELZIN = "doelzin", _("Doelzin")


class Sector(models.TextChoices):
    PO = "po", _("Primair onderwijs")
    VO = "vo", _("Voortgezet onderwijs (onderbouw)")
    SO = "so", _("Speciaal onderwijs")
    VSO = "vso", _("Voortgezet speciaal onderwijs")


class ElaborationKind(models.TextChoices):
    UITWERKING = "uitwerking", _("Uitwerking")
    ILLUSTRATIE = "illustratie", _("Illustratie")


# The goals a list shows by default: the units that materials are aligned to.
ALIGNABLE_KINDS = (GoalKind.KERNDOEL, GoalKind.DOELZIN)
