"""Candidates for a profile (W8, issue 16 §1-3): the catalogue, alignment, quality and market data of every product
that could serve the profile, gathered through the other apps' services in one query per kind of data.

Who is a candidate: a catalogue product of the profile's sector and subject (grouped as in the search), not
withdrawn, whose levels overlap the profile's levels when both name levels; parts of a bundle sold on their own and
free open material (NL-LOM) included.

Per candidate (each value keeps its evidence, so every figure can be explained):
- price: the market's price fact of the cost year (one source: `market.service.pupil_prices`, per pupil per school
  year incl. VAT by the catalogue's rules; free open material € 0); cost = price x pupils. No price: not in the mix,
  listed apart with the market's reason.
- goals covered (only the required ones): alignment links with provenance confirmed or declared, suggested ones only
  with `count_suggested` (`alignment.service.goal_links`: a part naming the product, or a part naming no product
  for the method's pupil lesson material), plus the goals the product itself declares (`objective_ids`).
- criteria in 0..1: price (ranking.price_values over the known prices), quality (`quality.service.quality_facts`),
  coverage (share of the required goals), privacy (unknown for every product until W9), openness (open or free = 1,
  else 1 - lock-in composite / 100, unknown without a composite).
- must-haves: eduv (the owner's declaration), accessible (expert median on "Toegankelijkheid" >= 3), sold_separately
  (`for_sale`, open material counts as available on its own), privacy_approved (W9) and no_high_risk_ai (W10) not yet
  recorded: an unknown fact fails, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from wijzer.alignment import service as alignment
from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum
from wijzer.market import service as market
from wijzer.quality import service as quality

from .domain.profile import MUST_HAVES, ProfileInvalid, ProfileSpec
from .domain.ranking import CriterionValue, MustHaveCheck, coverage_value, price_values

PRIVACY_UNKNOWN = "onbekend: Wijzer registreert verwerkersovereenkomsten pas met W9"
NO_QUALITY = "onbekend: nog geen kwaliteitsprofiel (geen beoordelingen of ervaringen)"
AI_UNKNOWN = "onbekend: Wijzer registreert AI-functies en hun risico pas met W10"
UNKNOWN_SUBJECT = (
    "Dit vak kent Wijzer niet. Geef de SLO-id of de naam van een vak, bijvoorbeeld ‘Rekenen en wiskunde’ of "
    "‘Nederlands’ (zie /curriculum/)."
)


@dataclass(frozen=True, slots=True)
class GoalInfo:
    id: str
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a candidate covers a goal: a method part with its provenance, or the product's own declaration."""

    provenance: str  # confirmed | declared | suggested | product
    text: str  # Dutch


@dataclass(frozen=True, slots=True)
class Candidate:
    product: catalog.ChoiceProduct
    price_per_pupil_cents: int | None
    price_reason: str  # Dutch; why there is no price ("" when known)
    cost_cents: int | None  # price x pupils
    covers: Mapping[str, tuple[Evidence, ...]]  # required goal id -> why (in the order of the required goals)
    values: Mapping[str, CriterionValue]
    must_haves: tuple[MustHaveCheck, ...]
    vision_match: tuple[str, ...]  # the profile's vision preferences the product declares

    @property
    def id(self) -> str:
        return self.product.uuid

    @property
    def title(self) -> str:
        return self.product.title

    @property
    def passes(self) -> bool:
        return all(check.passed is True for check in self.must_haves)

    @property
    def failed_reasons(self) -> tuple[str, ...]:
        return tuple(check.reason for check in self.must_haves if check.passed is not True)


@dataclass(frozen=True, slots=True)
class Assembly:
    spec: ProfileSpec
    subject_uuid: str
    subject_title: str
    goals: tuple[GoalInfo, ...]  # the required goals, in SLO order (or the order given)
    candidates: tuple[Candidate, ...]  # by title
    price_year: int | None
    levels: Mapping[str, str] = field(default_factory=dict)  # level ids the subject's products name -> title

    def goal(self, goal_id: str) -> GoalInfo:
        return next((g for g in self.goals if g.id == goal_id), GoalInfo(goal_id, goal_id, ""))

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.goals)

    def candidate(self, candidate_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)

    @property
    def is_demo(self) -> bool:
        return any(c.product.is_demo for c in self.candidates)


