from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from wijzer.accounts import service as accounts
from wijzer.alignment import service as alignment
from wijzer.quality import service as quality


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_name": "Wijzer", "debug": settings.DEBUG}


@dataclass(frozen=True, slots=True)
class MenuItem:
    label: str
    url: str
    app: str  # the url namespace that marks the item as the current page
    count: int | None = None
    count_label: str = "wachten"  # read after the count by screen readers ("Beoordelen 2 wachten")


def main_menu(request: HttpRequest) -> list[MenuItem]:
    """The main menu of the active role, decided by the policy table (never by role names): everyone gets the
    public pages (market monitor, choice support) and the shortlist; who may deliver catalogue records gets
    "Aanlevering"; who may review links gets "Beoordelen" with the number waiting; who may review quality gets
    "Kwaliteit beoordelen", who may moderate experiences "Moderatie" with the number of experiences with open
    reports. The API documentation is in the footer."""
    actor = accounts.actor_of(request)
    items = [
        MenuItem("Curriculum", reverse("curriculum:sectors"), "curriculum"),
        MenuItem("Zoeken in doelen", reverse("curriculum:search"), "curriculum-search"),
        MenuItem("Catalogus", reverse("catalog:list"), "catalog"),
        MenuItem("Kerndoeldekking", reverse("alignment:methods"), "alignment"),
        MenuItem("Kwaliteit", reverse("quality:framework"), "quality"),
        MenuItem("Marktmonitor", reverse("market:monitor"), "market"),
        MenuItem("Keuzehulp", reverse("choice:start"), "choice"),
        MenuItem("Keuzelijst", reverse("catalog:shortlist"), "shortlist"),
    ]
    if accounts.allows(actor, accounts.Action.DELIVER_CATALOG, actor.organisation):
        items.append(MenuItem("Aanlevering", reverse("ingest:sources"), "ingest"))
    if accounts.allows(actor, accounts.Action.REVIEW_ALIGNMENT, actor.organisation):
        waiting = alignment.pending_review_count(actor.organisation)  # what this panel's queue shows by default
        items.append(MenuItem("Beoordelen", reverse("alignment:review"), "review", waiting))
    if accounts.allows(actor, accounts.Action.REVIEW_QUALITY, actor.organisation):
        items.append(MenuItem("Kwaliteit beoordelen", reverse("quality:review_list"), "quality-review"))
    if accounts.allows(actor, accounts.Action.MODERATE_EXPERIENCES, actor.organisation):
        reported = quality.open_report_count()
        items.append(MenuItem("Moderatie", reverse("quality:moderation"), "moderation", reported, "gemeld"))
    return items


def _current(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    if match.view_name == "catalog:shortlist":
        return "shortlist"
    if match.view_name == "alignment:review":
        return "review"
    if match.view_name == "curriculum:search":
        return "curriculum-search"
    if match.view_name in ("quality:review_list", "quality:review_form"):
        return "quality-review"
    if match.view_name == "quality:moderation":
        return "moderation"
    return match.app_name


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"main_menu": main_menu(request), "menu_current": _current(request)}
