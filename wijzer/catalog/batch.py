"""The ingest batch writer (W5.4 §1): what `catalog.service.apply_records` does with one batch of incoming records.

Ingest calls it once per batch, inside the batch's own transaction (W5.1 §8): products, provenance, prices,
parts and the search index are written with one executemany per table (`bulk`), every change is journalled for
the run's undo (`undo`), and who may change what is decided per record from the product's owner and the source's
delegations (`accounts.record_right`, W5.1 §1). Deletions are resolved through the source's provenance (W5.2 §2).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.core.db import select_in

from . import bulk, undo
from .actions import do_index_products
from .constants import ProvenanceStatus
from .domain.incoming import ComparableLine, IncomingRecord, comparable_line, price_lines
from .domain.pricing import applicable_lines
from .domain.records import ParsedRecord
from .models import Method, PriceObservation, Product, ProductPart, Provenance
from .search import document as search_document
from .search import index as search_index


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    price_changes: int = 0
    conflicts: int = 0  # records about a product of another organisation, kept as claims (W5.1)
    deleted: int = 0  # deletions resolved to a record of this source (W5.2)
    deleted_unknown: int = 0  # deletions of a record this source never delivered: ignored
    outcomes: dict[str, str] = field(default_factory=dict)  # record id -> created|updated|unchanged|conflict
    conflict_reasons: dict[str, str] = field(default_factory=dict)  # record id -> Dutch reason


class LookupCache:
    """Organisation and method ids for one run, so a 100k-record run does not ask twice; and the rights of the
    run's source (W5.1): the organisation it is registered to (None: a platform source) and the delegations that
    organisation holds."""

    def __init__(self, *, owner_id: int | None = None, source: str = "") -> None:
        self.organisations: dict[tuple[str, str], int] = {}
        self.methods: dict[tuple[str, int | None, int | None], int] = {}
        self.names: dict[tuple[str, int], str] = {}  # ("organisation" | "method", pk) -> stored name
        self.search: search_document.Context | None = None  # reference data for the search index (W4)
        self.owner_id = owner_id
        self.run_id: int | None = None  # set per batch: methods created by a run are journalled for its undo
        self.delegated = accounts.delegated_fields(owner_id, source)
        owner = (
            accounts.Organisation.objects.filter(pk=owner_id).values_list("kind", "name").first()
            if owner_id is not None
            else None
        )
        self.owner_is_publisher = owner is not None and owner[0] == accounts.OrganisationKind.PUBLISHER
        self.owner_names: dict[int, str] = {}
        if owner_id is not None and owner is not None:
            self.owner_names[owner_id] = owner[1]
            self.names[("organisation", owner_id)] = owner[1]

    def owner_name(self, pk: int | None) -> str:
        if pk is None:
            return "het Wijzer-platform"
        if pk not in self.owner_names:
            found = accounts.Organisation.objects.filter(pk=pk).values_list("name", flat=True).first()
            self.owner_names[pk] = found or f"organisatie {pk}"
        return self.owner_names[pk]

    def organisation(self, kind: accounts.OrganisationKind, name: str, is_demo: bool) -> int | None:
        clean = " ".join(name.split())
        if not clean:
            return None
        key = (str(kind), clean)
        if key not in self.organisations:
            organisation = accounts.ensure_organisation(kind, clean, is_demo=is_demo)
            self.organisations[key] = organisation.pk
            self.names[("organisation", organisation.pk)] = organisation.name
        return self.organisations[key]

    def method(self, name: str, publisher_id: int | None, is_demo: bool) -> int | None:
        clean = " ".join(name.split())
        if not clean:
            return None
        key = (clean, publisher_id, self.owner_id)
        if key not in self.methods:
            method, created = Method.objects.get_or_create(
                name=clean, publisher_id=publisher_id, owner_id=self.owner_id, defaults={"is_demo": is_demo}
            )
            if created:
                undo.journal_created(self.run_id, undo.METHOD, [method.pk])
            self.methods[key] = method.pk
            self.names[("method", method.pk)] = method.name
        return self.methods[key]

    def name(self, kind: str, pk: object) -> str | None:
        return self.names.get((kind, pk)) if isinstance(pk, int) else None


_PUBLISHER = accounts.OrganisationKind.PUBLISHER
_DISTRIBUTOR = accounts.OrganisationKind.DISTRIBUTOR


def _product_fields(item: IncomingRecord, cache: LookupCache, now: datetime.datetime) -> dict[str, object]:
    r = item.record
    # A publisher's own source names the publisher; a feed's Publisher element is display only (a distributor's or
    # a platform source's record), never a right.
    publisher_id = (
        cache.owner_id if cache.owner_is_publisher else cache.organisation(_PUBLISHER, r.publisher, item.is_demo)
    )
    supplier = r.supplier
    supplier_id = (
        cache.organisation(_DISTRIBUTOR, supplier, item.is_demo) if supplier and supplier != r.publisher else None
    )
    return {
        "product_id": (r.product_id or "")[:100],
        "uri": (r.uri or "")[:1000],
        "title": r.title[:1000] or r.product_id or r.uri or item.record_id,
        "description": r.description,
        "method_id": cache.method(r.family_name, publisher_id, item.is_demo),
        "publisher_id": publisher_id,
        "supplier_id": supplier_id,
        "product_type": str(r.medium),
        "type_raw": r.medium_raw[:200],
        "sectors": list(item.sectors),
        "level_ids": list(item.level_ids),
        "subject_ids": list(item.subject_ids),
        "objective_ids": list(r.obk_objective_ids),
        "curriculum_raw": {
            "sectors": list(r.curriculum.sectors),
            "levels": list(r.curriculum.levels),
            "years": list(r.curriculum.years),
            "subjects": list(r.curriculum.subjects),
            "courses": list(r.curriculum.courses),
        },
        "keywords": list(r.keywords),
        "language": r.language[:20],
        "licence": r.licence or "",
        "licence_raw": r.licence_raw[:500],
        "is_paid": r.is_paid,
        "licence_options": list(r.licence_options),
        "licence_duration": r.licence_duration[:100],
        "sale_unit_size": r.sale_unit_size,
        "product_state": r.product_state[:100],
        "end_user_roles": list(r.end_user_roles),
        "first_published": r.first_published,
        "end_of_life": r.end_of_life,
        "last_revision": r.last_revision,
        "access_url": (r.access_url or "")[:1000],
        "information_url": (r.information_url or "")[:1000],
        "thumbnail_url": (r.thumbnail_url or "")[:1000],
        "short_description": r.short_description[:300],
        "authors": list(r.authors),
        "edition": r.edition[:100],
        "content_url": (r.content_url or "")[:1000],
        "trial_url": (r.trial_url or "")[:1000],
        "specific_access_urls": [{"url": a.url, "kind": a.kind} for a in r.specific_access_urls]
        if r.specific_access_urls
        else [],
        "licence_start_date": r.licence_start_date,
        "licence_end_date": r.licence_end_date,
        "additional_licence_options": list(r.additional_licence_options),
        "activation_before_days": r.activation_before_days,
        "activation_before_date": r.activation_before_date,
        "environments": [{"kind": e.kind, "value": e.value} for e in r.environments] if r.environments else [],
        "followup_product_ids": list(r.followup_product_ids),
        "related_product_ids": list(r.related_product_ids),
        "for_sale": r.for_sale,
        "consumable": r.consumable,
        "supported_until": r.supported_until,
        "is_demo": item.is_demo,
        "withdrawn_at": None,  # a live delivery of the owner brings a withdrawn product back
        "withdrawn_by": "",
        "updated_at": now,
    }


def _latest_prices(product_ids: Sequence[int]) -> dict[int, tuple[ComparableLine, ...]]:
    latest: dict[int, datetime.datetime] = {}
    lines: dict[int, list[ComparableLine]] = {}
    rows = PriceObservation.objects.filter(product_id__in=product_ids).order_by("product_id", "-observed_at", "line")
    for pid, at, cents, vat, currency, unit, valid_from, kind, min_quantity in rows.values_list(
        "product_id", "observed_at", "amount_cents", "vat_percent", "currency", "unit", "valid_from", "kind",
        "min_quantity",
    ):  # fmt: skip
        if latest.setdefault(pid, at) != at:
            continue
        lines.setdefault(pid, []).append(
            comparable_line(cents, Decimal(vat), currency, unit, valid_from, kind, min_quantity)
        )
    return {pid: tuple(v) for pid, v in lines.items()}


def do_apply_records(
    batch: Sequence[IncomingRecord], *, now: datetime.datetime, run_id: int | None, cache: LookupCache
) -> BatchOutcome:
    """Create, update or leave each record's product; add a price snapshot only when prices changed.

    All or nothing together with the caller's transaction (ingest: one short transaction per batch, W5.1 §8),
    without a savepoint of its own: on SQLite a savepoint makes every page the batch touches go through the
    in-memory sub-journal. Everything the batch changes is journalled for the run's undo (`undo`), so a run that
    fails later is rolled back as a whole. Called outside a transaction, the batch gets one.
    """
    with transaction.atomic(savepoint=False):
        return _apply(batch, now=now, run_id=run_id, cache=cache)


def _apply(
    batch: Sequence[IncomingRecord], *, now: datetime.datetime, run_id: int | None, cache: LookupCache
) -> BatchOutcome:
    outcome = BatchOutcome()
    cache.run_id = run_id
    items = list({(i.source, i.record_id): i for i in batch}.values())  # last delivery of a record wins
    # (source, record id) -> (stored content hash, status, provenance id)
    known: dict[tuple[str, str], tuple[str, str, int]] = {}
    for source in dict.fromkeys(i.source for i in items):
        ids = [i.record_id for i in items if i.source == source]
        rows = select_in(
            Provenance, ["record_id", "content_hash", "status", "id"], "record_id", ids, where={"source": source}
        )
        known.update(((source, record_id), (content_hash, status, pk)) for record_id, content_hash, status, pk in rows)
    # A claim is looked at again on every delivery: a delegation granted since may now let it through.
    changed = [
        i
        for i in items
        if (stored := known.get((i.source, i.record_id))) is None
        or stored[0] != i.content_hash
        or stored[1] == ProvenanceStatus.CLAIM
    ]
    changed_ids = {id(i) for i in changed}
    for item in items:
        if id(item) not in changed_ids:
            outcome.unchanged += 1
            outcome.outcomes[item.record_id] = "unchanged"
    deletions = [i for i in changed if i.record.deleted]
    if deletions:
        _apply_deletions(deletions, now=now, run_id=run_id, outcome=outcome)
        changed = [i for i in changed if not i.record.deleted]
    if not changed:
        return outcome
    rights = _rights(changed, cache)
    # the provenance rows these records already have (journalled for undo before they are overwritten)
    provenance_ids = {
        (i.source, i.record_id): known[(i.source, i.record_id)][2] for i in changed if (i.source, i.record_id) in known
    }
    full = [i for i in changed if rights[i.key].right.authority is accounts.Authority.FULL]
    if full:
        existing = {i.key: pk for i in full if (pk := rights[i.key].product_id) is not None}
        _apply_full(full, now=now, run_id=run_id, cache=cache, outcome=outcome, existing=existing,
                    provenance_ids=provenance_ids)  # fmt: skip
    _apply_limited([i for i in changed if rights[i.key].right.authority is not accounts.Authority.FULL], rights,
                   now=now, run_id=run_id, cache=cache, outcome=outcome, provenance_ids=provenance_ids)  # fmt: skip
    return outcome


def _apply_deletions(
    deletions: list[IncomingRecord], *, now: datetime.datetime, run_id: int | None, outcome: BatchOutcome
) -> None:
    """A source says a record is gone (W5.2 §2): resolved through this source's own provenance (source, record id),
    never through what the deletion names; no product is ever made from a deletion. When the last live source of
    a product deleted it, the product is withdrawn: out of search and facets, history kept. A claim's deletion
    only ends the claim. A deletion of a record the source never delivered is counted and ignored."""
    found: dict[tuple[str, str], tuple[int, int, str]] = {}
    for source in dict.fromkeys(i.source for i in deletions):
        ids = [i.record_id for i in deletions if i.source == source]
        rows = select_in(
            Provenance, ["record_id", "id", "product_id", "status"], "record_id", ids, where={"source": source}
        )
        found.update(((source, rid), (pk, product, status)) for rid, pk, product, status in rows)
    known = [i for i in deletions if (i.source, i.record_id) in found]
    for item in deletions:
        outcome.outcomes[item.record_id] = "deleted" if (item.source, item.record_id) in found else "deleted_unknown"
    outcome.deleted += len(known)
    outcome.deleted_unknown += len(deletions) - len(known)
    if not known:
        return
    ends = {found[(i.source, i.record_id)][0]: i for i in known}
    undo.journal_rows(run_id, undo.PROVENANCE, Provenance, ends, PROVENANCE_JOURNAL)
    for pk, item in ends.items():
        Provenance.objects.filter(pk=pk).update(
            withdrawn_at=now, content_hash=item.content_hash, harvested_at=now, run_id=run_id
        )
    owned = {found[(i.source, i.record_id)][1]: i.source for i in known if found[(i.source, i.record_id)][2] != "claim"}
    still_live = set(
        Provenance.objects.filter(product_id__in=owned, withdrawn_at__isnull=True)
        .exclude(status=ProvenanceStatus.CLAIM)
        .values_list("product_id", flat=True)
    )
    gone = sorted(set(owned) - still_live)
    if gone:
        undo.journal_rows(run_id, undo.PRODUCT, Product, gone, PRODUCT_COLUMNS)
        for pid in gone:
            Product.objects.filter(pk=pid).update(withdrawn_at=now, withdrawn_by=owned[pid][:200], updated_at=now)
        search_index.remove_documents(gone)


@dataclass(frozen=True, slots=True)
class _Right:
    right: accounts.RecordRight
    product_id: int | None
    owner_id: int | None


def _rights(changed: list[IncomingRecord], cache: LookupCache) -> dict[str, _Right]:
    """What the run's source may change of each product (W5.1): decided by `accounts.record_right` from who owns
    the product in Wijzer and the delegations the source's organisation holds."""
    existing = {
        key: (pk, owner_id)
        for key, pk, owner_id in select_in(Product, ["key", "id", "owner_id"], "key", {i.key for i in changed})
    }
    rights: dict[str, _Right] = {}
    decided: dict[tuple[int | None, bool], accounts.RecordRight] = {}  # by (product owner, exists): few per batch
    for item in changed:
        pk, owner_id = existing.get(item.key, (None, None))
        right = decided.get((owner_id, pk is not None))
        if right is None:
            right = accounts.record_right(cache.owner_id, owner_id, cache.delegated, exists=pk is not None)
            decided[(owner_id, pk is not None)] = right
        rights[item.key] = _Right(right, pk, owner_id)
    return rights


