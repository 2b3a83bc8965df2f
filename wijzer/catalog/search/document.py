"""Product rows -> SearchDocuments (W4): everything the index needs, fetched in a few batch queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog.constants import ProvenanceStatus, VisionSource
from wijzer.catalog.domain.pricing import PriceLine, PriceTerms, applicable_lines, per_pupil_per_year
from wijzer.catalog.domain.search.analyser import fold, text_tokens, token_text
from wijzer.catalog.domain.search.facets import FORMAT_STANDARD, SearchDocument, key, price_band
from wijzer.catalog.models import PriceObservation, Product, ProductVision, Provenance
from wijzer.curriculum import service as curriculum

from . import contributions

MAX_GOALS = 20  # aligned goal texts indexed per product
SECTORS = frozenset({"po", "vo", "so", "vso"})


class Context:
    """Reference data shared by all batches of one indexing call (levels, subjects, owner groups)."""

    def __init__(self) -> None:
        self.levels = curriculum.level_info()
        self.subjects = curriculum.subject_labels()
        self.owner_groups: dict[int, int | None] = {}
        # Analysed label and goal texts, once per indexing call (many products share them).
        self.level_tokens = {k: token_text([title]) for k, (title, _kind) in self.levels.items()}
        self.subject_tokens = {k: token_text([title]) for k, title in self.subjects.items()}
        self.goal_tokens: dict[str, str] = {}

    def load_goals(self, goal_ids: set[str]) -> None:
        missing = sorted(goal_ids - set(self.goal_tokens))
        if missing:
            found = curriculum.goal_texts(missing)
            for goal_id in missing:
                self.goal_tokens[goal_id] = token_text([found[goal_id][1]]) if goal_id in found else ""

    def owner_group(self, publisher_id: int | None) -> int | None:
        if publisher_id is None:
            return None
        if publisher_id not in self.owner_groups:
            org = accounts.Organisation.objects.filter(pk=publisher_id).first()
            found = None
            for owner in org.owner_chain() if org else []:
                if owner.kind == accounts.OrganisationKind.OWNER_GROUP:
                    found = owner.pk
            self.owner_groups[publisher_id] = found
        return self.owner_groups[publisher_id]


CENT = Decimal("0.01")


def stored_line(amount_cents: int, vat_percent: Decimal, unit: str) -> PriceLine:
    """A price line as `latest_price_lines` reads it back once written (VAT with two decimals, unit cut at 200)."""
    try:
        vat = vat_percent.quantize(CENT, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:  # pragma: no cover - a rate that large is rejected by validation and the column
        vat = vat_percent
    return PriceLine(amount_cents, vat, unit[:200])


def latest_price_lines(product_ids: Sequence[int]) -> dict[int, list[PriceLine]]:
    """The lines of each product's latest price snapshot that apply today (`pricing.applicable_lines`)."""
    latest: dict[int, object] = {}
    lines: dict[int, list[tuple[datetime.date | None, str, PriceLine]]] = defaultdict(list)
    rows = PriceObservation.objects.filter(product_id__in=product_ids).order_by("product_id", "-observed_at", "line")
    for pid, at, cents, vat, unit, valid_from, kind in rows.values_list(
        "product_id", "observed_at", "amount_cents", "vat_percent", "unit", "valid_from", "kind"
    ):
        if latest.setdefault(pid, at) != at:
            continue
        lines[pid].append((valid_from, kind, PriceLine(cents, Decimal(vat), unit)))
    today = timezone.localdate()
    return defaultdict(list, {pid: applicable_lines(found, today)[0] for pid, found in lines.items()})


def effective_visions(product_ids: Sequence[int]) -> dict[int, list[str]]:
    """Per product the approaches that count: a reviewer's correction replaces what the supplier declared."""
    by_source: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, approach, source in ProductVision.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "approach", "source"
    ):
        by_source[pid][source].append(approach)
    result = {}
    for pid, sources in by_source.items():
        result[pid] = (
            sources.get(VisionSource.REVIEWER)
            or sources.get(VisionSource.SUPPLIER)
            or sources.get(VisionSource.DEMO, [])
        )
    return result


@dataclass(frozen=True, slots=True)
class _Row:
    """The product columns the index needs (fetched with values_list: no model instances on the ingest path)."""

    pk: int
    title: str
    description: str
    method: str | None
    publisher: str | None
    publisher_id: int | None
    keywords: list[str]
    objective_ids: list[str]
    level_ids: list[str]
    subject_ids: list[str]
    sectors: list[str]
    product_type: str
    licence: str
    is_paid: bool | None
    licence_duration: str
    end_user_roles: list[str]


ROW_FIELDS = (
    "pk", "title", "description", "method__name", "publisher__name", "publisher_id", "keywords", "objective_ids",
    "level_ids", "subject_ids", "sectors", "product_type", "licence", "is_paid", "licence_duration", "end_user_roles",
)  # fmt: skip


def provenance_formats(product_ids: Sequence[int]) -> dict[int, set[str]]:
    formats: dict[int, set[str]] = defaultdict(set)
    stored = Provenance.objects.filter(product_id__in=product_ids).exclude(status=ProvenanceStatus.CLAIM)
    for pid, fmt in stored.values_list("product_id", "format"):  # a claim (W5.1) says nothing about the product
        formats[pid].add(fmt)
    return formats


