"""extractor.dates: the four shapes of a record's date value, compatibility and age."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.dates import DateValue, compatible, older_than


@pytest.mark.parametrize(
    ("value", "parts", "precision"),
    [
        pytest.param("2025-06-18", (2025, 6, 18), "day", id="day"),
        pytest.param("2024-02-29", (2024, 2, 29), "day", id="leap-day"),
        pytest.param("2025-12-31", (2025, 12, 31), "day", id="last-day-of-year"),
        pytest.param("2025-06", (2025, 6, None), "month", id="month"),
        pytest.param("2025", (2025, None, None), "year", id="year"),
        pytest.param("--02-29", (None, 2, 29), "day", id="yearless-leap-day"),
        pytest.param("--11-30", (None, 11, 30), "day", id="yearless-day"),
        pytest.param(" 2025-06-18 ", (2025, 6, 18), "day", id="surrounding-spaces"),
    ],
)
def test_accepted_shapes(value: str, parts: tuple, precision: str) -> None:
    v = DateValue.parse(value)
    assert v is not None
    assert (v.year, v.month, v.day) == parts
    assert v.precision == precision


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2025-02-30", id="no-feb-30"),
        pytest.param("2025-02-29", id="no-leap-day-2025"),
        pytest.param("2025-04-31", id="no-april-31"),
        pytest.param("2025-13", id="month-13"),
        pytest.param("2025-00", id="month-0"),
        pytest.param("2025-06-00", id="day-0"),
        pytest.param("0000", id="year-0"),
        pytest.param("--02-30", id="yearless-feb-30"),
        pytest.param("--13-01", id="yearless-month-13"),
        pytest.param("--02", id="yearless-month-only"),
        pytest.param("25-06-18", id="two-digit-year"),
        pytest.param("2025-6-18", id="one-digit-month"),
        pytest.param("2025/06/18", id="slashes"),
        pytest.param("18.06.2025", id="dotted"),
        pytest.param("June 18, 2025", id="words"),
        pytest.param("2025-06-18T10:00", id="datetime"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(20250618, id="int"),
        pytest.param(date(2025, 6, 18), id="date-object"),
    ],
)
def test_refused_shapes(value: object) -> None:
    assert DateValue.parse(value) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("2025-06-18", "2025-06-18", True, id="same-day"),
        pytest.param("2025-06-18", "2025-06-19", False, id="other-day"),
        pytest.param("2025-06-18", "2025-06", True, id="day-in-month"),
        pytest.param("2025-06-18", "2025-05", False, id="day-not-in-month"),
        pytest.param("2025-06", "2025", True, id="month-in-year"),
        pytest.param("2025-06", "2024", False, id="month-not-in-year"),
        pytest.param("--06-18", "2025-06-18", True, id="yearless-same-day"),
        pytest.param("--06-18", "2024-06-19", False, id="yearless-other-day"),
        pytest.param("--06-18", "2023-06", True, id="yearless-in-any-june"),
        pytest.param("--06-18", "2023-07", False, id="yearless-not-july"),
        pytest.param(None, "2025-06-18", True, id="null-no-objection"),
        pytest.param("2025-02-30", "2025-03-01", True, id="unparseable-no-objection"),
        pytest.param("2025-13", "2024", True, id="bad-month-no-objection"),
    ],
)
def test_compatible(a: str | None, b: str | None, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


PUB = date(2025, 6, 20)


@pytest.mark.parametrize(
    ("value", "published", "days", "expected"),
    [
        pytest.param("2025-06-12", PUB, 7, True, id="eight-days-before"),
        pytest.param("2025-06-13", PUB, 7, False, id="exactly-seven-days"),
        pytest.param("2025-06-20", PUB, 7, False, id="same-day"),
        pytest.param("2025-05", PUB, 7, True, id="last-month"),
        pytest.param("2025-06", PUB, 7, False, id="this-month-ends-later"),
        pytest.param("2024", PUB, 7, True, id="last-year"),
        pytest.param("2025", PUB, 7, False, id="this-year"),
        pytest.param("--01-05", PUB, 7, False, id="yearless-unknown-age"),
        pytest.param(None, PUB, 7, False, id="null"),
        pytest.param("2025-02-30", PUB, 7, False, id="invalid"),
        pytest.param("2020-01-01", None, 7, False, id="no-publication"),
        pytest.param("2025-06-18", PUB, 0, True, id="zero-days"),
        pytest.param("0001-01-01", date(1, 1, 3), 7, False, id="overflow-near-date-min"),
    ],
)
def test_older_than(value: str | None, published: date | None, days: int, expected: bool) -> None:
    assert older_than(value, published, days) is expected


def test_last_day() -> None:
    assert DateValue.parse("2024-02").last_day() == date(2024, 2, 29)
    assert DateValue.parse("2025-02").last_day() == date(2025, 2, 28)
    assert DateValue.parse("2025").last_day() == date(2025, 12, 31)
    assert DateValue.parse("--02-29").last_day() is None


_ASCII = st.characters(max_codepoint=127)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.none(), st.integers(), st.floats(), st.binary(max_size=10)))
def test_parse_never_raises(value: object) -> None:
    parsed = DateValue.parse(value)
    assert parsed is None or parsed.precision in ("day", "month", "year")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_ASCII, max_size=12), st.from_regex(r"\A-{0,2}[0-9]{1,4}(-[0-9]{1,2}){0,2}\Z", fullmatch=True)))
def test_parsed_ascii_values_round_trip(value: str) -> None:
    parsed = DateValue.parse(value)
    if parsed is None:
        return
    assert compatible(value, value)
    if parsed.year is not None and parsed.month is not None and parsed.day is not None:
        assert date(parsed.year, parsed.month, parsed.day).isoformat() == value.strip()
    elif parsed.year is not None and parsed.month is not None:
        assert f"{parsed.year:04d}-{parsed.month:02d}" == value.strip()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_real_day_parses(day: date) -> None:
    v = DateValue.parse(day.isoformat())
    assert v is not None and (v.year, v.month, v.day) == (day.year, day.month, day.day)
    assert v.last_day() == day
    assert DateValue.parse(f"--{day.month:02d}-{day.day:02d}") is not None
