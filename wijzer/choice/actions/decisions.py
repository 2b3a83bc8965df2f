"""Recording a section's decision (W8 §4): date, participants, summary and a snapshot of what it rested on.

`do_record_decision` checks `RECORD_DECISION` on the shortlist's school (a section head or school leader of that
school; first-person, so platform admins cannot), validates the form (date not in the future, participants only
among the people with a role at that school, a summary), builds the snapshot and stores all of it with its
`choice.decision_recorded` audit row in one transaction.

The snapshot (`Decision.snapshot`, JSON) keeps the record true when prices, coverage or quality change later: the
profile and its weights, the ranking's top with each criterion's contribution, the mix (items, cost, coverage,
status), every product of the shortlist with its status, note, price and costs, coverage and quality profile, and
the cost per pupil of the chosen products beside the CPI-indexed €340 benchmark. It is built by
`decision_snapshot.build` from the reads of `shortlist_query`; the report shows only the snapshot.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.choice import decision_snapshot
from wijzer.choice.actions.shortlist import Invalid, Refused, clean_text
from wijzer.choice.constants import ChoiceAuditAction
from wijzer.choice.models import Decision, Shortlist, ShortlistEntry

MAX_SUMMARY = 5000
CANNOT_DECIDE = (
    "Een besluit van de sectie legt een sectievoorzitter of schoolleider van deze school vast, op eigen naam. "
    "Kies rechtsboven de rol bij deze school."
)
NEEDS_PERSON = "Een besluit wordt vastgelegd door een persoon: log in als sectievoorzitter of schoolleider."


def require_decide(actor: accounts.Actor, shortlist: Shortlist) -> accounts.User:
    if not accounts.check(
        actor,
        accounts.Action.RECORD_DECISION,
        shortlist.organisation,
        object_type="shortlist",
        object_id=str(shortlist.uuid),
        reason=CANNOT_DECIDE,
    ):
        raise Refused(CANNOT_DECIDE)
    if actor.user is None:
        raise Refused(NEEDS_PERSON)
    return actor.user


def parse_date(raw: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    """A date as typed (2026-12-03 or 3-12-2026); (None, Dutch reason) when it is no date or in the future."""
    text = raw.strip()
    if not text:
        return None, "Vul de datum van het besluit in."
    found = None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            found = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
            break
        except ValueError:
            continue
    if found is None:
        return None, "Dit is geen datum; schrijf haar als 3-12-2026 of 2026-12-03."
    if found > today:
        return None, "Een besluit ligt niet in de toekomst: kies vandaag of een eerdere dag."
    if found.year < 2000:
        return None, "Kies een datum vanaf het jaar 2000."
    return found, ""


def do_record_decision(
    actor: accounts.Actor,
    shortlist: Shortlist,
    *,
    decided_on: str | datetime.date,
    participant_uuids: Sequence[str],
    summary: str,
    today: datetime.date | None = None,
    is_demo: bool = False,
) -> Decision:
    """Record the decision; Refused (audited) or Invalid with a Dutch message per field; then nothing is stored."""
    user = require_decide(actor, shortlist)
    today = today or timezone.localdate()
    fields: dict[str, str] = {}
    if isinstance(decided_on, datetime.date):
        date: datetime.date | None = decided_on
        if decided_on > today:
            date, fields["datum"] = None, "Een besluit ligt niet in de toekomst: kies vandaag of een eerdere dag."
    else:
        date, problem = parse_date(decided_on, today)
        if problem:
            fields["datum"] = problem
    members = {str(m.uuid): m for m in accounts.members_of(shortlist.organisation)}
    chosen = list(dict.fromkeys(str(u).strip() for u in participant_uuids if str(u).strip()))
    strangers = [u for u in chosen if u not in members]
    if strangers:
        fields["deelnemers"] = "Kies alleen mensen met een rol bij deze school."
    elif not chosen:
        fields["deelnemers"] = "Kies wie aan het besluit deelnamen (minstens één persoon)."
    try:
        text = clean_text(summary, MAX_SUMMARY)
    except Invalid as too_long:
        fields["toelichting"], text = too_long.message, ""
    if not text and "toelichting" not in fields:
        fields["toelichting"] = "Schrijf kort op wat is besloten en waarom."
    if not ShortlistEntry.objects.filter(shortlist=shortlist).exists():
        fields["shortlist"] = "Er staat nog geen product op de shortlist: voeg eerst de producten toe die u besprak."
    if fields or date is None:
        raise Invalid("Het besluit is niet vastgelegd. Controleer de gemarkeerde velden.", fields)
    people = [members[u] for u in chosen]
    snapshot = decision_snapshot.build(shortlist, decided_on=date, participants=people, summary=text, today=today)
    with transaction.atomic():
        decision = Decision.objects.create(
            shortlist=shortlist,
            decided_on=date,
            summary=text,
            snapshot=snapshot,
            recorded_by=user,
            is_demo=is_demo,
        )
        decision.participants.set(people)
        accounts.record_audit_event(
            ChoiceAuditAction.DECISION_RECORDED,
            actor=user,
            actor_label=actor.label,
            organisation=shortlist.organisation,
            object_type="decision",
            object_id=str(decision.uuid),
            ip=actor.ip,
            details={
                "shortlist": str(shortlist.uuid),
                "decided_on": date.isoformat(),
                "participants": chosen,
                "products": [p["uuid"] for p in snapshot.get("products", [])],
                "chosen": [p["uuid"] for p in snapshot.get("products", []) if p.get("status") == "besluit"],
            },
        )
    return decision
