"""Writes of the quickscan (W6 §5): save a section's quickscan, share it as the sharer's experience.

Each public function checks the one policy table first (`Action.QUICKSCAN` on the school; a refusal is audited
and raises `Forbidden`), then writes everything in one transaction together with its audit row: nothing is stored
half. The rules of the form are pure (`domain.quickscan`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality.actions.experiences import write_experience
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.domain import quickscan as rules
from wijzer.quality.domain.experience import MAX_TEXT
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import Experience, Quickscan
from wijzer.quality.query import current_framework, parse_uuid, product_by_uuid, topics_of

NOT_SCHOOL_STAFF = (
    "Alleen leraren, sectievoorzitters en schoolleiders kunnen een quickscan invullen, voor hun eigen school. "
    "Kies rechtsboven de rol bij uw school."
)
NOT_OWN_SCHOOL = "Deze quickscan is van een andere school; alleen de leden van die school kunnen hem zien en delen."
NO_FRAMEWORK = "Er is nog geen kwaliteitskader gepubliceerd; daarom kan er nog geen quickscan worden ingevuld."
QUICKSCAN_NOT_FOUND = "Deze quickscan bestaat niet (meer). Misschien is de link verouderd."
NOTHING_TO_SHARE = (
    "Deze quickscan heeft geen onderwerpen met een score in het huidige kwaliteitskader; er is niets om als "
    "ervaring te delen."
)
NEEDS_PERSON = "Een quickscan vult een persoon in: log in als leraar, sectievoorzitter of schoolleider."


def quickscan_by_uuid(value: Quickscan | uuid.UUID | str) -> Quickscan:
    if isinstance(value, Quickscan):
        return value
    key = parse_uuid(value)
    found = (
        Quickscan.objects.select_related("school", "product", "framework", "shared_experience").filter(uuid=key).first()
        if key
        else None
    )
    if found is None:
        raise NotFound(QUICKSCAN_NOT_FOUND)
    return found


def school_of(actor: accounts.Actor) -> accounts.Organisation:
    """The school the actor fills in a quickscan for: the organisation of the active role (audited refusal when the
    role may not do quickscans there)."""
    school = actor.organisation
    allowed = accounts.check(actor, accounts.Action.QUICKSCAN, school, reason=NOT_SCHOOL_STAFF)
    if not allowed or school is None or actor.user is None:  # a quickscan is filled in by a person, for a school
        raise Forbidden(NOT_SCHOOL_STAFF)
    return school


def require_access(actor: accounts.Actor, scan: Quickscan) -> None:
    """Only members of the scan's school (in a school role) see or share it; a refusal is audited."""
    if not accounts.check(
        actor,
        accounts.Action.QUICKSCAN,
        scan.school,
        object_type="quickscan",
        object_id=str(scan.uuid),
        reason=NOT_OWN_SCHOOL,
    ):
        raise Forbidden(NOT_OWN_SCHOOL)


def save_quickscan(
    actor: accounts.Actor,
    product: Product | uuid.UUID | str,
    answers: Mapping[str, tuple[str, str]],
    participants: str,
    *,
    is_demo: bool = False,
) -> Quickscan:
    """Save a section's quickscan of a product for the actor's school.

    `answers` maps a topic code of the framework in force to (answer, note) as typed: "1".."4" or "nvt", and an
    optional note. Raises Forbidden (not school staff; audited), NotFound (product) or QualityError with a Dutch
    message per form field; then nothing is stored.
    """
    school = school_of(actor)
    user = actor.user
    if user is None:  # school_of refuses actors without a person; this tells the type checker
        raise Forbidden(NEEDS_PERSON)
    target = product_by_uuid(product)
    framework = current_framework()
    if framework is None:
        raise QualityError(NO_FRAMEWORK)
    codes = [t.code for t in topics_of(framework)]
    cleaned = rules.clean(codes, answers, participants)
    if cleaned.errors:
        raise QualityError(rules.FORM_INVALID, cleaned.errors)
    with transaction.atomic():
        scan = Quickscan.objects.create(
            framework=framework,
            school=school,
            product=target,
            created_by=user,
            participants=cleaned.participants,
            answers=cleaned.answers,
            is_demo=is_demo,
        )
        accounts.record_audit_event(
            QualityAuditAction.QUICKSCAN_SAVED,
            actor=actor.user,
            actor_label=actor.label,
            organisation=school,
            object_type="quickscan",
            object_id=str(scan.uuid),
            ip=actor.ip,
            details={
                "product": str(target.uuid),
                "framework": framework.version,
                "scored_topics": sum(1 for a in cleaned.answers.values() if a["score"] is not None),
                "is_demo": is_demo,
            },
        )
    return scan


def summary_of(scan: Quickscan) -> rules.Summary:
    """The summary of a stored scan against the topics of its own framework version."""
    topics = [(t.code, t.name) for t in topics_of(scan.framework)]
    return rules.summarise(topics, scan.answers)


def share_quickscan(
    actor: accounts.Actor, quickscan: Quickscan | uuid.UUID | str, *, is_demo: bool = False
) -> Experience:
    """Turn a quickscan into the sharer's own experience of its product (one per person per product: sharing again,
    or sharing another scan of the same product, updates that experience). The scores are those of the topics of
    the framework in force that the scan answered; the text says it came from a section quickscan. The experience
    is demo data only when the demo loader says so (`is_demo`), never because the scan is.

    Raises Forbidden (not a member of the scan's school; audited), QualityError (nothing to share, or the
    experience's own checks); then nothing is stored."""
    scan = quickscan_by_uuid(quickscan)
    require_access(actor, scan)
    if actor.user is None:
        raise Forbidden(NEEDS_PERSON)
    framework = current_framework()
    if framework is None:
        raise QualityError(NO_FRAMEWORK)
    summary = summary_of(scan)
    current = {t.code for t in topics_of(framework)}
    scores = {code: score for code, score in rules.experience_scores(summary).items() if code in current}
    if not any(score is not None for score in scores.values()):
        raise QualityError(NOTHING_TO_SHARE)
    text = rules.experience_text(summary, timezone.localtime(scan.created_at).date(), MAX_TEXT)
    with transaction.atomic():
        experience = write_experience(actor, scan.product, scores=scores, text=text, is_demo=is_demo)
        previous = scan.shared_experience_id
        scan.shared_experience = experience
        scan.save(update_fields=["shared_experience"])
        accounts.record_audit_event(
            QualityAuditAction.QUICKSCAN_SHARED,
            actor=actor.user,
            actor_label=actor.label,
            organisation=scan.school,
            object_type="quickscan",
            object_id=str(scan.uuid),
            ip=actor.ip,
            details={
                "product": str(scan.product.uuid),
                "experience": str(experience.uuid),
                "again": previous == experience.pk,
                "scored_topics": sum(1 for v in scores.values() if v is not None),
            },
        )
    return experience