def euro(cents: int | float) -> str:
    text = f"{cents / 100:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def resolve_subject(value: str) -> tuple[str, str]:
    """(SLO uuid, title) of the profile's subject; ProfileInvalid (Dutch, field `subject`) when unknown."""
    found = curriculum.subject_by_id_or_name(value)
    if found is None:
        raise ProfileInvalid(UNKNOWN_SUBJECT, {"subject": UNKNOWN_SUBJECT})
    return found


def required_goals(spec: ProfileSpec, subject_uuid: str) -> tuple[GoalInfo, ...]:
    """The profile's required goals: the listed ones (each must exist in the framework), else every goal of the
    framework for the subject and sector. ProfileInvalid (Dutch) for unknown goals."""
    if spec.required_goals:
        found = {g[0]: g for g in curriculum.goal_refs(framework=spec.framework, goal_ids=list(spec.required_goals))}
        unknown = [g for g in spec.required_goals if g not in found]
        if unknown:
            message = (
                f"{len(unknown)} van de gekozen doelen {'bestaat' if len(unknown) == 1 else 'bestaan'} niet in het "
                f"kader {spec.framework}: {', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}. Kies doelen "
                "uit dat kader of laat de lijst leeg (alle doelen van vak en sector)."
            )
            raise ProfileInvalid(message, {"required_goals": message})
        return tuple(GoalInfo(*found[g]) for g in spec.required_goals)
    rows = curriculum.goal_refs(framework=spec.framework, sector=spec.sector, subject_uuid=subject_uuid)
    return tuple(GoalInfo(*row) for row in rows)


def _levels_overlap(spec: ProfileSpec, product: catalog.ChoiceProduct) -> bool:
    return not spec.levels or not product.level_ids or bool(set(spec.levels) & set(product.level_ids))


def _must_have(
    code: str, product: catalog.ChoiceProduct, lockin: market.LockInFacts | None, facts: quality.QualityFacts | None
) -> MustHaveCheck:
    label = MUST_HAVES[code]
    if code == "privacy_approved":
        return MustHaveCheck(code, None, f"{label}: {PRIVACY_UNKNOWN}")
    if code == "no_high_risk_ai":
        return MustHaveCheck(code, None, f"{label}: {AI_UNKNOWN}")
    if code == "sold_separately":
        if product.is_open and product.is_paid is not True:
            return MustHaveCheck(code, True, f"{label}: vrij beschikbaar open materiaal")
        words = {True: "ja", False: "nee, alleen in een pakket", None: "onbekend: de catalogus zegt het niet"}
        return MustHaveCheck(code, product.for_sale, f"{label}: {words[product.for_sale]}")
    if code == "eduv":
        if lockin is None:
            return MustHaveCheck(code, None, f"{label}: onbekend: de uitgever heeft niets opgegeven over Edu-V")
        verdict = lockin.supports_eduv
        prefix = "onbekend: " if verdict is None else ""
        return MustHaveCheck(code, verdict, f"{label}: {prefix}{lockin.eduv_evidence}")
    # accessible
    if facts is None:
        return MustHaveCheck(code, None, f"{label}: {NO_QUALITY}")
    return MustHaveCheck(code, facts.accessible, f"{label}: {facts.accessible_evidence}")


def _price(product: catalog.ChoiceProduct, price: market.PupilPrice | None, year: int | None) -> tuple[int | None, str]:
    if price is not None:
        return price.incl_cents, price.reason
    if product.is_open and product.is_paid is not True:
        return 0, ""  # free open material that the monitor does not count (yet)
    if year is None:
        return None, "nog geen prijsfeiten in de marktmonitor"
    return None, f"geen prijs in {year} in de marktmonitor"


def _links_by_owner(
    links: list[alignment.GoalLink], wanted: set[str]
) -> tuple[dict[int, list[alignment.GoalLink]], dict[int, list[alignment.GoalLink]]]:
    by_product: dict[int, list[alignment.GoalLink]] = {}
    by_method: dict[int, list[alignment.GoalLink]] = {}
    for link in links:
        if link.goal_id not in wanted:
            continue
        if link.product_pk is not None:
            by_product.setdefault(link.product_pk, []).append(link)
        else:
            by_method.setdefault(link.method_pk, []).append(link)
    return by_product, by_method


