"""Reads of quality profiles (W6 §4): the stored profile expanded for a page or the API, and the search facet.

Nothing here recomputes: a page reads the one stored row (`QualityProfile`) and the cached topics and criteria of
its version (`actions.profiles.framework_spec`), so the product page block costs one query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from wijzer.core.db import select_in
from wijzer.quality import profile_html
from wijzer.quality.actions.profiles import framework_spec
from wijzer.quality.domain import profile as rules
from wijzer.quality.models import QualityProfile

HOW_COMPUTED = (
    "Per onderwerp tellen we de antwoorden van de ingediende expertbeoordelingen op de criteria van dat onderwerp "
    "(1 helemaal oneens, 2 deels oneens, 3 deels eens, 4 helemaal eens, of niet van toepassing) en de scores uit de "
    "zichtbare ervaringen van leraren, elk apart. 'Eens' is het aandeel 3 en 4 van de toepasselijke antwoorden. "
    "Alleen beoordelingen en ervaringen bij de versie van het kwaliteitskader die nu geldt tellen mee; verborgen "
    "ervaringen niet. Een ervaring heeft geverifieerd gebruik als de school van de leraar (of de hoofdschool van "
    "een vestiging) heeft opgegeven het product te gebruiken."
)


def rules_text(pass_at: int | None) -> dict[str, str]:
    """Every rule behind the figures, in Dutch, as shown on the page and in the API."""
    return {
        "how_computed": f"{HOW_COMPUTED} {rules.N_RULE}",
        "confidence_experts": rules.CONFIDENCE_RULE_EXPERTS,
        "confidence_teachers": rules.CONFIDENCE_RULE_TEACHERS,
        "gateway": rules.GATEWAY_RULE.format(pass_at=pass_at if pass_at is not None else "—"),
        "sort": rules.SORT_RULE,
    }


def expand(stored: QualityProfile) -> dict[str, Any]:
    """The full profile of a stored row: per topic and criterion the counts, shares, medians, n and confidence."""
    framework = stored.framework
    spec = framework_spec(framework)
    data = rules.from_compact(
        spec,
        stored.topics,
        reviews=stored.expert_reviews,
        experiences=stored.experiences,
        verified_experiences=stored.verified_experiences,
        demo=stored.is_demo,
    )
    built = rules.build(spec, data)
    built["computed_at"] = stored.computed_at
    built["rules"] = rules_text(spec.pass_at)
    return built


def profile_of(product_id: int) -> dict[str, Any] | None:
    """The expanded profile of a product, or None when it has no reviews or experiences (one query)."""
    stored = QualityProfile.objects.select_related("framework").filter(product_id=product_id).first()
    return expand(stored) if stored is not None else None


def search_contribution(product_ids: Sequence[int]) -> Mapping[int, tuple[list[str], int | None]]:
    """The W4 facet "kwaliteit" and the `quality` sort value of these products (one query per chunk of ids)."""
    rows = select_in(
        QualityProfile,
        ["product", "expert_reviews", "gateway", "experiences", "verified_experiences", "sort_value"],
        "product",
        product_ids,
    )
    return {
        pid: (rules.facet_values(reviews, gateway, experiences, verified), sort_value)
        for pid, reviews, gateway, experiences, verified, sort_value in rows
    }


def block_context(product: Any, *, full: bool = False, stored: QualityProfile | bool | None = True) -> dict[str, Any]:
    """What `{% quality_profile product %}` and the profile page show: the profile with a bar per distribution.
    `stored`: the product's profile row if the caller has read it already (None: it has none)."""
    if stored is True:
        stored = QualityProfile.objects.select_related("framework").filter(product_id=product.pk).first()
    shown = expand(stored) if isinstance(stored, QualityProfile) else None
    topics = None
    if shown is not None:
        for entry in shown["topics"]:
            entry["experts_bar"] = rules.bar(entry["experts"])
            entry["teachers_bar"] = rules.bar(entry["teachers"])
        topics = profile_html.topics_html(shown, bar_width=rules.BAR_WIDTH, full=full)
    return {
        "product": product,
        "profile": shown,
        "topics_html": topics,
        "full": full,
        "bar_width": rules.BAR_WIDTH,
        "legend": rules.BAR_COLOURS,
        "uuid": str(product.uuid),
    }


BLOCK_TEMPLATE = "quality/_product_profile.html"
CACHED_BLOCKS = 512
_blocks: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_lock = threading.Lock()


def block_html(product: Any) -> SafeString:
    """The product page block, rendered once per stored profile version and process (key: product, computed_at,
    version): a view reads one row and, for a profile seen before, renders nothing again."""
    stored = QualityProfile.objects.select_related("framework").filter(product_id=product.pk).first()
    key = (
        product.pk,
        product.uuid,
        stored.computed_at if stored is not None else None,
        (stored.framework_id, stored.framework.checksum) if stored is not None else None,
    )
    with _lock:
        html = _blocks.get(key)
        if html is not None:
            _blocks.move_to_end(key)
    if html is None:
        html = render_to_string(BLOCK_TEMPLATE, block_context(product, stored=stored))
        with _lock:
            _blocks[key] = html
            while len(_blocks) > CACHED_BLOCKS:
                _blocks.popitem(last=False)
    return mark_safe(html)  # noqa: S308 - rendered by the (autoescaping) template above
