"""A section's shortlist (W8 §4): who may create, add, annotate and move products (policy, audit, nothing changed
after a refusal), the comparison's prices and costs against hand calculations, and the pages (escaping, 403/404,
post-redirect-get)."""

from __future__ import annotations

import datetime

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.helpers import login_as
from wijzer.choice import shortlist_query as reads
from wijzer.choice.actions import shortlist as actions
from wijzer.choice.constants import ChoiceAuditAction, EntryStatus
from wijzer.choice.models import Shortlist, ShortlistEntry

from .shortlist_world import actor, build, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build()


def shortlist_changes() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=ChoiceAuditAction.SHORTLIST_CHANGED).order_by("pk"))


def test_a_section_head_creates_a_shortlist_for_the_school_audited(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "  Wiskunde 2027 ")
    assert (shortlist.name, shortlist.organisation, shortlist.created_by) == (
        "Wiskunde 2027",
        w.school,
        w.members[Role.SECTION_HEAD].user,
    )
    [event] = shortlist_changes()
    assert (event.organisation, event.object_id, event.details["change"]) == (w.school, str(shortlist.uuid), "created")


@pytest.mark.parametrize("role", [Role.TEACHER, Role.BOARD_BUYER, Role.PLATFORM_ADMIN, Role.PUBLISHER_EDITOR])
def test_other_roles_cannot_create_a_shortlist_and_nothing_is_stored(w, role):
    before = AuditEvent.objects.count()
    with pytest.raises(actions.Refused):
        actions.do_create_shortlist(actor(w, role), w.school, "Wiskunde")
    assert Shortlist.objects.count() == 0
    assert AuditEvent.objects.count() == before + 1  # the refusal, nothing else
    assert AuditEvent.objects.order_by("-pk").first().action == "access.denied"


def test_a_section_head_of_another_school_cannot_create_one_for_this_school(w):
    with pytest.raises(actions.Refused):
        actions.do_create_shortlist(actor(w, Role.SECTION_HEAD, w.other_school), w.school, "Wiskunde")
    assert Shortlist.objects.count() == 0


def test_a_name_is_required_and_unique_per_school(w):
    head = actor(w, Role.SECTION_HEAD)
    with pytest.raises(actions.Invalid) as empty:
        actions.do_create_shortlist(head, w.school, " \x00 ")
    assert set(empty.value.fields) == {"naam"}
    actions.do_create_shortlist(head, w.school, "Wiskunde")
    with pytest.raises(actions.Invalid) as twice:
        actions.do_create_shortlist(head, w.school, "Wiskunde")
    assert "al een shortlist ‘Wiskunde’" in twice.value.fields["naam"]
    assert Shortlist.objects.count() == 1


