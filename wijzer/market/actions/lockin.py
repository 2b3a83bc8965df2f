"""A product owner's declaration about lock-in (W7 §7): open standards (Edu-V, ECK, LTI) and data export.

Only the editor of the publisher that owns the product (or a platform administrator) declares, through the one
audited policy check (`Action.DECLARE_LOCKIN`, target: the product's owner; a product without owner is a platform
record, reached by administrators only). What a catalogue feed says about its own rights never counts: these values
come from this declaration alone. One transaction with its audit row (before and after); nothing is stored half.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.market.constants import MarketAuditAction
from wijzer.market.exceptions import Forbidden, MarketError
from wijzer.market.lockin_query import declaration_of, owner_of, product_by_uuid, snapshot
from wijzer.market.models import LockInDeclaration

NOT_OWNER_EDITOR = (
    "Alleen een redacteur van de uitgever die dit product in Wijzer beheert, of een platformbeheerder, kan dit opgeven."
)
NOT_A_PERSON = "Een opgave over afhankelijkheid doet een persoon: log in als redacteur van de uitgever."
NO_ORGANISATION = "Dit product heeft geen eigenaar en u werkt niet namens een organisatie: kies bovenaan een rol."
MAX_FORMATS = 200
MAX_NOTE = 1000
ANSWERS: dict[str, bool | None] = {"ja": True, "nee": False, "onbekend": None, "": None}
FIELDS = ("supports_eduv", "supports_eck", "supports_lti", "data_export")
FIELD_LABELS = {
    "supports_eduv": "Edu-V",
    "supports_eck": "ECK",
    "supports_lti": "LTI",
    "data_export": "Export van gegevens",
    "export_formats": "Exportformaten",
    "note": "Toelichting",
}


def answer(value: object, field: str, errors: dict[str, str]) -> bool | None:
    """A yes/no/unknown answer: True, False or None, or the words of the form ("ja", "nee", "onbekend")."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ANSWERS:
        return ANSWERS[value.strip().lower()]
    errors[field] = "Kies ja, nee of onbekend."
    return None


def _text(value: object, field: str, limit: int, errors: dict[str, str]) -> str:
    text = " ".join(str(value or "").split()) if field == "export_formats" else str(value or "").strip()
    if "\x00" in text:
        errors[field] = "Deze tekst bevat een ongeldig teken (NUL). Typ de tekst opnieuw."
    elif len(text) > limit:
        errors[field] = f"Hoogstens {limit} tekens (nu {len(text)})."
    return text


def _values(declaration: LockInDeclaration | None) -> dict[str, Any]:
    if declaration is None:
        return {}
    return {
        **{f: getattr(declaration, f) for f in FIELDS},
        "export_formats": declaration.export_formats,
        "note": declaration.note,
    }


def declare_lockin(
    actor: accounts.Actor,
    product: Product | uuid.UUID | str,
    *,
    supports_eduv: object = None,
    supports_eck: object = None,
    supports_lti: object = None,
    data_export: object = None,
    export_formats: object = "",
    note: object = "",
    is_demo: bool = False,
) -> LockInDeclaration:
    """Store the owner's declaration for a product (replacing an earlier one). `MarketProduct.lockin` is the
    refresh's (the catalogue's inputs); the declaration is read from its own table.

    Each answer is True (yes), False (no) or None (unknown; also "ja"/"nee"/"onbekend"). Raises NotFound (product),
    Forbidden (not the owner's editor or an administrator; audited) or MarketError with Dutch per-field messages;
    then nothing is stored."""
    target = product_by_uuid(product)
    owner = owner_of(target)
    if not accounts.check(
        actor,
        accounts.Action.DECLARE_LOCKIN,
        owner,
        object_type="product",
        object_id=str(target.uuid),
        reason=NOT_OWNER_EDITOR,
    ):
        raise Forbidden(NOT_OWNER_EDITOR)
    if actor.user is None:
        raise Forbidden(NOT_A_PERSON)
    on_behalf = owner or actor.organisation
    if on_behalf is None:
        raise Forbidden(NO_ORGANISATION)
    errors: dict[str, str] = {}
    given = {"supports_eduv": supports_eduv, "supports_eck": supports_eck, "supports_lti": supports_lti}
    values: dict[str, Any] = {f: answer(v, f, errors) for f, v in {**given, "data_export": data_export}.items()}
    values["export_formats"] = _text(export_formats, "export_formats", MAX_FORMATS, errors)
    values["note"] = _text(note, "note", MAX_NOTE, errors)
    if values["export_formats"] and values["data_export"] is not True and "data_export" not in errors:
        errors["export_formats"] = "Noem alleen exportformaten als export mogelijk is (kies bij export „ja”)."
    if errors:
        raise MarketError("Het formulier is nog niet goed ingevuld; zie de meldingen bij de velden.", errors)
    with transaction.atomic():
        before_row = declaration_of(target)
        before = {"values": _values(before_row), "lockin": snapshot(target, before_row)}
        saved, _created = LockInDeclaration.objects.update_or_create(
            product=target,
            defaults={**values, "organisation": on_behalf, "declared_by": actor.user, "is_demo": is_demo},
        )
        saved = LockInDeclaration.objects.select_related("organisation").get(pk=saved.pk)
        after = snapshot(target, saved)
        accounts.record_audit_event(
            MarketAuditAction.LOCKIN_DECLARED,
            actor=actor.user,
            actor_label=actor.label,
            organisation=on_behalf,
            object_type="product",
            object_id=str(target.uuid),
            ip=actor.ip,
            details={
                "product": target.title[:200],
                "before": before,
                "after": {"values": _values(saved), "lockin": after},
            },
        )
    return saved
