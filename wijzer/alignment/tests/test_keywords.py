"""Curated keywords per 2006 kerndoel: the file is checked, and its words reach a goal's ranking and evidence."""

from __future__ import annotations

import json

import pytest

from wijzer.alignment import fetch
from wijzer.alignment.domain.suggest import GoalDoc, build_index, rank
from wijzer.alignment.domain.suggest.keywords import KeywordFileError, parse_keywords


def goal(goal_id: str, code: str, text: str, keywords: tuple[str, ...] = ()) -> GoalDoc:
    fields = {"label": "", "text": text, "context": ""}
    if keywords:
        fields["keywords"] = ". ".join(keywords)
    return GoalDoc(
        goal_id=goal_id,
        code=code,
        label="",
        framework="kerndoelen-2006",
        sectors=("po",),
        subjects=(),
        fields=fields,
        subtexts=(("kerndoel", text), *(("trefwoord", k) for k in keywords)),
    )


KNOWN = {"u1": "PO Kerndoel 01"}


def test_parse_keeps_order_and_drops_duplicates():
    # given
    data = {"goals": {"u1": {"code": "PO Kerndoel 38", "trefwoorden": ["moskee", "Pasen", " moskee ", "kerk"]}}}
    # when
    parsed = parse_keywords(data, {"u1": "PO Kerndoel 38"})
    # then
    assert parsed.keywords == {"u1": ("moskee", "Pasen", "kerk")}
    assert parsed.problems == ()


def test_codes_are_compared_without_stray_spaces():
    # SLO spells "VSO Kerndoel DB 54.8 " with a trailing space; the curriculum stores it without
    data = {"goals": {"u1": {"code": "VSO Kerndoel DB 54.8 ", "trefwoorden": ["stage"]}}}
    parsed = parse_keywords(data, {"u1": "VSO Kerndoel DB 54.8"})
    assert parsed.keywords == {"u1": ("stage",)}
    assert parsed.problems == ()


def test_a_file_without_goals_is_refused():
    with pytest.raises(KeywordFileError, match="'goals'"):
        parse_keywords({"doelen": {}})


@pytest.mark.parametrize(
    ("data", "known", "fragment"),
    [
        ({"goals": {"u1": {"code": "PO Kerndoel 01", "trefwoorden": "kerk"}}}, None, "moet een lijst"),
        ({"goals": {"u1": {"code": "PO Kerndoel 01", "trefwoorden": [""]}}}, None, "ongeldig trefwoord"),
        ({"goals": {"u9": {"code": "PO Kerndoel 01", "trefwoorden": ["kerk"]}}}, KNOWN, "onbekend"),
        ({"goals": {"u1": {"code": "PO Kerndoel 02", "trefwoorden": ["kerk"]}}}, KNOWN, "hoort niet"),
    ],
)
def test_a_bad_entry_is_left_out_with_its_reason_and_the_rest_is_kept(data, known, fragment):
    # given: the bad entry next to a good one
    good = {"code": "PO Kerndoel 03", "trefwoorden": ["debat"]}
    data = {"goals": {**data["goals"], "u3": good}}
    known = None if known is None else {**known, "u3": "PO Kerndoel 03"}
    # when
    parsed = parse_keywords(data, known)
    # then
    assert parsed.keywords == {"u3": ("debat",)}
    assert len(parsed.problems) == 1
    assert fragment in parsed.problems[0]


def test_a_keyword_brings_a_goal_up_and_is_shown_as_evidence():
    # given: two goals whose statutory texts share no word with the chapter
    religion = "De leerlingen leren hoofdzaken van geestelijke stromingen die in Nederland een belangrijke rol spelen."
    heritage = "De leerlingen leren aandacht te hebben voor cultureel erfgoed."
    without = build_index([goal("g1", "PO 38", religion), goal("g2", "PO 56", heritage)])
    with_keywords = build_index(
        [goal("g1", "PO 38", religion, ("moskee", "synagoge", "kerk")), goal("g2", "PO 56", heritage, ("museum",))]
    )
    chapter = "We bezoeken een moskee en een synagoge in de buurt"
    # when
    before = rank(without, chapter, sector="po", framework="kerndoelen-2006")
    after = rank(with_keywords, chapter, sector="po", framework="kerndoelen-2006")
    # then
    assert before == []
    assert [s.code for s in after] == ["PO 38"]
    evidence = after[0].evidence()
    assert {t["term"] for t in evidence["matched_terms"]} == {"moskee", "synagoge"}
    assert evidence["best_match"]["kind"] == "trefwoord"


