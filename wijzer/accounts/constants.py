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


class Role(models.TextChoices):
    """What a person does for an organisation (W2). Values mirror `domain.policy.RoleCode`."""

    TEACHER = "teacher", _("Leraar")
    SECTION_HEAD = "section_head", _("Sectievoorzitter")
    SCHOOL_LEADER = "school_leader", _("Schoolleider")
    BOARD_BUYER = "board_buyer", _("Inkoper schoolbestuur")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    PUBLISHER_EDITOR = "publisher_editor", _("Redacteur uitgever")
    REVIEWER = "reviewer", _("Beoordelaar")
    POLICY_ANALYST = "policy_analyst", _("Beleidsanalist")
    PLATFORM_ADMIN = "platform_admin", _("Platformbeheerder")


class Scope(models.TextChoices):
    """What a machine token may do. Values mirror `domain.policy.ScopeCode`."""

    CATALOG_PUSH = "catalog:push", _("Catalogusgegevens aanleveren")
    SCHOOL_READ = "school:read", _("Schoolgegevens lezen")
    AUDIT_READ = "audit:read", _("Logboek lezen")


class AuditAction(models.TextChoices):
    """Security-relevant events in the append-only audit log (W2 §5)."""

    LOGIN_SUCCEEDED = "login.succeeded", _("Ingelogd")
    LOGIN_FAILED = "login.failed", _("Inloggen mislukt")
    LOGIN_LOCKED_OUT = "login.locked_out", _("Geblokkeerd na te veel pogingen")
    LOGIN_NETWORK_BLOCKED = "login.network_blocked", _("Netwerk geblokkeerd na te veel mislukte inlogpogingen")
    LOGGED_OUT = "logout", _("Uitgelogd")
    TWO_FACTOR_ENABLED = "2fa.enabled", _("Tweestapsverificatie ingesteld")
    TWO_FACTOR_VERIFIED = "2fa.verified", _("Tweestapsverificatie geslaagd")
    TWO_FACTOR_FAILED = "2fa.failed", _("Tweestapsverificatie mislukt")
    ROLE_SWITCHED = "role.switched", _("Van rol gewisseld")
    MEMBERSHIP_GRANTED = "membership.granted", _("Rol toegekend")
    INVITATION_SENT = "invitation.sent", _("Uitnodiging verstuurd")
    INVITATION_ACCEPTED = "invitation.accepted", _("Uitnodiging geaccepteerd")
    INVITATION_REFUSED = "invitation.refused", _("Ongeldige of verlopen uitnodiging")
    TOKEN_CREATED = "token.created", _("API-sleutel gemaakt")
    TOKEN_REVOKED = "token.revoked", _("API-sleutel ingetrokken")
    TOKEN_USED = "token.used", _("API-sleutel gebruikt")
    TOKEN_REFUSED = "token.refused", _("Ongeldige API-sleutel geweigerd")
    ACCESS_DENIED = "access.denied", _("Toegang geweigerd")
    AUDIT_EXPORTED = "audit.exported", _("Logboek geëxporteerd")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("Wachtwoordherstel aangevraagd")
    PASSWORD_CHANGED = "password.changed", _("Wachtwoord gewijzigd")
    DELEGATION_GRANTED = "delegation.granted", _("Delegatie verleend")
    DELEGATION_REVOKED = "delegation.revoked", _("Delegatie ingetrokken")
    CLAIM_VIEWED = "claim.viewed", _("Claim van een andere bron bekeken")
    ADMIN_ADDED = "admin.added", _("Toegevoegd via beheer")
    ADMIN_CHANGED = "admin.changed", _("Gewijzigd via beheer")
    ADMIN_DELETED = "admin.deleted", _("Verwijderd via beheer")
