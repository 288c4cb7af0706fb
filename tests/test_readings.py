"""readings.read_article: what a passage's numbers settle for each other (made-up passages only)."""

from __future__ import annotations

import pytest

from extractor.candidates import find_passages, split_sentences
from extractor.readings import Marked, read_article


def read(text: str) -> list[Marked]:
    passages = find_passages(text)
    assert passages, f"no candidate passage in {text!r}"
    return [m for items in read_article(passages) for m in items]


def by_text(items: list[Marked], text: str, occurrence: int = 0) -> Marked:
    found = [m for m in items if m.mark.text == text]
    assert len(found) > occurrence, f"{text!r} not marked; marks: {[m.mark.text for m in items]}"
    return found[occurrence]


def summary(m: Marked) -> tuple:
    return (m.role, m.side, m.category, m.count)


# ---------------------------------------------------------------------------
# Reciprocity: the other number of an exchange sentence went to the other side
# ---------------------------------------------------------------------------

RECIPROCITY = [
    pytest.param(
        "In exchange for 40 captured enemy troops, Ukraine freed 40 of its soldiers.",
        [("40", 0, ("transfer", "russia", "prisoners_of_war", 40)), ("40", 1, ("transfer", "ukraine", "prisoners_of_war", 40))],
        id="in-exchange-for-enemy-troops",
    ),
    pytest.param(
        "Ukraine handed over 40 bodies to Russia and received 900 in return.",
        [("40", 0, ("transfer", "russia", "bodies", 40)), ("900", 0, ("transfer", "ukraine", "bodies", 900))],
        id="received-in-return",
    ),
    pytest.param(
        "Moscow received 52 prisoners of war, while 52 captives went the other way.",
        [("52", 0, ("transfer", "russia", "prisoners_of_war", 52)), ("52", 1, ("transfer", "ukraine", "prisoners_of_war", 52))],
        id="while",
    ),
    pytest.param(
        "Russia handed over 30 Ukrainian prisoners of war on Monday. In return, 30 prisoners were freed.",
        [("30", 0, ("transfer", "ukraine", "prisoners_of_war", 30)), ("30", 1, ("transfer", "russia", "prisoners_of_war", 30))],
        id="in-return-opening-next-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RECIPROCITY)
def test_reciprocity(text: str, expected: list) -> None:
    items = read(text)
    for number, occurrence, want in expected:
        assert summary(by_text(items, number, occurrence)) == want
    settled = [m for m in items if {"side:reciprocity", "side:in-return-opening"} & set(m.rules)]
    assert settled, "no number was settled by reciprocity"


def test_reciprocity_needs_an_exchange_word() -> None:
    """Two numbers in one sentence without "in exchange", "in return", "while": the open one stays open."""
    items = read("Ukraine received 25 bodies on Friday, and 25 bodies arrived by train.")
    second = by_text(items, "25", 1)
    assert second.side is None and second.open


def test_nothing_settles_without_a_known_side() -> None:
    """"we" and "our" name no side by themselves: both numbers stay open for the model."""
    items = read("In exchange for 40 captured enemy troops, we freed 40 of our soldiers, the commander said.")
    assert [m.side for m in items] == [None, None]
    assert all(m.open for m in items)


# ---------------------------------------------------------------------------
# "the same number", "an equal number"
# ---------------------------------------------------------------------------

SAME_NUMBER = [
    pytest.param(
        "Russia freed 63 Ukrainian prisoners of war and received the same number in return.",
        "the same number", ("transfer", "russia", "prisoners_of_war", 63), id="the-same-number",
    ),
    pytest.param(
        "Ukraine handed 18 Russian soldiers to Moscow and got back an equal number of defenders.",
        "an equal number", ("transfer", "ukraine", "prisoners_of_war", 18), id="an-equal-number",
    ),
    pytest.param(
        "Moscow received 70 bodies of Russian servicemen, and the same number went back to the other side.",
        "the same number", ("transfer", "ukraine", "bodies", 70), id="same-number-reciprocity-side",
    ),
]


@pytest.mark.parametrize(("text", "phrase", "want"), SAME_NUMBER)
def test_same_number_takes_the_other_count(text: str, phrase: str, want: tuple) -> None:
    items = read(text)
    m = by_text(items, phrase)
    assert m.mark.count is None  # the words give no figure of their own
    assert summary(m) == want
    assert "count:same-number" in m.rules


# ---------------------------------------------------------------------------
# Restatement: the same count and category stated elsewhere with a known side
# ---------------------------------------------------------------------------


def test_restatement_across_headline_and_body() -> None:
    text = (
        "Ukraine brings home 812 fallen soldiers\n"
        "A short paragraph about the front line follows here.\n"
        "The train was met at a station in the west.\n"
        "Officials said 812 bodies were returned on Friday."
    )
    passages = find_passages(text)
    assert len(passages) == 2  # headline and body are separate passages
    items = [m for ps in read_article(passages) for m in ps]
    head, body = items
    assert summary(head) == ("transfer", "ukraine", "bodies", 812)
    assert summary(body) == ("transfer", "ukraine", "bodies", 812)
    assert "side:restatement" in body.rules
    assert not body.open


def test_restatement_needs_the_same_category() -> None:
    text = (
        "Ukraine brings home 812 fallen soldiers\n"
        "A short paragraph about the front line follows here.\n"
        "The train was met at a station in the west.\n"
        "Officials said 812 civilians were returned on Friday."
    )
    body = read(text)[-1]
    assert body.category == "civilians"
    assert body.side is None and "side:restatement" not in body.rules


def test_restatement_needs_one_known_side() -> None:
    """The count was stated once for each side: a third mention cannot tell which."""
    text = (
        "Russia received 150 prisoners of war and Ukraine received 150 prisoners of war on Monday.\n"
        "A short paragraph about the front line follows here.\n"
        "The buses left the border at noon.\n"
        "Officials said 150 prisoners of war were returned."
    )
    last = read(text)[-1]
    assert last.count == 150 and last.side is None


# ---------------------------------------------------------------------------
# Breakdown: numbers of a later sentence that add up to an earlier one
# ---------------------------------------------------------------------------


def test_breakdown_parts_become_subgroups_and_give_the_whole_their_side() -> None:
    text = "The bodies of 600 soldiers were repatriated on Friday. Ukraine received 400 bodies by train and 200 bodies by truck."
    items = read(text)
    whole, a, b = by_text(items, "600"), by_text(items, "400"), by_text(items, "200")
    assert summary(whole) == ("transfer", "ukraine", "bodies", 600)
    assert "side:breakdown" in whole.rules
    for part in (a, b):
        assert part.role == "subgroup" and "role:breakdown" in part.rules


def test_parts_that_do_not_add_up_stay_transfers() -> None:
    text = "The bodies of 600 soldiers were repatriated on Friday. Ukraine received 400 bodies by train and 150 bodies by truck."
    items = read(text)
    assert by_text(items, "400").role == "transfer"
    assert by_text(items, "150").role == "transfer"
    assert by_text(items, "600").side is None


def test_parts_of_two_categories_are_no_breakdown() -> None:
    text = (
        "Ukraine received 150 people from Russia on Tuesday. "
        "Kyiv received 110 prisoners of war and 40 civilians, officials said."
    )
    items = read(text)
    assert by_text(items, "110").role == "transfer"
    assert by_text(items, "40").role == "transfer"


def test_breakdown_whole_must_come_before() -> None:
    text = "Ukraine received 400 bodies by train and 200 bodies by truck. In all, 600 bodies were repatriated."
    items = read(text)
    assert by_text(items, "400").role == "transfer"
    assert by_text(items, "200").role == "transfer"


# ---------------------------------------------------------------------------
# Context category: soldiers named with no word for living or dead
# ---------------------------------------------------------------------------

CONTEXT = [
    pytest.param(
        "Russia handed 300 bodies to Ukraine on Friday. Ukraine handed over 44 soldiers to Russia in return.",
        "44", "bodies", "category:context-passage-bodies", id="passage-of-bodies",
    ),
    pytest.param(
        "Russia freed 120 Ukrainian prisoners on Friday. Kyiv handed over 44 soldiers in return.",
        "44", "prisoners_of_war", "category:context-passage-living", id="passage-of-living",
    ),
    pytest.param(
        "Kyiv handed over 44 soldiers and Moscow handed over 120 bodies, officials said.",
        "44", "bodies", "category:context-sentence", id="sentence-neighbour",
    ),
    pytest.param(
        "Moscow received 75 bodies on Monday, and the freed captives were taken to hospital. Kyiv received 44 soldiers.",
        "44", "prisoners_of_war", "category:soldiers-default", id="both-words-default",
    ),
]


@pytest.mark.parametrize(("text", "number", "category", "rule"), CONTEXT)
def test_context_category(text: str, number: str, category: str, rule: str) -> None:
    m = by_text(read(text), number)
    assert "category:noun:soldiers" in m.rules  # the number's own words left it weak
    assert m.category == category
    assert rule in m.rules


def test_weak_soldiers_alone_default_to_prisoners() -> None:
    """No word for living or dead anywhere in the passage: soldiers are taken as prisoners of war, by name."""
    m = read("Ukraine received 909 troops on Monday.")[0]
    assert (m.category, m.side) == ("prisoners_of_war", "ukraine")
    assert m.rules[-1] == "category:soldiers-default"
    assert not m.open


def test_decided_passage_has_no_open_number() -> None:
    items = read("Moscow received 60 bodies on Friday. Kyiv got back 35 soldiers who had been released.")
    assert [summary(m) for m in items] == [("transfer", "russia", "bodies", 60), ("transfer", "ukraine", "prisoners_of_war", 35)]
    assert not any(m.open for m in items)


# ---------------------------------------------------------------------------
# Candidates: the passages readings are made from
# ---------------------------------------------------------------------------


def test_split_sentences_keeps_abbreviated_dates_together() -> None:
    text = "The swap took place on Oct. 4 near Sumy. Kyiv received 30 captives.\nA new paragraph."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["The swap took place on Oct. 4 near Sumy.", "Kyiv received 30 captives.", "A new paragraph."]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_plans_and_tallies_make_no_passage() -> None:
    text = (
        "The two governments agreed to swap 1,200 prisoners of war.\n"
        "Ukraine has brought home 4,300 people since the start of the war.\n"
        "A drone strike killed 14 people in the city."
    )
    assert find_passages(text) == []


def test_passage_marks_every_count() -> None:
    text = "Ukraine handed over 40 bodies to Russia and received 900 in return."
    (p,) = find_passages(text)
    assert p.rendered() == "Ukraine handed over 40 [N1] bodies to Russia and received 900 [N2] in return."


def test_a_number_broken_down_into_two_categories_is_their_total() -> None:
    text = "In the exchange on Friday, Kyiv secured the release of 91 people: 80 soldiers and 11 civilians."
    (items,) = read_article(find_passages(text), text)
    by_count = {i.count: i for i in items}
    assert by_count[91].role == "total" and "role:whole-of-parts" in by_count[91].rules
    assert (by_count[80].role, by_count[80].side, by_count[80].category) == ("transfer", "ukraine", "prisoners_of_war")
    assert (by_count[11].role, by_count[11].side, by_count[11].category) == ("transfer", "ukraine", "civilians")
