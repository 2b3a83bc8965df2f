"""Importing a delivered table of contents (inhoudsopgave): all or nothing, idempotent, declared goals through the
stale-id resolver, unknown goals reported per row, reviewed links never lost; and `wijzer align import`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from wijzer.accounts.models import AuditEvent, User
from wijzer.alignment import actions, delivery, engine
from wijzer.alignment.constants import Decision, LinkState, PartLevel
from wijzer.alignment.domain.toc_report import TocImport
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.catalog.models import Product
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory
from wijzer.curriculum.models import Goal

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "data" / "alignment" / "examples"
EXAMPLE_CSV = EXAMPLES / "inhoudsopgave-voorbeeld.csv"
EXAMPLE_JSON = EXAMPLES / "inhoudsopgave-voorbeeld.json"
STALE_DOELZIN_10B = "da74e273-b43e-40d5-8e74-74cd4758ca62"  # in the example: an old id of po Doelzin 10B (breuken)
DOELZIN_10B = "b001f3d9-8fd3-424b-8fa5-45cb756af7ec"
DOELZIN_11A = "395d28d4-40ea-4ec5-ad31-361733403fff"
KEYS = [
    "blok-1", "blok-1/h1", "blok-1/h1/p1", "blok-1/h1/p2", "blok-1/h2", "blok-1/h3",
    "blok-2", "blok-2/h4", "blok-2/h5", "blok-2/h6",
]  # fmt: skip


@pytest.fixture
def method(slo):
    """A publisher's PO method with one product, EAN 2000400000288 (the example files name it)."""
    engine.reset()
    method = MethodFactory(name="Telkracht (test)", published=True)
    ProductFactory(key="id:2000400000288", title="Telkracht groep 6", method=method)
    return method


def deliver(method, data: bytes, *, suggest: bool = False, **kwargs) -> TocImport:
    return delivery.deliver(data, method=method, suggest=suggest, suggest_mode="lexical", **kwargs).result


def snapshot(method):
    parts = list(
        MethodPart.objects.filter(method=method)
        .order_by("key")
        .values_list("key", "parent__key", "level", "position", "title", "text", "sector", "stage", "withdrawn_at")
    )
    links = list(
        Alignment.objects.filter(part__method=method)
        .order_by("part__key", "goal_code", "goal_uuid")
        .values_list("part__key", "goal_code", "provenance", "origin", "declared_id", "score", "reviewed_at")
    )
    return parts, links


def links_of(method, key: str) -> list[tuple[str, str, str]]:
    return list(
        Alignment.objects.filter(part__method=method, part__key=key)
        .order_by("provenance", "goal_code")
        .values_list("goal_code", "provenance", "declared_id")
    )


def test_the_example_becomes_a_tree_with_declared_goals_through_the_resolver(method):
    # when
    report = deliver(method, EXAMPLE_CSV.read_bytes(), filename=EXAMPLE_CSV.name, actor_label="test")
    # then: ten parts, parents first, sector and stage inherited from the volume
    assert report.summary() == {
        "created": 10, "updated": 0, "unchanged": 0, "withdrawn": 0, "declared": 7, "declared_existing": 0,
        "declarations_withdrawn": 0, "unknown_goals": 0, "suggested": 0, "suggestions_replaced": 0,
    }  # fmt: skip
    assert [p.key for p in report.parts] == KEYS
    section = MethodPart.objects.get(method=method, key="blok-1/h1/p2")
    assert (section.parent.key, section.level, section.position) == ("blok-1/h1", PartLevel.SECTION, 2)
    assert (section.sector, section.stage, section.is_demo, section.withdrawn_at) == ("po", "groep 6", False, None)
    assert section.title == "1.2 Verdubbelen en halveren"
    # codes found in the part's sector; the stale id resolved to the current doelzin, kept as delivered
    assert links_of(method, "blok-1/h1") == [("PO Kerndoel 29", "declared", "PO Kerndoel 29")]
    stale = Alignment.objects.get(part__key="blok-1/h2", goal_uuid=DOELZIN_10B)
    assert (stale.provenance, stale.origin, stale.declared_id) == ("declared", "declared", STALE_DOELZIN_10B)
    assert stale.evidence["resolved_path"][0] == STALE_DOELZIN_10B
    assert {c for c, *_ in links_of(method, "blok-1/h2")} == {"PO Kerndoel 26", "Doelzin 10B"}
    assert {c for c, *_ in links_of(method, "blok-2/h4")} == {"PO Kerndoel 33", "Doelzin 11A"}
    assert links_of(method, "blok-2/h6") == []
    # one audit event with the counts
    event = AuditEvent.objects.get(action="alignment.imported")
    assert (event.object_type, event.object_id, event.actor_label) == ("method", str(method.uuid), "test")
    assert (event.details["created"], event.details["declared"], event.details["format"]) == (10, 7, "csv")


