"""Prices per product per calendar year and the market attributes of products, for the market monitor (W7).

The catalogue keeps price *snapshots* (all lines of a `PriceObservation` set seen at one moment; a new snapshot only
when the prices changed). The monitor needs one price per product per calendar year Y: the snapshot known at the end
of Y (the latest `observed_at` before 1 January Y+1, Amsterdam time), the lines of it that apply on 31 December Y
(`pricing.applicable_lines`), normalised by `pricing.per_pupil_per_year` on the product's current terms (the same
rules as the product page). A product counts from the year of its first snapshot up to the current year, and not
after the year it was withdrawn. Free open material without price lines (which the catalogue prices at € 0) counts
from the year it was first published when the catalogue knows it (not before `FREE_FROM`, the CPI's base year, and
not after the year it entered the catalogue), else from the year it entered the catalogue.

Reads only, chunked: one query for the products and one for their observations per chunk of ids, never one per
product. The one write for the monitor's demo history is `actions.do_record_price_history`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.curriculum import service as curriculum

from .constants import ProductType
from .domain.pricing import STANDARD_KINDS, PerPupilPrice, PriceLine, PriceTerms, applicable_lines, licence_years
from .domain.pricing import per_pupil_per_year as normalise
from .domain.search.facets import regroup
from .models import PriceObservation, Product
from .search.labels import labels_for, preferred_ids

CHUNK = 5000  # products per pair of queries
FREE_FROM = 2015  # free material counts from its publication year, but not before this year

# Why a product has no price per pupil per year in a year (the market app's NoPriceReason has the same codes).
NOT_PER_PUPIL = "not_per_pupil"  # a teacher, school or per-copy price
NO_PERIOD = "no_period"  # a pupil price without a known licence period
NO_LINES = "no_lines"  # no price lines apply on 31 December (or none were delivered)

OPEN_LICENCE_PREFIXES = ("cc-", "cc0")
OPEN_LICENCES = frozenset({"pdm", "no-restrictions"})


@dataclass(frozen=True, slots=True)
class YearPrice:
    """A product's price in one calendar year, by the catalogue's rules. Amounts in cents; None = no figure."""

    product_id: int
    year: int
    per_pupil_excl_cents: int | None  # per pupil per school year, excluding VAT
    per_pupil_incl_cents: int | None  # the same including VAT
    licence_incl_cents: int | None  # LiFo: the licence part (21 % lines) incl. VAT, per pupil per year
    folio_incl_cents: int | None  # LiFo: the folio part (lower-rate lines) incl. VAT, per pupil per year
    list_excl_cents: int | None  # the sum of the applicable lines excl. VAT as delivered (any unit); None = no lines
    is_lifo: bool  # both a licence and a folio part
    reason: str  # "" when per_pupil is known, else NOT_PER_PUPIL, NO_PERIOD or NO_LINES
    observed_at: datetime.datetime  # when the snapshot was seen (for free material: when it entered the catalogue)
    is_demo: bool


@dataclass(frozen=True, slots=True)
class MarketAttributes:
    """What the monitor needs of a product besides its prices (the owner group is the top of the owner chain)."""

    product_id: int
    publisher_id: int | None  # the product's owner in Wijzer, else its delivered publisher
    owner_group_id: int | None  # the top of that organisation's owner chain (itself when it has no owner)
    owner_name: str
    owner_country: str  # ISO 3166; "" = unknown
    method_id: int | None
    sectors: tuple[str, ...]  # po, vo, so, vso as delivered
    subjects: tuple[str, ...]  # subject keys: one per readable subject (the catalogue's "vak" facet values)
    product_type: str
    is_paid: bool | None
    is_open: bool  # free, or under an open licence (Creative Commons, public domain)
    withdrawn_year: int | None
    for_sale: bool | None  # sold on its own (False: only in a bundle)
    licence_years: Decimal | None  # the delivered licence term in years, None when it names none
    is_demo: bool


@dataclass(frozen=True, slots=True)
class ChangeMarks:
    """How far the catalogue has come: the newest price observation and the latest product change."""

    price_id: int
    product_changed_at: datetime.datetime | None


def change_marks() -> ChangeMarks:
    """Two aggregate queries: a refresh is due when either mark moved past what the monitor saw."""
    price_id = PriceObservation.objects.aggregate(m=Max("pk"))["m"] or 0
    changed = Product.objects.aggregate(m=Max("updated_at"))["m"]
    return ChangeMarks(int(price_id), changed)


def products_changed_since(price_id: int, changed_at: datetime.datetime | None) -> list[int]:
    """Ids of products with a price observation after `price_id` or a change after `changed_at`."""
    ids = set(PriceObservation.objects.filter(pk__gt=price_id).values_list("product_id", flat=True).distinct())
    if changed_at is not None:
        # One microsecond past the mark: SQLite compares the stored text, and the ingest writer stores "+00:00"
        # after the time, which sorts after the same moment written by the ORM.
        after = changed_at + datetime.timedelta(microseconds=1)
        ids.update(Product.objects.filter(updated_at__gte=after).values_list("pk", flat=True))
    else:
        ids.update(Product.objects.values_list("pk", flat=True))
    return sorted(ids)


def all_product_ids() -> list[int]:
    return list(Product.objects.order_by("pk").values_list("pk", flat=True))


def is_open(is_paid: bool | None, product_type: str, licence: str) -> bool:
    """Open material: free (not paid, or the catalogue's open resource type) or under an open licence."""
    code = (licence or "").lower()
    return (
        is_paid is False
        or product_type == ProductType.OPEN_RESOURCE
        or code.startswith(OPEN_LICENCE_PREFIXES)
        or code in OPEN_LICENCES
    )


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


@functools.lru_cache(maxsize=256)
def year_end(year: int) -> datetime.datetime:
    """The first moment after 31 December `year` in Amsterdam: a snapshot observed before it is known in `year`."""
    return datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())


