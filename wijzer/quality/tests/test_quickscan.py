"""The quickscan (W6 §5): the pure rules, saving (permission, one school, Dutch errors, nothing half), the printable
summary (strongest/weakest), sharing as an experience (creates, then updates exactly one) and the pages."""

from __future__ import annotations

import datetime
import uuid

import pytest

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions.quickscan import save_quickscan, share_quickscan
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.domain import quickscan as rules
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import Experience, ExperienceScore, Quickscan
from wijzer.quality.tests.experience_world import actor_for, actor_of, client_for, membership_for
from wijzer.quality.tests.factories import TOPICS, make_framework

CODES = [code for code, _name in TOPICS]


def full_answers(**overrides: str) -> dict[str, tuple[str, str]]:
    answers = dict.fromkeys(CODES, ("3", ""))
    for code, answer in overrides.items():
        answers[code] = (answer, answers[code][1])
    return answers


# --- pure rules ----------------------------------------------------------------------------------------------------


def test_question_names_the_topic_and_hints_from_description_or_criteria():
    q = rules.question_for("inhoud", "Inhoud / algemeen", "Klopt de inhoud? En meer.", ["x"])
    assert q.prompt == "In hoeverre past de methode bij ons op Inhoud / algemeen?"
    assert q.hint == "Klopt de inhoud?"
    q2 = rules.question_for("t", "Technologie", "", ["Het werkt op elk apparaat.", "Het laadt snel.", "Derde."])
    assert q2.hint == "Denk aan: Het werkt op elk apparaat; Het laadt snel."


def test_clean_needs_every_answer_and_participants_and_limits_notes():
    raw = {"a": ("4", "goed"), "b": ("", ""), "c": ("5", "x" * (rules.MAX_NOTE + 1))}
    cleaned = rules.clean(["a", "b", "c", "d"], raw, "  ")
    assert cleaned.errors == {
        "antwoord-b": rules.ANSWER_MISSING,
        "antwoord-c": rules.ANSWER_INVALID,
        "toelichting-c": rules.NOTE_TOO_LONG,
        "antwoord-d": rules.ANSWER_MISSING,
        "deelnemers": rules.PARTICIPANTS_MISSING,
    }
    ok = rules.clean(["a", "b"], {"a": ("4", " goed "), "b": ("nvt", "")}, " sectie  Nederlands, 5 docenten ")
    assert ok.errors == {}
    assert ok.answers == {"a": {"score": 4, "note": "goed"}, "b": {"score": None, "note": ""}}
    assert ok.participants == "sectie Nederlands, 5 docenten"
    assert rules.clean(["a"], {"a": ("1", "")}, "x" * 201).errors == {"deelnemers": rules.PARTICIPANTS_TOO_LONG}


def test_summary_strongest_and_weakest_ignore_not_applicable():
    topics = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E")]
    answers = {
        "a": {"score": 4, "note": "sterk"},
        "b": {"score": 2, "note": ""},
        "c": {"score": None, "note": ""},
        "d": {"score": 4, "note": ""},
        "e": {"score": 2, "note": "zwak"},
    }
    summary = rules.summarise(topics, answers)
    assert [r.code for r in summary.strongest] == ["a", "d"]
    assert [r.code for r in summary.weakest] == ["b", "e"]
    assert (summary.answered, summary.not_applicable) == (4, 1)
    assert summary.distribution == ((4, "Helemaal eens", 2), (3, "Deels eens", 0), (2, "Deels oneens", 2),
                                    (1, "Helemaal oneens", 0))  # fmt: skip
    assert summary.rows[2].label == "Niet van toepassing"
    same = rules.summarise(topics[:2], {"a": {"score": 3}, "b": {"score": 3}})
    assert same.all_equal
    assert same.strongest == ()
    assert same.weakest == ()
    missing = rules.summarise([("z", "Z")], {})
    assert missing.rows[0].score is None
    assert not missing.all_equal


def test_experience_text_says_it_came_from_a_quickscan_and_leaves_participants_out():
    summary = rules.summarise([("a", "Inhoud"), ("b", "Technologie")], {"a": {"score": 4, "note": "Rijk."}, "b": {}})
    text = rules.experience_text(summary, datetime.date(2026, 12, 3))
    assert text == f"{rules.SHARED_INTRO} (op 3-12-2026).\n\nInhoud: Rijk."
    assert rules.experience_scores(summary) == {"a": 4, "b": None}
    long = rules.summarise(
        [("a", "Inhoud"), ("b", "Technologie")], {"a": {"note": "x" * 1000}, "b": {"note": "y" * 1000}}
    )
    cut = rules.experience_text(long, datetime.date(2026, 12, 3), 2000)
    assert len(cut) == 2000
    assert cut.endswith("y…")
    assert len(rules.experience_text(long, datetime.date(2026, 12, 3))) > 2000


