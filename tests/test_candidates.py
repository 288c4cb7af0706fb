"""Tests of extractor.candidates: sentences, candidate sentences and passages, marks, clauses.

Every sentence and article here is made up; the seed articles are only read as
input data for invariants that name none of their phrases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import candidates, lexicon
from extractor.candidates import (
    Passage,
    Sentence,
    clause_around,
    find_passages,
    is_candidate,
    sentence_counts,
    split_sentences,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def sentence(text: str) -> Sentence:
    return Sentence(0, len(text), text, 0)


def mark_texts(p: Passage) -> list[str]:
    return [m.text for m in p.marks]


def all_marks(text: str) -> list[str]:
    return [m.text for p in find_passages(text) for m in p.marks]


def strip_markers(rendered: str) -> str:
    return re.sub(r" \[N\d+\]", "", rendered)


def evidence(text: str, p: Passage, mark_text: str) -> str:
    mark = next(m for m in p.marks if m.text == mark_text)
    s = next(s for s in p.sentences if s.start <= mark.start < s.end)
    a, b = clause_around(text, s, mark.start, mark.end)
    assert a <= mark.start and mark.end <= b
    return text[a:b]


# ---------------------------------------------------------------------------
# Made-up articles
# ---------------------------------------------------------------------------

# A handover and its answer, a break, a background handover with its scene-setter,
# a promise and a casualty report.
PRIMARY_AND_BACKGROUND = (
    "Kyiv says Moscow has handed back the bodies of eight hundred soldiers. In return, Moscow received twenty six bodies.\n"
    "The handover was overseen by the Red Cross.\n"
    "The previous handover took place in August. Then Kyiv received eight hundred bodies and Moscow got forty.\n"
    "Both governments promised to repatriate the remains of five thousand soldiers.\n"
    "A drone strike killed at least seven people in a village on Sunday.\n"
)
# A headline repeated at the end, an agreement, and numbers of things.
REPEATED_HEADLINE = (
    "More than 700 captives swapped by Moscow and Kyiv.\n"
    "Ukraine received 352 captives and Russia received 352.\n"
    "Earlier, the sides agreed to hand over as many as 3,000 bodies.\n"
    "Overnight Moscow launched 310 drones and 27 missiles, and nearly 90,000 homes lost power.\n"
    "More than 700 captives swapped by Moscow and Kyiv.\n"
)
# A quoted paragraph published twice.
QUOTE = (
    "“The transfer was completed this morning. We received 600 bodies, which the other side says are Ukrainian "
    "soldiers,” the ombudsman said."
)
REPEATED_PARAGRAPH = (
    "Kyiv got back 600 bodies on Thursday, while handing over 17 bodies of Russian soldiers.\n"
    "The talks in Geneva lasted three days.\n" + QUOTE + "\n" + QUOTE + "\n"
)
# A tally, then a background swap with "the same number" and its scene-setter.
SAME_NUMBER = (
    "Moscow and Kyiv swapped prisoners again this week.\n"
    "More than 2,300 people have been brought home through exchanges conducted in 2024, officials said.\n"
    "Earlier in May, Kyiv and Moscow carried out another swap involving serving soldiers. "
    "On May 9, Moscow freed 84 soldiers and handed the same number to Kyiv. "
    "The swap also brought home five civilians from Russia's Belgorod region.\n"
    "Several soldiers were wounded.\n"
)
# A headline, "the two sides", a total and its parts over two paragraphs, a tally, and a plan
# that is no promise to hand anybody over.
TOTAL_AND_PARTS = (
    "Over 1.2K Bodies Returned in New Handover\n"
    "The exchange came after the two sides met in Geneva.\n"
    "Kyiv and Moscow have swapped the bodies of 831 soldiers killed in the fighting, a Kremlin aide said on Tuesday.\n"
    "Moscow handed back the bodies of 812 Ukrainian soldiers and took back the remains of 19 Russian soldiers, "
    "the aide said.\n"
    "By October, Kyiv had received at least 11,000 bodies since 2022.\n"
    "Forensic experts planned to examine the 812 bodies that Kyiv received.\n"
)
MADE_UP = {
    "primary_and_background": PRIMARY_AND_BACKGROUND,
    "repeated_headline": REPEATED_HEADLINE,
    "repeated_paragraph": REPEATED_PARAGRAPH,
    "same_number": SAME_NUMBER,
    "total_and_parts": TOTAL_AND_PARTS,
}


# ---------------------------------------------------------------------------
# split_sentences
# ---------------------------------------------------------------------------


def test_split_sentences_offsets_and_paragraphs() -> None:
    text = "  Russia returned 5 bodies. Ukraine got 3!\n\nWhy? “Quoted.” (Aside.) next lower. End"
    got = split_sentences(text)
    assert [(s.text, s.paragraph) for s in got] == [
        ("Russia returned 5 bodies.", 0),
        ("Ukraine got 3!", 0),
        ("Why?", 2),
        ("“Quoted.”", 2),  # the closing quote stays with its sentence
        ("(Aside.) next lower.", 2),  # no split before a lower-case word
        ("End", 2),
    ]
    for s in got:
        assert text[s.start : s.end] == s.text


def test_split_sentences_keeps_decimal_and_thousands_together() -> None:
    texts = [s.text for s in split_sentences("It was 2.5 times more. Then 1,000 went home.")]
    assert texts == ["It was 2.5 times more.", "Then 1,000 went home."]


def test_split_sentences_does_not_end_at_abbreviations() -> None:
    texts = [s.text for s in split_sentences("On Oct. 3 Gen. Petrenko said 40 came home. Then talks ended.")]
    assert texts == ["On Oct. 3 Gen. Petrenko said 40 came home.", "Then talks ended."]


def test_split_sentences_crlf_and_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n \n") == []
    text = "One.\r\nTwo three.\r\n"
    got = split_sentences(text)
    assert [(s.text, s.paragraph) for s in got] == [("One.", 0), ("Two three.", 1)]
    assert all(text[s.start : s.end] == s.text for s in got)


# ---------------------------------------------------------------------------
# is_candidate: handover words and a count the text does not rule out
# ---------------------------------------------------------------------------


def test_exchange_words_are_the_handover_words() -> None:
    assert candidates.EXCHANGE_WORDS is lexicon.HANDOVER


@pytest.mark.parametrize(
    "text",
    [
        "Moscow handed back the remains of 640 Ukrainian servicemen.",
        "In exchange, Kyiv got back forty two bodies.",  # spelled-out count
        "Kyiv Gets 700 Bodies as Moscow Receives 21 in New Swap",  # headline case
        "On March 9, Moscow freed 84 soldiers and sent the same number back to Kyiv.",
        "Russia and Ukraine swapped 212 prisoners each.",  # one figure per side
        "Some 90 captives were exchanged on Tuesday.",  # both sides together
        "Ukraine brought home 46 civilians.",
        "Kyiv took back 44 servicemen.",
        "Moscow released 52 captives.",
        "A total of 130 prisoners were repatriated on Sunday.",
        "Kyiv welcomed home 61 defenders.",
        "Twenty-two Ukrainian children came home from Russia.",
        "Moscow transferred 410 bodies to Kyiv.",
        "Moscow handed back 58 soldiers who had been captured near the river.",  # capture before the handover
        "Kyiv received 77 bodies; officials said a further 300 could be returned later.",  # the plan is its own clause
        "In the fifth exchange since the spring, 40 soldiers came home.",  # an ordinal, not a tally
        "The swap, the ninth such exchange since March, freed 95 soldiers.",
        "The swap, the ninth since March, freed 95 soldiers.",  # an ordinal with no noun
        "The ninth swap since March freed 95 soldiers.",  # "since March" ends the ordinal phrase
        "Kyiv received 77 bodies, and a further 300 could be returned later.",  # ", and": the plan is its own clause
        "Among those brought home were 12 women.",  # a part of the people handed over
        "Forensic experts planned to examine the 612 bodies that Kyiv received on Monday.",  # no plan to hand over
    ],
)
def test_candidates(text: str) -> None:
    assert is_candidate(sentence(text))


@pytest.mark.parametrize(
    "text",
    [
        # plans, offers, agreements, futures
        "Kyiv and Moscow agreed at talks in Geneva to swap 4,000 prisoners each.",
        "The two governments pledged to repatriate the remains of nine thousand soldiers.",
        "Moscow will release 250 prisoners next month.",
        "Moscow would soon hand over 520 bodies.",
        "Kyiv will be given 700 bodies.",
        # failures
        "A swap of 150 prisoners planned for Friday was called off.",
        "A swap that was supposed to free 400 soldiers collapsed on Monday.",
        # tallies
        "By October, Kyiv had received at least 11,000 bodies since 2022.",
        "So far 2,400 captives have been released.",
        "More than 2,300 people have been brought home through exchanges conducted in 2024.",
        "Kyiv has freed 3,100 people in 48 exchanges.",
        # ages and lists
        "The freed soldier, 23 years old, was taken to hospital.",
        "The released men, aged 19 to 58, were taken to a hospital.",
        "Kyiv handed Moscow a list of 1,200 names for a future swap.",
        # casualties and captures
        "Four soldiers were killed while waiting to be exchanged.",
        "Ukrainian forces captured 60 Russian soldiers, who may later be exchanged.",
        # no count of people
        "Kyiv and Moscow have swapped hundreds of captives.",  # vague
        "The two sides exchanged greetings.",  # 'two sides' is not a count of people
        "Captives were swapped after four rounds of talks.",
        "The exchange that took place on Friday had been delayed twice.",
        # no handover words: a bare noun ("prisoners", "bodies") is not one
        "Moscow launched 310 drones and 27 missiles overnight.",
        "The camp near the border holds 300 prisoners of war.",
        "Officials counted 300 bodies at the morgue.",
    ],
)
def test_not_candidates(text: str) -> None:
    assert not is_candidate(sentence(text))


def test_sentence_counts_skip_non_people_and_mark_the_same_number() -> None:
    text = "The two sides swapped 143 prisoners each and the same number of bodies after three rounds."
    s = Sentence(10, 10 + len(text), text, 4)
    found = sentence_counts(s)
    assert [(t, a, b) for a, b, t, _ in found] == [("143", 32, 35), ("the same number", 55, 70)]
    assert found[0][3] is not None and found[0][3].value == 143
    assert found[1][3] is None


@pytest.mark.parametrize(
    "text",
    ["Officials said 3 were freed within 48 hours.", "Kyiv got back 31 captives after 6 months and 2 weeks of talks."],
)
def test_sentence_counts_skip_durations(text: str) -> None:
    assert [t for _, _, t, _ in sentence_counts(sentence(text))] == [re.search(r"\d+", text).group(0)]  # type: ignore[union-attr]


# ---------------------------------------------------------------------------
# find_passages on made-up articles
# ---------------------------------------------------------------------------


def test_primary_and_background_exchanges() -> None:
    text = PRIMARY_AND_BACKGROUND
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["eight hundred", "twenty six"], ["eight hundred", "forty"]]
    first, second = passages
    assert first.start == 0 and len(first.sentences) == 2
    # the background passage is extended back by its scene-setting sentence
    assert second.sentences[0].text == "The previous handover took place in August."
    assert [m.count.value for m in second.marks] == [800, 40]  # type: ignore[union-attr]
    flat = all_marks(text)
    assert "five thousand" not in flat  # a promise
    assert "at least seven" not in flat and "seven" not in flat  # casualties, no handover words


def test_repeated_headline_used_once_and_agreement_excluded() -> None:
    text = REPEATED_HEADLINE
    headline = "More than 700 captives swapped by Moscow and Kyiv."
    assert text.count(headline) == 2
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["More than 700", "352", "352"]]
    sentence_texts = [s.text for p in passages for s in p.sentences]
    assert sentence_texts.count(headline) == 1
    assert passages[0].end < text.rindex(headline)
    flat = all_marks(text)
    assert "as many as 3,000" not in flat and "3,000" not in flat  # agreed to hand over
    assert "310" not in flat and "27" not in flat and "nearly 90,000" not in flat


def test_repeated_paragraphs_used_once() -> None:
    text = REPEATED_PARAGRAPH
    assert text.count(QUOTE) == 2
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["600", "17"], ["600"]]
    second = passages[1]
    first_copy = text.index(QUOTE)
    assert second.start == first_copy and second.end <= first_copy + len(QUOTE)  # the first copy, not the repeat
    assert second.sentences[0].text == "“The transfer was completed this morning."  # scene-setter inside the quote
    assert all(p.end <= text.rindex(QUOTE) for p in passages)
    assert "three" not in all_marks(text)  # "three days"


def test_same_number_marked_and_tally_not() -> None:
    text = SAME_NUMBER
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["84", "the same number", "five"]]
    assert "More than 2,300" not in all_marks(text)  # "through exchanges conducted in 2024" is a tally
    (p,) = passages
    same = p.marks[1]
    assert (same.id, same.count, text[same.start : same.end]) == ("N2", None, "the same number")
    assert p.sentences[0].text == "Earlier in May, Kyiv and Moscow carried out another swap involving serving soldiers."
    assert "Several" not in all_marks(text)


def test_total_and_parts_tally_and_two_sides() -> None:
    text = TOTAL_AND_PARTS
    passages = find_passages(text)
    # "planned to examine" is no commitment to hand anybody over: that sentence is a candidate.
    assert [mark_texts(p) for p in passages] == [["Over 1.2K"], ["831", "812", "19"], ["812"]]
    assert passages[0].marks[0].count.value == 1200  # type: ignore[union-attr]
    flat = all_marks(text)
    assert "at least 11,000" not in flat  # a tally since 2022
    assert "two" not in flat  # "the two sides" is not marked anywhere
    two_sides = text.index("the two sides") + len("the ")
    assert all(not (m.start <= two_sides < m.end) for p in passages for m in p.marks)


def _check_invariants(text: str) -> None:
    passages = find_passages(text)
    assert passages, "every article reports an exchange"
    for p in passages:
        assert p.text == text[p.start : p.end]
        assert p.start == p.sentences[0].start and p.end == p.sentences[-1].end
        assert 1 <= len(p.sentences) <= 5
        assert [m.id for m in p.marks] == [f"N{i}" for i in range(1, len(p.marks) + 1)]
        for m in p.marks:
            assert text[m.start : m.end] == m.text
            assert any(s.start <= m.start and m.end <= s.end for s in p.sentences)
    ends = [p.end for p in passages]
    assert ends == sorted(ends)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))


@pytest.mark.parametrize("name", sorted(MADE_UP))
def test_passage_invariants_on_made_up_articles(name: str) -> None:
    _check_invariants(MADE_UP[name])


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_passage_invariants_on_seeds(name: str) -> None:
    _check_invariants(SEED_TEXTS[name])


def test_rendered_paragraphs_joined_by_a_new_line() -> None:
    p = find_passages(TOTAL_AND_PARTS)[1]
    assert p.rendered() == (
        "Kyiv and Moscow have swapped the bodies of 831 [N1] soldiers killed in the fighting, "
        "a Kremlin aide said on Tuesday.\n"
        "Moscow handed back the bodies of 812 [N2] Ukrainian soldiers and took back the remains of 19 [N3] "
        "Russian soldiers, the aide said."
    )


def test_rendered_same_paragraph_joined_by_space() -> None:
    (p,) = find_passages(SAME_NUMBER)
    assert p.rendered() == (
        "Earlier in May, Kyiv and Moscow carried out another swap involving serving soldiers. "
        "On May 9, Moscow freed 84 [N1] soldiers and handed the same number [N2] to Kyiv. "
        "The swap also brought home five [N3] civilians from Russia's Belgorod region."
    )


@pytest.mark.parametrize("text", [*MADE_UP.values(), *SEED_TEXTS.values()], ids=[*MADE_UP, *SEED_TEXTS])
def test_rendered_without_markers_is_the_sentences(text: str) -> None:
    for p in find_passages(text):
        out = p.rendered()
        assert out.count("[N") == len(p.marks)
        assert strip_markers(out).split("\n") == [
            " ".join(s.text for s in p.sentences if s.paragraph == para)
            for para in dict.fromkeys(s.paragraph for s in p.sentences)
        ]


def test_long_run_is_split_at_five_sentences() -> None:
    text = " ".join(f"Russia returned {n} bodies." for n in range(11, 23))  # 12 distinct candidates
    passages = find_passages(text)
    assert [len(p.sentences) for p in passages] == [5, 5, 2]
    assert [m.text for m in passages[1].marks] == ["16", "17", "18", "19", "20"]


def test_scene_setter_only_from_the_same_paragraph() -> None:
    text = "The last exchange happened in November.\nRussia returned 10 bodies."
    (p,) = find_passages(text)
    assert [s.text for s in p.sentences] == ["Russia returned 10 bodies."]
    text = "The last exchange happened in November. Russia returned 10 bodies."
    (p,) = find_passages(text)
    assert len(p.sentences) == 2 and p.start == 0


@pytest.mark.parametrize(
    "before",
    [
        "Officials hope to swap more captives before winter.",  # a plan
        "Kyiv has freed captives since the start of the war.",  # a tally
        "The weather was cold.",  # neither handover words nor a date
    ],
)
def test_no_scene_setter_from_plans_tallies_or_other_sentences(before: str) -> None:
    (p,) = find_passages(before + " Russia returned 10 bodies.")
    assert [s.text for s in p.sentences] == ["Russia returned 10 bodies."]


def test_no_passages_without_exchanges() -> None:
    assert find_passages("") == []
    assert find_passages("The weather was fine on 12 days of 30.") == []


# ---------------------------------------------------------------------------
# clause_around
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "mark", "clause"),
    [
        (SAME_NUMBER, 0, "84", "Moscow freed 84 soldiers"),
        (SAME_NUMBER, 0, "the same number", "handed the same number to Kyiv"),
        (TOTAL_AND_PARTS, 1, "812", "Moscow handed back the bodies of 812 Ukrainian soldiers"),
        (TOTAL_AND_PARTS, 1, "831", "Kyiv and Moscow have swapped the bodies of 831 soldiers killed in the fighting"),
        (TOTAL_AND_PARTS, 1, "19", "took back the remains of 19 Russian soldiers"),
        (REPEATED_PARAGRAPH, 0, "17", "while handing over 17 bodies of Russian soldiers"),
        (REPEATED_HEADLINE, 0, "More than 700", "More than 700 captives swapped by Moscow and Kyiv"),
    ],
)
def test_clause_around_in_passages(text: str, index: int, mark: str, clause: str) -> None:
    assert evidence(text, find_passages(text)[index], mark) == clause


def test_clause_around_number_at_the_edges() -> None:
    text = "xx 1,000."
    s = Sentence(3, 9, "1,000.", 0)
    assert clause_around(text, s, 3, 8) == (3, 8)
    text = "Got 5; then more"
    s = Sentence(0, len(text), text, 0)
    a, b = clause_around(text, s, 4, 5)
    assert text[a:b] == "Got 5"


# ---------------------------------------------------------------------------
# property: never raise, spans in bounds
# ---------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "Russia", "returned", "1,000", "bodies", "and", "received", "35", ",", ".", ";", ":", " ", "\n", "\r\n",
        "the same number", "agreed to", "as of", "forty one", "One", "two sides", "prisoners", "“", "”", "\"",
        "!", "?", "swap", "1 047", "1K", "more than", "up to", "Dr.", "(", ")", "November", "last year", "as",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.lists(WORDS, max_size=50).map(" ".join),
    st.lists(WORDS, max_size=50).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_find_passages_and_clause_around_never_raise_and_stay_in_bounds(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
    for p in find_passages(text):
        assert 0 <= p.start <= p.end <= len(text)
        assert p.text == text[p.start : p.end]
        p.rendered()
        for m in p.marks:
            assert p.start <= m.start < m.end <= p.end
            s = next(s for s in p.sentences if s.start <= m.start < s.end)
            a, b = clause_around(text, s, m.start, m.end)
            assert s.start <= a <= m.start and m.end <= b <= s.end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=120), data=st.data())
def test_clause_around_any_span_of_a_sentence(text: str, data: st.DataObject) -> None:
    sentences = split_sentences(text)
    if not sentences:
        return
    s = data.draw(st.sampled_from(sentences))
    start = data.draw(st.integers(s.start, s.end - 1))
    end = data.draw(st.integers(start + 1, s.end))
    a, b = clause_around(text, s, start, end)
    assert s.start <= a and b <= s.end and a < b
    assert b >= end
    if not text[start].isspace():
        assert a <= start  # the span holds the whole number
