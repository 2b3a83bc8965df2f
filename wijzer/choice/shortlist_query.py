"""Reads of a section's shortlist (W8 §4): the shortlists a person may see, one shortlist with its comparison, and
the snapshot a decision stores.

The comparison puts, per product on the shortlist, beside its status and note:
- **price**: the price per pupil per school year incl. VAT of the market's price facts in the cost year (the latest
  year with facts: `market.service.pupil_prices`, the catalogue's rules), the one source of the ranking and the mix
  too; free open material is € 0; no figure → the reason in Dutch;
- **costs**: per pupil per year; per year for the profile's number of pupils (when the shortlist has a profile);
  per class when the reader gives a class size on the page (`klas`, 1 to 60). Wijzer guesses no class size: the
  profile does not record one, so without it the page shows no cost per class;
- **kerndoel coverage** (W5): the coverage of the product's method as the product page shows it
  (`alignment.service.product_coverage_context`), per framework; with a profile, also the profile's required goals
  the product covers, with the same evidence as the ranking and the mix (`candidates.assemble`; a product that is
  no candidate of the profile, e.g. of another subject, says so);
- **quality profile** (W6, `quality.service.profile_of`): the gateway, the number of expert reviews and teacher
  experiences, and per topic the share of agreeing answers of experts and of teachers.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from wijzer.accounts import service as accounts
from wijzer.alignment import service as alignment
from wijzer.catalog.service import Product
from wijzer.market import service as market
from wijzer.quality import service as quality

from .actions.profiles import spec_of
from .candidates import Assembly, assemble
from .constants import EntryStatus
from .domain.profile import ProfileInvalid
from .domain.ranking import RankingError
from .models import ChoiceProfile, Decision, Shortlist, ShortlistEntry
from .outcome import rank_assembly

SEARCH_HITS = 20
MAX_SEARCH_CHARS = 200
MIN_CLASS, MAX_CLASS = 1, 60

NO_FACT = "Geen prijs in {year}: het product stond toen niet met een prijs in de catalogus."
NO_FACTS = "Er zijn nog geen prijsfeiten: de marktmonitor is nog niet ververst."
NOT_A_CANDIDATE = "geen kandidaat voor dit profiel (ander vak, andere sector of andere niveaus)"
GATEWAY_TEXT = {
    "passed": "poort gehaald",
    "failed": "poort niet gehaald",
    "unknown": "poort nog niet beoordeeld",
}
STATUS_ORDER = {EntryStatus.DECIDED: 0, EntryStatus.PREFERRED: 1, EntryStatus.EXPLORING: 2}


def parse_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


def shortlist_by_uuid(value: object) -> Shortlist | None:
    key = parse_uuid(value)
    if key is None:
        return None
    return (
        Shortlist.objects.select_related("organisation", "organisation__parent", "profile", "created_by")
        .filter(uuid=key)
        .first()
    )


def decision_by_uuid(value: object) -> Decision | None:
    key = parse_uuid(value)
    if key is None:
        return None
    return (
        Decision.objects.select_related("shortlist", "shortlist__organisation", "recorded_by")
        .prefetch_related("participants")
        .filter(uuid=key)
        .first()
    )


def product_by_uuid(value: object) -> Product | None:
    key = parse_uuid(value)
    return Product.objects.filter(uuid=key).first() if key is not None else None


def products_by_uuid(keys: Sequence[uuid.UUID]) -> list[Product]:
    """The products with these uuids, in that order (a person's keuzelijst)."""
    found = {p.uuid: p for p in Product.objects.filter(uuid__in=list(keys)[:100])}
    return [found[k] for k in keys if k in found]


def visible_shortlists(actor: accounts.Actor) -> list[Shortlist]:
    """The shortlists of the actor's organisation and of what it owns (a board's schools, a school's branches) that
    the active role may see (`allows`: no audit row for a list)."""
    org = actor.organisation
    if org is None:
        return []
    tree = Q(organisation=org) | Q(organisation__parent=org) | Q(organisation__parent__parent=org)
    rows = Shortlist.objects.filter(tree).select_related("organisation", "organisation__parent", "profile")
    return [
        s
        for s in rows.order_by("organisation__name", "name", "pk")[:500]
        if accounts.allows(actor, accounts.Action.VIEW_CHOICES, s.organisation)
    ]


def decisions_of(shortlists: Iterable[Shortlist]) -> list[Decision]:
    return list(
        Decision.objects.filter(shortlist__in=list(shortlists))
        .select_related("shortlist", "shortlist__organisation", "recorded_by")
        .prefetch_related("participants")
        .order_by("-decided_on", "-recorded_at", "-pk")[:500]
    )


def own_profiles(organisation: accounts.Organisation) -> QuerySet[ChoiceProfile]:
    return ChoiceProfile.objects.filter(organisation=organisation).order_by("name", "pk")


def find_products(text: str, limit: int = SEARCH_HITS) -> list[Product]:
    """Products for the shortlist's search field: by EAN/ISBN or catalogue key (exact, with or without hyphens and
    spaces), otherwise by every word of the title; never withdrawn products."""
    value = " ".join(text.replace("\x00", " ").split())[:MAX_SEARCH_CHARS]
    if not value:
        return []
    live = Product.objects.filter(withdrawn_at__isnull=True)
    compact = value.replace("-", "").replace(" ", "")
    by_code = live.filter(Q(product_id=value) | Q(product_id=compact) | Q(key=value) | Q(key=f"id:{compact}"))
    found = list(by_code.order_by("title", "pk")[:limit])
    if found:
        return found
    by_title = live
    for word in value.split()[:6]:
        by_title = by_title.filter(title__icontains=word)
    return list(by_title.order_by("title", "pk")[:limit])


def class_size(raw: object) -> int | None:
    """The class size typed on the page (`klas`), when it is a whole number from 1 to 60; else None."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 3:
        return None
    value = int(text)
    return value if MIN_CLASS <= value <= MAX_CLASS else None


# --- the comparison --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Price:
    year: int | None
    per_pupil_cents: int | None  # per pupil per school year incl. VAT
    reason: str  # why there is no figure ("" when there is one)
    pupils: int | None  # the profile's pupils
    class_size: int | None

    @property
    def per_year_cents(self) -> int | None:
        if self.per_pupil_cents is None or self.pupils is None:
            return None
        return self.per_pupil_cents * self.pupils

    @property
    def per_class_cents(self) -> int | None:
        if self.per_pupil_cents is None or self.class_size is None:
            return None
        return self.per_pupil_cents * self.class_size


@dataclass(frozen=True)
class Row:
    entry: ShortlistEntry
    price: Price
    coverage: list[dict[str, Any]]  # per framework: label, percent, covered, partial, total, headline
    method_name: str
    quality: dict[str, Any] | None  # see `quality_summary`
    required: dict[str, Any] | None = None  # the profile's required goals covered: {"covered", "total", "text"}
    rank: int | None = None  # the place in the profile's ranking (None: no profile, no candidate, failed a must-have)

    @property
    def product(self) -> Product:
        return self.entry.product


@dataclass(frozen=True)
class Comparison:
    shortlist: Shortlist
    rows: list[Row]
    year: int | None
    class_size: int | None
    pupils: int | None
    notes: list[str] = field(default_factory=list)
    assembly: Assembly | None = None  # the profile's candidates (None without a profile or when it cannot be made)

    @property
    def has_demo(self) -> bool:
        return self.shortlist.is_demo or any(r.product.is_demo for r in self.rows)


def entries_of(shortlist: Shortlist) -> list[ShortlistEntry]:
    rows = ShortlistEntry.objects.filter(shortlist=shortlist).select_related(
        "product", "product__publisher", "added_by", "updated_by"
    )
    return sorted(rows, key=lambda e: (STATUS_ORDER.get(EntryStatus(e.status), 9), e.product.title.lower(), e.pk))


def prices(
    products: Sequence[Product], pupils: int | None, size: int | None, today: datetime.date | None = None
) -> tuple[int | None, dict[int, Price]]:
    """The market's price per pupil per school year incl. VAT of each product in the cost year (one query)."""
    market.ensure_fresh()
    year, found = market.pupil_prices([p.pk for p in products], today)
    if year is None:
        return None, {p.pk: Price(None, None, NO_FACTS, pupils, size) for p in products}
    result = {}
    for product in products:
        fact = found.get(product.pk)
        if fact is None:
            result[product.pk] = Price(year, None, NO_FACT.format(year=year), pupils, size)
        else:
            result[product.pk] = Price(year, fact.incl_cents, fact.reason, pupils, size)
    return year, result


def coverage_of(product: Product) -> tuple[str, list[dict[str, Any]]]:
    """The method coverage the product page shows: (method name, per framework the figures)."""
    context = alignment.product_coverage_context(product.uuid)
    method = context.get("method")
    frameworks = [
        {
            "framework": f["framework"],
            "label": str(f["label"]),
            "percent": f["percent"],
            "headline": str(f["headline"]),
            "covered": f["covered"],
            "partial": f["partial"],
            "total": f["total"],
        }
        for f in context.get("frameworks", [])
    ]
    return (method.name if method is not None and context.get("has_parts") else ""), frameworks


def quality_summary(product: Product) -> dict[str, Any] | None:
    """The gateway and per topic the share of agreeing answers (experts, teachers) of the W6 profile; None without
    any review or experience."""
    profile = quality.profile_of(product.pk)
    if profile is None:
        return None
    gateway = profile.get("gateway", {})
    state = str(gateway.get("state", "unknown"))
    return {
        "gateway_applies": bool(gateway.get("applies")),
        "gateway_state": state,
        "gateway_text": GATEWAY_TEXT.get(state, state),
        "expert_reviews": int(profile.get("expert_reviews", 0)),
        "experiences": int(profile.get("experiences", 0)),
        "verified_experiences": int(profile.get("verified_experiences", 0)),
        "topics": [
            {
                "name": str(t["name"]),
                "counts_toward": bool(t.get("counts_toward", True)),
                "experts_share": t["experts"].get("share_agreeing"),
                "experts_n": int(t["experts"].get("reviewers", 0)),
                "teachers_share": t["teachers"].get("share_agreeing"),
                "teachers_n": int(t["teachers"].get("experiences", 0)),
            }
            for t in profile.get("topics", [])
        ],
    }


def profile_assembly(profile: ChoiceProfile) -> tuple[Assembly | None, str]:
    """The profile's candidates with their evidence (`candidates.assemble`), or None and why not (Dutch)."""
    try:
        return assemble(spec_of(profile)), ""
    except ProfileInvalid as invalid:
        return None, f"Het profiel kan niet worden doorgerekend: {invalid}"


def required_coverage(assembly: Assembly, products: Sequence[Product]) -> dict[int, dict[str, Any]]:
    """Per product: how many of the profile's required goals it covers (the ranking's and the mix's evidence)."""
    total = len(assembly.goals)
    found: dict[int, dict[str, Any]] = {}
    for product in products:
        candidate = assembly.candidate(str(product.uuid))
        if candidate is None:
            found[product.pk] = {"covered": None, "total": total, "text": NOT_A_CANDIDATE}
            continue
        covered = len(candidate.covers)
        found[product.pk] = {
            "covered": covered,
            "total": total,
            "text": f"{covered} van de {total} vereiste doelen",
            "goals": [assembly.goal(g).code or g for g in candidate.covers],
        }
    return found


def ranking_places(assembly: Assembly) -> dict[str, int]:
    """Product uuid -> its place in the profile's ranking with the profile's own weights (empty on bad weights)."""
    try:
        return {r.id: r.rank for r in rank_assembly(assembly).ranked}
    except RankingError:
        return {}


def comparison(shortlist: Shortlist, *, size: int | None = None, today: datetime.date | None = None) -> Comparison:
    """Every product on the shortlist with its price, costs, coverage and quality profile."""
    entries = entries_of(shortlist)
    profile = shortlist.profile
    pupils = profile.pupils if profile is not None and profile.pupils > 0 else None
    products = [e.product for e in entries]
    year, found = prices(products, pupils, size, today)
    notes = []
    assembly = None
    required: dict[int, dict[str, Any]] = {}
    places: dict[str, int] = {}
    if profile is None:
        notes.append(
            "Deze shortlist hoort bij geen profiel: de kosten per jaar voor uw leerlingen en de dekking van de "
            "vereiste kerndoelen volgen pas als u een profiel kiest. Hieronder staat de dekking van de methode."
        )
    else:
        assembly, problem = profile_assembly(profile)
        if assembly is not None:
            required = required_coverage(assembly, products)
            places = ranking_places(assembly)
        else:
            notes.append(problem)
    if size is None:
        notes.append(
            "Kosten per klas: vul hieronder het aantal leerlingen van een klas in; Wijzer gaat niet uit van een "
            "vaste klasgrootte."
        )
    rows = []
    for entry in entries:
        method_name, coverage = coverage_of(entry.product)
        rows.append(
            Row(
                entry,
                found[entry.product.pk],
                coverage,
                method_name,
                quality_summary(entry.product),
                required.get(entry.product.pk),
                places.get(str(entry.product.uuid)),
            )
        )
    return Comparison(shortlist, rows, year, size, pupils, notes, assembly)
