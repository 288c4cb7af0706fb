"""Tests of the deterministic normaliser: counts, dates, quotes.

Sentences and articles are made up; the seed articles are only read as input
data for span invariants.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalise import (
    WEEKDAYS,
    Count,
    ResolvedDate,
    find_counts,
    locate_quote,
    parse_count,
    resolve_date,
    spoken_year,
    weekday_in,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUALIFIERS = {"exact", "at_least", "more_than", "up_to", "about", "unknown"}


def values(text: str) -> list[tuple[int | None, str]]:
    return [(c.value, c.qualifier) for c in find_counts(text)]


# --------------------------------------------------------------------------
# parse_count: table
# --------------------------------------------------------------------------

COUNT_CASES = [
    # phrase, expected value, expected qualifier (None: no count at all)
    # spelled, grouped and qualified counts
    ("one thousand", 1000, "exact"),
    ("forty one", 41, "exact"),
    ("nine thousand", 9000, "exact"),
    ("1,047", 1047, "exact"),
    ("1,006", 1006, "exact"),
    ("Over 2K", 2000, "more_than"),
    ("More than 4,000", 4000, "more_than"),
    ("more than 2,300", 2300, "more_than"),
    ("up to 7,500", 7500, "up_to"),
    ("nearly 142,000", 142000, "up_to"),
    ("at least 11,000", 11000, "at_least"),
    ("at least seven", 7, "at_least"),
    ("three", 3, "exact"),
    ("sixty", 60, "exact"),
    ("twenty seven", 27, "exact"),
    ("143", 143, "exact"),
    ("dozens", None, "unknown"),
    ("Tens of thousands", None, "unknown"),
    ("thousands", None, "unknown"),
    ("the same number", None, "unknown"),
    # years, dates, fractions, ordinals, money
    ("twenty twenty three", None, None),
    ("twenty twenty one", None, None),
    ("in 2024", None, None),
    ("July 2024", None, None),
    ("24 February 2022", None, None),
    ("one fifth", None, None),
    ("third", None, None),
    ("$2", None, None),
    ("₹2,300", None, None),
    # other spellings
    ("thirty-eight", 38, "exact"),
    ("Thirty Eight", 38, "exact"),
    ("one hundred and forty three", 143, "exact"),
    ("a thousand", 1000, "exact"),
    ("a dozen", 12, "exact"),
    ("two dozen", 24, "exact"),
    ("1K", 1000, "exact"),
    ("1.5k", 1500, "exact"),
    ("1 047", 1047, "exact"),
    ("1\u00a0047", 1047, "exact"),
    ("2.5 million", 2_500_000, "exact"),
    ("2,5 million", 2_500_000, "exact"),
    ("12 thousand", 12000, "exact"),
    ("upwards of 300", 300, "more_than"),
    ("no fewer than 40", 40, "at_least"),
    ("as many as 7,500", 7500, "up_to"),
    ("almost 500", 500, "up_to"),
    ("under 25", 25, "up_to"),
    ("no more than 90", 90, "up_to"),
    ("about 300", 300, "about"),
    ("around 1,200", 1200, "about"),
    ("approximately 70", 70, "about"),
    ("roughly two thousand", 2000, "about"),
    ("some 300", 300, "about"),
    ("1,000+", 1000, "at_least"),
    ("1,000 or more", 1000, "at_least"),
    ("hundreds of thousands", None, "unknown"),
    ("several hundred", None, "unknown"),
    ("2000", 2000, "exact"),  # a bare number field is a count, not a year
    ("over 2000", 2000, "more_than"),
    ("2000 soldiers", 2000, "exact"),
    ("2,5", None, None),  # decimal comma without a scale: no count rather than 25 or 2
    ("2.5", None, None),
    ("5th", None, None),
    ("50%", None, None),
    ("10 percent", None, None),
    ("No-one", None, None),
    ("one of them", None, None),
    ("two-day", None, None),
    ("", None, None),
    ("   ", None, None),
    ("none given", None, None),
]


@pytest.mark.parametrize(("phrase", "value", "qualifier"), COUNT_CASES)
def test_parse_count_table(phrase: str, value: int | None, qualifier: str | None) -> None:
    count = parse_count(phrase)
    if qualifier is None:
        assert count is None
        return
    assert count is not None
    assert (count.value, count.qualifier) == (value, qualifier)
    assert phrase[count.start : count.end] == count.text


def test_parse_count_keeps_qualifier_words_in_text() -> None:
    assert parse_count("more than 1,000") == Count(1000, "more_than", "more than 1,000", 0, 15)
    assert parse_count("Over 2K") == Count(2000, "more_than", "Over 2K", 0, 7)


def test_parse_count_same_number_takes_context() -> None:
    assert parse_count("the same number", same_as=143) == Count(143, "exact", "the same number", 0, 15)
    assert parse_count("about the same number", same_as=143) == Count(143, "about", "about the same number", 0, 21)
    assert parse_count("the same number") == Count(None, "unknown", "the same number", 0, 15)
    assert parse_count("1,000", same_as=143) == Count(1000, "exact", "1,000", 0, 5)


def test_parse_count_first_count_wins() -> None:
    assert parse_count("1,000 bodies and 38 more") == Count(1000, "exact", "1,000", 0, 5)


def test_handed_over_is_not_a_qualifier() -> None:
    assert values("Russia handed over 1,000 bodies") == [(1000, "exact")]
    assert values("Russia handed over more than 1,000 bodies") == [(1000, "more_than")]


# --------------------------------------------------------------------------
# find_counts: made-up sentences
# --------------------------------------------------------------------------


def test_find_counts_bodies_sentence() -> None:
    text = "Moscow handed back the bodies of 1,006 Ukrainian soldiers and took back the remains of 19 Russian soldiers."
    counts = find_counts(text)
    assert [(c.value, c.qualifier, c.text) for c in counts] == [(1006, "exact", "1,006"), (19, "exact", "19")]
    assert all(text[c.start : c.end] == c.text for c in counts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headline, tally, money
        ("Over 2K Bodies Returned as Kyiv Gets Its Soldiers Back", [(2000, "more_than")]),
        ("By October Kyiv had received at least 11,000 bodies from Moscow, officials said.", [(11000, "at_least")]),
        ("Subscriptions cost $2 a week.", []),
        # ages, spoken years, ordinals, fractions
        ("Most of the freed men were younger than twenty seven.", [(27, "exact")]),
        ("The talks have stalled since September twenty twenty three.", []),
        ("Delegates met for talks in Geneva in twenty twenty three.", []),
        ("The city held a service on the third anniversary of the siege in twenty twenty one.", []),
        ("Moscow holds roughly one fifth of the region.", []),
        # spelled-out exchanges
        ("In return, Kyiv handed over forty one bodies.", [(41, "exact")]),
        ("Before that, Kyiv received eight hundred and handed back sixty in return.", [(800, "exact"), (60, "exact")]),
        ("The shelling killed at least seven people, officials said.", [(7, "at_least")]),
        # dates are not counts
        (
            "The two sides have swapped thousands of captives since the war began on 24 February 2022.",
            [(2, "exact"), (None, "unknown")],
        ),
        ("the war that Moscow began on 24 February 2022.", []),
        ("In July 2024 the two sides signed a deal in Geneva.", [(2, "exact")]),
        ("Elections were last held in April 2019.", []),
        ("No-one has commented on the figures.", []),
        ("The previous swap took place on March 14.", []),
        # qualified numbers
        ("Kyiv says nearly 142,000 of its troops are missing.", [(142000, "up_to")]),
        ("Moscow offered to return up to 7,500 bodies within 30 days, aides said.", [(7500, "up_to"), (30, "exact")]),
        (
            "Moscow launched 310 drones and 27 missiles at 5 regions, wounding dozens.",
            [(310, "exact"), (27, "exact"), (5, "exact"), (None, "unknown")],
        ),
        ("More than 2,300 captives have come home through swaps carried out in 2024.", [(2300, "more_than")]),
        # money, event years, vague amounts
        ("Tickets cost ₹2,300 at Expo 2025.", []),
        ("Tens of thousands of soldiers have died, officials say.", [(None, "unknown")]),
        ("Kyiv received the bodies of 800 people, while returning 19 Russian soldiers.", [(800, "exact"), (19, "exact")]),
    ],
)
def test_find_counts_sentences(text: str, expected: list[tuple[int | None, str]]) -> None:
    assert values(text) == expected


def test_find_counts_spelled_count_and_a_small_one() -> None:
    text = "Moscow has handed back eight hundred bodies that it says belong to Ukrainian soldiers, two officials said."
    assert [(c.value, c.text) for c in find_counts(text)] == [(800, "eight hundred"), (2, "two")]


def test_find_counts_same_number() -> None:
    text = "On April 7, Moscow freed 143 soldiers and handed the same number to Kyiv."
    assert [(c.value, c.qualifier, c.text) for c in find_counts(text)] == [
        (143, "exact", "143"),
        (None, "unknown", "the same number"),
    ]


def test_find_counts_spans_cover_qualifiers() -> None:
    text = "Kyiv said up to 7,500 bodies, and Moscow said nearly 142,000."
    counts = find_counts(text)
    assert [c.text for c in counts] == ["up to 7,500", "nearly 142,000"]
    assert all(text[c.start : c.end] == c.text for c in counts)


def test_find_counts_excludes_non_counts() -> None:
    assert values("On 5th May, 30% of the 2022 budget, $2 million, at 10:30, on 16.05.2024") == []
    assert values("the F-16 and a 25-year-old; https://example.com/2024/03/08/a70312") == []
    assert values("January 29 and 29 January and Feb. 5") == []
    assert values("On April 7 143 soldiers and 1 047 bodies") == [(143, "exact"), (1047, "exact")]


def test_find_counts_whole_seeds_keep_spans() -> None:
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        counts = find_counts(text)
        assert counts, path
        assert [c.start for c in counts] == sorted(c.start for c in counts)
        assert all(text[c.start : c.end] == c.text for c in counts)


# --------------------------------------------------------------------------
# spoken_year, weekday_in
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("twenty twenty five", 2025),
        ("twenty twenty-two", 2022),
        ("in twenty twenty two", 2022),
        ("two thousand and twenty five", 2025),
        ("two thousand twenty", 2020),
        ("nineteen ninety-one", 1991),
        ("twenty oh five", 2005),
        ("twenty five", None),
        ("one thousand", None),
        ("two thousand five hundred", None),
        ("", None),
    ],
)
def test_spoken_year(text: str, year: int | None) -> None:
    assert spoken_year(text) == year


def test_weekday_in() -> None:
    assert WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6
    assert weekday_in("said Friday") == 4
    assert weekday_in("On THURSDAY morning") == 3
    assert weekday_in("Fridays") is None
    assert weekday_in("last week") is None
    assert weekday_in(None) is None


# --------------------------------------------------------------------------
# resolve_date: table
# --------------------------------------------------------------------------

D = date
DATE_CASES = [
    # text, published, value, precision, basis
    # common forms
    ("on Thursday", D(2024, 5, 16), "2024-05-16", "day", "relative"),  # publication is a Thursday
    ("Kyiv on Thursday said", D(2024, 5, 16), "2024-05-16", "day", "relative"),
    ("said Friday", D(2024, 3, 8), "2024-03-08", "day", "relative"),  # publication is a Friday
    ("October last year", D(2024, 2, 12), "2023-10", "month", "relative"),
    ("in October last year", D(2024, 2, 12), "2023-10", "month", "relative"),
    ("March 14", D(2024, 4, 2), "2024-03-14", "day", "relative"),
    ("March 14", None, "--03-14", "day", "unresolved"),
    ("on March 14", D(2024, 4, 2), "2024-03-14", "day", "relative"),
    ("On April 7", D(2024, 4, 20), "2024-04-07", "day", "relative"),
    ("Earlier in April", D(2024, 4, 20), "2024-04", "month", "relative"),
    ("As of October", D(2024, 11, 8), "2024-10", "month", "relative"),
    ("in July", D(2024, 11, 8), "2024-07", "month", "relative"),
    ("24 February 2022", None, "2022-02-24", "day", "explicit"),
    ("on 24 February 2022", D(2024, 4, 20), "2022-02-24", "day", "explicit"),
    ("July 2024", None, "2024-07", "month", "explicit"),
    ("in February 2022", D(2024, 11, 8), "2022-02", "month", "explicit"),
    ("in 2024", None, "2024", "year", "explicit"),
    ("in twenty twenty three", None, "2023", "year", "explicit"),
    ("since September twenty twenty three", D(2024, 2, 12), "2023-09", "month", "explicit"),
    ("today", D(2024, 5, 16), "2024-05-16", "day", "publication"),
    ("happened today", D(2024, 5, 16), "2024-05-16", "day", "publication"),
    ("last week", D(2024, 5, 16), "2024-05", "month", "relative"),  # May 6-12
    # more forms
    ("Friday", D(2024, 3, 9), "2024-03-08", "day", "relative"),  # one day after: the day before
    ("on Saturday", D(2024, 3, 8), "2024-03-02", "day", "relative"),  # one day after pub's weekday: 6 days back
    ("last Friday", D(2024, 3, 8), "2024-03-01", "day", "relative"),
    ("on Friday last week", D(2024, 3, 8), "2024-03-01", "day", "relative"),
    ("on Wednesday", D(2026, 1, 1), "2025-12-31", "day", "relative"),  # across the new year
    ("yesterday", D(2026, 1, 1), "2025-12-31", "day", "relative"),
    ("the day before yesterday", D(2025, 3, 1), "2025-02-27", "day", "relative"),
    ("two days ago", D(2024, 2, 12), "2024-02-10", "day", "relative"),
    ("December", D(2026, 1, 5), "2025-12", "month", "relative"),  # month after pub's month: last year
    ("in March", D(2024, 2, 12), "2023-03", "month", "relative"),
    ("December 31", D(2026, 1, 5), "2025-12-31", "day", "relative"),
    ("January 1", D(2025, 12, 31), "2025-01-01", "day", "relative"),
    ("14 March", D(2024, 3, 13), "2023-03-14", "day", "relative"),  # the day after pub: a year back
    ("February 29", D(2026, 3, 1), "2024-02-29", "day", "relative"),  # the latest leap day
    ("the seventh of February", D(2026, 3, 1), "2026-02-07", "day", "relative"),
    ("March 14 last year", D(2024, 4, 2), "2023-03-14", "day", "relative"),
    ("last month", D(2024, 2, 12), "2024-01", "month", "relative"),
    ("earlier this month", D(2024, 3, 8), "2024-03", "month", "relative"),
    ("last year", D(2024, 2, 12), "2023", "year", "relative"),
    ("this year", D(2024, 2, 12), "2024", "year", "relative"),
    ("almost four years ago", D(2024, 2, 12), "2020", "year", "relative"),
    ("last week", D(2024, 5, 8), None, "unknown", "unresolved"),  # Apr 29 - May 5 spans two months
    ("Friday, November 8, 2024", None, "2024-11-08", "day", "explicit"),
    ("Nov. 8th, 2024", None, "2024-11-08", "day", "explicit"),
    ("2022-02-24", None, "2022-02-24", "day", "explicit"),
    ("February 30, 2025", D(2025, 3, 1), None, "unknown", "unresolved"),
    ("February 30", D(2025, 3, 1), None, "unknown", "unresolved"),
    ("31 April", D(2025, 5, 1), None, "unknown", "unresolved"),
    ("31 April", None, None, "unknown", "unresolved"),
    ("on Thursday", None, None, "unknown", "unresolved"),
    ("November last year", None, None, "unknown", "unresolved"),
    ("last week", None, None, "unknown", "unresolved"),
    ("every Friday", D(2024, 3, 8), None, "unknown", "unresolved"),
    ("after the talks", D(2024, 3, 8), None, "unknown", "unresolved"),
    ("yesterday", D(1, 1, 1), None, "unknown", "unresolved"),  # before the calendar starts
]


@pytest.mark.parametrize(("text", "published", "value", "precision", "basis"), DATE_CASES)
def test_resolve_date_table(
    text: str, published: date | None, value: str | None, precision: str, basis: str
) -> None:
    assert resolve_date(text, published) == ResolvedDate(value, precision, basis, text)


@pytest.mark.parametrize("empty", [None, "", "  \n"])
def test_resolve_date_empty(empty: str | None) -> None:
    assert resolve_date(empty, D(2024, 3, 8)) == ResolvedDate(None, "unknown", "unresolved", None)


def test_resolve_date_accepts_datetime_publication() -> None:
    assert resolve_date("said Friday", datetime(2024, 3, 8, 15, 30)).value == "2024-03-08"


# --------------------------------------------------------------------------
# locate_quote
# --------------------------------------------------------------------------


ARTICLE = (
    "Geneva, Tuesday.\n"
    "Moscow handed back the remains of 640 soldiers at a border crossing, officials said.\n"
    "“Kyiv got the remains of 640 soldiers today. Moscow  got the remains of 21 soldiers,” the envoy stated.\n"
    "Kyiv’s “Bring Them Home” campaign has listed missing soldiers since Moscow ’s 2022 offensive.\n"
    "Hundreds of families have written to the campaign.\n"
)


def test_locate_quote_exact() -> None:
    quote = "Moscow handed back the remains of 640 soldiers"
    start, end = locate_quote(ARTICLE, quote)
    assert ARTICLE[start:end] == quote
    assert ARTICLE.index(quote) == start


def test_locate_quote_typographic_and_whitespace() -> None:
    quote = '"Kyiv got the remains of 640 soldiers today.  Moscow got\nthe remains of 21 soldiers," the envoy stated.'
    span = locate_quote(ARTICLE, quote)
    assert span is not None
    found = ARTICLE[span[0] : span[1]]
    assert found.startswith("“Kyiv got the remains") and found.endswith("soldiers,” the envoy stated.")


def test_locate_quote_curly_quotes_and_apostrophes() -> None:
    span = locate_quote(ARTICLE, 'Kyiv\'s "Bring Them Home" campaign')
    assert span is not None
    assert ARTICLE[span[0] : span[1]] == "Kyiv’s “Bring Them Home” campaign"


def test_locate_quote_space_before_apostrophe_and_case() -> None:
    span = locate_quote(ARTICLE, "since Moscow's 2022 offensive")
    assert span is not None and ARTICLE[span[0] : span[1]] == "since Moscow ’s 2022 offensive"
    span = locate_quote(ARTICLE, "HUNDREDS OF FAMILIES have written")
    assert span is not None and ARTICLE[span[0] : span[1]] == "Hundreds of families have written"


def test_locate_quote_dashes_and_first_match() -> None:
    article = "A – B. Then A – B again."
    assert locate_quote(article, "A - B") == (0, 5)
    assert locate_quote(article, "  A – B ") == (0, 5)


def test_locate_quote_absent_or_empty() -> None:
    article = ARTICLE
    assert locate_quote(article, "Moscow handed back the remains of 460 soldiers") is None
    assert locate_quote(article, "") is None
    assert locate_quote(article, " \n ") is None
    assert locate_quote("", "anything") is None


def test_locate_quote_is_fast_on_long_articles() -> None:
    filler = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    article = filler * 2 + ARTICLE + filler
    assert len(article) > 20_000
    quote = "got the remains of 21 soldiers,\" the envoy stated."
    span = locate_quote(article, quote)
    assert span is not None and article[span[0] : span[1]].startswith("got the remains of 21")
    assert span[0] > len(filler) * 2
    for i in range(50):
        assert locate_quote(article, f"a sentence that is not there {i}") is None


# --------------------------------------------------------------------------
# Properties: never raise, spans hold
# --------------------------------------------------------------------------

NUMBERISH = st.lists(
    st.sampled_from(
        list("0123456789 ,.-+%$~K\n’") + ["one", "thousand", "twenty", "and", "a", "more than", "over", "February",
        "of", "tens", "the same number", "five", "hundred", "dozen", "2025", "No-", "quarter", " "]
    ),
    max_size=30,
).map("".join)  # fmt: skip
ANY_TEXT = st.one_of(st.text(max_size=200), NUMBERISH)
DATEISH = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.sampled_from(
            ["on", "in", "last", "next", "this", "week", "month", "year", "Friday", "February", "29", "31", "30",
             "2025", "twenty", "twenty five", "ago", "two", "days", "yesterday", "today", "of", "5th", ",", "-",
             "2022-02-30", "29.02.2023", "every"]
        ),
        max_size=8,
    ).map(" ".join),
)  # fmt: skip
PUBLISHED = st.one_of(st.none(), st.dates())


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)))
def test_parse_count_never_raises(text: str, same_as: int | None) -> None:
    count = parse_count(text, same_as=same_as)
    if count is not None:
        assert count.qualifier in QUALIFIERS
        assert text[count.start : count.end] == count.text


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_find_counts_spans_hold(text: str) -> None:
    counts = find_counts(text)
    for count in counts:
        assert text[count.start : count.end] == count.text
        assert count.qualifier in QUALIFIERS
        assert count.value is None or count.value >= 0
    assert [c.start for c in counts] == sorted(c.start for c in counts)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_spoken_year_and_weekday_never_raise(text: str) -> None:
    year = spoken_year(text)
    assert year is None or 1900 <= year <= 2099
    weekday = weekday_in(text)
    assert weekday is None or 0 <= weekday <= 6


@settings(max_examples=300, deadline=None)
@given(DATEISH, PUBLISHED)
def test_resolve_date_never_raises(text: str, published: date | None) -> None:
    resolved = resolve_date(text, published)
    assert resolved.precision in {"day", "month", "year", "unknown"}
    assert resolved.basis in {"explicit", "relative", "publication", "unresolved"}
    assert (resolved.value is None) == (resolved.precision == "unknown")
    if published is None:
        assert resolved.basis in {"explicit", "unresolved"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=40))
def test_locate_quote_never_raises(article: str, quote: str) -> None:
    span = locate_quote(article, quote)
    if span is not None:
        start, end = span
        assert 0 <= start < end <= len(article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.data())
def test_locate_quote_finds_any_slice(article: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(article)))
    end = data.draw(st.integers(min_value=start, max_value=len(article)))
    quote = article[start:end]
    span = locate_quote(article, quote)
    if quote.strip():
        assert span is not None
        assert article[span[0] : span[1]] == quote.strip()
    else:
        assert span is None
