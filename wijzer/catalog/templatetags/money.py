from __future__ import annotations

from django import template

from wijzer.catalog.domain.search.facets import LICENCE_LABELS

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """1234 -> "€ 12,34" (Dutch notation)."""
    if cents is None:
        return "–"
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


# Words for people (W5.3): codes as delivered get their Dutch names on the pages.
FORMAT_LABELS = {
    "eck_catalog": "ECK CatalogService",
    "eduv_json": "Edu-V (JSON)",
    "eduv_csv": "Edu-V (CSV)",
    "nl_lom": "NL-LOM",
    "csv": "CSV-bestand",
}
DELIVERED_TERMS = {  # English values suppliers deliver for the product type or medium
    "web browser": "in de webbrowser",
    "downloadable installer": "te installeren programma",
    "poster": "poster",
    "book": "boek",
}
CURRICULUM_KEYS = {"sectors": "sectoren", "levels": "niveaus", "years": "leerjaren", "subjects": "vakken",
                   "courses": "cursussen"}  # fmt: skip


@register.filter
def licence_name(code: str | None) -> str:
    """A licence code by its name: cc-by-4.0 -> "CC BY 4.0", copyright -> "Alle rechten voorbehouden"."""
    return LICENCE_LABELS.get(code or "", code or "onbekend")


@register.filter
def format_name(code: str | None) -> str:
    return FORMAT_LABELS.get(code or "", code or "onbekend")


@register.filter
def delivered_term(value: str | None) -> str:
    return DELIVERED_TERMS.get((value or "").strip().casefold(), value or "")


@register.filter
def curriculum_key(key: str) -> str:
    return CURRICULUM_KEYS.get(key, key)


@register.filter
def curriculum_items(raw: dict[str, list[str]] | None) -> list[tuple[str, list[str]]]:
    """The delivered curriculum strings in one order on every database (PostgreSQL's jsonb reorders keys)."""
    found = raw or {}
    order = [*CURRICULUM_KEYS, *sorted(k for k in found if k not in CURRICULUM_KEYS)]
    return [(key, found[key]) for key in order if found.get(key)]


@register.filter
def per_pupil(cents: int | None) -> str:
    """A price per pupil per year incl. VAT: "gratis" for 0, else "€ 12,34 incl. btw"; "niet bekend" for None."""
    if cents is None:
        return "niet bekend"
    return "gratis" if int(cents) == 0 else f"{euro(cents)} incl. btw"
