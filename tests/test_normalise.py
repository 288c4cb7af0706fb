"""Tests of the deterministic normaliser: counts, dates, quotes."""

from __future__ import annotations

import re
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


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def sentence(prefix: str, containing: str) -> str:
    """The sentence of a seed article that contains ``containing``."""
    for candidate in re.split(r"(?<=[.!?])\s+|\n+", seed(prefix)):
        if containing in candidate:
            return candidate
    raise AssertionError(f"{containing!r} not in seed {prefix}")


def values(text: str) -> list[tuple[int | None, str]]:
    return [(c.value, c.qualifier) for c in find_counts(text)]


# --------------------------------------------------------------------------
# parse_count: table
# --------------------------------------------------------------------------

COUNT_CASES = [
    # phrase, expected value, expected qualifier (None: no count at all)
    # from the seeds
    ("one thousand", 1000, "exact"),
    ("thirty eight", 38, "exact"),
    ("twelve thousand", 12000, "exact"),
    ("1,029", 1029, "exact"),
    ("1,003", 1003, "exact"),
    ("Over 1K", 1000, "more_than"),
    ("More than 1,000", 1000, "more_than"),
    ("more than 1,800", 1800, "more_than"),
    ("up to 6,000", 6000, "up_to"),
    ("nearly 186,000", 186000, "up_to"),
    ("at least 15,000", 15000, "at_least"),
    ("at least five", 5, "at_least"),
    ("three", 3, "exact"),
    ("thirty", 30, "exact"),
    ("twenty five", 25, "exact"),
    ("157", 157, "exact"),
    ("dozens", None, "unknown"),
    ("Tens of thousands", None, "unknown"),
    ("thousands", None, "unknown"),
    ("the same number", None, "unknown"),
    ("twenty twenty five", None, None),
    ("twenty twenty two", None, None),
    ("in 2025", None, None),
    ("June 2025", None, None),
    ("24 February 2022", None, None),
    ("one quarter", None, None),
    ("fourth", None, None),
    ("$2", None, None),
    ("₹1,500", None, None),
    # beyond the seeds
    ("thirty-eight", 38, "exact"),
    ("Thirty Eight", 38, "exact"),
    ("one hundred and fifty seven", 157, "exact"),
    ("a thousand", 1000, "exact"),
    ("a dozen", 12, "exact"),
    ("two dozen", 24, "exact"),
    ("1K", 1000, "exact"),
    ("1.5k", 1500, "exact"),
    ("1 029", 1029, "exact"),
    ("1\u00a0029", 1029, "exact"),
    ("2.5 million", 2_500_000, "exact"),
    ("2,5 million", 2_500_000, "exact"),
    ("12 thousand", 12000, "exact"),
    ("upwards of 300", 300, "more_than"),
    ("no fewer than 40", 40, "at_least"),
    ("as many as 6,000", 6000, "up_to"),
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
    assert parse_count("Over 1K") == Count(1000, "more_than", "Over 1K", 0, 7)


def test_parse_count_same_number_takes_context() -> None:
    assert parse_count("the same number", same_as=157) == Count(157, "exact", "the same number", 0, 15)
    assert parse_count("about the same number", same_as=157) == Count(157, "about", "about the same number", 0, 21)
    assert parse_count("the same number") == Count(None, "unknown", "the same number", 0, 15)
    assert parse_count("1,000", same_as=157) == Count(1000, "exact", "1,000", 0, 5)


def test_parse_count_first_count_wins() -> None:
    assert parse_count("1,000 bodies and 38 more") == Count(1000, "exact", "1,000", 0, 5)


def test_handed_over_is_not_a_qualifier() -> None:
    assert values("Russia handed over 1,000 bodies") == [(1000, "exact")]
    assert values("Russia handed over more than 1,000 bodies") == [(1000, "more_than")]


# --------------------------------------------------------------------------
# find_counts: seed sentences and free text
# --------------------------------------------------------------------------


def test_find_counts_seed_004_bodies_sentence() -> None:
    text = sentence("004", "1,003 Ukrainian soldiers")
    counts = find_counts(text)
    assert [(c.value, c.qualifier, c.text) for c in counts] == [(1003, "exact", "1,003"), (26, "exact", "26")]
    assert all(text[c.start : c.end] == c.text for c in counts)


def test_find_counts_seed_004_headline_and_total() -> None:
    assert values(sentence("004", "Over 1K")) == [(1000, "more_than")]
    assert values(sentence("004", "at least 15,000")) == [(15000, "at_least")]
    assert values(sentence("004", "$2")) == []


def test_find_counts_seed_000_age_and_spoken_years() -> None:
    assert values(sentence("000", "under the age of twenty five")) == [(25, "exact")]
    assert values(sentence("000", "since October twenty twenty five")) == []
    assert values(sentence("000", "talks in Istanbul in twenty twenty five")) == []
    assert values(sentence("000", "fourth anniversary")) == []  # ordinal, spoken year
    assert values(sentence("000", "one quarter")) == []


def test_find_counts_seed_000_exchange() -> None:
    text = sentence("000", "one thousand Ukrainian soldiers")
    assert [(c.value, c.text) for c in find_counts(text)] == [(1000, "one thousand"), (2, "two")]
    assert values(sentence("000", "thirty eight bodies")) == [(38, "exact")]
    assert values(sentence("000", "received thirty in return")) == [(1000, "exact"), (30, "exact")]
    assert values(sentence("000", "at least five")) == [(5, "at_least")]


def test_find_counts_seed_001_dates_are_not_counts() -> None:
    text = sentence("001", "24 February 2022")
    assert values(text) == [(2, "exact"), (None, "unknown")]  # "The two sides", "thousands"
    assert values("the full-scale invasion of Ukraine on 24 February 2022.") == []
    assert values(sentence("001", "June 2025 in Istanbul")) == [(2, "exact")]  # "the two sides"
    assert values(sentence("001", "March 2024")) == []
    assert values(sentence("001", "No-one has explained")) == []


def test_find_counts_seed_001_qualified_numbers() -> None:
    assert values(sentence("001", "nearly 186,000")) == [(186000, "up_to")]
    assert values(sentence("001", "up to 6,000")) == [(6000, "up_to"), (25, "exact")]
    assert values(sentence("001", "420 drones")) == [(420, "exact"), (39, "exact"), (6, "exact"), (None, "unknown")]


def test_find_counts_seed_002_money_year_and_vague() -> None:
    assert values(sentence("002", "₹1,500")) == []
    assert values(sentence("002", "WPAC 2025")) == []
    assert values(sentence("002", "Tens of thousands")) == [(None, "unknown")]
    assert values(sentence("002", "1,000 people")) == [(1000, "exact"), (24, "exact")]


def test_find_counts_seed_003_same_number_and_day_of_month() -> None:
    text = sentence("003", "the same number")
    assert [(c.value, c.qualifier, c.text) for c in find_counts(text)] == [
        (157, "exact", "157"),
        (None, "unknown", "the same number"),
    ]
    assert values(sentence("003", "January 29")) == []
    assert values(sentence("003", "more than 1,800")) == [(1800, "more_than")]


def test_find_counts_spans_cover_qualifiers() -> None:
    text = "Kyiv said up to 6,000 bodies, and Moscow said nearly 186,000."
    counts = find_counts(text)
    assert [c.text for c in counts] == ["up to 6,000", "nearly 186,000"]
    assert all(text[c.start : c.end] == c.text for c in counts)


def test_find_counts_excludes_non_counts() -> None:
    assert values("On 5th May, 30% of the 2022 budget, $2 million, at 10:30, on 18.09.2025") == []
    assert values("the F-16 and a 25-year-old; https://example.com/2025/12/19/a91485") == []
    assert values("January 29 and 29 January and Feb. 5") == []
    assert values("On February 5 157 soldiers and 1 029 bodies") == [(157, "exact"), (1029, "exact")]


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
    # from the seeds
    ("on Thursday", D(2025, 9, 18), "2025-09-18", "day", "relative"),  # publication is a Thursday
    ("Ukraine on Thursday said", D(2025, 9, 18), "2025-09-18", "day", "relative"),
    ("said Friday", D(2025, 12, 19), "2025-12-19", "day", "relative"),  # publication is a Friday
    ("November last year", D(2026, 1, 29), "2025-11", "month", "relative"),
    ("in November last year", D(2026, 1, 29), "2025-11", "month", "relative"),
    ("January 29", D(2026, 2, 26), "2026-01-29", "day", "relative"),
    ("January 29", None, "--01-29", "day", "unresolved"),
    ("on January 29", D(2026, 2, 26), "2026-01-29", "day", "relative"),
    ("On February 5", D(2026, 2, 26), "2026-02-05", "day", "relative"),
    ("Earlier in February", D(2026, 2, 26), "2026-02", "month", "relative"),
    ("As of November", D(2025, 12, 19), "2025-11", "month", "relative"),
    ("in June", D(2025, 12, 19), "2025-06", "month", "relative"),
    ("24 February 2022", None, "2022-02-24", "day", "explicit"),
    ("on 24 February 2022", D(2026, 2, 26), "2022-02-24", "day", "explicit"),
    ("June 2025", None, "2025-06", "month", "explicit"),
    ("in February 2022", D(2025, 12, 19), "2022-02", "month", "explicit"),
    ("in 2025", None, "2025", "year", "explicit"),
    ("in twenty twenty five", None, "2025", "year", "explicit"),
    ("since October twenty twenty five", D(2026, 1, 29), "2025-10", "month", "explicit"),
    ("today", D(2025, 9, 18), "2025-09-18", "day", "publication"),
    ("took place today", D(2025, 9, 18), "2025-09-18", "day", "publication"),
    ("last week", D(2026, 1, 29), "2026-01", "month", "relative"),  # Jan 19-25
    # beyond the seeds
    ("Friday", D(2025, 12, 20), "2025-12-19", "day", "relative"),  # one day after: the day before
    ("on Saturday", D(2025, 12, 19), "2025-12-13", "day", "relative"),  # one day after pub's weekday: 6 days back
    ("last Friday", D(2025, 12, 19), "2025-12-12", "day", "relative"),
    ("on Friday last week", D(2025, 12, 19), "2025-12-12", "day", "relative"),
    ("on Wednesday", D(2026, 1, 1), "2025-12-31", "day", "relative"),  # across the new year
    ("yesterday", D(2026, 1, 1), "2025-12-31", "day", "relative"),
    ("the day before yesterday", D(2025, 3, 1), "2025-02-27", "day", "relative"),
    ("two days ago", D(2026, 1, 29), "2026-01-27", "day", "relative"),
    ("December", D(2026, 1, 5), "2025-12", "month", "relative"),  # month after pub's month: last year
    ("in March", D(2026, 2, 26), "2025-03", "month", "relative"),
    ("December 31", D(2026, 1, 5), "2025-12-31", "day", "relative"),
    ("January 1", D(2025, 12, 31), "2025-01-01", "day", "relative"),
    ("29 January", D(2026, 1, 28), "2025-01-29", "day", "relative"),  # the day after pub: a year back
    ("February 29", D(2026, 3, 1), "2024-02-29", "day", "relative"),  # the latest leap day
    ("the fifth of February", D(2026, 3, 1), "2026-02-05", "day", "relative"),
    ("January 29 last year", D(2026, 2, 26), "2025-01-29", "day", "relative"),
    ("last month", D(2026, 1, 29), "2025-12", "month", "relative"),
    ("earlier this month", D(2025, 12, 19), "2025-12", "month", "relative"),
    ("last year", D(2026, 1, 29), "2025", "year", "relative"),
    ("this year", D(2026, 1, 29), "2026", "year", "relative"),
    ("almost four years ago", D(2026, 1, 29), "2022", "year", "relative"),
    ("last week", D(2026, 2, 4), None, "unknown", "unresolved"),  # Jan 26 - Feb 1 spans two months
    ("Friday, December 19, 2025", None, "2025-12-19", "day", "explicit"),
    ("Dec. 19th, 2025", None, "2025-12-19", "day", "explicit"),
    ("2022-02-24", None, "2022-02-24", "day", "explicit"),
    ("February 30, 2025", D(2025, 3, 1), None, "unknown", "unresolved"),
    ("February 30", D(2025, 3, 1), None, "unknown", "unresolved"),
    ("31 April", D(2025, 5, 1), None, "unknown", "unresolved"),
    ("31 April", None, None, "unknown", "unresolved"),
    ("on Thursday", None, None, "unknown", "unresolved"),
    ("November last year", None, None, "unknown", "unresolved"),
    ("last week", None, None, "unknown", "unresolved"),
    ("every Friday", D(2025, 12, 19), None, "unknown", "unresolved"),
    ("after the talks", D(2025, 12, 19), None, "unknown", "unresolved"),
    ("yesterday", D(1, 1, 1), None, "unknown", "unresolved"),  # before the calendar starts
]


