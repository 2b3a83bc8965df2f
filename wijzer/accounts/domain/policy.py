"""Who may do what, for which organisation: the one policy table of Wijzer (W2 §4). Pure: no Django.

A person acts through one *active* membership at a time (role at an organisation). Every rule below answers:
may this role, acting for organisation A, do this action on organisation B? The answer depends on how far the
role *reaches* from A: only A itself (OWN), A and everything A owns (OWN_TREE: a board and its schools and their
branches), or any organisation (ANY: platform administrators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class RoleCode(StrEnum):
    TEACHER = "teacher"
    SECTION_HEAD = "section_head"
    SCHOOL_LEADER = "school_leader"
    BOARD_BUYER = "board_buyer"
    PRIVACY_OFFICER = "privacy_officer"
    PUBLISHER_EDITOR = "publisher_editor"
    REVIEWER = "reviewer"
    POLICY_ANALYST = "policy_analyst"
    PLATFORM_ADMIN = "platform_admin"


class KindCode(StrEnum):
    BOARD = "board"
    SCHOOL = "school"
    BRANCH = "branch"
    PUBLISHER = "publisher"
    DISTRIBUTOR = "distributor"
    OWNER_GROUP = "owner_group"
    REVIEWER_PANEL = "reviewer_panel"
    PLATFORM = "platform"


class ScopeCode(StrEnum):
    CATALOG_PUSH = "catalog:push"
    SCHOOL_READ = "school:read"
    AUDIT_READ = "audit:read"


class Action(StrEnum):
    VIEW_ORGANISATION = "organisation.view"  # the organisation page with its members
    INVITE_MEMBER = "organisation.invite"
    MANAGE_TOKENS = "tokens.manage"
    VIEW_AUDIT = "audit.view"
    EXPORT_AUDIT = "audit.export"
    # W5.1: the catalogue. The target is the organisation that owns the record or source (a platform record or
    # source has no owner: only Reach.ANY reaches it).
    DELIVER_CATALOG = "catalog.deliver"  # upload or push records into a source owned by the target
    REGISTER_SOURCE = "source.register"  # register a source for the target organisation
    READ_QUARANTINE = "quarantine.read_raw"  # the raw record of a quarantined or conflicting delivery
    REPROCESS_QUARANTINE = "quarantine.reprocess"
    VIEW_CLAIMS = "catalog.view_claims"  # what other sources claimed about the target's products
    MANAGE_DELEGATIONS = "delegation.manage"  # grant or revoke what another organisation may deliver for mine
    DELIVER_TOC = "alignment.deliver_toc"  # a method's table of contents; target: the method's owner
    REVIEW_ALIGNMENT = "alignment.review"  # confirm or reject kerndoel links; target: the method's owner
    # W6: quality. Reviews, experiences and reports are about any product (target: the product's owner, reached
    # with ANY); a publisher responds only to experiences of its own products; a school declares its own holdings.
    PUBLISH_FRAMEWORK = "quality.publish_framework"  # load and publish a version of the quality framework
    REVIEW_QUALITY = "quality.review"  # an expert review against the framework (reviewer-panel members)
    WRITE_EXPERIENCE = "quality.experience"  # a teacher's experience with a product
    REPORT_EXPERIENCE = "quality.report"  # report an experience to the moderators
    RESPOND_EXPERIENCE = "quality.respond"  # the publisher's one response; target: the product's owner
    MODERATE_EXPERIENCES = "quality.moderate"  # hide or keep reported experiences and responses
    DECLARE_HOLDING = "quality.declare_holding"  # "our school uses this product" (verified use); target: the school
    QUICKSCAN = "quality.quickscan"  # a section's quickscan of its method; target: the school
    # W7: the market monitor. Prices and owners are public (no row needed to read them); a school's own set and
    # costs only for that school's roles; reference series are the platform's; lock-in facts the product owner's.
    IMPORT_REFERENCE = "market.import_reference"  # update a reference series (CPI, budget, pupils) by CSV
    DECLARE_LOCKIN = "market.declare_lockin"  # open standards and data export of a product; target: its owner
    VIEW_SCHOOL_COSTS = "market.view_school_costs"  # a school's set and cost per pupil; target: the school
    MANAGE_SCHOOL_SET = "market.manage_school_set"  # edit that set; target: the school
    # W8: choice support. A section's profiles, shortlist and decisions belong to its school (the target); ranking
    # and mixing public catalogue data needs no row.
    VIEW_CHOICES = "choice.view"  # the school's profiles, shortlists and decisions
    MANAGE_CHOICE_PROFILE = "choice.manage_profile"  # save or delete a profile of the school
    EDIT_SHORTLIST = "choice.edit_shortlist"  # add, annotate, move a product on the school's shortlist
    RECORD_DECISION = "choice.decide"  # record the section's decision (date, people, summary)


class Reach(StrEnum):
    OWN = "own"
    OWN_TREE = "own_tree"
    ANY = "any"


R = RoleCode
K = KindCode

# At which kinds of organisation a role can be held.
ROLE_KINDS: Mapping[RoleCode, frozenset[KindCode]] = {
    R.TEACHER: frozenset({K.SCHOOL, K.BRANCH}),
    R.SECTION_HEAD: frozenset({K.SCHOOL, K.BRANCH}),
    R.SCHOOL_LEADER: frozenset({K.SCHOOL, K.BRANCH}),
    R.BOARD_BUYER: frozenset({K.BOARD}),
    R.PRIVACY_OFFICER: frozenset({K.BOARD, K.SCHOOL, K.PUBLISHER, K.DISTRIBUTOR, K.PLATFORM}),
    R.PUBLISHER_EDITOR: frozenset({K.PUBLISHER, K.DISTRIBUTOR}),
    R.REVIEWER: frozenset({K.REVIEWER_PANEL}),
    R.POLICY_ANALYST: frozenset({K.PLATFORM}),
    R.PLATFORM_ADMIN: frozenset({K.PLATFORM}),
}

# Roles whose holders must pass TOTP two-factor verification before any member page (W2 §3).
TWO_FACTOR_ROLES: frozenset[RoleCode] = frozenset({R.PLATFORM_ADMIN, R.PRIVACY_OFFICER})

_EVERY_ROLE_IN_OWN_TREE: Mapping[RoleCode, Reach] = dict.fromkeys(RoleCode, Reach.OWN_TREE) | {
    R.PLATFORM_ADMIN: Reach.ANY
}

# Editors deliver for their own publisher or distributor; platform administrators for any organisation and for
# the platform's own sources.
_PUBLISHING: Mapping[RoleCode, Reach] = {R.PUBLISHER_EDITOR: Reach.OWN, R.PLATFORM_ADMIN: Reach.ANY}

# Teachers, section heads and school leaders: the people who use a method in the classroom (W6).
_SCHOOL_STAFF: tuple[RoleCode, ...] = (R.TEACHER, R.SECTION_HEAD, R.SCHOOL_LEADER)

# The policy table. A role missing from an action's row may not do it anywhere.
POLICY: Mapping[Action, Mapping[RoleCode, Reach]] = {
    Action.VIEW_ORGANISATION: _EVERY_ROLE_IN_OWN_TREE,
    Action.INVITE_MEMBER: {R.SCHOOL_LEADER: Reach.OWN, R.BOARD_BUYER: Reach.OWN, R.PLATFORM_ADMIN: Reach.ANY},
    Action.MANAGE_TOKENS: {
        R.PUBLISHER_EDITOR: Reach.OWN,
        R.SCHOOL_LEADER: Reach.OWN,
        R.BOARD_BUYER: Reach.OWN,
        R.PRIVACY_OFFICER: Reach.OWN,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    # A board is the controller for its schools: its privacy officer reads the audit events of the whole tree.
    Action.VIEW_AUDIT: {R.PRIVACY_OFFICER: Reach.OWN_TREE, R.PLATFORM_ADMIN: Reach.ANY},
    Action.EXPORT_AUDIT: {R.PRIVACY_OFFICER: Reach.OWN_TREE, R.PLATFORM_ADMIN: Reach.ANY},
    Action.DELIVER_CATALOG: _PUBLISHING,
    Action.REGISTER_SOURCE: _PUBLISHING,
    Action.READ_QUARANTINE: _PUBLISHING,
    Action.REPROCESS_QUARANTINE: _PUBLISHING,
    Action.VIEW_CLAIMS: _PUBLISHING,
    Action.MANAGE_DELEGATIONS: _PUBLISHING,
    Action.DELIVER_TOC: _PUBLISHING,
    Action.REVIEW_ALIGNMENT: {R.REVIEWER: Reach.ANY, R.PLATFORM_ADMIN: Reach.ANY},
    Action.PUBLISH_FRAMEWORK: {R.PLATFORM_ADMIN: Reach.ANY},
    Action.REVIEW_QUALITY: {R.REVIEWER: Reach.ANY},
    Action.WRITE_EXPERIENCE: dict.fromkeys(_SCHOOL_STAFF, Reach.ANY),
    Action.REPORT_EXPERIENCE: dict.fromkeys(RoleCode, Reach.ANY),
    Action.RESPOND_EXPERIENCE: {R.PUBLISHER_EDITOR: Reach.OWN},
    Action.MODERATE_EXPERIENCES: {R.REVIEWER: Reach.ANY, R.PLATFORM_ADMIN: Reach.ANY},
    Action.DECLARE_HOLDING: {
        R.SCHOOL_LEADER: Reach.OWN_TREE,
        R.BOARD_BUYER: Reach.OWN_TREE,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    Action.QUICKSCAN: dict.fromkeys(_SCHOOL_STAFF, Reach.OWN),
    Action.IMPORT_REFERENCE: {R.PLATFORM_ADMIN: Reach.ANY},
    Action.DECLARE_LOCKIN: _PUBLISHING,
    Action.VIEW_SCHOOL_COSTS: {
        **dict.fromkeys(_SCHOOL_STAFF, Reach.OWN),
        R.SCHOOL_LEADER: Reach.OWN_TREE,
        R.BOARD_BUYER: Reach.OWN_TREE,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    Action.MANAGE_SCHOOL_SET: {
        R.SECTION_HEAD: Reach.OWN,
        R.SCHOOL_LEADER: Reach.OWN_TREE,
        R.BOARD_BUYER: Reach.OWN_TREE,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    Action.VIEW_CHOICES: {
        **dict.fromkeys(_SCHOOL_STAFF, Reach.OWN),
        R.SCHOOL_LEADER: Reach.OWN_TREE,
        R.BOARD_BUYER: Reach.OWN_TREE,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    Action.MANAGE_CHOICE_PROFILE: {
        R.SECTION_HEAD: Reach.OWN,
        R.SCHOOL_LEADER: Reach.OWN_TREE,
        R.PLATFORM_ADMIN: Reach.ANY,
    },
    Action.EDIT_SHORTLIST: {**dict.fromkeys(_SCHOOL_STAFF, Reach.OWN), R.SCHOOL_LEADER: Reach.OWN_TREE},
    Action.RECORD_DECISION: {R.SECTION_HEAD: Reach.OWN, R.SCHOOL_LEADER: Reach.OWN_TREE},
}

# Actions in which a person speaks for themselves: an expert's review, a teacher's experience, a section's quickscan,
# a publisher's response. A platform administrator reaches every other action, but never writes these in someone
# else's name (W6): the audit log and the open data would otherwise show testimony nobody gave.
FIRST_PERSON_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.REVIEW_QUALITY,
        Action.WRITE_EXPERIENCE,
        Action.RESPOND_EXPERIENCE,
        Action.QUICKSCAN,
        Action.EDIT_SHORTLIST,  # a member's notes and votes on the section's shortlist (W8)
        Action.RECORD_DECISION,  # the section's own decision (W8)
    }
)

# The same table for machine tokens: what a token with a scope may do, reached from the token's organisation.
# A token is never a platform administrator: no scope has Reach.ANY.
SCOPE_POLICY: Mapping[Action, Mapping[ScopeCode, Reach]] = {
    Action.DELIVER_CATALOG: {ScopeCode.CATALOG_PUSH: Reach.OWN},
    Action.REGISTER_SOURCE: {ScopeCode.CATALOG_PUSH: Reach.OWN},  # its default push source
    Action.DELIVER_TOC: {ScopeCode.CATALOG_PUSH: Reach.OWN},
    Action.VIEW_AUDIT: {ScopeCode.AUDIT_READ: Reach.OWN},
}

# Which token scopes a role may grant, and which kinds of organisation a scope fits.
GRANTABLE_SCOPES: Mapping[RoleCode, frozenset[ScopeCode]] = {
    R.PUBLISHER_EDITOR: frozenset({ScopeCode.CATALOG_PUSH}),
    R.SCHOOL_LEADER: frozenset({ScopeCode.SCHOOL_READ}),
    R.BOARD_BUYER: frozenset({ScopeCode.SCHOOL_READ}),
    R.PRIVACY_OFFICER: frozenset({ScopeCode.AUDIT_READ}),
    R.PLATFORM_ADMIN: frozenset(ScopeCode),
}
SCOPE_KINDS: Mapping[ScopeCode, frozenset[KindCode]] = {
    ScopeCode.CATALOG_PUSH: frozenset({K.PUBLISHER, K.DISTRIBUTOR}),
    ScopeCode.SCHOOL_READ: frozenset({K.BOARD, K.SCHOOL, K.BRANCH}),
    ScopeCode.AUDIT_READ: frozenset(KindCode),
}


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organisation as the policy sees it: its id, kind and its owner chain (itself first)."""

    id: int
    kind: KindCode
    chain: tuple[int, ...]