def _local_year(moment: datetime.datetime | None) -> int | None:
    return timezone.localtime(moment).year if moment is not None else None


# --- yearly prices -------------------------------------------------------------------------------------------------

_Line = tuple[datetime.date | None, str, PriceLine]  # (valid_from, kind, line): the input of applicable_lines


def _reason(price: PerPupilPrice, lines: Sequence[PriceLine]) -> str:
    if price.known:
        return ""
    if not lines:
        return NO_LINES
    if price.basis != "leerling":
        return NOT_PER_PUPIL
    return NO_PERIOD


def _year_price(
    product_id: int,
    year: int,
    terms: PriceTerms,
    lines: Sequence[PriceLine],
    observed_at: datetime.datetime,
    demo: bool,
) -> YearPrice:
    price = normalise(
        PriceTerms(
            tuple(lines),
            terms.product_type,
            terms.title,
            terms.description,
            terms.licence_duration,
            terms.end_user_roles,
            terms.is_paid,
        )
    )
    parts = {part.label: part.incl_cents for part in price.parts}
    licence = parts.get("licentie")
    folio = parts.get("folio")
    if not price.known:  # a part without a per-pupil figure cannot be
        licence = folio = None
    return YearPrice(
        product_id=product_id,
        year=year,
        per_pupil_excl_cents=price.excl_cents,
        per_pupil_incl_cents=price.incl_cents,
        licence_incl_cents=licence,
        folio_incl_cents=folio,
        list_excl_cents=sum(line.amount_cents for line in lines) if lines else None,
        is_lifo=licence is not None and folio is not None,
        reason=_reason(price, lines),
        observed_at=observed_at,
        is_demo=demo,
    )


def _snapshots(rows: Sequence[tuple[Any, ...]]) -> dict[int, list[tuple[datetime.datetime, list[_Line]]]]:
    """Observation rows (ordered by product, time, line) grouped into snapshots per product, oldest first."""
    found: dict[int, list[tuple[datetime.datetime, list[_Line]]]] = {}
    for pid, at, cents, vat, unit, valid_from, kind in rows:
        snapshots = found.setdefault(pid, [])
        if not snapshots or snapshots[-1][0] != at:
            snapshots.append((at, []))
        snapshots[-1][1].append((valid_from, kind, PriceLine(int(cents), Decimal(vat), unit)))
    return found