def test_suggestions_for_parts_with_text_and_no_confirmed_link(method):
    # when
    report = deliver(method, EXAMPLE_JSON.read_bytes(), suggest=True)
    # then: top 3 per framework for every chapter and section (all have text), none for the volumes (their blurb
    # repeats the chapters); declared goals keep their declared state
    # (3 per framework, less the goals a part already declares: a declared goal is not suggested again)
    assert {p.key: p.suggested for p in report.parts} == {
        "blok-1": 0, "blok-1/h1": 5, "blok-1/h1/p1": 6, "blok-1/h1/p2": 6, "blok-1/h2": 4, "blok-1/h3": 5,
        "blok-2": 0, "blok-2/h4": 4, "blok-2/h5": 5, "blok-2/h6": 6,
    }  # fmt: skip
    assert report.suggested == 41
    suggested = Alignment.objects.filter(part__key="blok-1/h3", provenance=LinkState.SUGGESTED)
    assert "PO Kerndoel 30" not in {s.goal_code for s in suggested}  # declared, so not suggested again
    assert Alignment.objects.get(part__key="blok-1/h3", goal_code="PO Kerndoel 30").provenance == "declared"
    h6 = Alignment.objects.filter(part__key="blok-2/h6", framework="kerndoelen-2006").order_by("-score")
    assert h6.count() == 3
    assert all(link.evidence["matched_terms"] for link in h6)


def test_one_bad_row_writes_nothing_and_reports_every_problem(method):
    # given: a first delivery, then a changed file with two bad rows
    deliver(method, EXAMPLE_CSV.read_bytes())
    before = snapshot(method)
    events = AuditEvent.objects.count()
    lines = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("1. Handig rekenen", "1. Handig rekenen (nieuw)")  # a good change …
    lines[5] = lines[5].replace(";blok-1;2;", ";blok-9;2;")  # … a parent that does not exist
    lines.append("blok-2/h7;hoofdstuk;7. Extra;;blok-2;vier;;;")  # … and a position that is no number
    # when
    with pytest.raises(delivery.DeliveryRefused) as refused:
        deliver(method, "\n".join(lines).encode())
    # then
    assert refused.value.lines() == [
        "Rij 6 (blok-1/h2): bovenliggend onderdeel 'blok-9' staat niet in het bestand.",
        "Rij 12 (blok-2/h7): volgorde moet een geheel getal zijn (0 of hoger), niet 'vier'.",
    ]
    assert snapshot(method) == before
    assert MethodPart.objects.get(method=method, key="blok-1/h1").title == "1. Handig rekenen"
    assert AuditEvent.objects.count() == events


def test_the_same_file_again_changes_nothing(method):
    # given
    first = deliver(method, EXAMPLE_CSV.read_bytes(), suggest=True)
    before = snapshot(method)
    # when: the same table of contents, now as JSON
    again = deliver(method, EXAMPLE_JSON.read_bytes(), suggest=True)
    # then
    assert first.summary()["created"] == 10
    assert again.summary() == {
        "created": 0, "updated": 0, "unchanged": 10, "withdrawn": 0, "declared": 0, "declared_existing": 7,
        "declarations_withdrawn": 0, "unknown_goals": 0, "suggested": 0, "suggestions_replaced": 0,
    }  # fmt: skip
    assert not again.changed
    assert snapshot(method) == before


