"""Writes of a section's shortlist (W8 §4): create it, add or remove a product, write the note and move the status.

Every function checks the one policy table first (a refusal is audited and raises `Refused` with a Dutch message),
then writes in one transaction together with its `choice.shortlist_changed` audit row, so nothing is stored half.

Who may do what (the target is always the school or branch the shortlist belongs to):
- see it: `VIEW_CHOICES` (its teachers, section heads and school leaders; the board's buyer; platform admins);
- create it: `EDIT_SHORTLIST` and `MANAGE_CHOICE_PROFILE` together — a section head or school leader of that school
  (the first is first-person, so platform admins cannot; the second leaves teachers out);
- add, annotate, move between "verkennen" and "voorkeur", remove: `EDIT_SHORTLIST` (teachers too);
- the note is one shared text per product; `updated_by`/`updated_at` of the entry say who wrote its current version
  and when (a status move alone leaves them; every change, with before and after, is in the audit log);
- move a product to "besluit": also `RECORD_DECISION` (a section head or school leader), as that is the decision.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.choice.constants import ChoiceAuditAction, EntryStatus
from wijzer.choice.models import ChoiceProfile, Shortlist, ShortlistEntry

MAX_NAME = 200
MAX_NOTE = 4000

NOT_MEMBER = (
    "Deze shortlist is van een andere school of sectie; alleen de leden van die organisatie kunnen hem zien. "
    "Kies rechtsboven de rol bij die school."
)
CANNOT_EDIT = (
    "Alleen leraren, sectievoorzitters en schoolleiders van deze school kunnen de shortlist aanvullen en "
    "notities schrijven, elk op eigen naam."
)
CANNOT_CREATE = (
    "Een shortlist voor de sectie maakt een sectievoorzitter of schoolleider van de school zelf. Kies rechtsboven "
    "de rol bij uw school."
)
CANNOT_DECIDE = (
    "De status ‘besluit’ zet een sectievoorzitter of schoolleider van deze school: dat is het besluit zelf. "
    "Kies ‘voorkeur’ of vraag de sectievoorzitter."
)
NEEDS_PERSON = "Een shortlist wordt bijgehouden door personen: log in als lid van de school."


class Refused(Exception):
    """The active role may not do this (audited); the message (Dutch) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(ValueError):
    """Input that cannot be stored; `message` for the page, `fields` per form field (Dutch)."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


def _require(actor: accounts.Actor, action: accounts.Action, shortlist: Shortlist, message: str) -> None:
    if not accounts.check(
        actor, action, shortlist.organisation, object_type="shortlist", object_id=str(shortlist.uuid), reason=message
    ):
        raise Refused(message)


def require_view(actor: accounts.Actor, shortlist: Shortlist) -> None:
    """Members of the shortlist's organisation (and its board's buyer, platform admins) only; audited refusal."""
    _require(actor, accounts.Action.VIEW_CHOICES, shortlist, NOT_MEMBER)


def require_edit(actor: accounts.Actor, shortlist: Shortlist) -> accounts.User:
    """The person who edits (EDIT_SHORTLIST is first-person: a token or the CLI has no name to write under)."""
    _require(actor, accounts.Action.EDIT_SHORTLIST, shortlist, CANNOT_EDIT)
    if actor.user is None:
        raise Refused(NEEDS_PERSON)
    return actor.user


def clean_text(value: str, limit: int) -> str:
    """Trimmed, NUL characters removed (PostgreSQL refuses them), at most `limit` characters (else Invalid)."""
    text = value.replace("\x00", "").strip()
    if len(text) > limit:
        raise Invalid(f"Te lang: hoogstens {limit} tekens (nu {len(text)}).")
    return text


def _audit(actor: accounts.Actor, shortlist: Shortlist, details: dict[str, object]) -> None:
    accounts.record_audit_event(
        ChoiceAuditAction.SHORTLIST_CHANGED,
        actor=actor.user,
        actor_label=actor.label,
        organisation=shortlist.organisation,
        object_type="shortlist",
        object_id=str(shortlist.uuid),
        ip=actor.ip,
        details={"shortlist": shortlist.name, **details},
    )


def do_create_shortlist(
    actor: accounts.Actor,
    organisation: accounts.Organisation,
    name: str,
    *,
    profile: ChoiceProfile | None = None,
    is_demo: bool = False,
) -> Shortlist:
    """A new, empty shortlist of `organisation` (a school or branch), optionally for one of its profiles."""
    for action in (accounts.Action.EDIT_SHORTLIST, accounts.Action.MANAGE_CHOICE_PROFILE):
        if not accounts.check(actor, action, organisation, reason=CANNOT_CREATE):
            raise Refused(CANNOT_CREATE)
    user = actor.user
    if user is None:
        raise Refused(NEEDS_PERSON)
    try:
        cleaned = clean_text(name, MAX_NAME)
    except Invalid as problem:
        raise Invalid("Kies een kortere naam.", {"naam": problem.message}) from problem
    if not cleaned:
        raise Invalid("Geef de shortlist een naam.", {"naam": "Vul een naam in, bijvoorbeeld ‘Wiskunde onderbouw’."})
    if Shortlist.objects.filter(organisation=organisation, name=cleaned).exists():
        raise Invalid(
            "Die naam is al in gebruik.",
            {"naam": f"{organisation.name} heeft al een shortlist ‘{cleaned}’; kies een andere naam."},
        )
    if profile is not None and profile.organisation_id != organisation.pk:
        raise Invalid("Dat profiel is van een andere organisatie.", {"profiel": "Kies een profiel van deze school."})
    with transaction.atomic():
        shortlist = Shortlist.objects.create(
            organisation=organisation, profile=profile, name=cleaned, created_by=user, is_demo=is_demo
        )
        _audit(
            actor,
            shortlist,
            {"change": "created", "profile": str(profile.uuid) if profile is not None else ""},
        )
    return shortlist


def do_add_product(actor: accounts.Actor, shortlist: Shortlist, product: Product, *, note: str = "") -> ShortlistEntry:
    """Put a catalogue product on the shortlist with status "verkennen" (Invalid when it is there already)."""
    user = require_edit(actor, shortlist)
    try:
        text = clean_text(note, MAX_NOTE)
    except Invalid as problem:
        raise Invalid("De notitie is te lang.", {"notitie": problem.message}) from problem
    if product.withdrawn_at is not None:
        raise Invalid(
            f"‘{product.title}’ is uit de catalogus teruggetrokken en kan niet meer op de shortlist.",
            {"product": "Kies een product dat nog in de catalogus staat."},
        )
    with transaction.atomic():
        entry, created = ShortlistEntry.objects.get_or_create(
            shortlist=shortlist,
            product=product,
            defaults={"note": text, "added_by": user, "updated_by": user, "status": EntryStatus.EXPLORING},
        )
        if not created:
            raise Invalid(
                f"‘{product.title}’ staat al op deze shortlist.",
                {"product": "Dit product staat er al op; pas daar de notitie of de status aan."},
            )
        _audit(actor, shortlist, {"change": "product_added", "product": str(product.uuid), "title": product.title})
    return entry


def _cleaned_change(entry: ShortlistEntry, status: str | None, note: str | None) -> tuple[str, str]:
    fields: dict[str, str] = {}
    new_status = entry.status
    if status is not None:
        if status not in EntryStatus.values:
            fields["status"] = "Kies verkennen, voorkeur of besluit."
        else:
            new_status = status
    new_note = entry.note
    if note is not None:
        try:
            new_note = clean_text(note, MAX_NOTE)
        except Invalid as problem:
            fields["notitie"] = problem.message
    if fields:
        raise Invalid("Controleer de gemarkeerde velden.", fields)
    return new_status, new_note


def do_update_entry(
    actor: accounts.Actor, shortlist: Shortlist, product: Product, *, status: str | None, note: str | None
) -> ShortlistEntry:
    """Change the status and/or the note of a product on the shortlist, with before and after in the audit row."""
    user = require_edit(actor, shortlist)
    entry = ShortlistEntry.objects.filter(shortlist=shortlist, product=product).first()
    if entry is None:
        raise Invalid(f"‘{product.title}’ staat niet op deze shortlist.", {"product": "Voeg het eerst toe."})
    new_status, new_note = _cleaned_change(entry, status, note)
    if new_status == EntryStatus.DECIDED and entry.status != EntryStatus.DECIDED:
        _require(actor, accounts.Action.RECORD_DECISION, shortlist, CANNOT_DECIDE)
    changes: dict[str, object] = {}
    if new_status != entry.status:
        changes["status"] = {"before": entry.status, "after": new_status}
    if new_note != entry.note:
        changes["note"] = {"before": entry.note, "after": new_note}
    if not changes:
        return entry
    with transaction.atomic():
        entry.status = new_status
        fields = ["status"]
        if "note" in changes:  # `updated_by` and `updated_at` say who wrote the note and when; a status move alone
            entry.note = new_note  # leaves them (it is in the audit log with who and when)
            entry.updated_by = user
            fields += ["note", "updated_by", "updated_at"]
        entry.save(update_fields=fields)
        _audit(actor, shortlist, {"change": "entry_updated", "product": str(product.uuid), **changes})
    return entry


def do_remove_product(actor: accounts.Actor, shortlist: Shortlist, product: Product) -> None:
    """Take a product off the shortlist (its note goes with it; the audit row keeps the last note)."""
    require_edit(actor, shortlist)
    entry = ShortlistEntry.objects.filter(shortlist=shortlist, product=product).first()
    if entry is None:
        raise Invalid(f"‘{product.title}’ staat niet (meer) op deze shortlist.")
    with transaction.atomic():
        _audit(
            actor,
            shortlist,
            {"change": "product_removed", "product": str(product.uuid), "status": entry.status, "note": entry.note},
        )
        entry.delete()


def parse_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None