def _apply_full(
    changed: list[IncomingRecord],
    *,
    now: datetime.datetime,
    run_id: int | None,
    cache: LookupCache,
    outcome: BatchOutcome,
    existing: dict[str, int] | None = None,
    provenance_ids: dict[tuple[str, str], int] | None = None,
) -> None:
    """Records the source may change in full. `existing`: product key -> id of the products that exist;
    `provenance_ids`: (source, record id) -> id of its provenance row, for those that have one (each looked up when
    not given)."""
    product_pks, rows = _write_products(changed, cache, outcome, now=now, run_id=run_id, existing=existing)
    _write_provenance(changed, product_pks, now=now, run_id=run_id, provenance_ids=provenance_ids)
    existed = {product_pks[i.key] for i in changed if outcome.outcomes[i.record_id] == "updated"}
    outcome.price_changes += _write_prices(changed, product_pks, now=now, existed=existed, run_id=run_id)
    _write_parts(changed, product_pks, existed=existed, run_id=run_id)
    if cache.search is None:
        cache.search = search_document.Context()
    search_index.write_documents(
        search_document.batch_documents(_written(changed, product_pks, rows, existed, cache), cache.search)
    )


def _apply_limited(
    items: list[IncomingRecord],
    rights: dict[str, _Right],
    *,
    now: datetime.datetime,
    run_id: int | None,
    cache: LookupCache,
    outcome: BatchOutcome,
    provenance_ids: dict[tuple[str, str], int] | None = None,
) -> None:
    """Records about products of another organisation: only the delegated fields change (a distributor's prices,
    availability or access URL); everything else is kept as the source's claim with the reason and changes
    nothing."""
    if not items:
        return
    pks = {i.key: rights[i.key].product_id for i in items}
    product_pks = {key: pk for key, pk in pks.items() if pk is not None}
    statuses: dict[str, tuple[str, str]] = {}
    delegated: list[IncomingRecord] = []
    for item in items:
        right = rights[item.key]
        owner = cache.owner_name(right.owner_id)
        if right.right.authority is accounts.Authority.DELEGATED:
            fields = sorted(right.right.fields)
            labels = ", ".join(str(accounts.DELEGABLE_FIELD_LABELS[f]) for f in fields)
            reason = f"Product van {owner}: alleen de gedelegeerde velden ({labels}) zijn overgenomen."
            statuses[item.record_id] = (ProvenanceStatus.DELEGATED, reason)
            delegated.append(item)
            outcome.updated += 1
            outcome.outcomes[item.record_id] = "updated"
            continue
        reason = (
            f"Het product {item.record.product_id or item.key} hoort in Wijzer bij {owner}; deze bron heeft daar "
            "geen delegatie voor. De levering is als claim bewaard en verandert niets."
        )
        statuses[item.record_id] = (ProvenanceStatus.CLAIM, reason)
        outcome.conflicts += 1
        outcome.outcomes[item.record_id] = "conflict"
        outcome.conflict_reasons[item.record_id] = reason
    _write_provenance(items, product_pks, now=now, run_id=run_id, statuses=statuses, provenance_ids=provenance_ids)
    if delegated:
        _write_delegated(delegated, rights, product_pks, now=now, run_id=run_id, outcome=outcome)
        do_index_products(sorted({product_pks[i.key] for i in delegated}))


