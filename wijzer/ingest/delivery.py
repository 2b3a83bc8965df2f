"""Where a delivery goes: the source it is delivered into, and whether this actor may (W5.1 §2).

A source is registered to one organisation (by its editor, its token or a platform administrator); its records
belong to that organisation. A source without an owner is a platform source: only platform administrators (and the
operator on the command line) deliver into it, re-process it or read its raw quarantined records. A name is unique;
names starting with `push-` are reserved for the default push source of the organisation they name.
"""

from __future__ import annotations

from django.utils.text import slugify

from wijzer.accounts import service as accounts

from .actions.sources import do_register_source
from .constants import PUSH_PREFIX
from .models import Source

NAME_RULE = "Geef de bron een korte naam van letters, cijfers en streepjes (bijv. uitgever-x-2026)."


class SourceRefused(Exception):
    """The actor may not register or deliver into this source; `message_nl` says why (the refusal is audited)."""

    def __init__(self, message_nl: str) -> None:
        self.message_nl = message_nl
        super().__init__(message_nl)


def default_push_name(organisation: accounts.Organisation) -> str:
    return f"{PUSH_PREFIX}{slugify(organisation.name)}"[:100]


def valid_name(name: str) -> bool:
    return 0 < len(name) <= 100 and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)


def owner_for_new_source(actor: accounts.Actor) -> accounts.Organisation | None:
    """A new source is registered to the organisation the actor works for; platform administrators and the
    operator register platform sources."""
    if actor.operator or accounts.allows(actor, accounts.Action.REGISTER_SOURCE, None):  # may register platform sources
        return None
    return actor.organisation


def source_for_delivery(
    name: str,
    actor: accounts.Actor,
    *,
    format_id: str = "auto",
    label: str = "",
    owner: accounts.Organisation | None = None,
    register: bool = True,
) -> Source:
    """The source to deliver into: an existing one the actor may deliver into, or a new one registered for the
    actor's organisation (or `owner`, when the operator registers on someone's behalf). Else SourceRefused."""
    if not valid_name(name):
        raise SourceRefused(NAME_RULE)
    existing = Source.objects.select_related("owner").filter(name=name).first()
    if existing is not None:
        if not accounts.check(
            actor, accounts.Action.DELIVER_CATALOG, existing.owner, object_type="source", object_id=name,
            reason="aanleveren in een bron van een ander",
        ):  # fmt: skip
            raise SourceRefused(_not_yours(existing))
        return existing
    if not register:
        raise SourceRefused(f"De bron '{name}' bestaat niet.")
    return register_source(
        name, owner=owner if actor.operator else owner_for_new_source(actor), actor=actor, format_id=format_id,
        label=label,
    )  # fmt: skip


def _not_yours(source: Source) -> str:
    whose = source.owner.name if source.owner is not None else "het Wijzer-platform (alleen platformbeheerders)"
    return f"De bron '{source.name}' is geregistreerd op naam van {whose}; kies een eigen bron."


def register_source(
    name: str,
    *,
    owner: accounts.Organisation | None,
    actor: accounts.Actor,
    format_id: str = "auto",
    label: str = "",
) -> Source:
    """Register a new source to `owner` (None: a platform source). Audited; refused (and audited) when the actor
    may not register sources for that organisation or the name is reserved for another one (the checks run
    before the write transaction, so a refusal's audit row is kept)."""
    if not valid_name(name):
        raise SourceRefused(NAME_RULE)
    if name.startswith(PUSH_PREFIX) and (owner is None or name != default_push_name(owner)):
        accounts.check(actor, accounts.Action.REGISTER_SOURCE, None, object_type="source", object_id=name)
        if not actor.operator:
            raise SourceRefused(
                f"Namen die met '{PUSH_PREFIX}' beginnen zijn gereserveerd voor de standaardbron van een "
                "organisatie; kies een andere naam."
            )
    if not accounts.check(actor, accounts.Action.REGISTER_SOURCE, owner, object_type="source", object_id=name):
        raise SourceRefused("U mag geen bron registreren voor deze organisatie.")
    source = do_register_source(name, owner=owner, actor=actor, format_id=format_id, label=label)
    if source.owner_id != (owner.pk if owner else None):  # the name was taken in the meantime
        raise SourceRefused(_not_yours(source))
    return source