def test_a_changed_text_updates_the_part_and_replaces_its_unreviewed_suggestions(method):
    # given
    deliver(method, EXAMPLE_CSV.read_bytes(), suggest=True)
    old = set(
        Alignment.objects.filter(part__key="blok-2/h6", provenance="suggested").values_list("goal_code", flat=True)
    )
    changed = EXAMPLE_CSV.read_text(encoding="utf-8").replace(
        "Gegevens verzamelen, ordenen in een tabel en aflezen uit een staafgrafiek en een lijngrafiek.",
        "Schatten en afronden van bedragen in euro's, de uitkomst vooraf schatten en controleren.",
    )
    # when
    report = deliver(method, changed.encode(), suggest=True)
    # then
    assert [(p.key, p.status) for p in report.parts if p.status != "unchanged"] == [("blok-2/h6", "updated")]
    part = MethodPart.objects.get(method=method, key="blok-2/h6")
    assert part.text.startswith("Schatten en afronden van bedragen")
    new = set(Alignment.objects.filter(part=part, provenance="suggested").values_list("goal_code", flat=True))
    assert report.suggestions_replaced == len(old) == 6  # 3 per framework
    assert "PO Kerndoel 28" in new  # schattend rekenen
    assert new != old


def test_unknown_goals_are_reported_per_row_and_the_rest_is_linked(method):
    # given: a kernzin of the new kerndoelen (not alignable), a VO code on a po part, an ambiguous doelzin code
    kernzin = Goal.objects.filter(kind="kernzin", sectors_key__contains="|po|").order_by("pk").first()
    document = {
        "method": "2000400000288",
        "parts": [
            {"key": "h1", "level": "chapter", "title": "1. Breuken", "text": "Breuken", "sector": "po",
             "goals": ["po kerndoel 026", "PO Kerndoel 99", "5b0e9c0a-0000-4000-8000-000000000000", str(kernzin.uuid),
                       "VO Kerndoel 01", "Doelzin 1A"]},
        ],
    }  # fmt: skip
    # when
    report = deliver(method, json.dumps(document).encode())
    # then
    assert links_of(method, "h1") == [("PO Kerndoel 26", "declared", "po kerndoel 026")]
    assert [(n.row, n.key, n.goal) for n in report.unknown_goals] == [
        (1, "h1", "PO Kerndoel 99"),
        (1, "h1", "5b0e9c0a-0000-4000-8000-000000000000"),
        (1, "h1", str(kernzin.uuid)),
        (1, "h1", "VO Kerndoel 01"),
        (1, "h1", "Doelzin 1A"),
    ]
    reasons = [n.reason for n in report.unknown_goals]
    assert reasons[0] == "onbekende code in het po; gebruik een code als 'PO Kerndoel 26' of het SLO-id."
    assert reasons[1] == "onbekend SLO-id."
    assert reasons[2].startswith("dit is geen kerndoel (2006) of doelzin")
    assert reasons[3] == "deze code hoort bij vo, niet bij po."
    assert reasons[4].startswith("de code is niet eenduidig in het po (3 doelen: ")
    assert report.unknown_goals[0].describe("onderdeel") == (
        "Onderdeel 1 (h1): doel 'PO Kerndoel 99' niet gekoppeld: onbekende code in het po; gebruik een code als "
        "'PO Kerndoel 26' of het SLO-id."
    )
    assert AuditEvent.objects.get(action="alignment.imported").details["unknown_goals"] == 5