def _delegated_values(record: ParsedRecord, fields: frozenset[accounts.DelegableField]) -> dict[str, Any]:
    """The product columns a delegated delivery sets (prices are observations, written apart)."""
    values: dict[str, Any] = {}
    if accounts.DelegableField.AVAILABILITY in fields:
        values["product_state"] = record.product_state[:100]
    if accounts.DelegableField.ACCESS_URL in fields:
        values["access_url"] = (record.access_url or "")[:1000]
    return values


def _write_delegated(
    items: list[IncomingRecord],
    rights: dict[str, _Right],
    pks: dict[str, int],
    *,
    now: datetime.datetime,
    run_id: int | None,
    outcome: BatchOutcome,
) -> None:
    undo.journal_rows(run_id, undo.PRODUCT, Product, [pks[i.key] for i in items], PRODUCT_COLUMNS)
    for item in items:
        values = _delegated_values(item.record, rights[item.key].right.fields)
        Product.objects.filter(pk=pks[item.key]).update(updated_at=now, **values)
    with_prices = [i for i in items if accounts.DelegableField.PRICES in rights[i.key].right.fields]
    existed = {pks[i.key] for i in with_prices}
    outcome.price_changes += _write_prices(with_prices, pks, now=now, existed=existed, run_id=run_id)