# --- saving --------------------------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    framework = make_framework()
    board = OrganisationFactory(board=True, name="Bestuur")
    school = OrganisationFactory(school=True, name="Testschool", parent=board)
    other = OrganisationFactory(school=True, name="Andere school")
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Test")
    product = ProductFactory(owner=publisher, title="Rekenrijk 4", product_id="9789001234567")
    return framework, school, other, product, board


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SECTION_HEAD, Role.SCHOOL_LEADER])
def test_school_staff_save_a_quickscan_for_their_school_audited(world, role):
    framework, school, _other, product, _board = world
    actor = actor_for(school, role)
    scan = save_quickscan(actor, product, full_answers(inhoud="4", technologie="nvt"), "sectie rekenen, 4 docenten")
    scan.refresh_from_db()
    assert scan.school == school
    assert scan.product == product
    assert scan.framework == framework
    assert scan.created_by == actor.user
    assert scan.participants == "sectie rekenen, 4 docenten"
    assert scan.answers["inhoud"] == {"score": 4, "note": ""}
    assert scan.answers["technologie"] == {"score": None, "note": ""}
    assert len(scan.answers) == 7
    event = AuditEvent.objects.get(action=QualityAuditAction.QUICKSCAN_SAVED)
    assert event.object_id == str(scan.uuid)
    assert event.organisation == school
    assert event.details["scored_topics"] == 6


@pytest.mark.parametrize("role", [Role.BOARD_BUYER, Role.REVIEWER, Role.PUBLISHER_EDITOR, Role.PLATFORM_ADMIN])
def test_other_roles_are_refused_audited_and_nothing_is_stored(world, role):
    _framework, _school, _other, product, board = world
    home = {
        Role.BOARD_BUYER: board,
        Role.REVIEWER: OrganisationFactory(panel=True),
        Role.PUBLISHER_EDITOR: product.owner,
        Role.PLATFORM_ADMIN: OrganisationFactory(platform=True),
    }[role]
    with pytest.raises(Forbidden) as refused:
        save_quickscan(actor_for(home, role), product, full_answers(), "sectie")
    assert "leraren, sectievoorzitters en schoolleiders" in refused.value.message
    assert Quickscan.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1
    assert not AuditEvent.objects.filter(action=QualityAuditAction.QUICKSCAN_SAVED).exists()


def test_bad_input_gives_dutch_field_errors_and_stores_nothing(world):
    _framework, school, _other, product, _board = world
    teacher = actor_for(school, Role.TEACHER)
    answers = full_answers(inhoud="", didactiek="7")
    answers["leerling"] = ("2", "x" * 1001)
    with pytest.raises(QualityError) as problem:
        save_quickscan(teacher, product, answers, "")
    assert problem.value.message == rules.FORM_INVALID
    assert problem.value.fields == {
        "antwoord-inhoud": rules.ANSWER_MISSING,
        "antwoord-didactiek": rules.ANSWER_INVALID,
        "toelichting-leerling": rules.NOTE_TOO_LONG,
        "deelnemers": rules.PARTICIPANTS_MISSING,
    }
    assert Quickscan.objects.count() == 0
    assert not AuditEvent.objects.filter(action=QualityAuditAction.QUICKSCAN_SAVED).exists()
    with pytest.raises(NotFound):
        save_quickscan(teacher, uuid.uuid4(), full_answers(), "sectie")
    with pytest.raises(NotFound):
        save_quickscan(teacher, "geen-uuid", full_answers(), "sectie")
    assert Quickscan.objects.count() == 0


def test_no_framework_no_quickscan(db):
    school = OrganisationFactory(school=True)
    make_framework("concept", published=False)
    with pytest.raises(QualityError) as problem:
        save_quickscan(actor_for(school, Role.TEACHER), ProductFactory(), full_answers(), "sectie")
    assert "nog geen kwaliteitskader" in problem.value.message
    assert Quickscan.objects.count() == 0


def test_audit_failure_leaves_nothing_half(world, monkeypatch):
    _framework, school, _other, product, _board = world
    from wijzer.quality.actions import quickscan as module

    def broken(*args, **kwargs):
        raise RuntimeError("logboek stuk")

    monkeypatch.setattr(module.accounts, "record_audit_event", broken)
    with pytest.raises(RuntimeError):
        save_quickscan(actor_for(school, Role.TEACHER), product, full_answers(), "sectie")
    assert Quickscan.objects.count() == 0


# --- sharing -------------------------------------------------------------------------------------------------------