def test_reviewed_links_survive_a_new_delivery_and_missing_parts_are_kept_and_marked(method):
    # given: a delivery; a reviewer confirms h1's kerndoel and rejects one of h2's
    deliver(method, EXAMPLE_CSV.read_bytes())
    reviewer = User.objects.create_user(email="beoordelaar@test.example.nl", password="een-lang-wachtwoord-123")
    confirmed = Alignment.objects.get(part__key="blok-1/h1", goal_code="PO Kerndoel 29")
    rejected = Alignment.objects.get(part__key="blok-1/h2", goal_code="PO Kerndoel 26")
    actions.do_review_alignments([confirmed], Decision.CONFIRM, user=reviewer, reason="past")
    actions.do_review_alignments([rejected], Decision.REJECT, user=reviewer, reason="te breed")
    # when: a new edition drops chapter 3 and every declared goal of blok 1
    lines = [
        line.rsplit(";", 1)[0] + ";" if line.startswith("blok-1") else line
        for line in EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()
        if not line.startswith("blok-1/h3;")
    ]
    report = deliver(method, "\n".join(lines).encode())
    # then: reviewed links stay as they were; the unreviewed declaration the supplier dropped is gone and reported
    assert report.withdrawn == ("blok-1/h3",)
    assert report.declarations_withdrawn == ("blok-1/h2: Doelzin 10B",)
    confirmed.refresh_from_db()
    rejected.refresh_from_db()
    assert (confirmed.provenance, confirmed.reviewer, confirmed.origin) == ("confirmed", reviewer, "declared")
    assert (rejected.provenance, rejected.reason) == ("rejected", "te breed")
    assert links_of(method, "blok-1/h2") == [("PO Kerndoel 26", "rejected", "PO Kerndoel 26")]
    # the missing chapter is kept, with its declared link, and marked
    gone = MethodPart.objects.get(method=method, key="blok-1/h3")
    assert gone.withdrawn_at is not None
    assert links_of(method, "blok-1/h3") == [("PO Kerndoel 30", "declared", "PO Kerndoel 30")]
    event = AuditEvent.objects.filter(action="alignment.imported").latest("id")
    assert event.details["withdrawn_keys"] == ["blok-1/h3"]
    assert event.details["declarations_withdrawn_links"] == ["blok-1/h2: Doelzin 10B"]
    # when it comes back, it is delivered again
    back = deliver(method, EXAMPLE_CSV.read_bytes())
    gone.refresh_from_db()
    assert gone.withdrawn_at is None
    assert [p.status for p in back.parts if p.key == "blok-1/h3"] == ["updated"]
    assert back.withdrawn == ()
    confirmed.refresh_from_db()
    assert confirmed.provenance == "confirmed"


def test_a_goal_wijzer_suggested_becomes_declared_when_the_supplier_declares_it(method):
    # given: a part with a suggestion for PO Kerndoel 26
    deliver(method, b"sleutel;niveau;titel;tekst;sector\nh1;hoofdstuk;1. Breuken;Breuken en procenten;po\n")
    part = MethodPart.objects.get(method=method, key="h1")
    found = engine.suggest("Breuken en procenten", sector="po", framework="kerndoelen-2006", limit=1, mode="lexical")
    actions.do_record_suggestions(part, found, "kerndoelen-2006")
    # when: the supplier declares it
    report = deliver(
        method,
        b"sleutel;niveau;titel;tekst;sector;doelen\nh1;hoofdstuk;1. Breuken;Breuken en procenten;po;PO Kerndoel 26\n",
    )
    # then
    link = Alignment.objects.get(part=part)
    assert (link.provenance, link.origin, link.declared_id) == ("declared", "declared", "PO Kerndoel 26")
    assert link.evidence["suggestion"]["matched_terms"]
    assert report.declared == 1


def test_the_method_in_the_file_must_match(method):
    other = MethodFactory(name="Andere methode")
    with pytest.raises(delivery.DeliveryRefused) as refused:
        delivery.deliver(EXAMPLE_JSON.read_bytes(), method=other, suggest=False)
    assert refused.value.lines() == [
        "Bestand: Het bestand hoort bij de methode 'Telkracht (test)', niet bij 'Andere methode'."
    ]
    with pytest.raises(delivery.DeliveryRefused) as refused:
        delivery.deliver(EXAMPLE_CSV.read_bytes(), suggest=False)
    assert refused.value.lines() == [
        'Bestand: Geef de methode op: in het bestand ("method") of bij het aanleveren (--method).'
    ]
    assert not MethodPart.objects.exists()


