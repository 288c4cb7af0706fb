"""Date values of records: one type, one rule.

A record's ``date.value`` is ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month),
``YYYY`` (year) or ``--MM-DD`` (a day whose year the article does not give).
``DateValue.parse`` accepts exactly these shapes of a real calendar date and
nothing else ("2025-02-30" and "2025-13" are not dates).

Every module that reads a record's date value uses this one rule: the
pydantic model (``EventDate.value``, whose JSON Schema carries ``PATTERN``),
the validator, the catalogue, the evaluation and the extractor's background
rule (``older_than``). Two values are ``compatible`` when every part known in
both is equal (``2025-11`` ~ ``2025-11-20`` ~ ``--11-20``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: The four shapes as a JSON Schema pattern (months 01-12, days 01-31). The
#: calendar check (no 30 February) is ``DateValue.parse``'s, on top of it.
PATTERN = (
    r"^(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
    r"|--(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))$"
)

_SHAPE = re.compile(r"^(?:(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?|--(?P<ym>[0-9]{2})-(?P<yd>[0-9]{2}))$")


@dataclass(frozen=True)
class DateValue:
    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def parse(cls, value: object) -> "DateValue | None":
        """The date value, or None when ``value`` is not one of the four shapes of a real date."""
        if not isinstance(value, str):
            return None
        m = _SHAPE.match(value.strip())
        if not m:
            return None
        if m["ym"]:
            month, day = int(m["ym"]), int(m["yd"])
            ok = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]  # 2024: Feb 29 exists
            return cls(None, month, day) if ok else None
        year = int(m["y"])
        month = int(m["m"]) if m["m"] else None
        day = int(m["d"]) if m["d"] else None
        if year < 1 or (month is not None and not 1 <= month <= 12):
            return None
        if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
            return None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        """The value in its shape: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``--MM-DD``."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)

    def as_date(self) -> date | None:
        """The calendar day of a ``YYYY-MM-DD`` value; None for the other shapes."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def after(self, day: date) -> bool:
        """Does the value lie after ``day``, compared at the value's own precision?"""
        if self.year is None:
            return False
        mine = (self.year, self.month, self.day)
        theirs = (day.year, day.month, day.day)
        known = 1 + (self.month is not None) + (self.day is not None)
        return mine[:known] > theirs[:known]

    def last_day(self) -> date | None:
        """The last calendar day the value can mean (None without a year)."""
        if self.year is None:
            return None
        if self.day is not None and self.month is not None:
            return date(self.year, self.month, self.day)
        if self.month is not None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def compatible(self, other: "DateValue") -> bool:
        """Could both values name the same day? Unknown parts never disagree."""
        for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if a is not None and b is not None and a != b:
                return False
        return True


def parse_day(value: object) -> date | None:
    """A ``YYYY-MM-DD`` string (or a date) as a date; anything else None (e.g. ``article.published``)."""
    if isinstance(value, date):
        return value
    parsed = DateValue.parse(value)
    return parsed.as_date() if parsed is not None else None


def compatible(a: str | None, b: str | None) -> bool:
    """Two record date values that may name the same day (null or unparseable: no objection)."""
    da, db = DateValue.parse(a), DateValue.parse(b)
    return da is None or db is None or da.compatible(db)


def older_than(value: str | None, published: date | None, days: int) -> bool:
    """Does ``value`` end more than ``days`` days before ``published``?"""
    parsed = DateValue.parse(value)
    last = parsed.last_day() if parsed else None
    if last is None or published is None:
        return False
    try:
        return last < published - timedelta(days=days)
    except OverflowError:
        return False