def test_members_add_annotate_and_move_products_with_before_and_after_in_the_log(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    teacher = actor(w, Role.TEACHER)
    entry = actions.do_add_product(teacher, shortlist, w.a)
    assert (entry.status, entry.added_by) == (EntryStatus.EXPLORING, w.members[Role.TEACHER].user)
    actions.do_update_entry(teacher, shortlist, w.a, status="voorkeur", note="Sterk in de onderbouw.")
    entry.refresh_from_db()
    assert (entry.status, entry.note, entry.updated_by) == ("voorkeur", "Sterk in de onderbouw.", entry.added_by)
    last = shortlist_changes()[-1]
    assert last.details["status"] == {"before": "verkennen", "after": "voorkeur"}
    assert last.details["note"] == {"before": "", "after": "Sterk in de onderbouw."}
    with pytest.raises(actions.Invalid):
        actions.do_add_product(teacher, shortlist, w.a)  # already there
    assert ShortlistEntry.objects.count() == 1


def test_only_a_section_head_or_school_leader_moves_a_product_to_besluit(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a)
    with pytest.raises(actions.Refused):
        actions.do_update_entry(actor(w, Role.TEACHER), shortlist, w.a, status="besluit", note="besloten")
    entry = ShortlistEntry.objects.get()
    assert (entry.status, entry.note) == ("verkennen", "")  # nothing changed, not even the note
    actions.do_update_entry(actor(w, Role.SECTION_HEAD), shortlist, w.a, status="besluit", note=None)
    entry.refresh_from_db()
    assert entry.status == "besluit"


def test_a_teacher_of_another_school_cannot_touch_the_shortlist(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a)
    stranger = actor(w, Role.TEACHER, w.other_school)
    for attempt in (
        lambda: actions.do_add_product(stranger, shortlist, w.b),
        lambda: actions.do_update_entry(stranger, shortlist, w.a, status="voorkeur", note="x"),
        lambda: actions.do_remove_product(stranger, shortlist, w.a),
        lambda: actions.require_view(stranger, shortlist),
    ):
        with pytest.raises(actions.Refused):
            attempt()
    assert list(ShortlistEntry.objects.values_list("product_id", "status", "note")) == [(w.a.pk, "verkennen", "")]


def test_a_bad_status_and_a_too_long_note_are_refused_with_their_fields(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a)
    with pytest.raises(actions.Invalid) as problem:
        actions.do_update_entry(
            actor(w, Role.TEACHER), shortlist, w.a, status="gekozen", note="x" * (actions.MAX_NOTE + 1)
        )
    assert set(problem.value.fields) == {"status", "notitie"}
    assert ShortlistEntry.objects.get().note == ""


def test_a_withdrawn_product_cannot_be_added(w):
    from django.utils import timezone

    w.b.withdrawn_at = timezone.now()
    w.b.save(update_fields=["withdrawn_at"])
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    with pytest.raises(actions.Invalid):
        actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.b)
    assert ShortlistEntry.objects.count() == 0


def test_the_comparison_gives_price_per_pupil_per_year_and_per_class_as_computed_by_hand(w):
    shortlist = actions.do_create_shortlist(
        actor(w, Role.SECTION_HEAD), w.school, "Wiskunde", profile=make_profile(w, pupils=120)
    )
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a)
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.b)
    compared = reads.comparison(shortlist, size=27, today=datetime.date(2026, 6, 1))
    by_title = {row.product.title: row.price for row in compared.rows}
    a = by_title["Getal en Ruimte licentie"]
    assert (a.per_pupil_cents, a.per_year_cents, a.per_class_cents) == (4840, 4840 * 120, 4840 * 27)
    b = by_title["Docentenhandleiding"]
    assert (b.per_pupil_cents, b.per_year_cents, b.per_class_cents) == (None, None, None)
    assert b.reason == "Geen prijs per leerling (docent- of schoollicentie)"  # the market's reason
    assert compared.year == 2026


def test_without_a_profile_or_class_size_no_cost_is_guessed(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a)
    [row] = reads.comparison(shortlist).rows
    assert (row.price.per_pupil_cents, row.price.per_year_cents, row.price.per_class_cents) == (4840, None, None)


@pytest.mark.parametrize(("raw", "size"), [("28", 28), ("1", 1), ("60", 60), ("0", None), ("61", None), ("²", None),
                                           ("", None), ("2.5", None), ("-3", None), ("9" * 50, None)])  # fmt: skip
def test_class_size_reads_only_a_whole_number_from_1_to_60(raw, size):
    assert reads.class_size(raw) == size


# --- pages -----------------------------------------------------------------------------------------------------