def reaches(reach: Reach, acting_for: int | None, target: OrgRef | None) -> bool:
    """`target` None is a platform record (no owner): only Reach.ANY reaches it."""
    if reach is Reach.ANY:
        return True
    if target is None or acting_for is None:
        return False
    if reach is Reach.OWN:
        return target.id == acting_for
    return acting_for in target.chain


def is_allowed(action: Action, role: RoleCode, acting_for: int, target: OrgRef | None) -> bool:
    """True when `role`, acting for organisation `acting_for`, may do `action` on `target`."""
    reach = POLICY[action].get(role)
    return reach is not None and reaches(reach, acting_for, target)


def permits(
    action: Action,
    *,
    role: RoleCode | None = None,
    scopes: frozenset[ScopeCode] = frozenset(),
    acting_for: int | None,
    target: OrgRef | None,
) -> bool:
    """The one decision for people (their active role) and machines (their token's scopes) alike."""
    reach = POLICY[action].get(role) if role is not None else None
    if reach is not None and reaches(reach, acting_for, target):
        return True
    by_scope = SCOPE_POLICY.get(action, {})
    return any(scope in by_scope and reaches(by_scope[scope], acting_for, target) for scope in scopes)


def role_fits(role: RoleCode, kind: KindCode) -> bool:
    return kind in ROLE_KINDS[role]