def _written(
    changed: list[IncomingRecord],
    pks: dict[str, int],
    rows: dict[str, dict[str, object]],
    existed: set[int],
    cache: LookupCache,
) -> list[search_document.Written]:
    """What the batch wrote per product, for its search documents (the last delivery of a key wins, as above)."""
    today = timezone.localdate()
    formats: dict[str, set[str]] = {}
    for item in changed:
        formats.setdefault(item.key, set()).add(item.record.format_id)
    last = {i.key: i for i in changed}
    written = []
    for key, row in sorted(rows.items(), key=lambda kv: pks[kv[0]]):
        pk = pks[key]
        created = pk not in existed
        delivered = last[key].record.prices if created else ()
        prices, _apart = applicable_lines([(p.valid_from, p.kind, p) for p in delivered], today)
        written.append(
            search_document.Written(
                pk,
                row,
                cache.name("method", row["method_id"]),
                cache.name("organisation", row["publisher_id"]),
                created,
                tuple(search_document.stored_line(p.amount_cents, p.vat_percent, p.unit) for p in prices),
                frozenset(formats[key]) if created else frozenset(),
            )
        )
    return written


PRODUCT_COLUMNS = [
    "product_id",
    "uri",
    "title",
    "description",
    "method_id",
    "publisher_id",
    "supplier_id",
    "product_type",
    "type_raw",
    "sectors",
    "level_ids",
    "subject_ids",
    "objective_ids",
    "curriculum_raw",
    "keywords",
    "language",
    "licence",
    "licence_raw",
    "is_paid",
    "licence_options",
    "licence_duration",
    "sale_unit_size",
    "product_state",
    "end_user_roles",
    "first_published",
    "end_of_life",
    "last_revision",
    "access_url",
    "information_url",
    "thumbnail_url",
    "short_description",
    "authors",
    "edition",
    "content_url",
    "trial_url",
    "specific_access_urls",
    "licence_start_date",
    "licence_end_date",
    "additional_licence_options",
    "activation_before_days",
    "activation_before_date",
    "environments",
    "followup_product_ids",
    "related_product_ids",
    "for_sale",
    "consumable",
    "supported_until",
    "is_demo",
    "withdrawn_at",
    "withdrawn_by",
    "updated_at",
]
# The columns of a provenance row an ingest batch may change (as attribute names), journalled for undo.
PROVENANCE_JOURNAL = [
    "product_id",
    "format",
    "format_version",
    "content_hash",
    "raw",
    "warnings",
    "harvested_at",
    "run_id",
    "status",
    "conflict",
    "withdrawn_at",
]
# The same columns as the upsert names them (the foreign key by its field name).
PROVENANCE_UPDATE = ["product" if name == "product_id" else name for name in PROVENANCE_JOURNAL]