@pytest.mark.parametrize(("text", "published", "value", "precision", "basis"), DATE_CASES)
def test_resolve_date_table(
    text: str, published: date | None, value: str | None, precision: str, basis: str
) -> None:
    assert resolve_date(text, published) == ResolvedDate(value, precision, basis, text)


@pytest.mark.parametrize("empty", [None, "", "  \n"])
def test_resolve_date_empty(empty: str | None) -> None:
    assert resolve_date(empty, D(2025, 12, 19)) == ResolvedDate(None, "unknown", "unresolved", None)


def test_resolve_date_accepts_datetime_publication() -> None:
    assert resolve_date("said Friday", datetime(2025, 12, 19, 15, 30)).value == "2025-12-19"


# --------------------------------------------------------------------------
# locate_quote
# --------------------------------------------------------------------------


def test_locate_quote_exact() -> None:
    article = seed("004")
    quote = "Russia returned the bodies of 1,003 Ukrainian soldiers"
    start, end = locate_quote(article, quote)
    assert article[start:end] == quote
    assert article.index(quote) == start


def test_locate_quote_typographic_and_whitespace() -> None:
    article = seed("003")
    quote = (
        '"Ukraine has been handed over the bodies of 1,000 fallen Ukrainian servicemen.  Russia has\n'
        'received the bodies of 35 fallen Russian soldiers," Medinsky stated.'
    )
    span = locate_quote(article, quote)
    assert span is not None
    found = article[span[0] : span[1]]
    assert found.startswith('"Ukraine has been') and found.endswith("soldiers,” Medinsky stated.")