def test_the_page_shows_the_comparison_and_escapes_notes(w, client):
    shortlist = actions.do_create_shortlist(
        actor(w, Role.SECTION_HEAD), w.school, "Wiskunde", profile=make_profile(w, pupils=100)
    )
    actions.do_add_product(actor(w, Role.TEACHER), shortlist, w.a, note="<script>alert(1)</script>")
    login_as(client, w.members[Role.TEACHER])
    response = client.get(f"/keuzehulp/shortlist/{shortlist.uuid}/", {"klas": "25"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "€ 48,40" in html  # per pupil per year
    assert "€ 4.840,00" in html  # 100 pupils
    assert "€ 1.210,00" in html  # a class of 25
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_board_buyer_sees_the_school_shortlist_but_another_school_gets_a_dutch_403(w, client):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    login_as(client, w.members[Role.BOARD_BUYER])
    assert client.get(f"/keuzehulp/shortlist/{shortlist.uuid}/").status_code == 200
    other = Shortlist.objects.create(
        organisation=w.other_school, name="Elders", created_by=w.members[Role.SECTION_HEAD].user
    )
    response = client.get(f"/keuzehulp/shortlist/{other.uuid}/")
    assert response.status_code == 403
    assert "andere school" in response.content.decode()
    assert client.get("/keuzehulp/shortlist/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_adding_and_annotating_by_post_redirects_back_to_the_shortlist(w, client):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    login_as(client, w.members[Role.TEACHER])
    url = f"/keuzehulp/shortlist/{shortlist.uuid}/"
    hits = client.get(url, {"zoek": "getal ruimte"}).content.decode()
    assert f'value="{w.a.uuid}"' in hits
    added = client.post(f"{url}toevoegen/", {"product": str(w.a.uuid)})
    assert (added.status_code, added["Location"]) == (302, f"{url}#product-{w.a.uuid}")
    updated = client.post(f"{url}bijwerken/", {"product": str(w.a.uuid), "status": "voorkeur", "notitie": "Goed"})
    assert updated.status_code == 302
    entry = ShortlistEntry.objects.get()
    assert (entry.status, entry.note) == ("voorkeur", "Goed")
    removed = client.post(f"{url}bijwerken/", {"product": str(w.a.uuid), "verwijderen": "1"})
    assert removed.status_code == 302
    assert ShortlistEntry.objects.count() == 0


def test_creating_on_the_list_page(w, client):
    login_as(client, w.members[Role.SECTION_HEAD])
    profile = make_profile(w)
    response = client.post("/keuzehulp/shortlists/", {"naam": "Wiskunde", "profiel": str(profile.uuid)})
    shortlist = Shortlist.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/keuzehulp/shortlist/{shortlist.uuid}/")
    assert shortlist.profile == profile
    refused = client.post("/keuzehulp/shortlists/", {"naam": ""})
    assert refused.status_code == 400
    assert "Vul een naam in" in refused.content.decode()
    assert Shortlist.objects.count() == 1


def test_products_on_the_personal_keuzelijst_can_go_to_the_section_shortlist(w, client):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    login_as(client, w.members[Role.TEACHER])
    client.post("/catalogus/keuzelijst/toevoegen/", {"product": str(w.a.uuid)})  # the W4 per-person keuzelijst
    url = f"/keuzehulp/shortlist/{shortlist.uuid}/"
    page = client.get(url).content.decode()
    assert "Van uw eigen keuzelijst" in page
    assert "Naar de shortlist van de sectie" in page
    client.post(f"{url}toevoegen/", {"product": str(w.a.uuid)})
    assert list(ShortlistEntry.objects.values_list("product_id", flat=True)) == [w.a.pk]
    assert "Van uw eigen keuzelijst" not in client.get(url).content.decode()  # nothing left to offer


def test_the_note_keeps_its_writer_and_time_when_someone_else_moves_the_status(w):
    shortlist = actions.do_create_shortlist(actor(w, Role.SECTION_HEAD), w.school, "Wiskunde")
    actions.do_add_product(actor(w, Role.SECTION_HEAD), shortlist, w.a)
    actions.do_update_entry(actor(w, Role.TEACHER), shortlist, w.a, status=None, note="Door de leraar.")
    written = ShortlistEntry.objects.get()
    actions.do_update_entry(actor(w, Role.SECTION_HEAD), shortlist, w.a, status="besluit", note="Door de leraar.")
    entry = ShortlistEntry.objects.get()
    assert (entry.status, entry.note) == ("besluit", "Door de leraar.")
    assert (entry.updated_by, entry.updated_at) == (w.members[Role.TEACHER].user, written.updated_at)
    assert entry.added_by == w.members[Role.SECTION_HEAD].user
    last = shortlist_changes()[-1]
    assert (last.actor, last.details["status"]) == (
        w.members[Role.SECTION_HEAD].user,
        {"before": "verkennen", "after": "besluit"},
    )
    assert "note" not in last.details