def _covers(
    product: catalog.ChoiceProduct,
    by_product: dict[int, list[alignment.GoalLink]],
    by_method: dict[int, list[alignment.GoalLink]],
    wanted: set[str],
) -> dict[str, list[Evidence]]:
    covers: dict[str, list[Evidence]] = {}
    own = list(by_product.get(product.pk, []))
    if product.method_id is not None and alignment.inherits_method_links(product.product_type, product.end_user_roles):
        own += by_method.get(product.method_id, [])
    method = f" van {product.method_name}" if product.method_name else ""
    for link in own:
        text = f"onderdeel ‘{link.part_title}’{method}: {link.provenance_text}"
        if link.strength == "partial":
            text += " (gedeeltelijk)"
        covers.setdefault(link.goal_id, []).append(Evidence(link.provenance, text))
    for goal_id in product.objective_ids:
        if goal_id in wanted:
            covers.setdefault(goal_id, []).append(
                Evidence("product", "het product zelf noemt dit doel (opgave van de aanbieder)")
            )
    return covers


def assemble(spec: ProfileSpec, *, subject: tuple[str, str] | None = None) -> Assembly:
    """The candidates of a profile with everything the ranking and the mix need (see the module text).
    ProfileInvalid (Dutch) for an unknown subject or unknown required goals."""
    subject_uuid, subject_title = subject or resolve_subject(spec.subject)
    goals = required_goals(spec, subject_uuid)
    wanted = {g.id for g in goals}
    products = [p for p in catalog.choice_products(spec.sector, subject_uuid) if _levels_overlap(spec, p)]
    level_titles = {u: t for u, (t, _kind) in curriculum.level_info().items()}
    levels = {lid: level_titles[lid] for p in products for lid in p.level_ids if lid in level_titles}
    pks = [p.pk for p in products]
    market.ensure_fresh()
    year, prices = market.pupil_prices(pks)
    lockins = market.lockin_facts(pks)
    qualities = quality.quality_facts(pks)
    methods = {p.method_id for p in products if p.method_id is not None}
    links = alignment.goal_links(
        product_pks=pks, method_pks=methods, framework=spec.framework, count_suggested=spec.count_suggested
    )
    by_product, by_method = _links_by_owner(links, wanted)
    order = {g.id: n for n, g in enumerate(goals)}
    priced = [_price(product, prices.get(product.pk), year) for product in products]
    price_scores = price_values([per_pupil for per_pupil, _reason in priced])
    candidates = []
    for product, (per_pupil, reason), price_score in zip(products, priced, price_scores, strict=True):
        lockin = lockins.get(product.pk)
        facts = qualities.get(product.pk)
        covers = _covers(product, by_product, by_method, wanted)
        covered = sorted(covers, key=order.__getitem__)
        price_text = f"{euro(per_pupil)} per leerling per jaar (prijsjaar {year})" if per_pupil is not None else reason
        values = {
            "price": CriterionValue(price_score, price_text),
            "quality": (CriterionValue(facts.value, facts.evidence) if facts else CriterionValue(None, NO_QUALITY)),
            "coverage": CriterionValue(
                coverage_value(covered, wanted), f"dekt {len(covered)} van de {len(goals)} vereiste doelen"
            ),
            "privacy": CriterionValue(None, PRIVACY_UNKNOWN),
            "openness": _openness(product, lockin),
        }
        candidates.append(
            Candidate(
                product=product,
                price_per_pupil_cents=per_pupil,
                price_reason=reason,
                cost_cents=None if per_pupil is None else per_pupil * spec.pupils,
                covers={goal: tuple(covers[goal]) for goal in covered},
                values=values,
                must_haves=tuple(_must_have(code, product, lockin, facts) for code in spec.must_haves),
                vision_match=tuple(v for v in spec.vision if v in product.visions),
            )
        )
    return Assembly(spec, subject_uuid, subject_title, goals, tuple(candidates), year, levels)


def _openness(product: catalog.ChoiceProduct, lockin: market.LockInFacts | None) -> CriterionValue:
    if product.is_open:
        licence = f" ({product.licence})" if product.licence else ""
        return CriterionValue(1.0, f"open licentie of gratis{licence}")
    if lockin is None or lockin.composite is None:
        return CriterionValue(None, "onbekend: geen gegevens over afhankelijkheid (W7)")
    score = lockin.composite
    return CriterionValue(
        1 - score / 100,
        f"afhankelijkheidsscore {score:.0f} van 100 ({lockin.known} van {lockin.total} bekend): 1 − {score:.0f}/100",
    )
