"""Tests of extractor.candidates: sentences, candidate passages on the seed articles, marks, clauses."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


@cache
def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


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


def test_split_sentences_crlf_and_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n \n") == []
    text = "One.\r\nTwo three.\r\n"
    got = split_sentences(text)
    assert [(s.text, s.paragraph) for s in got] == [("One.", 0), ("Two three.", 1)]
    assert all(text[s.start : s.end] == s.text for s in got)


# ---------------------------------------------------------------------------
# is_candidate and counts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Russia returned the bodies of 1,003 Ukrainian soldiers.",
        "In return, Russia received thirty eight bodies.",
        "Ukraine Receives 1,000 Bodies as Russia Gets 35 in Latest Exchange",
        "On February 5, Russia returned 157 military personnel and transferred the same number to Ukraine.",
    ],
)
def test_candidates(text: str) -> None:
    assert is_candidate(sentence(text))


@pytest.mark.parametrize(
    "text",
    [
        "Moscow and Kyiv had agreed during talks in Istanbul to exchange the bodies of 6,000 soldiers each.",
        "Both sides committed to returning the remains of twelve thousand soldiers.",
        "Kyiv will return 500 prisoners next week.",
        "As of November, Ukraine had received at least 15,000 repatriated bodies from Russia since the start of the full-scale invasion.",
        "So far 3,000 prisoners have been freed.",
        "Ukraine and Russia have returned thousands of fallen soldiers since the war began.",  # vague: no count
        "The two sides exchanged views.",  # 'two sides' is not a count of people
        "Russia fired 420 drones and 39 missiles.",  # no exchange vocabulary
        "Prisoners were exchanged after three rounds of talks.",
        "Russia would soon hand over 300 bodies.",
        "Ukraine will be given 1,000 bodies.",
    ],
)
def test_not_candidates(text: str) -> None:
    assert not is_candidate(sentence(text))


def test_sentence_counts_skip_non_people_and_mark_the_same_number() -> None:
    s = Sentence(10, 10 + 95, "The two sides swapped 157 prisoners each and the same number of bodies after three rounds.", 4)
    found = sentence_counts(s)
    assert [(t, a, b) for a, b, t, _ in found] == [("157", 32, 35), ("the same number", 55, 70)]
    assert found[0][3] is not None and found[0][3].value == 157
    assert found[1][3] is None


# ---------------------------------------------------------------------------
# find_passages on the seeds
# ---------------------------------------------------------------------------


def test_seed_000_primary_and_background_exchanges() -> None:
    text = seed("000")
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["one thousand", "thirty eight"], ["one thousand", "thirty"]]
    first, second = passages
    assert first.start == 0
    assert first.text.startswith("Ukraine says Russia has returned the bodies of one thousand")
    # the background passage is extended back by its scene-setting sentence
    assert second.sentences[0].text == "The last major exchange happened in November last year."
    assert [m.count.value for m in second.marks] == [1000, 30]  # type: ignore[union-attr]
    # commitments and tallies are not candidates
    assert "twelve thousand" not in all_marks(text)
    assert "twenty five" not in all_marks(text)
    assert "five" not in all_marks(text)  # "killed at least five people": no exchange word


def test_seed_001_repeated_headline_used_once_and_agreement_excluded() -> None:
    text = seed("001")
    passages = find_passages(text)
    marks = [mark_texts(p) for p in passages]
    assert marks == [["More than 1,000", "more than 1,000"], ["1,000", "35"], ["1,000"]]
    headline = "More than 1,000 dead soldiers are exchanged between Russia and Ukraine."
    assert text.count(headline) == 2
    sentence_texts = [s.text for p in passages for s in p.sentences]
    assert sentence_texts.count(headline) == 1
    flat = all_marks(text)
    assert "up to 6,000" not in flat and "6,000" not in flat  # "agreed to return the remains of up to 6,000"
    assert "420" not in flat and "55,000" not in flat and "nearly 186,000" not in flat


def test_seed_002_repeated_paragraphs_used_once() -> None:
    text = seed("002")
    quote = "1,000 bodies, which according to the Russian side belong to Ukrainian servicemen"
    assert text.count(quote) == 2
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [["1,000", "24"], ["1,000"]]
    second = passages[1]
    assert second.start < text.index(quote) + len(quote) <= second.end  # the first copy, not the repeat
    assert second.sentences[0].text == "“Repatriation measures took place today."
    assert all(p.end <= text.rindex(quote) for p in passages)
    assert "three" not in all_marks(text)  # "three rounds of direct talks"


def test_seed_003_same_number_marked_and_two_sides_not() -> None:
    text = seed("003")
    passages = find_passages(text)
    assert [mark_texts(p) for p in passages] == [
        ["1,000", "35"],
        ["1,000", "35"],
        ["1,000", "38"],
        ["157", "the same number", "three"],
    ]
    # "more than 1,800 ... returned ... through exchanges conducted in 2025" is a tally
    assert "more than 1,800" not in all_marks(text)
    last = passages[-1]
    same = last.marks[1]
    assert (same.id, same.count, text[same.start : same.end]) == ("N2", None, "the same number")
    assert last.sentences[0].text == "Earlier in February, Russia and Ukraine completed another swap involving active servicemen."
    assert "several" not in all_marks(text)


def test_seed_004_commitment_and_tally_are_not_candidates() -> None:
    text = seed("004")
    passages = find_passages(text)
    # "planned to examine" is no commitment to hand anybody over: the 1,003 sentence is a candidate.
    assert [mark_texts(p) for p in passages] == [["Over 1K"], ["1,029", "1,003", "26"], ["1,003"]]
    flat = all_marks(text)
    assert "at least 15,000" not in flat  # "As of November ... at least 15,000"
    assert "6,000" not in flat  # "agreed during talks in Istanbul to exchange ... 6,000"
    # "the two sides" is not marked anywhere
    assert "two" not in flat
    two_sides = text.index("the two sides") + len("the ")
    assert all(not (m.start <= two_sides < m.end) for p in passages for m in p.marks)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_passage_invariants_on_seeds(prefix: str) -> None:
    text = seed(prefix)
    passages = find_passages(text)
    assert passages, "every seed reports an exchange"
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


def test_rendered_markers_on_seed_004() -> None:
    p = find_passages(seed("004"))[1]
    assert p.rendered() == (
        "Russia and Ukraine have exchanged the bodies of 1,029 [N1] soldiers killed in combat, "
        "Kremlin adviser and chief peace negotiator Vladimir Medinsky said Friday.\n"
        "Russia returned the bodies of 1,003 [N2] Ukrainian soldiers and received the remains of 26 [N3] "
        "Russian soldiers under a deal reached during peace talks in Istanbul in June, Medinsky said."
    )


def test_rendered_same_paragraph_joined_by_space() -> None:
    p = find_passages(seed("003"))[-1]
    assert p.rendered() == (
        "Earlier in February, Russia and Ukraine completed another swap involving active servicemen. "
        "On February 5, Russia returned 157 [N1] military personnel and transferred the same number [N2] to Ukraine. "
        "The exchange also resulted in the return of three [N3] civilians from Russia's Kursk region."
    )


def test_rendered_without_markers_is_the_sentences() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        for p in find_passages(seed(prefix)):
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


def test_no_passages_without_exchanges() -> None:
    assert find_passages("") == []
    assert find_passages("The weather was fine on 12 days of 30.") == []


# ---------------------------------------------------------------------------
# clause_around
# ---------------------------------------------------------------------------


def test_clause_around_on_seeds() -> None:
    t3 = seed("003")
    last = find_passages(t3)[-1]
    assert evidence(t3, last, "157") == "Russia returned 157 military personnel"
    assert evidence(t3, last, "the same number") == "transferred the same number to Ukraine"
    t4 = seed("004")
    p4 = find_passages(t4)[1]
    assert evidence(t4, p4, "1,003") == "Russia returned the bodies of 1,003 Ukrainian soldiers"
    assert evidence(t4, p4, "1,029") == "Russia and Ukraine have exchanged the bodies of 1,029 soldiers killed in combat"
    t2 = seed("002")
    p2 = find_passages(t2)[0]
    assert evidence(t2, p2, "24") == "while returning the remains of 24 Russian servicemen in exchange"


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
        "the same number", "agreed to", "as of", "thirty eight", "One", "two sides", "prisoners", "“", "”", "\"",
        "!", "?", "swap", "1 029", "1K", "more than", "up to", "Dr.", "(", ")", "November", "last year", "as",
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
