"""The experience form and the review form say that what is written there is published as open data (W6 §6)."""

from __future__ import annotations

import re

from django.test import Client

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


def _notice(html: str) -> str:
    found = re.search(r'<p class="open-data-notice">(.*?)</p>', html, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


@pytest.mark.parametrize(
    ("role", "kind", "path", "expected"),
    [
        (
            Role.TEACHER,
            {"school": True},
            "/kwaliteit/producten/{uuid}/ervaring/",
            "Uw scores, uw tekst en de context (sector, niveau, soort school, maanden) worden gepubliceerd als open "
            "data (CC0, vrij te hergebruiken), zonder uw naam en school: u staat erin als pseudoniem.",
        ),
        (
            Role.REVIEWER,
            {"panel": True},
            "/kwaliteit/beoordelen/{uuid}/",
            "Na indienen worden uw scores, toelichtingen en bewijsplaatsen gepubliceerd als open data (CC0, vrij te "
            "hergebruiken), zonder uw naam: u staat erin als pseudoniem.",
        ),
    ],
)
def test_the_form_says_what_becomes_open_data_and_links_to_it(role, kind, path, expected):
    make_framework()
    product = ProductFactory(title="Rekenrijk")
    client = login_as(Client(), MembershipFactory(organisation=OrganisationFactory(**kind), role=role))
    html = client.get(path.format(uuid=product.uuid)).content.decode()
    assert _notice(html) == expected
    assert '<p class="open-data-notice">' in html
    assert re.search(r'<p class="open-data-notice">[^\n]*<a href="/kwaliteit/open-data/">open data</a>', html)