def invitable_roles(inviter: RoleCode, target_kind: KindCode) -> list[RoleCode]:
    """Roles an inviter may hand out at an organisation of this kind (never more than they could hold there)."""
    if inviter is not R.PLATFORM_ADMIN and inviter not in POLICY[Action.INVITE_MEMBER]:
        return []
    return [
        role
        for role in RoleCode
        if role_fits(role, target_kind) and (inviter is R.PLATFORM_ADMIN or role is not R.PLATFORM_ADMIN)
    ]


def grantable_scopes(role: RoleCode, target_kind: KindCode) -> list[ScopeCode]:
    allowed = GRANTABLE_SCOPES.get(role, frozenset())
    return [scope for scope in ScopeCode if scope in allowed and target_kind in SCOPE_KINDS[scope]]


def requires_two_factor(roles: frozenset[RoleCode] | set[RoleCode]) -> bool:
    return bool(TWO_FACTOR_ROLES & set(roles))


# --- Who may change which fields of a catalogue record (W5.1 §1) -------------------------------------------------
#
# A product belongs to the organisation that owns the source it was first delivered through (a platform source:
# the platform, no owner). A delivery from a source of the owner changes the whole record. Another organisation
# changes only the fields its owner delegated to it (a `Delegation` row); everything else it delivers is kept as
# its *claim* and changes nothing. Never from what a feed says about itself (its Publisher or Supplier elements).