def test_locate_quote_curly_quotes_and_apostrophes() -> None:
    article = seed("002")
    span = locate_quote(article, 'Ukraine\'s "I Want to Find" project')
    assert span is not None
    assert article[span[0] : span[1]] == "Ukraine’s “I Want to Find” project"


def test_locate_quote_space_before_apostrophe_and_case() -> None:
    article = seed("002")
    span = locate_quote(article, "since Russia's 2022 invasion")
    assert span is not None and article[span[0] : span[1]] == "since Russia ’s 2022 invasion"
    span = locate_quote(article, "TENS OF THOUSANDS of troops")
    assert span is not None and article[span[0] : span[1]] == "Tens of thousands of troops"


def test_locate_quote_dashes_and_first_match() -> None:
    article = "A – B. Then A – B again."
    assert locate_quote(article, "A - B") == (0, 5)
    assert locate_quote(article, "  A – B ") == (0, 5)


def test_locate_quote_absent_or_empty() -> None:
    article = seed("000")
    assert locate_quote(article, "Russia returned two thousand bodies") is None
    assert locate_quote(article, "") is None
    assert locate_quote(article, " \n ") is None
    assert locate_quote("", "anything") is None


def test_locate_quote_is_fast_on_long_articles() -> None:
    article = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))) * 3
    assert len(article) > 20_000
    quote = "received the bodies of 35 fallen Russian soldiers,\" Medinsky stated."
    span = locate_quote(article, quote)
    assert span is not None and article[span[0] : span[1]].startswith("received the bodies of 35")
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
