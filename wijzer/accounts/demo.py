"""Demo organisations and one demo person per role (W2 §7). Clearly labelled: is_demo and "(voorbeeld)"."""

from __future__ import annotations

from dataclasses import dataclass

from .constants import OrganisationKind, Role

K = OrganisationKind


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    key: str
    kind: OrganisationKind
    name: str
    parent: str | None = None
    country: str = ""
    board_number: str = ""
    brin: str = ""


@dataclass(frozen=True, slots=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    roles: tuple[tuple[Role, str], ...]
    staff: bool = False


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation("platform", K.PLATFORM, "Wijzer-platform (voorbeeld)", country="NL"),
    DemoOrganisation("board", K.BOARD, "Stichting Voorbeeldscholen (voorbeeld)", board_number="99901"),
    DemoOrganisation("wilg", K.SCHOOL, "Basisschool De Wilg (voorbeeld)", parent="board", brin="99ZA"),
    DemoOrganisation("college", K.SCHOOL, "Het Voorbeeld College (voorbeeld)", parent="board", brin="99ZB"),
    DemoOrganisation(
        "college_noord", K.BRANCH, "Het Voorbeeld College, locatie Noord (voorbeeld)", parent="college", brin="99ZB01"
    ),
    DemoOrganisation("other_board", K.BOARD, "Stichting Andere Scholen (voorbeeld)", board_number="99902"),
    DemoOrganisation("linde", K.SCHOOL, "OBS De Linde (voorbeeld)", parent="other_board", brin="99ZC"),
    DemoOrganisation("group", K.OWNER_GROUP, "Voorbeeld Mediagroep (voorbeeld)", country="NL"),
    DemoOrganisation("publisher", K.PUBLISHER, "Uitgeverij De Rekenpen (voorbeeld)", parent="group"),
    DemoOrganisation("distributor", K.DISTRIBUTOR, "Leermiddelen Distributie (voorbeeld)", parent="group"),
    DemoOrganisation("panel", K.REVIEWER_PANEL, "Beoordelingspanel Rekenen (voorbeeld)"),
)

DOMAIN = "voorbeeld.wijzer.nl"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(f"leraar@{DOMAIN}", "Lotte", "Leraar", ((Role.TEACHER, "wilg"), (Role.TEACHER, "college"))),
    DemoUser(f"sectievoorzitter@{DOMAIN}", "Sem", "Sectie", ((Role.SECTION_HEAD, "college"), (Role.REVIEWER, "panel"))),
    DemoUser(f"schoolleider@{DOMAIN}", "Sara", "Schoolleider", ((Role.SCHOOL_LEADER, "wilg"),)),
    DemoUser(f"inkoper@{DOMAIN}", "Ivo", "Inkoper", ((Role.BOARD_BUYER, "board"),)),
    DemoUser(f"privacy@{DOMAIN}", "Pim", "Privacy", ((Role.PRIVACY_OFFICER, "board"),)),
    DemoUser(f"redacteur@{DOMAIN}", "Rosa", "Redacteur", ((Role.PUBLISHER_EDITOR, "publisher"),)),
    DemoUser(f"beoordelaar@{DOMAIN}", "Bram", "Beoordelaar", ((Role.REVIEWER, "panel"),)),
    DemoUser(f"beleid@{DOMAIN}", "Bea", "Beleid", ((Role.POLICY_ANALYST, "platform"),)),
    DemoUser(f"beheerder@{DOMAIN}", "Bas", "Beheerder", ((Role.PLATFORM_ADMIN, "platform"),), staff=True),
)


def demo_emails() -> tuple[str, ...]:
    """The e-mail addresses of the demo users, in the order they are introduced."""
    return tuple(person.email for person in DEMO_USERS)
