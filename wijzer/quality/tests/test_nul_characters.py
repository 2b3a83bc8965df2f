"""A NUL character (0x00) in any free text of the quality app is refused with a Dutch message, and never reaches the
database: PostgreSQL refuses NUL in text, so it would have been a 500 there (SQLite stores it silently)."""

from __future__ import annotations

from typing import Any

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality import query
from wijzer.quality.actions import experiences as actions
from wijzer.quality.domain import quickscan as quickscan_rules
from wijzer.quality.domain.experience import INVALID_CHARACTER, check_reason
from wijzer.quality.domain.rubric import Answer, check_answers, check_summary
from wijzer.quality.models import ExperienceReport, PublisherResponse
from wijzer.quality.tests.experience_world import actor_of, client_for, membership_for
from wijzer.quality.tests.factories import make_framework

NUL = "\x00"


def test_a_reason_with_nul_is_refused():
    assert check_reason(f"Reclame{NUL}") == ("", INVALID_CHARACTER)
    assert check_reason("Reclame") == ("Reclame", "")


def test_review_reason_evidence_and_summary_with_nul_are_refused():
    problems = check_answers(["INH.1"], {"INH.1": Answer(1, f"Mager{NUL}", f"blz.{NUL}4")}, submit=False)
    assert problems == {
        "reason-INH.1": "INH.1: de tekst bevat een ongeldig teken (een nul-teken)",
        "evidence-INH.1": "INH.1: de tekst bevat een ongeldig teken (een nul-teken)",
    }
    assert check_summary(f"Degelijk{NUL}") == {"summary": "De samenvatting bevat een ongeldig teken (een nul-teken)"}


def test_quickscan_note_and_participants_with_nul_are_refused():
    cleaned = quickscan_rules.clean(["a"], {"a": ("3", f"goed{NUL}")}, f"sectie{NUL}")
    assert cleaned.errors == {
        "toelichting-a": quickscan_rules.INVALID_CHARACTER,
        "deelnemers": quickscan_rules.INVALID_CHARACTER,
    }


@pytest.mark.django_db
def test_report_and_response_pages_refuse_nul_and_store_nothing():
    make_framework()
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Een")
    school = OrganisationFactory(school=True)
    product = ProductFactory(owner=publisher)
    teacher = membership_for(school, Role.TEACHER)
    experience = actions.write_experience(actor_of(teacher), product, scores={"inhoud": 3}, text="Goed.")
    reporter = client_for(membership_for(school, Role.SECTION_HEAD))
    page = reporter.post(f"/kwaliteit/ervaringen/{experience.uuid}/melden/", {"reason": f"Reclame{NUL}"})
    assert page.status_code == 200
    assert "ongeldig teken" in page.content.decode()
    editor = client_for(membership_for(publisher, Role.PUBLISHER_EDITOR))
    page = editor.post(f"/kwaliteit/ervaringen/{experience.uuid}/reactie/", {"text": f"Dank{NUL}"})
    assert "ongeldig teken" in page.content.decode()
    assert not ExperienceReport.objects.exists()
    assert not PublisherResponse.objects.exists()


@pytest.mark.django_db
def test_searches_and_version_lookups_keep_nul_away_from_the_database(django_assert_num_queries: Any):
    product = ProductFactory(title="Rekenrijk 5")
    assert query.find_products(f"Reken{NUL}rijk") == [product]  # the NUL counts as a space
    with django_assert_num_queries(0):
        assert query.published_framework(f"2026.1{NUL}") is None
