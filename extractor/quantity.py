"""Counts with qualifiers, and the one tolerance for "about": a leaf module (it imports nothing of the project).

A count is a number with a qualifier: ``exact`` ("84"), ``about`` ("about 84", "nearly 100", "some 300":
within ``ABOUT`` of it, at least 1), ``more_than`` ("over 1,000"), ``at_least``, ``up_to``, or ``unknown``
(a qualifier the words do not pin down: any number of people). ``interval`` is the range each allows;
every module that compares counts (merging drafts, settling sums, the validator, the catalogue) asks it.
"""

from __future__ import annotations

#: the one tolerance for "about", "nearly", "some": 10% of the stated figure, at least 1
ABOUT = 0.10


def interval(count: int, qualifier: str | None) -> tuple[int, int | None]:
    """[lo, hi] of the exact values "``qualifier`` ``count``" allows; hi None is unbounded."""
    if qualifier == "exact":
        return count, count
    if qualifier == "at_least":
        return count, None
    if qualifier == "more_than":
        return count + 1, None
    if qualifier == "up_to":
        return min(0, count), count
    if qualifier == "about":
        tolerance = max(1, round(abs(count) * ABOUT))
        return count - tolerance, count + tolerance
    return min(0, count), None  # unknown: any number of people


def satisfies(value: int, qualifier: str | None, bound: int) -> bool:
    """Is an exact ``value`` consistent with "``qualifier`` ``bound``"?"""
    lo, hi = interval(bound, qualifier)
    return lo <= value and (hi is None or value <= hi)
