"""Lock-in indicators per product and per publisher (W7 §7): reads, each value with its evidence.

Seven indicators, each 1 (locks in), 0 (open) or None (unknown):

- Edu-V, ECK, LTI and data export: from the product owner's own declaration (`LockInDeclaration`), never from what a
  feed says about its own rights; not declared = unknown.
- Only sold in a bundle (koppelverkoop): the catalogue's "los te koop" (`for_sale` False = only in a bundle).
- Licence term: the delivered licence duration (else the licence start and end dates) longer than one school year.
- Switching proxy: a school can neither take its data along (no data export, declared) nor try the product first
  (no trial link and no trial, preview or demo licence in the catalogue). Export or a trial = open; no export
  declared and no trial = unknown.

The codes and labels, the composite (100 x the mean of the known indicators, with "k van 7 bekend" beside it) and
the publisher mean are `domain.lockin`'s; this module finds the values and their evidence.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from wijzer.accounts.service import Organisation, OrganisationKind
from wijzer.catalog.service import Product, bundles_containing, licence_term_years
from wijzer.core.text import fold

from .domain import lockin as rules
from .exceptions import NotFound
from .models import LockInDeclaration

PRODUCT_NOT_FOUND = "Dit product staat niet in de catalogus. Controleer de link of de uuid van het product."
PUBLISHER_NOT_FOUND = "Deze uitgever is niet bekend in Wijzer. Controleer de link of de uuid van de organisatie."
PUBLISHER_KINDS = frozenset({OrganisationKind.PUBLISHER, OrganisationKind.DISTRIBUTOR, OrganisationKind.OWNER_GROUP})
TRIAL_WORDS = ("proef", "inkijk", "demo", "trial")
SCHOOL_YEAR_DAYS = 366  # a licence from start to end date longer than this binds beyond one school year

Code = rules.Indicator
# (code, what locks in): the domain's codes and labels, in its order
INDICATORS: tuple[tuple[str, str], ...] = tuple((code.value, rules.LABELS[code]) for code in rules.Indicator)
DECLARED_FIELDS: dict[Code, str] = {
    Code.NO_EDUV: "supports_eduv",
    Code.NO_ECK: "supports_eck",
    Code.NO_LTI: "supports_lti",
    Code.NO_EXPORT: "data_export",
}
DECLARED_QUESTIONS: dict[Code, str] = {
    Code.NO_EDUV: "Ondersteunt het product Edu-V (de afspraken voor gegevensuitwisseling in het onderwijs)?",
    Code.NO_ECK: "Ondersteunt het product de ECK-standaarden (bestellen en toegang via de educatieve contentketen)?",
    Code.NO_LTI: "Is het product met LTI in een ander leerplatform op te nemen?",
    Code.NO_EXPORT: "Kan een school leerlinggegevens en resultaten exporteren (om over te stappen)?",
}
VALUE_WORDS = {1: "zet vast", 0: "open", None: "onbekend"}
FORMULA = (
    "Samengestelde score = 100 × (aantal bekende indicatoren dat vastzet) / (aantal bekende indicatoren). Elke "
    "indicator is 1 (zet vast), 0 (open) of onbekend; een onbekende indicator telt niet mee, en hoeveel van de 7 "
    "bekend zijn staat ernaast. 0 betekent: alles wat bekend is, is open; 100: alles wat bekend is, zet vast."
)
PUBLISHER_FORMULA = (
    "Per uitgever: het gemiddelde van de samengestelde scores van haar producten met minstens één bekende "
    "indicator; n is het aantal van die producten. Producten zonder eigenaar tellen bij hun uitgever; een "
    "eigenaarsgroep telt de producten van haar uitgevers mee."
)
SWITCHING_RULE = (
    "Overstappen kost extra (benadering): 1 als de uitgever opgaf dat export niet kan én de catalogus geen proefversie "
    "of inkijkexemplaar noemt; 0 als export kan of er een proefversie is; anders onbekend."
)


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    value: int | None  # 1 locks in, 0 open, None unknown
    evidence: str  # where the value comes from, in Dutch
    source: str  # "declared" (by the product's owner), "catalogue" or "derived"

    @property
    def word(self) -> str:
        return VALUE_WORDS[self.value]


@dataclass(frozen=True, slots=True)
class ProductLockIn:
    product: Product
    indicators: tuple[Indicator, ...]
    declaration: LockInDeclaration | None
    bundles: tuple[Product, ...] = ()

    @property
    def lockin(self) -> rules.LockIn:
        return rules.LockIn(**{i.code: None if i.value is None else bool(i.value) for i in self.indicators})

    @property
    def scored(self) -> rules.Composite:
        return rules.composite(self.lockin)

    @property
    def composite(self) -> float | None:
        return self.scored.score

    @property
    def known(self) -> int:
        return self.scored.known

    @property
    def total(self) -> int:
        return self.scored.total

    @property
    def is_demo(self) -> bool:
        return self.product.is_demo or (self.declaration is not None and self.declaration.is_demo)


@dataclass(frozen=True, slots=True)
class PublisherLockIn:
    organisation: Organisation
    products: tuple[ProductLockIn, ...]

    @property
    def scored(self) -> rules.PublisherLockIn:
        found = rules.publisher_composites((self.organisation.pk, p.lockin) for p in self.products)
        return found.get(self.organisation.pk, rules.PublisherLockIn(None, 0, 0))

    @property
    def mean(self) -> float | None:
        return self.scored.score

    @property
    def n(self) -> int:
        """The products with a composite (at least one indicator known): the n of the mean."""
        return self.scored.n

    @property
    def is_demo(self) -> bool:
        return self.organisation.is_demo or any(p.is_demo for p in self.products)


def _day(value: datetime.date) -> str:
    """3 december 2026 (the site's language)."""
    return date_format(value, "j F Y")


def _switching_value(export: bool | None, trial: bool) -> int | None:
    """Open (0) when the data can be exported or the product tried first; locks in (1) with neither; else unknown."""
    if export is True or trial:
        return 0
    return 1 if export is False else None


# --- lookups ---------------------------------------------------------------------------------------------------------


def _uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def product_by_uuid(value: object) -> Product:
    """The catalogue product (owner and publisher loaded), or `NotFound` with a Dutch message (also when malformed)."""
    if isinstance(value, Product):
        return value
    key = _uuid(value)
    found = Product.objects.select_related("owner", "publisher").filter(uuid=key).first() if key else None
    if found is None:
        raise NotFound(PRODUCT_NOT_FOUND)
    return found


def publisher_by_uuid(value: object) -> Organisation:
    """A publisher, distributor or owner group, or `NotFound` with a Dutch message."""
    key = _uuid(value)
    found = Organisation.objects.filter(uuid=key, kind__in=PUBLISHER_KINDS).first() if key else None
    if found is None:
        raise NotFound(PUBLISHER_NOT_FOUND)
    return found


def owner_of(product: Product) -> Organisation | None:
    """The organisation that declares for a product: its owner (None = a platform product: admins only)."""
    return product.owner


# --- indicators ----------------------------------------------------------------------------------------------------


def _declared(code: Code, declaration: LockInDeclaration | None) -> Indicator:
    name = rules.LABELS[code]
    if declaration is None:
        return Indicator(code.value, name, None, "Niet opgegeven door de uitgever.", "declared")
    supports: bool | None = getattr(declaration, DECLARED_FIELDS[code])
    if supports is None:
        return Indicator(code.value, name, None, f"{declaration.organisation.name} gaf hier „onbekend” op.", "declared")
    when = _day(timezone.localtime(declaration.declared_at))
    answer = "ja" if supports else "nee"
    evidence = f"Opgegeven door {declaration.organisation.name} op {when}: {answer}."
    if code is Code.NO_EXPORT and supports and declaration.export_formats:
        evidence = f"{evidence[:-1]} ({declaration.export_formats})."
    return Indicator(code.value, name, 0 if supports else 1, evidence, "declared")


def _bundle(product: Product, bundles: tuple[Product, ...] | None) -> Indicator:
    name = rules.LABELS[Code.BUNDLE_ONLY]
    sale = {True: "ja", False: "nee", None: "niet aangeleverd"}[product.for_sale]
    evidence = f"Uit de catalogus: los te koop: {sale}."
    if bundles:
        evidence += " Onderdeel van: " + ", ".join(b.title for b in bundles[:5]) + ("…" if len(bundles) > 5 else "")
    return Indicator(
        Code.BUNDLE_ONLY.value,
        name,
        None if product.for_sale is None else int(not product.for_sale),
        evidence,
        "catalogue",
    )


def _term(product: Product) -> Indicator:
    name = rules.LABELS[Code.LONG_TERM]
    years: Decimal | None = licence_term_years(product) if product.licence_duration else None
    if years is not None:
        evidence = f"Uit de catalogus: licentieduur „{product.licence_duration}” = {_years_text(years)}."
        return Indicator(Code.LONG_TERM.value, name, 1 if years > 1 else 0, evidence, "catalogue")
    start, end = product.licence_start_date, product.licence_end_date
    if start is not None and end is not None and end >= start:
        days = (end - start).days
        evidence = (
            f"Uit de catalogus: licentie geldig van {_day(start)} tot {_day(end)} ({days} dagen; "
            f"langer dan {SCHOOL_YEAR_DAYS} dagen zet vast)."
        )
        return Indicator(Code.LONG_TERM.value, name, 1 if days > SCHOOL_YEAR_DAYS else 0, evidence, "catalogue")
    missing = f"„{product.licence_duration}” noemt geen termijn" if product.licence_duration else "niet aangeleverd"
    return Indicator(Code.LONG_TERM.value, name, None, f"Uit de catalogus: licentieduur {missing}.", "catalogue")


def _years_text(years: Decimal) -> str:
    if years == years.to_integral_value():
        return f"{int(years)} jaar"
    return f"{int(years * 12)} maanden"


def has_trial(product: Product) -> bool:
    """A trial or preview in the catalogue: a trial link, or a trial, preview or demo licence option."""
    options = [*product.additional_licence_options, *product.licence_options]
    return bool(product.trial_url) or any(
        word in fold(str(option)) for option in options for word in TRIAL_WORDS if option
    )


def _switching(declaration: LockInDeclaration | None, trial: bool) -> Indicator:
    name = rules.LABELS[Code.SWITCHING]
    export = declaration.data_export if declaration is not None else None
    export_text = {True: "ja", False: "nee", None: "niet opgegeven"}[export]
    evidence = (
        f"Afgeleid: export van gegevens (opgave uitgever): {export_text}; "
        f"proefversie of inkijkexemplaar in de catalogus: {'ja' if trial else 'nee'}."
    )
    return Indicator(Code.SWITCHING.value, name, _switching_value(export, trial), evidence, "derived")


def indicators_of(
    product: Product, declaration: LockInDeclaration | None, bundles: tuple[Product, ...] | None = None
) -> tuple[Indicator, ...]:
    """The seven indicators of a product, in the order of `INDICATORS`."""
    return (
        *(_declared(code, declaration) for code in DECLARED_FIELDS),
        _bundle(product, bundles),
        _term(product),
        _switching(declaration, has_trial(product)),
    )


def declaration_of(product: Product) -> LockInDeclaration | None:
    return LockInDeclaration.objects.select_related("organisation", "declared_by").filter(product_id=product.pk).first()


def product_lockin(value: object) -> ProductLockIn:
    """The lock-in of one product with the bundles it is part of; `NotFound` for an unknown product."""
    product = product_by_uuid(value)
    declaration = declaration_of(product)
    bundles = tuple(bundles_containing(product))
    return ProductLockIn(product, indicators_of(product, declaration, bundles), declaration, bundles)


def snapshot(product: Product, declaration: LockInDeclaration | None) -> dict[str, object]:
    """The indicators and the composite, for the audit row of a declaration (before and after)."""
    found = ProductLockIn(product, indicators_of(product, declaration), declaration)
    return {
        "indicators": {i.code: i.value for i in found.indicators},
        "composite": found.composite,
        "known": found.known,
    }


def publisher_products(organisation: Organisation) -> list[Product]:
    """The products of an organisation and of everything it owns (an owner group's publishers): those they own, and
    those they publish that have no owner; withdrawn products are left out."""
    tree = [o.pk for o in organisation.tree()]
    rows = Product.objects.filter(Q(owner_id__in=tree) | Q(owner__isnull=True, publisher_id__in=tree))
    return list(rows.filter(withdrawn_at__isnull=True).select_related("owner", "publisher").order_by("title", "pk"))


def publisher_lockin(value: object) -> PublisherLockIn:
    """Every product of a publisher with its indicators (bundle names are left out: they are on the product page)."""
    organisation = publisher_by_uuid(value)
    products = publisher_products(organisation)
    declarations = {
        d.product_id: d
        for d in LockInDeclaration.objects.filter(product_id__in=[p.pk for p in products]).select_related(
            "organisation"
        )
    }
    return PublisherLockIn(
        organisation,
        tuple(ProductLockIn(p, indicators_of(p, declarations.get(p.pk)), declarations.get(p.pk)) for p in products),
    )