def yearly_prices(
    product_ids: Sequence[int], *, years: range | None = None, today: datetime.date | None = None
) -> Iterator[YearPrice]:
    """The price of each product in each calendar year it counts in (see the module text), product by product and
    year by year. `years` limits the years (default: up to the current year); `today` fixes "now" (tests)."""
    today = today or timezone.localdate()
    last = today.year if years is None else min(today.year, years.stop - 1)
    for chunk in _chunks(product_ids):
        products = Product.objects.filter(pk__in=chunk).order_by("pk")
        product_rows = products.values_list(
            "pk", "product_type", "title", "description", "licence_duration", "end_user_roles", "is_paid",
            "withdrawn_at", "created_at", "first_published", "is_demo",
        )  # fmt: skip
        observations = (
            PriceObservation.objects.filter(product_id__in=chunk)
            .order_by("product_id", "observed_at", "line", "pk")
            .values_list("product_id", "observed_at", "amount_cents", "vat_percent", "unit", "valid_from", "kind")
        )
        snapshots = _snapshots(list(observations))
        for row in product_rows:
            pid, ptype, title, description, duration, roles, paid, withdrawn, created, published, demo = row
            terms = PriceTerms((), ptype, title, description, duration, tuple(roles or ()), paid)
            end = min(last, _local_year(withdrawn) or last)
            since = _local_year(created) or end
            if published is not None:
                since = max(FREE_FROM, min(since, published.year))
            yield from _product_years(pid, terms, snapshots.get(pid, []), (since, created), end, years, demo)


def _product_years(
    pid: int,
    terms: PriceTerms,
    snapshots: list[tuple[datetime.datetime, list[_Line]]],
    entered: tuple[int, datetime.datetime],
    end: int,
    years: range | None,
    demo: bool,
) -> Iterator[YearPrice]:
    if not snapshots:
        free = normalise(terms)  # free open material: € 0 from its publication or entry year
        if free.known:
            first, created = entered
            for year in range(first, end + 1):
                if years is None or year in years:
                    yield _year_price(pid, year, terms, (), created, demo)
        return
    first = _local_year(snapshots[0][0]) or end
    at = 0
    cache: dict[tuple[int, tuple[int, ...]], YearPrice] = {}
    for year in range(first, end + 1):
        limit = year_end(year)
        while at + 1 < len(snapshots) and snapshots[at + 1][0] < limit:
            at += 1
        if years is not None and year not in years:
            continue
        observed, lines = snapshots[at]
        if all(valid_from is None and kind in STANDARD_KINDS for valid_from, kind, _line in lines):
            applicable = list(enumerate(line for _from, _kind, line in lines))  # undated standard lines: all apply
        else:
            numbered = [(valid_from, kind, (n, line)) for n, (valid_from, kind, line) in enumerate(lines)]
            applicable = applicable_lines(numbered, datetime.date(year, 12, 31))[0]
        key = (at, tuple(n for n, _line in applicable))
        if key not in cache:
            cache[key] = _year_price(pid, year, terms, [line for _n, line in applicable], observed, demo)
        price = cache[key]
        yield YearPrice(
            price.product_id,
            year,
            price.per_pupil_excl_cents,
            price.per_pupil_incl_cents,
            price.licence_incl_cents,
            price.folio_incl_cents,
            price.list_excl_cents,
            price.is_lifo,
            price.reason,
            price.observed_at,
            price.is_demo,
        )


# --- market attributes ---------------------------------------------------------------------------------------------


def subject_groups(subject_ids: Sequence[str] = ()) -> dict[str, tuple[str, str]]:
    """Subject id -> (key, label): ids with one readable label (an OBK and an SLO id of one subject) share a key,
    the SLO id when there is one, exactly as the catalogue's "vak" facet groups them. Every known SLO subject is
    included, so keys do not depend on which ids are asked for."""
    known = curriculum.subject_labels()
    wanted = list(dict.fromkeys([*known, *subject_ids]))
    labels = labels_for("vak", wanted)
    placements = regroup({("vak", value): label for value, label in labels.items()}, preferred_ids())
    return {value: (place.value, place.label) for (_facet, value), place in placements.items()}


