"""The form of the suggestion page (W5, explainability): Dutch labels, and Dutch errors beside each field.

Django links each input to its hint (`<id>_helptext`) and error (`<id>_error`) with aria-describedby.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from .constants import FRAMEWORK_LABELS, FRAMEWORKS

MAX_TEXT = 10_000  # the same limit as POST /api/v1/alignment/suggest
MAX_LIMIT = 20
DEFAULT_LIMIT = 5
SECTOR_LABELS = {
    "po": "Primair onderwijs (po)",
    "vo": "Voortgezet onderwijs, onderbouw (vo)",
    "so": "Speciaal onderwijs (so)",
    "vso": "Voortgezet speciaal onderwijs (vso)",
}
DEFAULTS = {"sector": "po", "kader": "kerndoelen-2006"}  # a shared link may leave these out
LIMIT_ERROR = f"Kies een aantal van 1 tot en met {MAX_LIMIT}."


@dataclass(frozen=True)
class SubjectChoice:
    """A subject (vak) with the (sector, framework) pairs in which it has alignable goals."""

    slug: str
    title: str
    slices: frozenset[tuple[str, str]]


def dutch_count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class SuggestForm(forms.Form):
    tekst = forms.CharField(
        label="Tekst",
        help_text=(
            f"Plak de beschrijving of de leerdoelen van een hoofdstuk (hoogstens {dutch_count(MAX_TEXT)} tekens)."
        ),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        error_messages={"required": "Vul een tekst in, bijvoorbeeld de beschrijving van een hoofdstuk."},
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=list(SECTOR_LABELS.items()),
        error_messages={
            "required": "Kies een sector.",
            "invalid_choice": "Onbekende sector. Kies po, vo, so of vso.",
        },
    )
    kader = forms.ChoiceField(
        label="Kader",
        choices=[(f, FRAMEWORK_LABELS[f]) for f in FRAMEWORKS],
        error_messages={
            "required": "Kies een kader.",
            "invalid_choice": "Onbekend kader. Kies de kerndoelen 2006 of de nieuwe kerndoelen.",
        },
    )
    vak = forms.ChoiceField(
        label="Vak (optioneel)",
        required=False,
        error_messages={"invalid_choice": "Onbekend vak. Kies een vak uit de lijst, of alle vakken."},
    )
    aantal = forms.IntegerField(
        label="Aantal voorstellen",
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        error_messages={"invalid": LIMIT_ERROR, "min_value": LIMIT_ERROR, "max_value": LIMIT_ERROR},
    )

    def __init__(self, *args: Any, subjects: Mapping[str, SubjectChoice], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        self.fields["vak"].choices = [("", "Alle vakken")] + [(s.slug, s.title) for s in subjects.values()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["aantal"].initial = DEFAULT_LIMIT
        self.fields["sector"].initial = DEFAULTS["sector"]
        self.fields["kader"].initial = DEFAULTS["kader"]

    def clean_tekst(self) -> str:
        text = str(self.cleaned_data["tekst"]).replace("\r\n", "\n")
        if len(text) > MAX_TEXT:
            raise forms.ValidationError(
                f"De tekst is te lang: hoogstens {dutch_count(MAX_TEXT)} tekens, deze tekst heeft er "
                f"{dutch_count(len(text))}. Kort de tekst in, of vraag voorstellen per paragraaf."
            )
        return text

    def clean_aantal(self) -> int:
        value = self.cleaned_data.get("aantal")
        return DEFAULT_LIMIT if value is None else int(value)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        slug, sector, framework = cleaned.get("vak"), cleaned.get("sector"), cleaned.get("kader")
        subject = self.subjects.get(slug or "")
        if subject is not None and sector and framework and (sector, framework) not in subject.slices:
            self.add_error(
                "vak",
                f"{subject.title} heeft geen doelen in het {sector} bij de {FRAMEWORK_LABELS[framework].lower()}. "
                "Kies een ander vak, of alle vakken.",
            )
        return cleaned
