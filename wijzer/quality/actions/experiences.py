"""Writes of teacher experiences (W6 §3): experiences, school holdings (verified use), publisher responses and
moderation. Each public function checks the one policy table first (a refusal is audited and raises `Forbidden`),
then writes everything in one transaction together with its audit row: nothing is stored half.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality.actions.profiles import refresh as refresh_profiles
from wijzer.quality.constants import QualityAuditAction, ReportState, Visibility
from wijzer.quality.domain import experience as rules
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import Experience, ExperienceReport, ExperienceScore, PublisherResponse, SchoolHolding
from wijzer.quality.query import current_framework, parse_uuid, product_by_uuid, topics_of

EXPERIENCE_NOT_FOUND = "Deze ervaring bestaat niet (meer). Misschien is de link verouderd."
NO_FRAMEWORK = (
    "Er is nog geen kwaliteitskader gepubliceerd; daarom kan er nog geen ervaring worden geschreven. "
    "Probeer het later opnieuw."
)
NOT_SCHOOL_STAFF = "Alleen leraren, sectievoorzitters en schoolleiders kunnen een ervaring schrijven."
NOT_OWN_PUBLISHER = (
    "Alleen een redacteur van de uitgever die dit product in Wijzer beheert, kan op deze ervaring reageren."
)
NOT_MODERATOR = "Alleen beoordelaars en platformbeheerders kunnen ervaringen modereren."
NO_HOLDING_RIGHT = (
    "Alleen de schoolleider van deze school, de inkoper van haar bestuur of een platformbeheerder kan dit."
)
NEEDS_ROLE = "Log in en kies een rol om een ervaring te melden."
OWN_EXPERIENCE = (
    "U kunt uw eigen ervaring niet melden. Wilt u iets veranderen, pas dan uw ervaring aan via 'Schrijf uw ervaring'."
)


# --- lookups -------------------------------------------------------------------------------------------------------


def experience_by_uuid(value: Experience | uuid.UUID | str) -> Experience:
    if isinstance(value, Experience):
        return value
    key = parse_uuid(value)
    found = Experience.objects.select_related("product", "product__owner").filter(uuid=key).first() if key else None
    if found is None:
        raise NotFound(EXPERIENCE_NOT_FOUND)
    return found


def _audit(
    action: QualityAuditAction,
    actor: accounts.Actor,
    *,
    organisation: accounts.Organisation | None,
    object_type: str,
    object_id: str,
    details: dict[str, Any],
) -> None:
    accounts.record_audit_event(
        action,
        actor=actor.user,
        actor_label=actor.label,
        organisation=organisation,
        object_type=object_type,
        object_id=object_id,
        ip=actor.ip,
        details=details,
    )


def _require(
    actor: accounts.Actor,
    action: accounts.Action,
    target: accounts.Organisation | None,
    message: str,
    *,
    object_type: str = "",
    object_id: str = "",
) -> None:
    if not accounts.check(actor, action, target, object_type=object_type, object_id=object_id, reason=message):
        raise Forbidden(message)


# --- experiences ---------------------------------------------------------------------------------------------------


def write_experience(
    actor: accounts.Actor,
    product: Product | uuid.UUID | str,
    *,
    scores: Mapping[str, int | str | None],
    text: str,
    sector: str = "",
    level: str = "",
    school_type: str = "",
    months_used: int | str | None = None,
    is_demo: bool = False,
) -> Experience:
    """Write (or rewrite) the actor's experience with a product: one per person per product.

    Scores per topic code of the framework version in force (1..4, None = niet van toepassing; at least one scored;
    text as a form sends it, "3" or "nvt", is accepted too, as is months as text: the rules say what is wrong).
    Writing again updates the person's own experience (new scores, text, context and version); a hidden experience
    stays hidden. A rewrite that changes the text or a score sets `rewritten_at` (so a publisher response written
    before it is shown as about an earlier version); context alone does not. The author's school is the actor's
    active organisation. Raises NotFound (product), Forbidden (not school staff; audited) or QualityError with
    Dutch per-field messages; then nothing is stored.
    """
    target = product_by_uuid(product)
    _require(
        actor,
        accounts.Action.WRITE_EXPERIENCE,
        target.owner,
        NOT_SCHOOL_STAFF,
        object_type="product",
        object_id=str(target.uuid),
    )
    if actor.user is None:
        raise Forbidden("Een ervaring schrijft een persoon: log in als leraar, sectievoorzitter of schoolleider.")
    framework = current_framework()
    if framework is None:
        raise QualityError(NO_FRAMEWORK)
    topics = topics_of(framework)
    checked = rules.check_experience(
        scores,
        [t.code for t in topics],
        text=text,
        sector=sector,
        level=level,
        school_type=school_type,
        months_used=months_used,
    )
    if checked.value is None:
        raise QualityError("Het formulier is nog niet goed ingevuld; zie de meldingen bij de velden.", checked.errors)
    clean = checked.value
    try:
        return _store_experience(actor, target, framework, topics, clean, is_demo=is_demo)
    except IntegrityError:  # two tabs writing the first experience at once: the second one updates
        return _store_experience(actor, target, framework, topics, clean, is_demo=is_demo)


@transaction.atomic
def _store_experience(
    actor: accounts.Actor,
    product: Product,
    framework: Any,
    topics: list[Any],
    clean: rules.CleanExperience,
    *,
    is_demo: bool,
) -> Experience:
    school = actor.organisation
    existing = Experience.objects.select_for_update().filter(product=product, author=actor.user).first()
    updated = existing is not None
    new_scores = {topic.pk: clean.scores.get(topic.code) for topic in topics}
    rewritten = existing is not None and (
        existing.text != clean.text
        or dict(ExperienceScore.objects.filter(experience=existing).values_list("topic_id", "score")) != new_scores
    )
    experience = existing or Experience(product=product, author=actor.user)
    if rewritten:  # a publisher response older than this answers an earlier version (only the author sets it)
        experience.rewritten_at = timezone.now()
    experience.framework = framework
    experience.school = school
    experience.text = clean.text
    experience.sector = clean.sector
    experience.level = clean.level
    experience.school_type = clean.school_type
    experience.months_used = clean.months_used
    experience.is_demo = is_demo
    with transaction.atomic():  # a savepoint: a racing first insert fails here and the caller retries as update
        experience.save()
    ExperienceScore.objects.filter(experience=experience).delete()
    ExperienceScore.objects.bulk_create(
        ExperienceScore(experience=experience, topic=topic, score=clean.scores.get(topic.code)) for topic in topics
    )
    _audit(
        QualityAuditAction.EXPERIENCE_WRITTEN,
        actor,
        organisation=school,
        object_type="experience",
        object_id=str(experience.uuid),
        details={
            "product": str(product.uuid),
            "framework": framework.version,
            "updated": updated,
            "rewritten": rewritten,
            "scored_topics": sum(1 for v in clean.scores.values() if v is not None),
            "text_chars": len(clean.text),
            "is_demo": is_demo,
        },
    )
    refresh_profiles([product.pk])  # the quality profile and its search facet follow (same transaction)
    return experience


# --- school holdings (verified use) --------------------------------------------------------------------------------

SCHOOL_KINDS = frozenset({accounts.OrganisationKind.SCHOOL, accounts.OrganisationKind.BRANCH})


def _check_school(school: accounts.Organisation) -> None:
    if school.kind not in SCHOOL_KINDS:
        raise QualityError(f"{school.name} is geen school of vestiging; alleen een school geeft gebruik op.")


def declare_holding(
    actor: accounts.Actor, school: accounts.Organisation, product: Product | uuid.UUID | str, *, is_demo: bool = False
) -> SchoolHolding:
    """The school declares it uses the product (the ground for "Geverifieerd gebruik"). Audited."""
    target = product_by_uuid(product)
    _require(actor, accounts.Action.DECLARE_HOLDING, school, NO_HOLDING_RIGHT)
    _check_school(school)
    with transaction.atomic():
        if SchoolHolding.objects.filter(school=school, product=target).exists():
            raise QualityError(
                f"{school.name} gebruikt '{target.title[:120]}' al volgens Wijzer.",
                {"product": "Staat al op de lijst."},
            )
        holding = SchoolHolding.objects.create(school=school, product=target, declared_by=actor.user, is_demo=is_demo)
        _audit(
            QualityAuditAction.HOLDING_DECLARED,
            actor,
            organisation=school,
            object_type="product",
            object_id=str(target.uuid),
            details={"school": str(school.uuid), "product": str(target.uuid), "title": target.title[:200]},
        )
        refresh_profiles([target.pk])  # verified use counts apart in the quality profile
    return holding


def remove_holding(actor: accounts.Actor, school: accounts.Organisation, product: Product | uuid.UUID | str) -> None:
    """The school withdraws its declaration; the verified-use mark of its teachers' experiences goes. Audited."""
    target = product_by_uuid(product)
    _require(actor, accounts.Action.DECLARE_HOLDING, school, NO_HOLDING_RIGHT)
    with transaction.atomic():
        deleted, _ = SchoolHolding.objects.filter(school=school, product=target).delete()
        if not deleted:
            raise QualityError(f"{school.name} had '{target.title[:120]}' niet opgegeven; er is niets ingetrokken.")
        _audit(
            QualityAuditAction.HOLDING_REMOVED,
            actor,
            organisation=school,
            object_type="product",
            object_id=str(target.uuid),
            details={"school": str(school.uuid), "product": str(target.uuid), "title": target.title[:200]},
        )
        refresh_profiles([target.pk])  # verified use counts apart in the quality profile