def _owner_groups(organisation_ids: set[int]) -> dict[int, tuple[int, str, str]]:
    """Organisation id -> (id, name, country) of the top of its owner chain (guarded against cycles)."""
    rows = {
        pk: (parent, name, country)
        for pk, parent, name, country in accounts.Organisation.objects.values_list("pk", "parent_id", "name", "country")
    }
    top: dict[int, tuple[int, str, str]] = {}
    for start in organisation_ids:
        node, seen = start, {start}
        while (parent := rows.get(node, (None, "", ""))[0]) is not None and parent not in seen and parent in rows:
            seen.add(parent)
            node = parent
        if node in rows:
            top[start] = (node, rows[node][1], rows[node][2])
    return top


def market_attributes(product_ids: Sequence[int]) -> Iterator[MarketAttributes]:
    """The market attributes of these products, in id order (one query per chunk, one for the organisations)."""
    groups = subject_groups()
    for chunk in _chunks(product_ids):
        rows = list(
            Product.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list(
                "pk", "owner_id", "publisher_id", "method_id", "sectors", "subject_ids", "product_type", "is_paid",
                "licence", "withdrawn_at", "for_sale", "licence_duration", "is_demo",
            )
        )  # fmt: skip
        unknown = {s for row in rows for s in (row[5] or []) if s not in groups}
        if unknown:
            groups = subject_groups(sorted(unknown))
        owners = _owner_groups({row[1] or row[2] for row in rows if (row[1] or row[2]) is not None})
        for (
            pid,
            owner,
            publisher,
            method,
            sectors,
            subjects,
            ptype,
            paid,
            licence,
            withdrawn,
            sale,
            duration,
            demo,
        ) in rows:
            org = owner or publisher
            group = owners.get(org) if org is not None else None
            yield MarketAttributes(
                product_id=pid,
                publisher_id=org,
                owner_group_id=group[0] if group else None,
                owner_name=group[1] if group else "",
                owner_country=group[2] if group else "",
                method_id=method,
                sectors=tuple(dict.fromkeys(str(s) for s in sectors or [])),
                subjects=tuple(dict.fromkeys(groups.get(s, (s, s))[0] for s in subjects or [])),
                product_type=ptype,
                is_paid=paid,
                is_open=is_open(paid, ptype, licence),
                withdrawn_year=_local_year(withdrawn),
                for_sale=sale,
                licence_years=licence_years(duration),
                is_demo=demo,
            )


def subject_names(keys: Sequence[str] = ()) -> dict[str, str]:
    """Subject key -> readable label (the keys of `MarketAttributes.subjects`)."""
    found = dict(subject_groups(keys).values())
    return {key: found.get(key, key) for key in keys} if keys else found


# --- the anchor of a demo price history ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """All price lines of a product seen at one moment: (cents excl. VAT, VAT percent, unit) in line order."""

    observed_at: datetime.datetime
    lines: tuple[tuple[int, Decimal, str], ...]


def first_snapshots(product_ids: Sequence[int], *, exclude_source: str = "") -> dict[int, Snapshot]:
    """Per product its oldest price snapshot, leaving out the lines of `exclude_source` (a demo history ends before
    it and below its prices). Products without observations are absent. One query per chunk."""
    found: dict[int, Snapshot] = {}
    for chunk in _chunks(product_ids):
        rows = (
            PriceObservation.objects.filter(product_id__in=chunk)
            .exclude(source=exclude_source)
            .order_by("product_id", "observed_at", "line", "pk")
            .values_list("product_id", "observed_at", "amount_cents", "vat_percent", "unit")
        )
        lines: dict[int, list[tuple[int, Decimal, str]]] = {}
        first: dict[int, datetime.datetime] = {}
        for pid, at, cents, vat, unit in rows:
            if first.setdefault(pid, at) == at:
                lines.setdefault(pid, []).append((int(cents), Decimal(vat), unit))
        found.update({pid: Snapshot(first[pid], tuple(lines[pid])) for pid in first})
    return found