def _write_products(
    changed: list[IncomingRecord],
    cache: LookupCache,
    outcome: BatchOutcome,
    *,
    now: datetime.datetime,
    run_id: int | None,
    existing: dict[str, int] | None = None,
) -> tuple[dict[str, int], dict[str, dict[str, object]]]:
    """Insert the new products, update the others (journalled); `existing`: key -> id of the products that exist
    (looked up when not given). Returns key -> product id and the rows written."""
    by_key = {i.key: i for i in changed}
    if existing is None:
        existing = dict(select_in(Product, ["key", "id"], "key", by_key))
    rows = {key: _product_fields(item, cache, now) for key, item in by_key.items()}
    undo.journal_rows(run_id, undo.PRODUCT, Product, existing.values(), PRODUCT_COLUMNS)
    new_rows = []
    for key, row in rows.items():
        if key not in existing:  # the insert's own columns, added to the row (search documents read only columns)
            row.update(uuid=uuid.uuid4(), key=key, created_at=now, created_run_id=run_id, owner_id=cache.owner_id)
            new_rows.append(row)
    bulk.insert(Product, ["uuid", "key", "created_at", "created_run_id", "owner_id", *PRODUCT_COLUMNS], new_rows)
    bulk.update_by_pk(Product, PRODUCT_COLUMNS, ((existing[key], row) for key, row in rows.items() if key in existing))
    pks = dict(select_in(Product, ["key", "id"], "key", by_key))
    for item in changed:
        outcome.outcomes[item.record_id] = "updated" if item.key in existing else "created"
    outcome.created += sum(1 for i in changed if i.key not in existing)
    outcome.updated += sum(1 for i in changed if i.key in existing)
    return pks, rows


