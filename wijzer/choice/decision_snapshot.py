"""The snapshot a decision stores (W8 §4), so its record and report stay true when the data change later.

Format 1 (JSON, every amount in cents incl. VAT, every text in Dutch):

- `organisation`, `shortlist`, `decided_on`, `summary`, `participants` [{uuid, name, email}], `recorded_on`;
- `profile`: the profile's fields (or null) and `weights` (as saved; the ranking normalises them);
- `ranking`: {"available", "reason", "weights" (normalised), "rule", "top": [{rank, uuid, title, score,
  contributions: [{criterion, label, value, weight, contribution, evidence}]}], "failed": [{uuid, title, reasons}]}
  (top `TOP_RANKED`); `mix`: {"available", "reason", "status", "status_text", "items": [{uuid, title, cost_cents}],
  "total_cost_cents", "covered", "uncovered", "budget_cents", "alternatives"} — both from the choice support's
  ranking and mix for the shortlist's profile, "available": false with the reason when there is no profile or they
  cannot be computed;
- `products`: every product of the shortlist: uuid, title, type, publisher, status (and its label), note, note by and
  when, price per pupil per year (or the reason), per year for the profile's pupils, coverage per framework, the
  profile's required goals covered, the quality summary;
- `costs`: the chosen products (status "besluit", else "voorkeur"): their price per pupil per year summed, the
  products without a price, and the benchmark (`market.service.benchmark_for`) with its steps and the share.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.market import service as market

from . import shortlist_query as reads
from .candidates import Assembly
from .constants import EntryStatus, GoalFramework
from .domain.ranking import Contribution, Ranking, RankingError
from .models import ChoiceProfile, Shortlist
from .outcome import mix_assembly, mix_json, rank_assembly

FORMAT = 1
TOP_RANKED = 10
NO_PROFILE = "Deze shortlist hoort bij geen profiel; daarom zijn er geen rangschikking en mix vastgelegd."
NOT_COMPUTED = "De rangschikking en de mix konden bij het vastleggen niet worden berekend."


def person(user: accounts.User) -> dict[str, str]:
    return {"uuid": str(user.uuid), "name": user.get_full_name() or user.email, "email": user.email}


def profile_data(profile: ChoiceProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "uuid": str(profile.uuid),
        "name": profile.name,
        "sector": profile.sector,
        "level_ids": list(profile.level_ids),
        "subject_id": profile.subject_id,
        "pupils": profile.pupils,
        "budget_per_pupil_cents": profile.budget_per_pupil_cents,
        "budget_cents": profile.budget_per_pupil_cents * profile.pupils,
        "framework": profile.framework,
        "framework_label": str(GoalFramework(profile.framework).label)
        if profile.framework in GoalFramework.values
        else profile.framework,
        "required_goal_ids": list(profile.required_goal_ids),
        "vision": list(profile.vision),
        "weights": dict(profile.weights),
        "must_haves": list(profile.must_haves),
        "count_suggested": profile.count_suggested,
    }


def product_data(row: reads.Row) -> dict[str, Any]:
    entry, product, price = row.entry, row.product, row.price
    return {
        "uuid": str(product.uuid),
        "title": product.title,
        "type": str(product.get_product_type_display()),
        "publisher": product.publisher.name if product.publisher else "",
        "is_demo": product.is_demo,
        "status": entry.status,
        "status_label": str(EntryStatus(entry.status).label),
        "note": entry.note,
        "note_by": entry.updated_by.get_full_name() or entry.updated_by.email,
        "note_at": timezone.localtime(entry.updated_at).isoformat(),
        "price_year": price.year,
        "price_per_pupil_cents": price.per_pupil_cents,
        "price_reason": price.reason,
        "per_year_cents": price.per_year_cents,
        "method": row.method_name,
        "coverage": row.coverage,
        "required": row.required,
        "quality": row.quality,
    }


def _share(cost: int, benchmark: int) -> str:
    return str((Decimal(100 * cost) / benchmark).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def costs(products: Sequence[dict[str, Any]], profile: ChoiceProfile | None, year: int | None) -> dict[str, Any]:
    """The chosen products' cost per pupil per year beside the indexed benchmark."""
    chosen = [p for p in products if p["status"] == EntryStatus.DECIDED]
    basis = "besluit"
    if not chosen:
        chosen, basis = [p for p in products if p["status"] == EntryStatus.PREFERRED], "voorkeur"
    priced = [p for p in chosen if p["price_per_pupil_cents"] is not None]
    per_pupil = sum(int(p["price_per_pupil_cents"]) for p in priced)
    sectors = (profile.sector,) if profile is not None and profile.sector else ()
    benchmark = market.benchmark_for(year, sectors)
    share = _share(per_pupil, benchmark.amount_cents) if benchmark.amount_cents and chosen and priced else None
    return {
        "basis": basis,
        "products": [p["uuid"] for p in chosen],
        "per_pupil_cents": per_pupil if priced else None,
        "per_year_cents": per_pupil * profile.pupils if priced and profile is not None else None,
        "without_price": [p["title"] for p in chosen if p["price_per_pupil_cents"] is None],
        "benchmark": {
            "applies": benchmark.applies,
            "amount_cents": benchmark.amount_cents,
            "message": benchmark.message.strip(),
            "steps": list(benchmark.steps),
            "cpi_year": benchmark.cpi_year,
        },
        "percent_of_benchmark": share,
        "explanation": (
            "Kosten per leerling per jaar = de som van de prijzen per leerling per schooljaar (incl. btw) van de "
            f"producten met status ‘{basis}’. De benchmark is het bedrag voor álle leermiddelen van een "
            "vo-leerling per jaar, niet voor één vak: het percentage zegt welk deel van dat bedrag deze keuze vraagt."
        ),
    }


