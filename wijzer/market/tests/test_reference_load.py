"""Loading reference series: the shipped CBS figures, all or nothing with Dutch problems, platform admins only,
audited (W7 §2, `market.actions.reference`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wijzer.accounts.constants import AuditAction
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.permissions import Actor
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from wijzer.market.actions.reference import (
    NOT_ALLOWED,
    ReferenceRefused,
    load_reference_series,
    load_shipped_reference_series,
)
from wijzer.market.constants import MarketAuditAction, PointStatus
from wijzer.market.exceptions import Forbidden
from wijzer.market.models import ReferencePoint, ReferenceSeries

pytestmark = pytest.mark.django_db


def person(role: RoleCode) -> Actor:
    organisation = (
        OrganisationFactory(platform=True, name="Wijzer")
        if role == RoleCode.PLATFORM_ADMIN
        else OrganisationFactory(school=True)
    )
    membership = MembershipFactory(user=UserFactory(), organisation=organisation, role=role.value)
    return Actor(membership.user.email, organisation, role=role, user=membership.user)


def points() -> list[tuple[str, int, Decimal, str, str]]:
    return list(
        ReferencePoint.objects.order_by("series__code", "year").values_list(
            "series__code", "year", "value", "status", "note"
        )
    )


def cpi(year: int) -> tuple[Decimal, str]:
    point = ReferencePoint.objects.get(series__code="cpi", year=year)
    return point.value, point.status


def test_the_shipped_series_hold_the_cbs_figures_and_load_once():
    result = load_shipped_reference_series()
    assert result.created > 30
    assert (result.updated, result.unchanged) == (0, 0)
    assert cpi(2015) == (Decimal("100.0000"), PointStatus.OFFICIAL)
    assert cpi(2017) == (Decimal("101.7000"), PointStatus.OFFICIAL)
    assert cpi(2022) == (Decimal("121.4300"), PointStatus.OFFICIAL)
    assert cpi(2024) == (Decimal("130.3100"), PointStatus.COMPUTED)
    series = ReferenceSeries.objects.get(code="cpi")
    assert (series.base_year, series.licence) == (2015, "CC BY 4.0 (bron: CBS)")
    assert ReferenceSeries.objects.filter(code="budget-vo-per-pupil").exists()
    again = load_shipped_reference_series()
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)
    assert not AuditEvent.objects.filter(action=MarketAuditAction.REFERENCE_IMPORTED).exists()  # no actor: setup


def test_a_file_with_one_bad_line_changes_nothing_and_names_every_problem():
    load_shipped_reference_series()
    before = points()
    csv = "series,year,value,status,note\ncpi,2024,131.00,official,\ncpi,2025,12a,computed,\nkpi,2026,1,official,\n"
    with pytest.raises(ReferenceRefused) as refused:
        load_reference_series(csv.encode(), person(RoleCode.PLATFORM_ADMIN))
    assert "er is niets opgeslagen" in refused.value.message
    assert refused.value.problems[0].startswith("Regel 3: waarde '12a' is geen getal")
    assert refused.value.problems[1].startswith("Regel 4: onbekende reeks 'kpi'")
    assert points() == before
    assert not AuditEvent.objects.filter(action=MarketAuditAction.REFERENCE_IMPORTED).exists()


def test_only_a_platform_admin_may_import_and_a_refusal_is_logged():
    load_shipped_reference_series()
    before = points()
    teacher = person(RoleCode.TEACHER)
    with pytest.raises(Forbidden) as refused:
        load_reference_series(b"series,year,value,status\ncpi,2024,200,official\n", teacher)
    assert refused.value.message == NOT_ALLOWED
    assert points() == before
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.details["action"] == "market.import_reference"


def test_an_admin_import_updates_the_named_years_and_is_audited():
    load_shipped_reference_series()
    admin = person(RoleCode.PLATFORM_ADMIN)
    csv = "reeks;jaar;waarde;status;toelichting\ncpi;2024;130,31;officieel;nu officieel\ncpi;2026;136,5;schatting;\n"
    result = load_reference_series(csv.encode("utf-8-sig"), admin)
    assert (result.series, result.created, result.updated, result.unchanged) == (("cpi",), 1, 1, 0)
    assert cpi(2024) == (Decimal("130.3100"), PointStatus.OFFICIAL)
    assert cpi(2026) == (Decimal("136.5000"), PointStatus.ESTIMATED)
    assert cpi(2015) == (Decimal("100.0000"), PointStatus.OFFICIAL)  # years the file does not name stay
    event = AuditEvent.objects.get(action=MarketAuditAction.REFERENCE_IMPORTED)
    assert (event.actor, event.details["created"], event.details["updated"]) == (admin.user, 1, 1)