def _write_provenance(
    changed: list[IncomingRecord],
    pks: dict[str, int],
    *,
    now: datetime.datetime,
    run_id: int | None,
    statuses: dict[str, tuple[str, str]] | None = None,
    provenance_ids: dict[tuple[str, str], int] | None = None,
) -> None:
    """One provenance row per (source, record id); `statuses`: record id -> (status, reason) for deliveries that
    were not the owner's (delegated fields or a claim); `provenance_ids`: (source, record id) -> id of the
    provenance row of those records that have one already (looked up when not given), journalled for undo before
    the upsert."""
    status_of = statuses or {}
    if run_id is not None and provenance_ids is not None:
        journalled = [pk for i in changed if (pk := provenance_ids.get((i.source, i.record_id))) is not None]
        undo.journal_rows(run_id, undo.PROVENANCE, Provenance, journalled, PROVENANCE_JOURNAL)
    elif run_id is not None:
        for source in dict.fromkeys(i.source for i in changed):
            ids = [i.record_id for i in changed if i.source == source]
            stored = [pk for (pk,) in select_in(Provenance, ["id"], "record_id", ids, where={"source": source})]
            undo.journal_rows(run_id, undo.PROVENANCE, Provenance, stored, PROVENANCE_JOURNAL)
    bulk.insert(
        Provenance,
        [
            "product",
            "source",
            "record_id",
            "format",
            "format_version",
            "content_hash",
            "raw",
            "warnings",
            "first_seen",
            "harvested_at",
            "run_id",
            "status",
            "conflict",
            "withdrawn_at",
        ],
        (
            {
                "product": pks[i.key],
                "source": i.source,
                "record_id": i.record_id,
                "format": i.record.format_id,
                "format_version": i.record.format_version,
                "content_hash": i.content_hash,
                "raw": i.record.raw,
                "warnings": [{"code": w.code, "field": w.field, "message": w.message_nl} for w in i.warnings],
                "first_seen": now,  # kept on conflict: first_seen is not among PROVENANCE_UPDATE
                "harvested_at": now,
                "run_id": run_id,
                "status": status_of.get(i.record_id, (ProvenanceStatus.AUTHORITATIVE, ""))[0],
                "conflict": status_of.get(i.record_id, (ProvenanceStatus.AUTHORITATIVE, ""))[1][:500],
                "withdrawn_at": None,
            }
            for i in changed
        ),
        conflict=["source", "record_id"],
        update=PROVENANCE_UPDATE,
    )