@pytest.mark.django_db
def test_the_shipped_file_matches_the_curriculum_and_reaches_the_documents(slo):
    # given: the file in data/alignment (checked against the loaded SLO curriculum)
    shipped = fetch.goal_keywords()
    keywords = shipped.keywords
    # when
    docs = {d.goal_id: d for d in fetch.goal_documents(keywords)}
    # then: nothing left out, every PO and VO 2006 kerndoel has a list, and it is a field of that goal's document
    assert shipped.problems == ()
    codes = {docs[goal_id].code for goal_id in keywords}
    assert len([c for c in codes if c.startswith(("PO Kerndoel ", "VO Kerndoel "))]) == 116
    some_id, words = next(iter(keywords.items()))
    assert docs[some_id].fields["keywords"].split(". ")[0] == words[0]
    assert ("trefwoord", words[-1]) in docs[some_id].subtexts


@pytest.mark.django_db
def test_a_file_with_an_unknown_goal_still_serves_the_others(slo, tmp_path, caplog):
    from wijzer.curriculum.models import Goal

    # given
    goal = Goal.objects.get(code="PO Kerndoel 38")
    path = tmp_path / "trefwoorden.json"
    entries = {
        "not-a-goal": {"code": "X", "trefwoorden": ["a"]},
        str(goal.uuid): {"code": "PO Kerndoel 38", "trefwoorden": ["moskee"]},
    }
    path.write_text(json.dumps({"goals": entries}), encoding="utf-8")
    # when
    result = fetch.goal_keywords(path)
    # then
    assert result.keywords == {str(goal.uuid): ("moskee",)}
    assert "onbekend doel" in caplog.text


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_its_reason(slo, tmp_path):
    path = tmp_path / "trefwoorden.json"
    path.write_text("{goals: ", encoding="utf-8")
    with pytest.raises(KeywordFileError, match="geen geldige JSON"):
        fetch.goal_keywords(path)


# --- the new (FO) kerndoelen: kerndoelen-fo-trefwoorden.json ----------------------------------------------------


def _fo_goal_ids() -> set[str]:
    from wijzer.curriculum import service as curriculum

    return {str(goal.uuid) for goal in curriculum.goals(framework="kerndoelen-fo")}


@pytest.mark.django_db
def test_the_fo_file_covers_every_fo_goal_of_the_curriculum_and_nothing_else(slo):
    # given: the FO file on its own, checked against the loaded curriculum (uuid exists, code matches)
    path = fetch.keywords_paths()[1]
    assert path.name == "kerndoelen-fo-trefwoorden.json"
    # when
    shipped = fetch.goal_keywords(path)
    # then: one list per FO doelzin (regular, Fries, NGT and functional sets), none left out, none empty
    assert shipped.problems == ()
    assert set(shipped.keywords) == _fo_goal_ids()
    assert len(shipped.keywords) == 372
    assert min(len(words) for words in shipped.keywords.values()) >= 5


@pytest.mark.django_db
def test_the_loader_merges_both_files_and_fo_keywords_are_a_lexical_field_only(slo):
    # when: the default loader (both shipped files)
    merged = fetch.goal_keywords()
    docs = {d.goal_id: d for d in fetch.goal_documents(merged.keywords)}
    # then: 2006 and FO goals both have their lists
    assert merged.problems == ()
    frameworks = {docs[goal_id].framework for goal_id in merged.keywords}
    assert frameworks == {"kerndoelen-2006", "kerndoelen-fo"}
    fo_docs = [d for d in docs.values() if d.framework == "kerndoelen-fo"]
    fractions = next(d for d in fo_docs if "breuken" in merged.keywords[d.goal_id])
    words = merged.keywords[fractions.goal_id]
    assert fractions.fields["keywords"] == ". ".join(words)
    assert ("trefwoord", "teller") in fractions.subtexts
    # the embedded passages stay the SLO texts (their stored vectors still match): no keyword is embedded
    assert not set(words) & set(fractions.embed_parts)
    assert "teller" not in fractions.embed_text
    without = {d.goal_id: d for d in fetch.goal_documents({})}
    assert fractions.embed_parts == without[fractions.goal_id].embed_parts
    assert "keywords" not in without[fractions.goal_id].fields


