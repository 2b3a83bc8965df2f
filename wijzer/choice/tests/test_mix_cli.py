"""`wijzer mix --profile FILE.json [--json]` (W8 §5) on the demo profile, checked against the database and an
independent brute force (issue 16, "What will be checked"); bad files and profiles give a Dutch message, exit 2."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

import pytest

from wijzer.alignment.goals_query import LESSON_MATERIAL_TYPES
from wijzer.alignment.models import Alignment
from wijzer.catalog.models import Product
from wijzer.choice.candidates import assemble
from wijzer.choice.domain.profile import parse_profile
from wijzer.choice.outcome import eligible
from wijzer.curriculum.models import Goal
from wijzer.market.models import PriceFact

from .demo_world import demo_profile, load_demo_world


def run_mix(tmp_path: Path, profile: Any, *extra: str) -> str:
    path = tmp_path / "profiel.json"
    path.write_text(profile if isinstance(profile, str) else json.dumps(profile), encoding="utf-8")
    out = io.StringIO()
    call_command("mix", "--profile", str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def db_required_goals() -> list[str]:
    """Every kerndoel 2006 of VO rekenen en wiskunde, straight from the curriculum tables."""
    rows = Goal.objects.filter(
        framework="kerndoelen-2006", kind="kerndoel", sectors_key__contains="|vo|", subjects__slug="rekenen-en-wiskunde"
    ).distinct()
    return [str(u) for u in rows.order_by("position").values_list("uuid", flat=True)]


def db_covers(product: Product, goal: str) -> bool:
    """Whether the alignment data (or the product's own declaration) says `product` covers `goal`."""
    if goal in (product.objective_ids or []):
        return True
    links = Alignment.objects.filter(goal_uuid=goal, provenance__in=["confirmed", "declared"])
    if links.filter(part__product=product).exists():
        return True
    own_material = product.product_type in LESSON_MATERIAL_TYPES and product.end_user_roles != ["Onderwijsgever"]
    if not own_material or product.method_id is None:
        return False
    return links.filter(part__product__isnull=True, part__method_id=product.method_id).exists()


@pytest.fixture
def demo(slo: None) -> None:
    load_demo_world()


@pytest.mark.django_db
def test_the_demo_mix_is_right_by_the_database_and_by_brute_force(demo: None, tmp_path: Path) -> None:
    data = json.loads(run_mix(tmp_path, demo_profile(), "--json"))
    assert {"status", "items", "total_cost_cents", "covered", "uncovered"} <= set(data)
    assert data["status"] == "optimal"
    assert all(set(item) >= {"product_id", "title", "cost_cents"} for item in data["items"])

    # covered + uncovered are exactly the required goals (all goals of subject and sector), without overlap
    required = db_required_goals()
    assert len(required) == 9
    assert sorted(data["covered"] + data["uncovered"]) == sorted(required)
    assert not set(data["covered"]) & set(data["uncovered"])
    assert data["covered"], "the demo mix covers some goals"
    assert data["uncovered"], "the demo leaves goals that no candidate covers"

    # every covered goal is covered by an item of the mix according to the alignment data in the database
    products = {str(p.uuid): p for p in Product.objects.filter(uuid__in=[i["product_id"] for i in data["items"]])}
    assert len(products) == len(data["items"])
    for goal in data["covered"]:
        assert any(db_covers(products[item["product_id"]], goal) for item in data["items"]), goal
    # and the uncovered ones by no product of the mix
    for goal in data["uncovered"]:
        assert not any(db_covers(products[item["product_id"]], goal) for item in data["items"]), goal

    # the cost adds up: each item = its price fact of the cost year x pupils, the total = their sum, within budget
    year = PriceFact.objects.aggregate(y=Max("year"))["y"]
    for item in data["items"]:
        fact = PriceFact.objects.filter(product=products[item["product_id"]], year=year).first()
        price = fact.per_pupil_incl_cents if fact is not None else 0
        assert price is not None
        assert item["cost_cents"] == price * 120
    assert data["total_cost_cents"] == sum(item["cost_cents"] for item in data["items"])
    assert data["total_cost_cents"] <= 4500 * 120 == data["budget_cents"]
    assert data["cost_per_pupil_cents"] == round(data["total_cost_cents"] / 120)

    # no cheaper mix covers as many goals within budget: brute force over the candidates' distinct coverages
    chosen, _apart = eligible(assemble(parse_profile(demo_profile())))
    cheapest: dict[frozenset[str], int] = {}
    for candidate in chosen:
        goals = candidate.goals & set(required)
        if goals:
            cheapest[goals] = min(cheapest.get(goals, candidate.cost_cents), candidate.cost_cents)
    options = list(cheapest.items())
    assert 2 <= len(options) <= 16
    best: tuple[int, int] | None = None  # (-goals covered, cost)
    for size in range(len(options) + 1):
        for subset in itertools.combinations(options, size):
            cost = sum(c for _goals, c in subset)
            if cost > data["budget_cents"]:
                continue
            covered = len(frozenset().union(*[goals for goals, _c in subset])) if subset else 0
            best = min(best, (-covered, cost)) if best is not None else (-covered, cost)
    assert best == (-len(data["covered"]), data["total_cost_cents"])

    # each covered goal says which item covers it and why (provenance)
    rows = {row["id"]: row for row in data["goals"]}
    for goal in data["covered"]:
        assert rows[goal]["covered_by"][0]["evidence"], goal
    assert all(rows[goal]["reason"] == "geen kandidaat dekt dit doel" for goal in data["uncovered"])


@pytest.mark.django_db
def test_without_json_a_readable_dutch_summary(demo: None, tmp_path: Path) -> None:
    text = run_mix(tmp_path, demo_profile())
    assert "Status: optimaal." in text
    assert "Gedekt: 6 van de 9 vereiste doelen." in text
    assert "niet gedekt: VO Kerndoel 21" in text
    assert "Bewezen optimaal" in text


@pytest.mark.django_db
def test_impossible_must_haves_and_zero_budget_explain_what_to_relax(demo: None, tmp_path: Path) -> None:
    data = json.loads(run_mix(tmp_path, demo_profile(must_haves=["privacy_approved"]), "--json"))
    assert data["status"] == "no_mix"
    assert data["items"] == []
    assert "laat een harde eis los" in " ".join(data["explanation"])
    assert data["excluded"]
    assert all("W9" in " ".join(e["reasons"]) for e in data["excluded"])
    assert sorted(data["uncovered"]) == sorted(db_required_goals())

    zero = json.loads(run_mix(tmp_path, demo_profile(budget_per_pupil=0), "--json"))
    assert zero["total_cost_cents"] == 0
    assert all(item["cost_cents"] == 0 for item in zero["items"])  # free open material only
    assert "Het budget is € 0" in " ".join(zero["explanation"])
    assert sorted(zero["covered"] + zero["uncovered"]) == sorted(db_required_goals())

    pupils = json.loads(run_mix(tmp_path, demo_profile(pupils=0), "--json"))
    assert pupils["status"] == "no_mix"
    assert "0 leerlingen" in " ".join(pupils["explanation"])


@pytest.mark.django_db
def test_no_candidates_says_so(slo: None, tmp_path: Path) -> None:
    data = json.loads(run_mix(tmp_path, demo_profile(), "--json"))  # the catalogue is empty
    assert data["status"] == "no_mix"
    assert data["candidates"] == 0
    assert "Er is geen kandidaat" in data["explanation"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ('{"sector": "vo",', "geen geldige JSON (regel 1"),
        ("[1, 2]", "Het profiel moet een object"),
        ("", "geen geldige JSON"),
        (demo_profile(subject="Sterrenkunde voor katten"), "Dit vak kent Wijzer niet"),
        (demo_profile(pupils=-3), "mag niet negatief zijn"),
        (demo_profile(budget_per_pupil="veel"), "bedrag in euro"),
        (demo_profile(sector="mbo"), "kies een sector"),
        (demo_profile(weights={"price": 0}), "minstens één criterium"),
        (demo_profile(required_goals=["0d9e0b2c-7b8c-4b6e-9c3a-000000000000"]), "bestaat niet in het kader"),
    ],
)
def test_a_bad_profile_file_gives_a_dutch_message_and_exit_code_2(
    slo: None, tmp_path: Path, profile: Any, message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        run_mix(tmp_path, profile)
    assert message in str(refused.value)
    assert refused.value.returncode == 2


def test_a_missing_file_gives_a_dutch_message(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("mix", "--profile", str(tmp_path / "weg.json"), stdout=io.StringIO())
    assert "bestaat niet" in str(refused.value)
    assert refused.value.returncode == 2