def test_find_method_by_method_id_product_id_ean_or_key(method):
    product = Product.objects.get(method=method)
    found = [
        delivery.find_method(value)
        for value in (str(method.uuid), str(product.uuid), "2000400000288", " 200-0400-000288 ", "id:2000400000288")
    ]
    assert found == [method] * 5
    assert delivery.find_method("9999999999999") is None


# --- wijzer align import -------------------------------------------------------------------------------------------


def test_cli_import_prints_a_dutch_summary(method):
    out = StringIO()
    call_command("align", "import", str(EXAMPLE_CSV), "--method", "2000400000288", "--no-suggest", stdout=out)
    text = out.getvalue()
    assert f"inhoudsopgave-voorbeeld.csv → Telkracht (test) ({method.uuid})" in text
    assert "onderdelen: 10 nieuw, 0 bijgewerkt, 0 ongewijzigd" in text
    assert "opgegeven kerndoelen: 7 nieuw gekoppeld, 0 al gekoppeld" in text
    assert "voorstellen: overgeslagen (--no-suggest)" in text
    again = StringIO()
    call_command("align", "import", str(EXAMPLE_JSON), "--no-suggest", stdout=again)
    assert "onderdelen: 0 nieuw, 0 bijgewerkt, 10 ongewijzigd" in again.getvalue()
    assert "Niets gewijzigd" in again.getvalue()
    assert AuditEvent.objects.filter(action="alignment.imported").first().actor_label.startswith("opdrachtregel")


def test_cli_import_json_report_with_suggestions(method):
    out = StringIO()
    call_command("align", "import", str(EXAMPLE_JSON), "--mode", "lexical", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["accepted"] is True
    assert report["method"] == {"id": str(method.uuid), "name": "Telkracht (test)"}
    assert report["counts"]["created"] == 10
    assert report["counts"]["suggested"] == 41
    assert report["parts"][1] == {
        "row": 2, "key": "blok-1/h1", "title": "1. Handig rekenen", "status": "created", "declared": 1,
        "suggested": report["parts"][1]["suggested"],
    }  # fmt: skip


def test_cli_import_refused_exits_non_zero_with_the_row_report(method, tmp_path):
    bad = tmp_path / "inhoud.csv"
    bad.write_text("sleutel;niveau;titel\nh1;hoofdstuk;\nh2;kopje;Twee\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match=r"inhoud\.csv afgekeurd: 2 problemen"):
        call_command("align", "import", str(bad), "--method", str(method.uuid), stderr=err)
    assert "Rij 2 (h1): titel is verplicht." in err.getvalue()
    assert "Rij 3 (h2): onbekend niveau 'kopje'; kies deel, hoofdstuk of paragraaf." in err.getvalue()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("align", "import", str(bad), "--method", str(method.uuid), "--json", stdout=out)
    assert json.loads(out.getvalue())["errors"][0] == {
        "row": 2,
        "key": "h1",
        "message": "Rij 2 (h1): titel is verplicht.",
    }
    assert not MethodPart.objects.exists()
    with pytest.raises(CommandError, match="Methode 'onbekend' niet gevonden"):
        call_command("align", "import", str(EXAMPLE_CSV), "--method", "onbekend")


def test_the_suggester_runs_before_the_write_transaction_not_inside_it(method, monkeypatch):
    """W5.4 §1: ~0.05 s per part must not hold the write lock; the import's own transaction opens afterwards."""
    from django.db import connection

    real = engine.suggest
    seen: list[int] = []

    def watching(*args, **kwargs):
        seen.append(len(connection.savepoint_ids))  # the import's atomic block would be a savepoint here
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "suggest", watching)
    report = deliver(method, EXAMPLE_JSON.read_bytes(), suggest=True)
    assert len(seen) == 16  # 8 chapters and sections with text, 2 frameworks: each asked once, all beforehand
    assert report.suggested == 41  # as in test_suggestions_for_parts_with_text_and_no_confirmed_link
    assert set(seen) == {0}
