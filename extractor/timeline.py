"""The catalogue over time: monthly totals and outlier flags (the review page's timeline, ``catalogue --summary``).

Monthly totals (``monthly_summary``)
------------------------------------
One row per calendar month in which an exchange of the catalogue is dated to
the month or the day, with the number of exchanges and, per receiving side and
category (``to_ukraine_bodies`` ... ``to_russia_other``), the people handed
over: the sum of the entries' transfer counts. A qualified count ("more than
1,000") is added as its number and counted in ``qualified``, so a reader knows
the total is not exact; a transfer without a count adds nothing. Exchanges
dated to the year only get one row per year after that year's months
(``period`` ``2025``, ``precision`` ``year``); exchanges without a year (no
date, or ``--MM-DD``) one last row (``undated``). Rows run in time order;
months without an exchange are left out.

Outliers (``outlier_flags``)
----------------------------
An exchange is flagged, with one short reason per flag, when:

* ``large``: in some category (bodies, prisoners of war, civilians,
  children, other), the people it hands over (both sides together) are more
  than ``LARGE_FACTOR`` (5) times the median of the *other* exchanges of that
  category dated to the same year, when there are at least
  ``LARGE_MIN_OTHERS`` (2) of them; when its year has fewer (or it has no
  year), the median of all the other exchanges of that category, dated or
  not, again at least ``LARGE_MIN_OTHERS`` of them. (A tally of 19,000 read as
  one exchange stands out among exchanges of a few hundred; a category with
  too few exchanges to compare flags nothing.)
* ``single_source``: fewer than two independent sources.
* ``findings``: a source record has validation errors or warnings (the
  statuses are given by the caller, who has the records).
* ``conflict``: the sources disagree on a count (a conflict on a transfer or
  on the total; date and agreement conflicts are not count conflicts).

Nothing here prints; ``cli.py`` draws the table.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import CATEGORIES, TRANSFER_KEYS, CatalogueEntry, _key_name
from .dates import DateValue

#: an exchange is "large" when it hands over more than this many times the median of its category and year ...
LARGE_FACTOR = 5
#: ... and at least this many other exchanges of that category and year (else of that category) are there to compare with.
LARGE_MIN_OTHERS = 2

COUNT_COLUMNS: tuple[str, ...] = tuple(_key_name(k) for k in TRANSFER_KEYS)
MONTHLY_COLUMNS: tuple[str, ...] = ("period", "precision", "exchanges", *COUNT_COLUMNS, "qualified")


@dataclass
class MonthlyRow:
    """The exchanges of one month (``2025-06``), one year-only period (``2025``) or the undated ones."""

    period: str
    precision: str  # month, year or undated
    exchanges: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    qualified: int = 0

    def as_row(self) -> dict[str, object]:
        return {"period": self.period, "precision": self.precision, "exchanges": self.exchanges, **self.counts,
                "qualified": self.qualified}  # fmt: skip


def _year_month(entry: CatalogueEntry) -> tuple[int | None, int | None]:
    parsed = DateValue.parse(entry.date.value)
    if parsed is None:
        return None, None
    return parsed.year, parsed.month if parsed.year is not None else None


def _period(entry: CatalogueEntry) -> tuple[tuple, str, str]:
    """(sort key, period, precision) of an entry's row."""
    year, month = _year_month(entry)
    if year is None:
        return (1, 0, 0), "undated", "undated"
    if month is None:
        return (0, year, 13), f"{year:04d}", "year"
    return (0, year, month), f"{year:04d}-{month:02d}", "month"


def monthly_summary(entries: Iterable[CatalogueEntry]) -> list[MonthlyRow]:
    """The monthly totals per side and category (see the module's rules), in time order."""
    rows: dict[tuple, MonthlyRow] = {}
    for e in entries:
        key, period, precision = _period(e)
        row = rows.setdefault(key, MonthlyRow(period, precision))
        row.exchanges += 1
        for t in e.transfers:
            if t.count is None:
                continue
            row.counts[_key_name((t.to, t.category))] += t.count
            row.qualified += t.qualifier not in ("exact", "unknown")
    return [rows[k] for k in sorted(rows)]


def category_sizes(entry: CatalogueEntry) -> dict[str, int]:
    """People handed over per category, both sides together (transfers with a count only)."""
    sizes: dict[str, int] = {}
    for t in entry.transfers:
        if t.count is not None:
            sizes[t.category] = sizes.get(t.category, 0) + t.count
    return sizes


def _median_without(ordered: list[int], value: int) -> float:
    """The median of ``ordered`` (sorted) with one occurrence of ``value`` left out, without copying the list."""
    i = bisect.bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(k: int) -> int:
        return ordered[k if k < i else k + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def _large_flags(entries: list[CatalogueEntry]) -> dict[str, list[str]]:
    by_category: dict[str, list[tuple[str, int | None, int]]] = {}
    for e in entries:
        year = _year_month(e)[0]
        for category, size in category_sizes(e).items():
            by_category.setdefault(category, []).append((e.catalogue_id, year, size))
    flags: dict[str, list[str]] = {}
    for category, members in by_category.items():
        every = sorted(s for _, _, s in members)
        by_year: dict[int | None, list[int]] = {}
        for _, year, size in members:
            by_year.setdefault(year, []).append(size)
        years = {y: sorted(sizes) for y, sizes in by_year.items()}
        for cid, year, size in members:
            peers, where = (years[year], f"of {year}") if year is not None and len(years[year]) > LARGE_MIN_OTHERS else (every, "in any year")
            if len(peers) <= LARGE_MIN_OTHERS:
                continue
            median = _median_without(peers, size)
            if size > LARGE_FACTOR * median:
                flags.setdefault(cid, []).append(
                    f"{size:,} {category.replace('_', ' ')}: more than {LARGE_FACTOR}x the median ({median:,g}) "
                    f"of the {len(peers) - 1} other exchanges of that category {where}"
                )
    return flags


def outlier_flags(
    entries: Iterable[CatalogueEntry], record_status: Mapping[str, str] | None = None
) -> dict[str, list[dict[str, str]]]:
    """Per catalogue_id, its flags (``{"code", "reason"}``) by the module's rules; ``record_status`` maps a
    source's event_id to its validation status (ok, warning, error)."""
    entries = list(entries)
    status = record_status or {}
    large = _large_flags(entries)
    out: dict[str, list[dict[str, str]]] = {}
    for e in entries:
        flags = [{"code": "large", "reason": r} for r in large.get(e.catalogue_id, [])]
        if e.independent_sources < 2:
            flags.append({"code": "single_source", "reason": f"{e.independent_sources} independent source(s)"})
        bad = [s.event_id for s in e.sources if status.get(s.event_id) in ("warning", "error")]
        if bad:
            flags.append({"code": "findings", "reason": f"{len(bad)} source record(s) with errors or warnings"})
        counts = [c.field for c in e.conflicts if c.field == "total" or c.field.startswith("transfers")]
        if counts:
            flags.append({"code": "conflict", "reason": "sources disagree on " + ", ".join(counts)})
        out[e.catalogue_id] = flags
    return out


__all__ = ["CATEGORIES", "COUNT_COLUMNS", "LARGE_FACTOR", "LARGE_MIN_OTHERS", "MONTHLY_COLUMNS", "MonthlyRow",
           "category_sizes", "monthly_summary", "outlier_flags"]  # fmt: skip