def test_sharing_creates_then_updates_exactly_one_experience_with_the_scan_scores(world):
    _framework, school, _other, product, _board = world
    membership = membership_for(school, Role.SECTION_HEAD)
    actor = actor_of(membership)
    answers = full_answers(inhoud="4", didactiek="1", technologie="nvt")
    answers["inhoud"] = ("4", "Sluit goed aan bij de kerndoelen.")
    scan = save_quickscan(actor, product, answers, "sectie rekenen, 4 docenten (Jan, Piet)")
    experience = share_quickscan(actor, scan)
    scan.refresh_from_db()
    assert scan.shared_experience == experience
    assert experience.author == membership.user
    assert experience.product == product
    assert experience.school == school
    scores = dict(ExperienceScore.objects.filter(experience=experience).values_list("topic__code", "score"))
    assert scores == {"inhoud": 4, "didactiek": 1, "leerling": 3, "vormgeving": 3, "technologie": None,
                      "inclusiviteit": 3, "toegankelijkheid": 3}  # fmt: skip
    assert experience.text.startswith(rules.SHARED_INTRO)
    assert "Inhoud / algemeen: Sluit goed aan bij de kerndoelen." in experience.text
    assert "Jan" not in experience.text
    assert "4 docenten" not in experience.text
    assert AuditEvent.objects.filter(action=QualityAuditAction.QUICKSCAN_SHARED, object_id=str(scan.uuid)).count() == 1

    second = save_quickscan(actor, product, full_answers(inhoud="2"), "sectie rekenen")
    again = share_quickscan(actor, second)
    share_quickscan(actor, second)
    assert again.pk == experience.pk
    assert Experience.objects.filter(product=product, author=membership.user).count() == 1
    scores = dict(ExperienceScore.objects.filter(experience=experience).values_list("topic__code", "score"))
    assert scores["inhoud"] == 2
    assert scores["didactiek"] == 3
    assert scores["technologie"] == 3
    assert ExperienceScore.objects.filter(experience=experience).count() == 7
    assert AuditEvent.objects.filter(action=QualityAuditAction.QUICKSCAN_SHARED).count() == 3


def test_another_school_may_not_share_or_see_and_nothing_changes(world):
    _framework, school, other, product, _board = world
    scan = save_quickscan(actor_for(school, Role.TEACHER), product, full_answers(), "sectie")
    with pytest.raises(Forbidden) as refused:
        share_quickscan(actor_for(other, Role.TEACHER), scan.uuid)
    assert "andere school" in refused.value.message
    assert Experience.objects.count() == 0
    scan.refresh_from_db()
    assert scan.shared_experience is None
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.object_type == "quickscan"
    assert denied.organisation == school


def test_sharing_a_scan_with_long_notes_fits_the_experience_text(world):
    _framework, school, _other, product, _board = world
    actor = actor_for(school, Role.TEACHER)
    answers = dict.fromkeys(CODES, ("3", "n" * rules.MAX_NOTE))
    experience = share_quickscan(actor, save_quickscan(actor, product, answers, "sectie"))
    assert len(experience.text) == 2000
    assert experience.text.startswith(rules.SHARED_INTRO)


def test_sharing_only_not_applicable_answers_is_refused(world):
    _framework, school, _other, product, _board = world
    actor = actor_for(school, Role.TEACHER)
    scan = save_quickscan(actor, product, dict.fromkeys(CODES, ("nvt", "")), "sectie")
    with pytest.raises(QualityError) as problem:
        share_quickscan(actor, scan)
    assert "niets om als ervaring te delen" in problem.value.message
    assert Experience.objects.count() == 0
    assert not AuditEvent.objects.filter(action=QualityAuditAction.QUICKSCAN_SHARED).exists()


# --- pages ---------------------------------------------------------------------------------------------------------


def test_pages_fill_in_print_and_share(world):
    _framework, school, _other, product, _board = world
    membership = membership_for(school, Role.TEACHER)
    client = client_for(membership)
    assert client.get("/kwaliteit/quickscan/").status_code == 200
    found = client.get("/kwaliteit/quickscan/nieuw/", {"zoek": "978-9001234567"})
    assert f"?product={product.uuid}" in found.content.decode()
    by_title = client.get("/kwaliteit/quickscan/nieuw/", {"zoek": "rekenrijk"})
    assert "Rekenrijk 4" in by_title.content.decode()
    form = client.get("/kwaliteit/quickscan/nieuw/", {"product": str(product.uuid)}).content.decode()
    assert "In hoeverre past de methode bij ons op Technologie?" in form
    assert form.count("<fieldset") == 7
    assert form.count("<legend>") == 7
    assert "<legend>5. In hoeverre past de methode bij ons op Technologie?</legend>" in form

    data = {"product": str(product.uuid), "deelnemers": "sectie rekenen"}
    data |= {f"antwoord-{code}": "3" for code in CODES}
    data |= {"antwoord-inhoud": "4", "antwoord-vormgeving": "1", "toelichting-inhoud": "<script>alert(1)</script>"}
    response = client.post("/kwaliteit/quickscan/nieuw/", data)
    scan = Quickscan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kwaliteit/quickscan/{scan.uuid}/"

    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    strongest = page.split('id="sterk-kop"')[1].split("</section>")[0]
    weakest = page.split('id="zwak-kop"')[1].split("</section>")[0]
    assert "Inhoud / algemeen" in strongest
    assert "Tekst, beeld &amp; vormgeving" not in strongest
    assert "Tekst, beeld &amp; vormgeving" in weakest
    assert "Inhoud / algemeen" not in weakest
    assert "sectie rekenen" in page
    assert "test-1" in page
    assert 'href="/kwaliteit/kader/"' in page
    assert f'href="/kwaliteit/producten/{product.uuid}/profiel/"' in page
    assert "quality/quickscan.css" in page

    shared = client.post(f"/kwaliteit/quickscan/{scan.uuid}/delen/")
    assert shared.status_code == 302
    assert Experience.objects.filter(author=membership.user, product=product).count() == 1