# --- publisher responses -------------------------------------------------------------------------------------------


def respond(
    actor: accounts.Actor, experience: Experience | uuid.UUID | str, text: str, *, is_demo: bool = False
) -> PublisherResponse:
    """The publisher's one response to an experience of its own product (≤ 2,000 characters). Audited.

    `is_demo` only from the demo loader: a real response to a demo experience is not demo data."""
    found = experience_by_uuid(experience)
    product = found.product
    _require(
        actor,
        accounts.Action.RESPOND_EXPERIENCE,
        product.owner,
        NOT_OWN_PUBLISHER,
        object_type="experience",
        object_id=str(found.uuid),
    )
    if actor.organisation is None or actor.user is None:
        raise Forbidden(NOT_OWN_PUBLISHER)
    clean, problem = rules.check_reason(text, what="uw reactie")
    if problem:
        raise QualityError(problem, {"text": problem})
    if found.visibility == Visibility.HIDDEN:
        raise QualityError("Deze ervaring is verborgen door de moderatie; reageren kan niet.")
    already = "Op deze ervaring is al gereageerd; een uitgever reageert één keer per ervaring."
    try:
        with transaction.atomic():
            if PublisherResponse.objects.filter(experience=found).exists():
                raise QualityError(already)
            response = PublisherResponse.objects.create(
                experience=found, organisation=actor.organisation, author=actor.user, text=clean, is_demo=is_demo
            )
            _audit(
                QualityAuditAction.RESPONSE_WRITTEN,
                actor,
                organisation=actor.organisation,
                object_type="experience",
                object_id=str(found.uuid),
                details={"product": str(product.uuid), "text_chars": len(clean)},
            )
    except IntegrityError:
        raise QualityError(already) from None
    return response


