"""A supplier delivers a method's table of contents (inhoudsopgave): bytes → checked parts → one import.

CLI (`wijzer align import`), API (`POST /api/v1/alignment/methods/{id}/parts`) and the upload on the method page
all go through `deliver`. A refused delivery raises `DeliveryRefused` with every problem (row and Dutch reason);
the database is then untouched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog

from . import actions
from .domain.toc import Problem, TocError, parse_toc, row_unit
from .domain.toc_report import TocImport

if TYPE_CHECKING:
    from wijzer.catalog.service import Method


REFUSED = "De inhoudsopgave is afgekeurd; er is niets opgeslagen. Los de problemen op en lever opnieuw aan."


class DeliveryRefused(Exception):
    """Nothing was written; `problems` says why (row 0: the file or the method as a whole)."""

    def __init__(self, problems: tuple[Problem, ...], *, format_id: str = "", omitted: int = 0) -> None:
        self.problems = problems
        self.format = format_id
        self.omitted = omitted
        super().__init__("; ".join(self.lines()[:3]))

    @classmethod
    def single(cls, message: str, format_id: str = "") -> DeliveryRefused:
        return cls((Problem(0, message),), format_id=format_id)

    def lines(self) -> list[str]:
        unit = row_unit(self.format)
        lines = [p.describe(unit) for p in self.problems]
        if self.omitted:
            lines.append(f"… en nog {self.omitted} problemen (los eerst deze op).")
        return lines

    def as_dict(self) -> dict[str, Any]:
        unit = row_unit(self.format)
        return {
            "accepted": False,
            "format": self.format,
            "detail": REFUSED,
            "errors": [
                {"row": p.row, "key": p.key, "message": p.describe(unit)}
                for p in self.problems
            ],
            "omitted": self.omitted,
        }  # fmt: skip


def find_method(value: str) -> Method | None:
    """A method by its id, by the id of one of its products, or by a product's catalogue key or EAN."""
    text = value.strip()
    try:
        key = uuid.UUID(text)
    except ValueError:
        return catalog.method_of_product_code(text)
    return catalog.get_method(key) or catalog.method_of_product(key)


def _target(named: str, chosen: Method | None, format_id: str) -> Method:
    """The method to import into: the chosen one (path, --method, the page), which the file may name too."""
    from_file = find_method(named) if named else None
    if named and from_file is None:
        raise DeliveryRefused.single(
            f"De methode '{named[:60]}' uit het bestand is niet gevonden: geef het id van de methode of de EAN van "
            "een van haar producten.",
            format_id,
        )
    if chosen is not None and from_file is not None and from_file.pk != chosen.pk:
        raise DeliveryRefused.single(
            f"Het bestand hoort bij de methode '{from_file.name}', niet bij '{chosen.name}'.", format_id
        )
    method = chosen or from_file
    if method is None:
        raise DeliveryRefused.single(
            'Geef de methode op: in het bestand ("method") of bij het aanleveren (--method).', format_id
        )
    return method


@dataclass(frozen=True)
class Delivery:
    method: Method
    result: TocImport


def deliver(
    data: bytes,
    *,
    method: Method | None = None,
    filename: str = "",
    content_type: str = "",
    suggest: bool = True,
    suggest_mode: str = "auto",
    user: Any = None,
    organisation: accounts.Organisation | None = None,
    actor_label: str = "",
    ip: str = "",
) -> Delivery:
    """Check the whole file, then import it in one transaction; or `DeliveryRefused` and nothing changes."""
    try:
        toc = parse_toc(data, filename=filename, content_type=content_type)
    except TocError as exc:
        raise DeliveryRefused(exc.problems, format_id=exc.format, omitted=exc.omitted) from None
    target = _target(toc.method, method, toc.format)
    result = actions.do_import_toc(
        target, toc, suggest=suggest, suggest_mode=suggest_mode, user=user, organisation=organisation,
        actor_label=actor_label, ip=ip,
    )  # fmt: skip
    return Delivery(target, result)


NOT_A_SUPPLIER = (
    "Alleen de organisatie die deze methode in Wijzer bezit (een redacteur, of een API-sleutel met catalog:push van "
    "die organisatie) en platformbeheerders kunnen de inhoudsopgave aanleveren."
)


def may_deliver(method: Method, actor: accounts.Actor, *, audit: bool = True) -> bool:
    """The method's owner in Wijzer (the organisation whose source delivered it; never a name in a feed) or a
    platform administrator, through the one policy table. A refusal is audited (unless `audit` is False: only to
    decide whether to show the upload form)."""
    owner = method.owner
    if not audit:
        return accounts.allows(actor, accounts.Action.DELIVER_TOC, owner)
    return accounts.check(
        actor, accounts.Action.DELIVER_TOC, owner, object_type="method", object_id=str(method.uuid),
        reason=NOT_A_SUPPLIER,
    )  # fmt: skip
