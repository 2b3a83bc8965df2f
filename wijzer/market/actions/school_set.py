"""A school's set of learning materials (W7 §4): its pupil total and per product the pupils using it.

Saved all or nothing: every field is checked first (Dutch messages per field), then the set and all its lines are
replaced in one transaction with its audit row (before and after). Only the roles the policy table names for the
school (`Action.MANAGE_SCHOOL_SET`: section heads and school leaders of the school, its board's buyer, platform
administrators); a refusal is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.core.params import parse_int
from wijzer.market.constants import MarketAuditAction
from wijzer.market.exceptions import Forbidden, MarketError, NotFound
from wijzer.market.models import SchoolSet, SchoolSetLine

SCHOOL_KINDS = frozenset({accounts.OrganisationKind.SCHOOL, accounts.OrganisationKind.BRANCH})
SCHOOL_NOT_FOUND = "Deze school is niet bekend in Wijzer. Controleer de link of de uuid van de school."
NOT_A_SCHOOL = "Deze organisatie is geen school of vestiging: kosten per leerling horen bij een school."
NO_SET_RIGHT = (
    "Alleen de sectievoorzitter of schoolleider van deze school, de inkoper van haar bestuur of een "
    "platformbeheerder kan de leermiddelenset van de school aanpassen."
)
NO_VIEW_RIGHT = (
    "De kosten van een school ziet alleen wie een rol heeft bij die school (of bij haar bestuur), of een "
    "platformbeheerder."
)
NOT_SAVED = "De set is niet opgeslagen; zie de meldingen bij de velden."
MAX_PUPILS = 100_000  # the largest Dutch school has a few thousand pupils
MAX_LINES = 500
PUPILS_TOTAL = "pupils_total"


def line_field(index: int, name: str) -> str:
    """The error key of a line's field: "lines.0.product", "lines.0.pupils"."""
    return f"lines.{index}.{name}"


@dataclass(frozen=True, slots=True)
class CheckedSet:
    pupils_total: int
    lines: tuple[tuple[Product, int], ...]


def school_by_uuid(value: object) -> accounts.Organisation:
    """The school or branch, else `NotFound` (unknown uuid or another kind of organisation)."""
    try:
        key = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(SCHOOL_NOT_FOUND) from None
    found = accounts.Organisation.objects.filter(uuid=key).select_related("parent").first()
    if found is None:
        raise NotFound(SCHOOL_NOT_FOUND)
    if found.kind not in SCHOOL_KINDS:
        raise NotFound(NOT_A_SCHOOL)
    return found


def _count(
    raw: object, field: str, subject: str, errors: dict[str, str], *, maximum: int, lead: str = ""
) -> int | None:
    """A whole number from 1 to `maximum`, else a Dutch message under `field` ("Regel 2: het aantal leerlingen is
    minstens 1.")."""
    value = raw if isinstance(raw, int) and not isinstance(raw, bool) else parse_int(raw)
    said = subject if lead else subject[:1].upper() + subject[1:]
    if value is None:
        ask = f"vul bij {subject} een heel getal in, bijvoorbeeld 120."
        errors[field] = f"{lead}{ask}" if lead else ask[:1].upper() + ask[1:]
    elif value < 1:
        errors[field] = f"{lead}{said} is minstens 1."
    elif value > maximum:
        errors[field] = f"{lead}{said} is hoogstens {maximum}."
    else:
        return value
    return None


def _as_uuid(raw: object) -> uuid.UUID | None:
    try:
        return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        return None


def _codes(raw: object) -> tuple[str, ...]:
    """The product codes a typed value may mean: as typed, and without hyphens and spaces ("978-90-01-…" ->
    "9789001…"); none for NUL or a long text."""
    text = str(raw or "").strip()
    if not text or "\x00" in text or len(text) > 100:
        return ()
    compact = text.replace("-", "").replace(" ", "")
    return (text, compact) if compact != text else (text,)


def _products(lines: Sequence[Mapping[str, Any]]) -> dict[str, Product]:
    """The products the lines name, by uuid or by EAN/ISBN product code, keyed by the value as given."""
    raws = [line.get("product") for line in lines]
    keys = {key for key in map(_as_uuid, raws) if key is not None}
    codes = {code for raw in raws if _as_uuid(raw) is None for code in _codes(raw)}
    by_uuid = {p.uuid: p for p in Product.objects.filter(uuid__in=keys)}
    by_code: dict[str, Product] = {}
    for product in Product.objects.filter(product_id__in=codes).order_by("pk"):
        by_code.setdefault(product.product_id, product)
    found: dict[str, Product] = {}
    for raw in raws:
        key = _as_uuid(raw)
        coded = [by_code[c] for c in _codes(raw) if c in by_code]
        match = by_uuid.get(key) if key is not None else (coded[0] if coded else None)
        if match is not None:
            found[str(raw)] = match
    return found