def test_form_errors_are_dutch_and_linked(world):
    _framework, school, _other, product, _board = world
    client = client_for(membership_for(school, Role.TEACHER))
    response = client.post("/kwaliteit/quickscan/nieuw/", {"product": str(product.uuid), "antwoord-inhoud": "4"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert 'href="#antwoord-didactiek-1"' in page
    assert 'id="antwoord-didactiek-1"' in page
    assert 'href="#veld-deelnemers"' in page
    assert rules.ANSWER_MISSING in page
    assert rules.PARTICIPANTS_MISSING in page
    assert 'value="4" checked' in page
    assert Quickscan.objects.count() == 0


def test_another_school_gets_a_dutch_403_and_it_is_audited(world):
    _framework, school, other, product, _board = world
    scan = save_quickscan(actor_for(school, Role.TEACHER), product, full_answers(), "sectie")
    client = client_for(membership_for(other, Role.SCHOOL_LEADER))
    response = client.get(f"/kwaliteit/quickscan/{scan.uuid}/")
    assert response.status_code == 403
    assert "andere school" in response.content.decode()
    assert client.post(f"/kwaliteit/quickscan/{scan.uuid}/delen/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, object_id=str(scan.uuid)).count() == 2
    assert Experience.objects.count() == 0
    listing = client.get("/kwaliteit/quickscan/").content.decode()
    assert "Rekenrijk 4" not in listing
    assert client.get(f"/kwaliteit/quickscan/{uuid.uuid4()}/").status_code == 404


def test_scripts_in_participants_and_titles_render_escaped_on_list_and_summary(world):
    _framework, school, _other, _product, _board = world
    product = ProductFactory(title="<script>alert('titel')</script>")
    membership = membership_for(school, Role.TEACHER)
    scan = save_quickscan(actor_of(membership), product, full_answers(), "<script>alert('wie')</script>")
    client = client_for(membership)
    for url in ("/kwaliteit/quickscan/", f"/kwaliteit/quickscan/{scan.uuid}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(&#x27;wie&#x27;)&lt;/script&gt;" in page
        assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in page


def test_sharing_a_demo_quickscan_stores_a_real_experience_unless_the_demo_loader_says_so(world):
    """Regression: sharing copied the scan's is_demo, so a real person's experience became "voorbeeldgegevens"."""
    _framework, school, _other, product, _board = world
    actor = actor_of(membership_for(school, Role.SECTION_HEAD))
    scan = save_quickscan(actor, product, full_answers(inhoud="4"), "sectie", is_demo=True)
    assert scan.is_demo is True
    experience = share_quickscan(actor, scan)
    assert experience.is_demo is False
    assert share_quickscan(actor, scan, is_demo=True).is_demo is True


def test_the_share_button_says_it_replaces_the_persons_existing_experience(world):
    from wijzer.quality.actions.experiences import write_experience

    _framework, school, _other, product, _board = world
    membership = membership_for(school, Role.TEACHER)
    actor = actor_of(membership)
    scan = save_quickscan(actor, product, full_answers(inhoud="4"), "sectie")
    client = client_for(membership)
    page = client.get(f"/kwaliteit/quickscan/{scan.uuid}/").content.decode()
    assert "Delen vervangt die ervaring" not in page
    assert ">Deel als ervaring</button>" in page
    write_experience(actor, product, scores={"inhoud": 2}, text="Mijn eigen woorden.")
    page = client.get(f"/kwaliteit/quickscan/{scan.uuid}/").content.decode()
    assert "U heeft al een ervaring met dit product" in page
    assert "<strong>Delen vervangt die ervaring</strong>" in page
    assert 'aria-describedby="delen-vervangt">Deel als ervaring (vervangt uw ervaring)</button>' in page