@pytest.mark.django_db
def test_the_loader_keeps_the_first_list_and_reports_problems_of_every_file(slo, tmp_path, monkeypatch, caplog):
    from wijzer.curriculum.models import Goal

    # given: two files; one goal in both, and a bad entry in the second
    goal = Goal.objects.get(code="PO Kerndoel 38")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"goals": {str(goal.uuid): {"code": goal.code, "trefwoorden": ["moskee"]}}}))
    entries = {
        str(goal.uuid): {"code": goal.code, "trefwoorden": ["kerk"]},
        "not-a-goal": {"code": "X", "trefwoorden": ["a"]},
    }
    second.write_text(json.dumps({"goals": entries}))
    monkeypatch.setattr(fetch, "keywords_paths", lambda: (first, second, tmp_path / "missing.json"))
    # when
    result = fetch.goal_keywords()
    # then: the first file wins for the shared goal, a missing file is no error, the bad entry is named
    assert result.keywords == {str(goal.uuid): ("moskee",)}
    assert len(result.problems) == 1
    assert "onbekend doel" in result.problems[0]
    assert "b.json" in caplog.text


@pytest.mark.django_db
def test_a_text_of_only_one_keyword_finds_its_fo_goal_in_the_top_5(slo):
    from wijzer.alignment.domain.suggest.analysis import stems

    # given: the index with the shipped keywords (lexical ranking, no vectors)
    keywords = fetch.goal_keywords().keywords
    docs = fetch.goal_documents(keywords)
    index = build_index(docs)
    missed = []
    checked = 0
    terms_of_slice: dict[str, list[set[str]]] = {}  # per sector: the terms of each goal in the slice (built once)
    for doc in docs:
        if doc.framework != "kerndoelen-fo":
            continue
        for sector in doc.sectors:
            slice_ = index.slice(doc.framework, sector)
            assert slice_ is not None
            if sector not in terms_of_slice:
                terms_of_slice[sector] = [{t for counts in e.tf.values() for t in counts} for e in slice_.entries]
            has = terms_of_slice[sector]

            def spread(word: str, has: list[set[str]] = has) -> int:  # goals of the slice with every stem of word
                wanted = set(stems(word))
                return sum(1 for terms in has if wanted and wanted <= terms)

            words = keywords[doc.goal_id]
            # the goal's most specific keyword that the analyser keeps (e.g. "Schijf van Vijf", "verkeersexamen")
            spreads = {w: spread(w) for w in words}
            word = min((w for w in words if spreads[w] > 0), key=lambda w: (spreads[w], words.index(w)))
            # when: the keyword alone is the chapter text
            found = rank(index, word, sector=sector, framework=doc.framework, limit=5)
            # then
            checked += 1
            if doc.goal_id not in [s.goal_id for s in found]:
                missed.append((doc.code, sector, word))
    assert checked > 600
    assert missed == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "sector", "code", "only_in_keywords"),
    [
        ("teller en noemer", "po", "Doelzin 10B", False),  # SLO's illustraties name them too
        ("staafdiagram", "po", "Doelzin 12A", False),
        ("verkeersexamen", "po", "Doelzin 28E - Verkeer", True),
        ("Schijf van Vijf", "po", "Doelzin 31B - Gezond leven", True),
        ("Scratch", "po", "Doelzin 23B", True),
        ("abc-formule", "vo", "Doelzin 10B", False),
        ("stelling van Pythagoras", "vo", "Doelzin 13A", False),
        ("wet van Ohm", "vo", "Doelzin 30C - Energie", True),
    ],
)
def test_an_everyday_chapter_word_reaches_its_doelzin_first(slo, text, sector, code, only_in_keywords):
    # when
    found = rank(build_index(fetch.goal_documents()), text, sector=sector, framework="kerndoelen-fo", limit=5)
    without = rank(build_index(fetch.goal_documents({})), text, sector=sector, framework="kerndoelen-fo", limit=5)
    # then: the goal is first
    assert found[0].code == code
    if only_in_keywords:  # a word no SLO text of the goal uses: the keyword list is the evidence, and without it
        assert found[0].evidence()["best_match"]["kind"] == "trefwoord"  # the goal was not first
        assert not without or without[0].code != code