def ranking_data(ranking: Ranking, top: int = TOP_RANKED) -> dict[str, Any]:
    def parts(contributions: Sequence[Contribution]) -> list[dict[str, Any]]:
        return [
            {
                "criterion": c.criterion,
                "label": c.label,
                "value": c.value,
                "weight": c.weight,
                "contribution": c.contribution,
                "evidence": c.evidence,
            }
            for c in contributions
        ]

    return {
        "available": True,
        "weights": dict(ranking.weights),
        "rule": ranking.rule,
        "count": len(ranking.ranked),
        "top": [
            {"rank": r.rank, "uuid": r.id, "title": r.title, "score": r.score, "contributions": parts(r.contributions)}
            for r in ranking.ranked[:top]
        ],
        "failed": [{"uuid": f.id, "title": f.title, "reasons": list(f.reasons)} for f in ranking.failed],
    }


def analysis(assembly: Assembly | None, reason: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]]:
    """The ranking (top), the mix of the profile's candidates and each candidate's place; or why they are not
    there."""
    if assembly is None:
        return {"available": False, "reason": reason}, {"available": False, "reason": reason}, {}
    places: dict[str, int] = {}
    try:
        ranking = rank_assembly(assembly)
    except RankingError as bad:
        ranked = {"available": False, "reason": f"De rangschikking kon niet worden berekend: {bad}"}
    else:
        ranked = ranking_data(ranking)
        places = {r.id: r.rank for r in ranking.ranked}
    mix = mix_json(mix_assembly(assembly))
    mix.pop("profile", None)  # stored once, under "profile"
    return ranked, {"available": True, **mix}, places


def build(
    shortlist: Shortlist,
    *,
    decided_on: datetime.date,
    participants: Sequence[accounts.User],
    summary: str,
    today: datetime.date,
) -> dict[str, Any]:
    compared = reads.comparison(shortlist, today=today)
    products = [product_data(row) for row in compared.rows]
    profile = shortlist.profile
    reason = NO_PROFILE if profile is None else (compared.notes[0] if compared.notes else NOT_COMPUTED)
    ranking, mix, places = analysis(compared.assembly, reason)
    for product in products:
        product["rank"] = places.get(product["uuid"])
    organisation = shortlist.organisation
    return {
        "format": FORMAT,
        "organisation": {"uuid": str(organisation.uuid), "name": organisation.name},
        "shortlist": {"uuid": str(shortlist.uuid), "name": shortlist.name},
        "decided_on": decided_on.isoformat(),
        "recorded_on": today.isoformat(),
        "summary": summary,
        "participants": [person(u) for u in participants],
        "profile": profile_data(profile),
        "ranking": ranking,
        "mix": mix,
        "products": products,
        "costs": costs(products, profile, compared.year),
        "is_demo": compared.has_demo,
    }
