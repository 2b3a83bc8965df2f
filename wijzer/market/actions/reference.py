"""Load reference series (CBS CPI, the €340 VO budget, pupil counts) from the CSV format of `domain.reference`.

All or nothing: the whole file is read and checked first (`parse_reference_csv` returns every row or every problem);
only a file without problems is written, in one transaction, as an upsert per (series, year): values of years the
file does not name stay. The series themselves (name, unit, base year, source, licence) come from the shipped
`data/market/series.json`; a CSV can only update values of series described there.

`wijzer setup` loads the shipped `data/market/reference-series.csv` without an actor (the installation's own data;
unchanged values change nothing). A person imports through an actor: allowed for a platform administrator only
(`Action.IMPORT_REFERENCE`, checked and, when refused, logged before anything is read), and every import that is
allowed is audited as `market.reference_imported` with its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.market.constants import MarketAuditAction
from wijzer.market.domain.reference import SeriesDefinition, parse_reference_csv, parse_series_definitions
from wijzer.market.exceptions import Forbidden, MarketError
from wijzer.market.models import ReferencePoint, ReferenceSeries

NOT_ALLOWED = "Alleen een platformbeheerder kan referentiereeksen inlezen."


class ReferenceRefused(MarketError):
    """The file was not loaded; `problems` lists every problem (Dutch, with the line)."""

    def __init__(self, message: str, problems: tuple[str, ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ReferenceImport:
    """What one load changed."""

    series: tuple[str, ...]  # codes of the series in the file
    created: int  # values for years the series did not have
    updated: int  # values that changed (value, status or note)
    unchanged: int

    def summary(self) -> str:
        return (
            f"Referentiereeksen {', '.join(self.series)}: {self.created} nieuw, {self.updated} gewijzigd, "
            f"{self.unchanged} ongewijzigd."
        )


def data_dir() -> Path:
    return Path(settings.DATA_DIR) / "market"


def series_definitions() -> dict[str, SeriesDefinition]:
    """The series described in the shipped `series.json`, by code."""
    text = (data_dir() / "series.json").read_text(encoding="utf-8")
    return {definition.code: definition for definition in parse_series_definitions(text)}


def load_reference_series(source: Path | bytes | str, actor: accounts.Actor | None = None) -> ReferenceImport:
    """Read, check and store a reference-series CSV (a path, or its bytes or text). Raises `Forbidden` for an actor
    who may not import and `ReferenceRefused` (every problem, nothing stored) for a file with problems."""
    if actor is not None and not accounts.check(
        actor, accounts.Action.IMPORT_REFERENCE, None, object_type="reference_series", reason=NOT_ALLOWED
    ):
        raise Forbidden(NOT_ALLOWED)
    name = source.name if isinstance(source, Path) else "het bestand"
    if isinstance(source, Path):
        try:
            data: bytes | str = source.read_bytes()
        except OSError:
            raise ReferenceRefused(
                f"Bestand {source} niet gevonden of niet leesbaar.", (f"{source} bestaat niet",)
            ) from None
    else:
        data = source
    definitions = series_definitions()
    parsed = parse_reference_csv(data, definitions)
    if not parsed.ok:
        count = len(parsed.errors)
        raise ReferenceRefused(
            f"{name} is niet ingelezen: {count} {'probleem' if count == 1 else 'problemen'}; er is niets opgeslagen.",
            parsed.errors,
        )
    codes = tuple(dict.fromkeys(row.series for row in parsed.rows))
    created = updated = unchanged = 0
    with transaction.atomic():
        series = {code: _ensure_series(definitions[code]) for code in codes}
        existing = {
            (point.series_id, point.year): point
            for point in ReferencePoint.objects.filter(series__in=list(series.values()))
        }
        for row in parsed.rows:
            owner = series[row.series]
            point = existing.get((owner.pk, row.year))
            if point is None:
                ReferencePoint.objects.create(
                    series=owner, year=row.year, value=row.value, status=row.status, note=row.note
                )
                created += 1
            elif (Decimal(point.value), point.status, point.note) != (row.value, row.status, row.note):
                point.value, point.status, point.note = row.value, row.status, row.note
                point.save(update_fields=["value", "status", "note"])
                updated += 1
            else:
                unchanged += 1
        result = ReferenceImport(codes, created, updated, unchanged)
        if actor is not None:
            accounts.record_audit_event(
                MarketAuditAction.REFERENCE_IMPORTED,
                actor=actor.user,
                actor_label=actor.label,
                organisation=actor.organisation,
                object_type="reference_series",
                object_id=",".join(codes)[:64],
                ip=actor.ip,
                details={"series": list(codes), "created": created, "updated": updated, "unchanged": unchanged},
            )
    return result


def load_shipped_reference_series() -> ReferenceImport:
    """The installation's own data (`wijzer setup`): `data/market/reference-series.csv`, no actor."""
    return load_reference_series(data_dir() / "reference-series.csv")


def _ensure_series(definition: SeriesDefinition) -> ReferenceSeries:
    """The series row, created or brought in line with `series.json`."""
    fields = {
        "name": definition.name[:200],
        "unit": definition.unit[:100],
        "base_year": definition.base_year,
        "source": definition.source,
        "source_url": definition.source_url[:500],
        "licence": definition.licence[:100],
    }
    series, created = ReferenceSeries.objects.get_or_create(code=definition.code, defaults=fields)
    if not created and any(getattr(series, key) != value for key, value in fields.items()):
        for key, value in fields.items():
            setattr(series, key, value)
        series.save()
    return series
