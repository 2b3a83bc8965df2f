"""Documented mapping from delivered product kinds to ``Medium``.

ECK CatalogService ``Medium`` (values seen in the Kennisnet catalogue: "Web browser", "Boek", "Anders",
"CD-ROM", "DVD", "Downloadable installer") is too coarse on its own, so the title is used as a tie-breaker:

=====================================  =========================================================
ECK ``Medium``                          ``Medium``
=====================================  =========================================================
Boek, title mentions a licence         ``lifo_bundle`` (book + licence, e.g. "… inclusief 1/2 jaar licentie")
Boek                                   ``folio``
Web browser, Downloadable installer,   ``digital_licence``
App, E-book
Anders, title mentions a licence       ``digital_licence`` (e.g. "Schoollicentie vanaf 300 leerlingen")
Drukwerk, Poster, Kaart                ``print``
any, title mentions toets/examen-      ``test`` (checked first, except for Boek)
training
CD-ROM, DVD, Anders, other             ``other``
=====================================  =========================================================

NL-LOM ``learningresourcetype``: "evaluatie- en toetsmateriaal", "assessment", "exam", "self assessment",
"questionnaire" → ``test``; "gereedschap", "tool" → ``tool``; otherwise ``open_resource`` when free
(``cost = no`` or a CC licence) and ``digital_licence`` when ``cost = yes``.

CSV ``type`` column: see ``CSV_TYPES`` (documented in ``csv/README.md``).
"""

from __future__ import annotations

from wijzer.ingest.formats.records import Medium

_LICENCE_WORDS = ("licentie", "licence", "license", "abonnement")
_TEST_WORDS = ("toets", "examentraining", "diagnostische")
ECK_MEDIA: dict[str, Medium] = {
    "boek": Medium.FOLIO,
    "web browser": Medium.DIGITAL_LICENCE,
    "downloadable installer": Medium.DIGITAL_LICENCE,
    "app": Medium.DIGITAL_LICENCE,
    "e-book": Medium.DIGITAL_LICENCE,
    "drukwerk": Medium.PRINT,
    "poster": Medium.PRINT,
    "kaart": Medium.PRINT,
    "cd-rom": Medium.OTHER,
    "dvd": Medium.OTHER,
    "anders": Medium.OTHER,
}
LOM_TEST_TYPES = frozenset(
    {"evaluatie- en toetsmateriaal", "assessment", "exam", "self assessment", "questionnaire", "toets"}
)
LOM_TOOL_TYPES = frozenset({"gereedschap", "tool"})
CSV_TYPES: dict[str, Medium] = {
    "digitaal": Medium.DIGITAL_LICENCE,
    "licentie": Medium.DIGITAL_LICENCE,
    "digital_licence": Medium.DIGITAL_LICENCE,
    "folio": Medium.FOLIO,
    "boek": Medium.FOLIO,
    "lifo": Medium.LIFO_BUNDLE,
    "lifo_bundle": Medium.LIFO_BUNDLE,
    "print": Medium.PRINT,
    "drukwerk": Medium.PRINT,
    "open": Medium.OPEN_RESOURCE,
    "open_resource": Medium.OPEN_RESOURCE,
    "tool": Medium.TOOL,
    "gereedschap": Medium.TOOL,
    "toets": Medium.TEST,
    "test": Medium.TEST,
    "anders": Medium.OTHER,
    "other": Medium.OTHER,
}


def eck_medium(medium: str, title: str) -> Medium:
    """``Medium`` for an ECK Entry, following the table in the module docstring."""
    base = ECK_MEDIA.get(medium.strip().lower(), Medium.OTHER)
    lowered = title.lower()
    mentions_licence = any(word in lowered for word in _LICENCE_WORDS)
    if base is Medium.FOLIO:
        return Medium.LIFO_BUNDLE if mentions_licence else Medium.FOLIO
    if any(word in lowered for word in _TEST_WORDS):
        return Medium.TEST
    if base is Medium.OTHER and mentions_licence:
        return Medium.DIGITAL_LICENCE
    return base


def lom_medium(resource_types: tuple[str, ...], is_paid: bool | None) -> Medium:
    """``Medium`` for an NL-LOM record from its learning resource types and cost."""
    lowered = {value.strip().lower() for value in resource_types}
    if lowered & LOM_TEST_TYPES:
        return Medium.TEST
    if lowered & LOM_TOOL_TYPES:
        return Medium.TOOL
    return Medium.DIGITAL_LICENCE if is_paid else Medium.OPEN_RESOURCE