def check_set(pupils_total: object, lines: Sequence[Mapping[str, Any]]) -> CheckedSet:
    """Every field checked; `MarketError` with a Dutch message per field when anything is wrong."""
    errors: dict[str, str] = {}
    total = _count(pupils_total, PUPILS_TOTAL, "het aantal leerlingen van de school", errors, maximum=MAX_PUPILS)
    if len(lines) > MAX_LINES:
        raise MarketError(f"Een set heeft hoogstens {MAX_LINES} producten.", {"lines": f"Hoogstens {MAX_LINES}."})
    found = _products(lines)
    seen: dict[uuid.UUID, int] = {}  # product -> the line it is on
    checked: list[tuple[Product, int]] = []
    for index, line in enumerate(lines, start=1):
        product_field, pupils_field = line_field(index - 1, "product"), line_field(index - 1, "pupils")
        product = found.get(str(line.get("product")))
        if product is None:
            errors[product_field] = f"Regel {index}: dit product staat niet in de catalogus."
        elif product.uuid in seen:
            errors[product_field] = f"Regel {index}: dit product staat al op regel {seen[product.uuid]}."
        pupils = _count(
            line.get("pupils"),
            pupils_field,
            "het aantal leerlingen",
            errors,
            maximum=MAX_PUPILS,
            lead=f"Regel {index}: ",
        )
        if pupils is not None and total is not None and pupils > total:
            errors[pupils_field] = (
                f"Regel {index}: {pupils} leerlingen is meer dan de {total} leerlingen van de school."
            )
        if product is not None and product.uuid not in seen:
            seen[product.uuid] = index
            if pupils is not None:
                checked.append((product, pupils))
    if errors or total is None:
        raise MarketError(NOT_SAVED, errors)
    return CheckedSet(total, tuple(checked))


def _state(school_set: SchoolSet | None) -> dict[str, Any]:
    if school_set is None:
        return {}
    rows = school_set.lines.select_related("product").order_by("pk")
    return {
        "pupils_total": school_set.pupils_total,
        "lines": [{"product": str(r.product.uuid), "pupils": r.pupils} for r in rows],
    }


def save_school_set(
    actor: accounts.Actor,
    school: accounts.Organisation | uuid.UUID | str,
    *,
    pupils_total: object,
    lines: Sequence[Mapping[str, Any]],
    is_demo: bool = False,
) -> SchoolSet:
    """Replace the school's set: `pupils_total` (1 or more) and `lines`, each {"product": uuid or EAN/ISBN product
    code, "pupils": n} with 1 <= n <= pupils_total, every product in the catalogue and at most once. Raises
    NotFound (school), Forbidden (audited) or MarketError with Dutch per-field messages; then nothing changes."""
    target = school if isinstance(school, accounts.Organisation) else school_by_uuid(school)
    if target.kind not in SCHOOL_KINDS:
        raise NotFound(NOT_A_SCHOOL)
    if not accounts.check(actor, accounts.Action.MANAGE_SCHOOL_SET, target, reason=NO_SET_RIGHT):
        raise Forbidden(NO_SET_RIGHT)
    checked = check_set(pupils_total, lines)
    with transaction.atomic():
        existing = SchoolSet.objects.select_for_update().filter(school=target).first()
        before = _state(existing)
        if existing is None:
            saved = SchoolSet.objects.create(
                school=target, pupils_total=checked.pupils_total, updated_by=actor.user, is_demo=is_demo
            )
        else:
            saved = existing
            saved.pupils_total = checked.pupils_total
            saved.updated_by = actor.user
            saved.is_demo = is_demo
            saved.save()
            saved.lines.all().delete()
        SchoolSetLine.objects.bulk_create(
            [SchoolSetLine(school_set=saved, product=product, pupils=pupils) for product, pupils in checked.lines]
        )
        accounts.record_audit_event(
            MarketAuditAction.SCHOOL_SET_SAVED,
            actor=actor.user,
            actor_label=actor.label,
            organisation=target,
            object_type="school_set",
            object_id=str(target.uuid),
            ip=actor.ip,
            details={"before": before, "after": _state(saved)},
        )
    return saved


def record_costs_viewed(actor: accounts.Actor, school: accounts.Organisation) -> None:
    """Each look at a school's costs (page or API) goes into that school's audit log."""
    accounts.record_audit_event(
        MarketAuditAction.SCHOOL_COSTS_VIEWED,
        actor=actor.user,
        actor_label=actor.label,
        organisation=school,
        object_type="school_set",
        object_id=str(school.uuid),
        ip=actor.ip,
        details={"path": actor.path},
    )