class DelegableField(StrEnum):
    """The parts of a product that a publisher may let a distributor deliver. Title, description, curriculum,
    parts and the method stay the publisher's own."""

    PRICES = "prices"  # price lines (a new price observation)
    AVAILABILITY = "availability"  # the delivery state ("Leverbaar", "Niet leverbaar" …)
    ACCESS_URL = "access_url"  # where a school opens the product


DELEGABLE_FIELD_LABELS: Mapping[DelegableField, str] = {
    DelegableField.PRICES: "prijzen",
    DelegableField.AVAILABILITY: "leverbaarheid",
    DelegableField.ACCESS_URL: "toegangsadres",
}


class Authority(StrEnum):
    FULL = "full"  # the owner's own delivery (or a new product): every field
    DELEGATED = "delegated"  # only the delegated fields
    NONE = "none"  # a claim: kept, shown to the owner, changes nothing


@dataclass(frozen=True, slots=True)
class RecordRight:
    authority: Authority
    fields: frozenset[DelegableField] = frozenset()


def record_right(
    source_owner: int | None,
    product_owner: int | None,
    delegated: Mapping[int, frozenset[DelegableField]],
    *,
    exists: bool = True,
) -> RecordRight:
    """What a delivery through a source owned by `source_owner` (None: a platform source) may change of a product
    owned by `product_owner` (None: a platform product). `delegated`: grantor → fields granted to the source's
    owner (and this source). A product that does not exist yet is created with the source's owner."""
    if not exists or source_owner == product_owner:
        return RecordRight(Authority.FULL)
    fields = delegated.get(product_owner, frozenset()) if product_owner is not None else frozenset()
    if fields:
        return RecordRight(Authority.DELEGATED, frozenset(fields))
    return RecordRight(Authority.NONE)
