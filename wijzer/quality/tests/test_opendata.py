"""Open data (W6 §6): pseudonyms (stable, different per purpose), what is in the files and what never is (drafts,
hidden experiences, user ids, e-mail addresses, names, schools), the CSV/JSON downloads and the API."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

from django.test import Client, override_settings
from django.utils import timezone

import pytest

from wijzer.accounts.tests.factories import OrganisationFactory, UserFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality import opendata
from wijzer.quality.actions.profiles import refresh
from wijzer.quality.constants import ReviewStatus, Visibility
from wijzer.quality.domain import opendata as od
from wijzer.quality.models import (
    Criterion,
    Experience,
    ExperienceScore,
    ExpertReview,
    ReviewAnswer,
    SchoolHolding,
    Topic,
)
from wijzer.quality.tests.factories import make_framework

# --- pure ----------------------------------------------------------------------------------------------------------


def test_pseudonyms_are_stable_short_and_different_per_purpose_and_secret():
    names = od.Pseudonymiser(b"geheim")
    first = names.of(od.REVIEWER, 42)
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert od.Pseudonymiser(b"geheim").of(od.REVIEWER, 42) == first  # another download, same server
    assert names.of(od.REVIEWER, 43) != first
    assert len({names.of(purpose, 42) for purpose in od.PURPOSES}) == len(od.PURPOSES)
    assert od.Pseudonymiser(b"ander geheim").of(od.REVIEWER, 42) != first
    assert "42" not in first
    with pytest.raises(KeyError):
        names.of("email", 42)


def test_csv_cells_write_not_applicable_as_nvt():
    columns = (od.Column("score", "score", ""), od.Column("months_used", "maanden", ""))
    assert od.csv_cells({"score": None, "months_used": None}, columns) == ["nvt", ""]
    assert od.csv_cells({"score": 3, "months_used": 12}, columns) == [3, 12]


def test_profile_rows_one_per_topic_and_source_from_the_expanded_profile():
    product = od.ProductFact("u-1", "978", "Titel", False)
    topic = {
        "code": "inhoud",
        "name": "Inhoud",
        "counts_toward": False,
        "experts": {"reviewers": 3, "counts": {"1": 0, "2": 1, "3": 1, "4": 1}, "not_applicable": 2,
                    "share_agreeing": 0.6667, "confidence_text": "onzeker: 3 beoordelaars"},
        "teachers": {"experiences": 3, "counts": {"1": 0, "2": 0, "3": 0, "4": 2}, "not_applicable": 1},
        "verified": {"experiences": 0, "counts": {}},
    }  # fmt: skip
    rows = list(od.profile_rows(product, "1.0", "failed", [topic], datetime.date(2026, 12, 3), demo=True))
    assert [(r["topic_code"], r["source"], r["people"], r["n"]) for r in rows] == [
        ("inhoud", "experts", 3, 3),
        ("inhoud", "ervaringen", 3, 2),
        ("inhoud", "geverifieerd", 0, 0),
    ]
    assert [rows[0][f"score_{s}"] for s in (1, 2, 3, 4)] == [0, 1, 1, 1]
    assert (rows[0]["median"], rows[0]["share_agreeing"], rows[0]["not_applicable"]) == (3.0, 0.6667, 2)
    assert rows[0]["confidence"] == "onzeker: 3 beoordelaars"
    assert (rows[1]["median"], rows[2]["median"], rows[2]["share_agreeing"]) == (4.0, None, None)
    assert {r["counts_toward"] for r in rows} == {"nee"}
    assert {r["demo"] for r in rows} == {"ja"}
    assert {r["computed_on"] for r in rows} == {"2026-12-03"}
    assert od.median_of([1, 0, 0, 1]) == 2.5
    assert od.median_of([0, 0, 0, 0]) is None


# --- the files -----------------------------------------------------------------------------------------------------

REVIEWER_EMAIL = "beoordelaar.geheim@panel.example.nl"
AUTHOR_EMAIL = "leraar.geheim@school.example.nl"
SCHOOL_NAME = "Basisschool De Geheime Tuin"
PANEL_NAME = "Panel Geheim"


@pytest.fixture
def data(db):
    framework = make_framework("2026.1")
    topics = {t.code: t for t in Topic.objects.filter(framework=framework)}
    criteria = list(Criterion.objects.filter(topic__framework=framework, subject="").order_by("pk"))
    panel = OrganisationFactory(panel=True, name=PANEL_NAME)
    school = OrganisationFactory(school=True, name=SCHOOL_NAME)
    reviewer = UserFactory(email=REVIEWER_EMAIL, first_name="Geertruida", last_name="Beoordeelsma")
    author = UserFactory(email=AUTHOR_EMAIL, first_name="Hendrikus", last_name="Lerarius")
    hidden_author = UserFactory()
    product = ProductFactory(title="Rekenrijk 4", product_id="9789001234567", is_demo=True)
    other = ProductFactory(title="Taalkabaal")
    submitted = ExpertReview.objects.create(
        framework=framework, product=product, reviewer=reviewer, panel=panel, status=ReviewStatus.SUBMITTED,
        submitted_at=timezone.now(), is_demo=True,
    )  # fmt: skip
    for index, criterion in enumerate(criteria):
        score = None if index == 0 else 1 + index % 4
        reason = '=HYPERLINK("https://x")' if index == 1 else "<script>alert(1)</script>"
        ReviewAnswer.objects.create(review=submitted, criterion=criterion, score=score, reason=reason, evidence="p. 12")
    draft = ExpertReview.objects.create(framework=framework, product=other, reviewer=reviewer, panel=panel)
    ReviewAnswer.objects.create(review=draft, criterion=criteria[0], score=4, reason="CONCEPTTEKST")
    visible = Experience.objects.create(
        framework=framework, product=product, author=author, school=school, text="Fijn; ook voor ‘zorgleerlingen’.",
        sector="po", level="groep 6", school_type="basisschool", months_used=14,
    )  # fmt: skip
    ExperienceScore.objects.create(experience=visible, topic=topics["inhoud"], score=4)
    ExperienceScore.objects.create(experience=visible, topic=topics["technologie"], score=None)
    hidden = Experience.objects.create(
        framework=framework, product=product, author=hidden_author, school=school, text="VERBORGENTEKST",
        visibility=Visibility.HIDDEN, hidden_reason="scheldwoorden",
    )  # fmt: skip
    ExperienceScore.objects.create(experience=hidden, topic=topics["inhoud"], score=1)
    SchoolHolding.objects.create(school=school, product=product)
    refresh([product.pk, other.pk], reindex=False)
    return {
        "criteria": criteria, "reviewer": reviewer, "author": author, "hidden_author": hidden_author,
        "visible": visible, "hidden": hidden, "submitted": submitted, "draft": draft, "school": school,
        "product": product,
    }  # fmt: skip


def _csv(client: Client, word: str) -> tuple[str, list[list[str]]]:
    response = client.get(f"/kwaliteit/open-data/{word}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return body, list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_review_file_has_submitted_answers_only_with_dutch_header(data):
    body, rows = _csv(Client(), "beoordelingen")
    assert rows[0] == [c.header for c in od.REVIEW_COLUMNS]
    assert rows[0][:4] == ["beoordeling", "beoordelaar", "product_id", "ean"]
    assert len(rows) == 1 + len(data["criteria"])
    assert "CONCEPTTEKST" not in body
    first = dict(zip(rows[0], rows[1], strict=True))
    names = opendata.pseudonymiser()
    assert first["beoordeling"] == names.of(od.REVIEW, data["submitted"].pk)
    assert first["beoordelaar"] == names.of(od.REVIEWER, data["reviewer"].pk)
    assert first["score"] == "nvt"
    assert first["ean"] == "9789001234567"
    assert first["kaderversie"] == "2026.1"
    assert first["criterium"] == data["criteria"][0].code
    assert first["ingediend_op"] == timezone.localdate().isoformat()
    assert first["voorbeeldgegevens"] == "ja"
    assert first["toelichting"] == "<script>alert(1)</script>"  # a data file: text as written
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["toelichting"] == '\'=HYPERLINK("https://x")'  # no formula in a spreadsheet
    assert {r[1] for r in rows[1:]} == {first["beoordelaar"]}


def test_experience_file_has_visible_experiences_without_school(data):
    body, rows = _csv(Client(), "ervaringen")
    assert rows[0] == [c.header for c in od.EXPERIENCE_COLUMNS]
    assert "school" not in rows[0]
    assert len(rows) == 3  # header + two topic scores of the one visible experience
    assert "VERBORGENTEKST" not in body
    by_topic = {r[6]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    inhoud, technologie = by_topic["Inhoud / algemeen"], by_topic["Technologie"]
    assert (inhoud["score"], technologie["score"]) == ("4", "nvt")
    assert inhoud["ervaring"] == opendata.pseudonymiser().of(od.EXPERIENCE, data["visible"].pk)
    assert inhoud["schrijver"] == opendata.pseudonymiser().of(od.AUTHOR, data["author"].pk)
    assert inhoud["geverifieerd_gebruik"] == "ja"
    assert inhoud["maanden_gebruikt"] == "14"
    assert inhoud["sector"] == "po"
    assert inhoud["geschreven_in"] == timezone.localdate().strftime("%Y-%m")
    assert inhoud["tekst"] == "Fijn; ook voor ‘zorgleerlingen’."
    SchoolHolding.objects.all().delete()
    _body, rows = _csv(Client(), "ervaringen")
    assert {r[13] for r in rows[1:]} == {"nee"}


def test_no_user_ids_emails_names_or_school_anywhere_in_any_file(data):
    client = Client()
    forbidden = [
        REVIEWER_EMAIL, AUTHOR_EMAIL, SCHOOL_NAME, PANEL_NAME, "Geertruida", "Beoordeelsma", "Hendrikus", "Lerarius",
        str(data["reviewer"].uuid), str(data["author"].uuid), str(data["school"].uuid), str(data["visible"].uuid),
        str(data["submitted"].uuid), data["hidden_author"].email, "scheldwoorden",
    ]  # fmt: skip
    for word in ("beoordelingen", "ervaringen", "profielen"):
        body, _rows = _csv(client, word)
        as_json = b"".join(client.get(f"/kwaliteit/open-data/{word}.json").streaming_content).decode()
        for text in forbidden:
            assert text not in body, (word, text)
            assert text not in as_json, (word, text)
    for name in ("reviews", "experiences", "profiles"):
        api = client.get(f"/api/v1/quality/open-data/{name}").content.decode()
        for text in forbidden:
            assert text not in api, (name, text)
    # the internal ids are not in the pseudonym columns either
    rows = list(opendata.review_rows()) + list(opendata.experience_rows())
    ids = {str(data["reviewer"].pk), str(data["author"].pk), str(data["submitted"].pk), str(data["visible"].pk)}
    for row in rows:
        for key in ("review", "reviewer", "experience", "author"):
            if key in row:
                assert row[key] not in ids
                assert re.fullmatch(r"[0-9a-f]{16}", str(row[key]))


def test_pseudonyms_are_stable_across_downloads_and_change_with_the_secret(data):
    first = [r["reviewer"] for r in opendata.review_rows()]
    assert first == [r["reviewer"] for r in opendata.review_rows()]
    with override_settings(SECRET_KEY="een-ander-geheim-van-minstens-vijftig-tekens-lang-0123456789"):
        other = [r["reviewer"] for r in opendata.review_rows()]
    assert set(first).isdisjoint(other)
    # the same person as reviewer and as author: not linkable between the two files
    reviewer = data["reviewer"]
    Experience.objects.create(framework=data["visible"].framework, product=data["product"], author=reviewer)
    ExperienceScore.objects.create(experience=Experience.objects.get(author=reviewer), topic=Topic.objects.first())
    authors = {r["author"] for r in opendata.experience_rows()}
    assert set(first).isdisjoint(authors)


def test_json_download_is_one_document_with_licence_and_columns(data):
    response = Client().get("/kwaliteit/open-data/beoordelingen.json")
    assert response["Content-Disposition"].startswith('attachment; filename="wijzer-beoordelingen-')
    document = json.loads(b"".join(response.streaming_content))
    assert document["licence"] == "CC0-1.0"
    assert set(document["columns"]) == {c.key for c in od.REVIEW_COLUMNS}
    assert len(document["items"]) == len(data["criteria"])
    assert document["items"][0]["score"] is None
    assert document["items"][1]["reason"] == '=HYPERLINK("https://x")'  # JSON is not a spreadsheet
    profiles = json.loads(b"".join(Client().get("/kwaliteit/open-data/profielen.json").streaming_content))
    inhoud = [i for i in profiles["items"] if i["topic_code"] == "inhoud"]
    # INH.1 n.v.t. and INH.2 scored 2 by the one submitted review; the visible experience 4 (verified use)
    assert [(i["source"], i["people"], i["score_2"], i["score_4"], i["not_applicable"]) for i in inhoud] == [
        ("experts", 1, 1, 0, 1),
        ("ervaringen", 1, 0, 1, 0),
        ("geverifieerd", 1, 0, 1, 0),
    ]
    assert {i["product_uuid"] for i in profiles["items"]} == {str(data["product"].uuid)}  # the draft counts not
    assert {i["demo"] for i in profiles["items"]} == {"ja"}
    assert Client().get("/kwaliteit/open-data/onbekend.csv").status_code == 404


def test_api_pages_with_limit_and_offset_and_refuses_a_bad_limit_in_dutch(data):
    client = Client()
    everything = client.get("/api/v1/quality/open-data/reviews", {"limit": 1000}).json()
    assert everything["count"] == len(data["criteria"])
    assert everything["licence"] == "CC0-1.0"
    page = client.get("/api/v1/quality/open-data/reviews", {"limit": 3, "offset": 2}).json()
    assert page["items"] == everything["items"][2:5]
    assert client.get("/api/v1/quality/open-data/reviews", {"offset": 10_000}).json()["items"] == []
    for bad in ("0", "1001", "veel", "-1"):
        refused = client.get("/api/v1/quality/open-data/reviews", {"limit": bad})
        assert refused.status_code == 422
        assert refused.json()["detail"].startswith("Ongeldige invoer: limit")
    experiences = client.get("/api/v1/quality/open-data/experiences").json()
    assert experiences["count"] == 2
    assert {i["score"] for i in experiences["items"]} == {4, None}
    assert {i["verified"] for i in experiences["items"]} == {"ja"}
    profiles = client.get("/api/v1/quality/open-data/profiles", {"limit": 1}).json()
    assert profiles["count"] == 1
    assert len(profiles["items"]) == 7 * 3  # limit counts profiles: every topic and source of the one product


def test_the_public_page_describes_files_licence_and_pseudonymisation(data):
    page = Client().get("/kwaliteit/open-data/").content.decode()
    assert "CC0 1.0" in page
    assert "/kwaliteit/open-data/beoordelingen.csv" in page
    assert "/kwaliteit/open-data/ervaringen.json" in page
    assert "/api/v1/quality/open-data/profiles" in page
    assert "HMAC-SHA256" in page
    assert "school" in page
    assert "bewust niet" in page
    assert "<code>geverifieerd_gebruik</code>" in page
    assert f"Nu {len(data['criteria'])} antwoorden" in page