def build_documents(product_ids: Sequence[int], context: Context | None = None) -> list[SearchDocument]:
    ctx = context or Context()
    live = Product.objects.filter(pk__in=product_ids, withdrawn_at__isnull=True)  # withdrawn: not searchable (W5.2)
    products = [_Row(*values) for values in live.values_list(*ROW_FIELDS)]
    prices = latest_price_lines(product_ids)
    visions = effective_visions(product_ids)
    formats = provenance_formats(product_ids)
    extras = contributions.collect([p.pk for p in products])  # other apps' facets and sort values (W6 quality)
    ctx.load_goals({g for p in products for g in p.objective_ids[:MAX_GOALS]})
    return [
        _document(p, ctx, prices.get(p.pk, []), visions.get(p.pk, []), formats[p.pk], extras.get(p.pk))
        for p in products
    ]


@dataclass(frozen=True, slots=True)
class Written:
    """A product as an ingest batch has just written it: its pk, the column values and the names behind its
    method and publisher ids; for a product created by the batch also its price lines and delivered formats."""

    pk: int
    row: Mapping[str, Any]  # Product column -> value, as written (catalog.batch._product_fields)
    method: str | None
    publisher: str | None
    created: bool
    lines: tuple[PriceLine, ...] = ()
    formats: frozenset[str] = frozenset()


def batch_documents(written: Sequence[Written], context: Context) -> list[SearchDocument]:
    """Documents for the products of an ingest batch, built from the values the batch wrote (no re-read).

    Equal to `build_documents` of the same ids: a product created by the batch has exactly the prices and
    provenance the batch wrote and no vision yet; for a product that existed, prices (a delivery without prices
    keeps the older ones), visions and the formats of other sources are read from the database.
    """
    existing = sorted(w.pk for w in written if not w.created)
    prices = latest_price_lines(existing) if existing else {}
    visions = effective_visions(existing) if existing else {}
    formats = provenance_formats(existing) if existing else {}
    extras = contributions.collect(existing) if existing else {}  # a new product has no quality data yet
    rows = [
        _Row(
            pk=w.pk,
            title=w.row["title"],
            description=w.row["description"],
            method=w.method,
            publisher=w.publisher,
            publisher_id=w.row["publisher_id"],
            keywords=w.row["keywords"],
            objective_ids=w.row["objective_ids"],
            level_ids=w.row["level_ids"],
            subject_ids=w.row["subject_ids"],
            sectors=w.row["sectors"],
            product_type=w.row["product_type"],
            licence=w.row["licence"],
            is_paid=w.row["is_paid"],
            licence_duration=w.row["licence_duration"],
            end_user_roles=w.row["end_user_roles"],
        )
        for w in written
    ]
    context.load_goals({g for p in rows for g in p.objective_ids[:MAX_GOALS]})
    return [
        _document(p, context, list(w.lines), [], set(w.formats))
        if w.created
        else _document(
            p, context, prices.get(p.pk, []), visions.get(p.pk, []), formats.get(p.pk, set()), extras.get(p.pk)
        )
        for p, w in zip(rows, written, strict=True)
    ]


def _document(
    p: _Row,
    ctx: Context,
    lines: list[PriceLine],
    visions: list[str],
    formats: set[str],
    extra: contributions.Extra | None = None,
) -> SearchDocument:
    terms = PriceTerms(
        tuple(lines), p.product_type, p.title, p.description, p.licence_duration, tuple(p.end_user_roles), p.is_paid
    )
    price = per_pupil_per_year(terms)
    title_tokens = text_tokens(p.title, repeats=False)
    tokens = [
        title_tokens,
        token_text([p.description, p.method or "", p.publisher or "", " ".join(str(k) for k in p.keywords)]),
        *(ctx.level_tokens.get(i, "") for i in p.level_ids),
        *(ctx.subject_tokens.get(s, "") for s in p.subject_ids),
        *(ctx.goal_tokens.get(g, "") for g in p.objective_ids[:MAX_GOALS]),
    ]
    keys = [key("sector", s) for s in p.sectors if s in SECTORS]
    for level_id in p.level_ids:
        title, kind = ctx.levels.get(level_id, ("", ""))
        if kind == "Leerjaar":
            keys.append(key("leerjaar", level_id))
        elif title not in SECTORS:
            keys.append(key("niveau", level_id))
    keys += [key("vak", s) for s in p.subject_ids]
    keys.append(key("soort", p.product_type))
    if p.licence:
        keys.append(key("licentie", p.licence))
    keys.append(key("prijs", price_band(price.incl_cents)))
    if p.publisher_id:
        keys.append(key("uitgever", str(p.publisher_id)))
        owner = ctx.owner_group(p.publisher_id)
        if owner:
            keys.append(key("eigenaar", str(owner)))
    keys += [key("visie", v) for v in visions]
    keys += sorted({key("standaard", FORMAT_STANDARD[f]) for f in formats if f in FORMAT_STANDARD})
    sort_values = extra.sort_values if extra is not None else {}
    if extra is not None:
        keys += extra.facet_keys
    return SearchDocument(
        product_id=p.pk,
        tokens=" ".join(t for t in tokens if t),
        title_tokens=title_tokens,
        sort_title=" ".join(fold(p.title).split())[:200],
        price_cents=price.incl_cents,
        quality=sort_values.get("quality"),
        coverage=sort_values.get("coverage"),
        facet_keys=tuple(dict.fromkeys(k for k in keys if " " not in k)),
    )