def _write_prices(
    changed: list[IncomingRecord],
    pks: dict[str, int],
    *,
    now: datetime.datetime,
    existed: set[int],
    run_id: int | None = None,
) -> int:
    """A new price snapshot for products whose lines differ from their latest one (new products: always)."""
    latest = _latest_prices(sorted(existed))  # a product created in this batch has no history to compare
    rows: list[dict[str, object]] = []
    snapshots = 0
    for item in {i.key: i for i in changed}.values():
        pid = pks[item.key]
        if not item.record.prices or (pid in latest and latest[pid] == price_lines(item.record)):
            continue
        snapshots += 1
        rows.extend(
            {
                "product": pid,
                "observed_at": now,
                "amount_cents": p.amount_cents,
                "vat_percent": p.vat_percent,
                "currency": p.currency[:3],
                "unit": p.unit[:200],
                "is_indicative": item.record.price_is_indicative,
                "source": item.source,
                "line": n,
                "run_id": run_id,
                "valid_from": p.valid_from,
                "kind": p.kind[:20],
                "min_quantity": p.min_quantity,
            }
            for n, p in enumerate(item.record.prices)
        )
    bulk.insert(
        PriceObservation,
        [
            "product",
            "observed_at",
            "amount_cents",
            "vat_percent",
            "currency",
            "unit",
            "is_indicative",
            "source",
            "line",
            "run_id",
            "valid_from",
            "kind",
            "min_quantity",
        ],
        rows,
    )
    return snapshots


def _write_parts(
    changed: list[IncomingRecord], pks: dict[str, int], *, existed: set[int], run_id: int | None = None
) -> None:
    with_parts = {pks[i.key]: i for i in changed}
    undo.journal_parts(run_id, existed)
    ProductPart.objects.filter(product_id__in=sorted(existed)).delete()  # new products have no parts yet
    bulk.insert(
        ProductPart,
        ["product", "code", "title", "ordering"],
        (
            {"product": pid, "code": sp.product_id[:100], "title": sp.title[:1000], "ordering": sp.ordering or n + 1}
            for pid, item in with_parts.items()
            for n, sp in enumerate(item.record.sub_products)
        ),
    )