# --- reports and moderation ----------------------------------------------------------------------------------------


def report(actor: accounts.Actor, experience: Experience | uuid.UUID | str, reason: str) -> ExperienceReport:
    """Report an experience to the moderators, once per person, with a reason. Audited."""
    found = experience_by_uuid(experience)
    if found.visibility == Visibility.HIDDEN:
        raise NotFound(EXPERIENCE_NOT_FOUND)
    _require(
        actor,
        accounts.Action.REPORT_EXPERIENCE,
        found.product.owner,
        NEEDS_ROLE,
        object_type="experience",
        object_id=str(found.uuid),
    )
    if actor.user is None:
        raise Forbidden(NEEDS_ROLE)
    if found.author_id == actor.user.pk:
        raise Forbidden(OWN_EXPERIENCE)
    clean, problem = rules.check_reason(reason, what="de reden van uw melding")
    if problem:
        raise QualityError(problem, {"reason": problem})
    already = "U heeft deze ervaring al gemeld; de moderatie bekijkt uw melding."
    try:
        with transaction.atomic():
            if ExperienceReport.objects.filter(experience=found, reporter=actor.user).exists():
                raise QualityError(already)
            created = ExperienceReport.objects.create(experience=found, reporter=actor.user, reason=clean)
            _audit(
                QualityAuditAction.EXPERIENCE_REPORTED,
                actor,
                organisation=found.product.owner,
                object_type="experience",
                object_id=str(found.uuid),
                details={"product": str(found.product.uuid), "reason": clean[:500]},
            )
    except IntegrityError:
        raise QualityError(already) from None
    return created


def _moderate(actor: accounts.Actor, found: Experience) -> None:
    _require(
        actor,
        accounts.Action.MODERATE_EXPERIENCES,
        found.product.owner,
        NOT_MODERATOR,
        object_type="experience",
        object_id=str(found.uuid),
    )


def hide(actor: accounts.Actor, experience: Experience | uuid.UUID | str, reason: str) -> Experience:
    """Hide an experience with a reason; its open reports close as "verborgen". Audited with the reason."""
    found = experience_by_uuid(experience)
    _moderate(actor, found)
    clean, problem = rules.check_reason(reason, what="de reden van verbergen (de schrijver ziet die)")
    if problem:
        raise QualityError(problem, {"reason": problem})
    with transaction.atomic():
        locked = Experience.objects.select_for_update().get(pk=found.pk)
        if locked.visibility == Visibility.HIDDEN:
            raise QualityError("Deze ervaring is al verborgen.")
        now = timezone.now()
        locked.visibility = Visibility.HIDDEN
        locked.hidden_reason = clean
        locked.hidden_by = actor.user
        locked.hidden_at = now
        locked.save(update_fields=["visibility", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
        closed = ExperienceReport.objects.filter(experience=locked, state=ReportState.OPEN).update(
            state=ReportState.HIDDEN, handled_at=now, handled_by=actor.user
        )
        _audit(
            QualityAuditAction.EXPERIENCE_HIDDEN,
            actor,
            organisation=found.product.owner,
            object_type="experience",
            object_id=str(locked.uuid),
            details={"product": str(found.product.uuid), "reason": clean[:1000], "reports_closed": closed},
        )
        refresh_profiles([found.product_id])  # a hidden experience no longer counts in the quality profile
    return locked


def restore(actor: accounts.Actor, experience: Experience | uuid.UUID | str) -> Experience:
    """Make a hidden experience visible again. Audited (with the reason it had been hidden for)."""
    found = experience_by_uuid(experience)
    _moderate(actor, found)
    with transaction.atomic():
        locked = Experience.objects.select_for_update().get(pk=found.pk)
        if locked.visibility != Visibility.HIDDEN:
            raise QualityError("Deze ervaring is niet verborgen; er is niets terug te zetten.")
        previous = locked.hidden_reason
        locked.visibility = Visibility.VISIBLE
        locked.hidden_reason = ""
        locked.hidden_by = None
        locked.hidden_at = None
        locked.save(update_fields=["visibility", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
        _audit(
            QualityAuditAction.EXPERIENCE_RESTORED,
            actor,
            organisation=found.product.owner,
            object_type="experience",
            object_id=str(locked.uuid),
            details={"product": str(found.product.uuid), "hidden_reason": previous[:1000]},
        )
        refresh_profiles([found.product_id])  # counted again in the quality profile
    return locked


def dismiss_reports(actor: accounts.Actor, experience: Experience | uuid.UUID | str) -> int:
    """Close the open reports of an experience as "blijft zichtbaar". Audited; returns how many were closed."""
    found = experience_by_uuid(experience)
    _moderate(actor, found)
    with transaction.atomic():
        kept = ExperienceReport.objects.filter(experience=found, state=ReportState.OPEN).update(
            state=ReportState.KEPT, handled_at=timezone.now(), handled_by=actor.user
        )
        if not kept:
            raise QualityError("Er zijn geen open meldingen over deze ervaring.")
        _audit(
            QualityAuditAction.REPORT_DISMISSED,
            actor,
            organisation=found.product.owner,
            object_type="experience",
            object_id=str(found.uuid),
            details={"product": str(found.product.uuid), "reports_kept": kept},
        )
    return kept


def hide_response(actor: accounts.Actor, experience: Experience | uuid.UUID | str, reason: str) -> PublisherResponse:
    """Hide the publisher's response to an experience, with a reason. Audited with the reason."""
    found = experience_by_uuid(experience)
    _moderate(actor, found)
    clean, problem = rules.check_reason(reason, what="de reden van verbergen")
    if problem:
        raise QualityError(problem, {"reason": problem})
    with transaction.atomic():
        response = PublisherResponse.objects.select_for_update().filter(experience=found).first()
        if response is None:
            raise NotFound("Op deze ervaring is (nog) niet gereageerd.")
        if response.visibility == Visibility.HIDDEN:
            raise QualityError("Deze reactie is al verborgen.")
        response.visibility = Visibility.HIDDEN
        response.hidden_reason = clean
        response.save(update_fields=["visibility", "hidden_reason"])
        _audit(
            QualityAuditAction.RESPONSE_HIDDEN,
            actor,
            organisation=response.organisation,
            object_type="experience",
            object_id=str(found.uuid),
            details={"product": str(found.product.uuid), "reason": clean[:1000]},
        )
    return response
