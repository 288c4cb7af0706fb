"""Deterministic checks of event records (``extractor validate``).

The language model proposes; this module decides. Every check reads only the
record, the article text and the publication date, and every problem it finds
is an :class:`~extractor.models.Issue` with a stable ``code``: a check never
raises on odd input (None fields, negative counts, garbage dates, offsets out
of range). The severities decide a record's ``validation.status`` (worst
severity; ``info`` counts as ok) and the exit code of ``extractor validate``
(1 when any record has an ``error``).

Codes (``CHECKS`` holds the same table)
---------------------------------------
========================== ======== =================================================
code                       severity what
========================== ======== =================================================
total_mismatch             error    the stated total contradicts the sum of the transfer
                                    counts (see "Totals")
evidence_not_found         error    an evidence quote (transfer or total) is empty or
                                    not in the article (``locate_quote``: tolerant of
                                    whitespace, typographic quotes and case)
evidence_offsets           error    ``start``/``end`` are given but
                                    ``article_text[start:end] != quote`` (exactly)
evidence_offsets_missing   warning  the quote is in the article but ``start``/``end``
                                    are null
count_not_in_evidence      error    the count is not among the numbers of its quote
                                    (``find_counts``; "the same number" stands for the
                                    count of the other side's transfer of the same
                                    category)
qualifier_mismatch         error    the qualifier contradicts the quote ("more than
                                    1,000" recorded as exact, or "1,000" as more_than)
direction_contradicts_text error    the quote has a clear cue for one side only and
                                    ``to`` is the other side (see "Direction and combined figures")
combined_figure_as_transfer error   the quote says both sides exchanged the number,
                                    naming no receiver, and it is recorded as one
                                    side's count (never for a null count)
duplicate_transfer         error    two transfers with the same (to, category)
no_transfers               warning  a record without transfers
count_missing              warning  a transfer whose count is null
date_after_publication     error    the date lies after the publication date (compared
                                    at the value's precision)
date_before_war            error    the date lies before 2014-01-01
date_out_of_range          error    the date lies after the year 2100 (no plausible
                                    exchange date; years 0001-9999 never crash a check)
invalid_date               error    ``date.value`` is not a real calendar date of any
                                    accepted shape (``dates.DateValue``: YYYY-MM-DD,
                                    YYYY-MM, YYYY, --MM-DD); only reachable for records
                                    built without the pydantic model, which refuses them
weekday_mismatch           error    a weekday named in ``date.text`` is not the weekday
                                    of the (day-precision) value
date_text_mismatch         error    ``date.text`` names a month, day or year ("January
                                    29", "3 May 2024") that the value contradicts
date_unresolved            warning  ``date.text`` is given but the value is null or the
                                    basis is "unresolved"
date_text_not_found        error    ``date.text`` is not in the article
date_precision_mismatch    warning  the value's shape disagrees with ``date.precision``
duplicate_event            error    two records of one article with the same kind, the
                                    same (to, category, count) transfers and compatible
                                    dates (:func:`validate_article_records`): the same
                                    people would be counted twice downstream
article_missing            error    the article cannot be read (:func:`validate_file`)
article_changed            error    the article's SHA-256 differs from the record's
                                    (:func:`validate_file`; text checks still run)
check_failed               warning  a check itself failed on this record (a bug in the
                                    validator; never expected)
========================== ======== =================================================

Totals
------
Each count is read as an interval: exact n = [n, n], at_least n = [n, inf),
more_than n = [n+1, inf), up_to n = [0, n], about n = n +/- 10 % (at least 1:
the one tolerance, ``quantity.ABOUT`` / ``quantity.satisfies``), unknown or null =
[0, inf). A side that has no transfer at all is unknown, not zero: the sum is
then open upwards, so a total with only one side given is only contradicted
when it is smaller than that side. The sum of the transfer intervals must meet
the total's interval: an exact total must equal the sum of both sides' exact
counts, "more than 1,000" with exact parts summing to 900 is a mismatch, and
"about 600" with exact parts summing to 700 is one too.

Direction and combined figures
------------------------------
The validator reads the words of a transfer's quote with the same rules as
the extraction (``cues.read_number``, at the place where the record's count
is written): nationality of the people, captor, destination, actor and verb,
possessives, "each", combined figures. A transfer contradicts the text when
that reading names the other side as receiver (``direction_contradicts_text``),
or reads its number as a figure for both sides together
(``combined_figure_as_transfer``). Words that decide nothing mean no finding.
So "Moscow sent back six hundred Ukrainian remains and took back forty of its
own" supports 600 to Ukraine and 40 to Russia.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .articles import display_path, read_regular_file
from .articles import article_text as _decode_article
from .errors import ExtractorError
from .models import EventRecord, Issue, Validation
from .dates import DateValue, compatible, parse_day
from .lexicon import MONTH_NAMES, WEEKDAY_NAMES
from .normalise import Count, find_counts, locate_quote, parse_count, resolve_date, weekday_in
from .output import read_event_records
from .quantity import interval

__all__ = [
    "CHECKS",
    "ValidateResult",
    "status_of",
    "validate_article_records",
    "validate_file",
    "validate_record",
    "with_validation",
]

CORRECTION_PREFIX = "corrected_"  # issues an extractor adds when the text overrules the model
# Issues the extractor itself records (not checks of this module): validate keeps them on the record.
EXTRACTOR_NOTES = (CORRECTION_PREFIX, "conflicting_counts", "revised_count")

CHECKS: dict[str, tuple[str, str]] = {
    "total_mismatch": ("error", "the stated total contradicts the sum of the transfer counts"),
    "evidence_not_found": ("error", "an evidence quote is empty or not in the article"),
    "evidence_offsets": ("error", "evidence start/end do not point at the quote: article_text[start:end] != quote"),
    "evidence_offsets_missing": ("warning", "evidence start/end are null (the quote is in the article)"),
    "count_not_in_evidence": ("error", "the count is not among the numbers of its evidence quote"),
    "qualifier_mismatch": ("error", "the qualifier contradicts the evidence quote"),
    "direction_contradicts_text": ("error", "the quote names only the other side as receiver"),
    "duplicate_transfer": ("error", "two transfers with the same (to, category)"),
    "combined_figure_as_transfer": (
        "error",
        "the quote says both sides exchanged this number (a combined figure) but it is recorded as one side's",
    ),
    "no_transfers": ("warning", "a record without transfers"),
    "count_missing": ("warning", "a transfer without a count"),
    "date_after_publication": ("error", "the date lies after the publication date"),
    "date_before_war": ("error", "the date lies before 2014-01-01"),
    "date_out_of_range": ("error", "the date lies after the year 2100"),
    "invalid_date": ("error", "the date value is not a real calendar date of an accepted shape"),
    "weekday_mismatch": ("error", "the weekday in date.text disagrees with the date value"),
    "date_text_mismatch": ("error", "the month, day or year in date.text disagrees with the date value"),
    "date_unresolved": ("warning", "date.text given but the date is unresolved"),
    "date_text_not_found": ("error", "date.text is not in the article"),
    "date_precision_mismatch": ("warning", "the date value's shape disagrees with its precision"),
    "duplicate_event": ("error", "two records of one article describe the same event"),
    "article_missing": ("error", "the article cannot be read"),
    "article_changed": ("error", "the article's SHA-256 differs from the record's"),
    "check_failed": ("warning", "a check failed on this record (validator bug)"),
}

WAR_START = date(2014, 1, 1)
LATEST_YEAR = 2100  # a date after this year is no exchange date, whatever the publication date
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_SIDES = ("ukraine", "russia")


def _issue(code: str, message: str, field: str | None = None) -> Issue:
    return Issue(code=code, severity=CHECKS[code][0], message=message, field=field)


def _show(text: Any, limit: int = 90) -> str:
    """A quote for a message: repr-like, shortened."""
    if not isinstance(text, str):
        return repr(text)
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


def _get(obj: Any, name: str) -> Any:
    """Attribute or key ``name`` of ``obj``; None when absent (records built without validation)."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _int(value: Any) -> int | None:
    """An int count, or None (bools and other types are not counts)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


# --------------------------------------------------------------------------
# Dates (the one rule: extractor.dates.DateValue)
# --------------------------------------------------------------------------

_WEEKDAY_NAMES = tuple(WEEKDAY_NAMES.split("|"))
_MONTH_WORD = re.compile(rf"\b(?:{MONTH_NAMES})\b")


def _words_contradict(value: DateValue, text: str) -> str | None:
    """What the date words say when it contradicts ``value``, else None.

    Read without a publication date: "January 29" is --01-29, "3 May 2024" is
    2024-05-03, and a lone month name ("in November last year") is that month.
    """
    said = resolve_date(text, None).value
    if said is not None:
        return None if compatible(said, value.isoformat()) else said
    months = set(_MONTH_WORD.findall(text))
    if len(months) != 1 or value.month is None:
        return None
    name = months.pop()
    return None if MONTH_NAMES.split("|").index(name) + 1 == value.month else name


def _parse_iso_day(value: Any) -> date | None:
    """A publication date given as a date or a ``YYYY-MM-DD`` string; anything else None."""
    return parse_day(value)


def _check_date_shape(raw: Any, precision: str) -> tuple[DateValue | None, list[Issue]]:
    """invalid_date / date_precision_mismatch; returns the parsed value when it is a real date."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if precision == "unknown":
            return None, []
        message = f"date.precision is {precision!r} but date.value is empty"
        return None, [_issue("date_precision_mismatch", message, "date.precision")]
    parsed = DateValue.parse(raw)
    if parsed is None:
        message = f"date.value {raw!r} is not a real calendar date (expected YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD)"
        return None, [_issue("invalid_date", message, "date.value")]
    if parsed.precision != precision:
        message = f"date.value {raw.strip()!r} has {parsed.precision} precision but date.precision is {precision!r}"
        return parsed, [_issue("date_precision_mismatch", message, "date.precision")]
    return parsed, []


def _check_date_range(value: DateValue, published: date | None) -> list[Issue]:
    """date_after_publication, date_out_of_range, date_before_war."""
    shown = value.isoformat()
    issues = []
    if published is not None and value.after(published):
        message = f"date.value {shown} is after the publication date {published.isoformat()}"
        issues.append(_issue("date_after_publication", message, "date.value"))
    if value.year is not None and value.year > LATEST_YEAR:
        message = f"date.value {shown} is after {LATEST_YEAR}: not a plausible date"
        issues.append(_issue("date_out_of_range", message, "date.value"))
    if value.year is not None and value.year < WAR_START.year:
        message = f"date.value {shown} is before {WAR_START.isoformat()}, when the war began"
        issues.append(_issue("date_before_war", message, "date.value"))
    return issues


def _check_date_words(value: DateValue, text: Any) -> list[Issue]:
    """weekday_mismatch and date_text_mismatch: the value against the weekday, month, day and year its words name.

    Only words that need no publication date are read ("January 29", "29 January
    2026", "2025-11-20", "on Thursday", a month name); relative words ("last
    week", "two days ago") are the resolver's business and are not second-guessed.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    issues = []
    day = value.as_date()
    named = weekday_in(text)
    if day is not None and named is not None and day.weekday() != named:
        message = (
            f"date.text {_show(text)} names a {_WEEKDAY_NAMES[named]} "
            f"but date.value {value.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}"
        )
        issues.append(_issue("weekday_mismatch", message, "date.value"))
    said = _words_contradict(value, text)
    if said is not None:
        message = f"date.text {_show(text)} says {said} but date.value is {value.isoformat()}"
        issues.append(_issue("date_text_mismatch", message, "date.value"))
    return issues


def _check_date_text(value: Any, text: Any, basis: Any, article: str | None) -> list[Issue]:
    """date_unresolved and date_text_not_found."""
    if not isinstance(text, str) or not text.strip():
        return []
    issues = []
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty or basis == "unresolved":
        what = "date.value is null" if empty else f"date.basis is 'unresolved' (value {value!r})"
        field = "date.value" if empty else "date.basis"
        issues.append(_issue("date_unresolved", f"date.text {_show(text)} is given but {what}", field))
    if article is not None and locate_quote(article, text) is None:
        issues.append(_issue("date_text_not_found", f"date.text {_show(text)} is not in the article", "date.text"))
    return issues


def _check_date(record: Any, article: str | None, published: date | None) -> list[Issue]:
    d = _get(record, "date")
    if d is None:
        return []
    raw, text = _get(d, "value"), _get(d, "text")
    precision = _str(_get(d, "precision")) or "unknown"
    value, issues = _check_date_shape(raw, precision)
    if value is not None:
        issues += _check_date_range(value, published)
        issues += _check_date_words(value, text)
    issues += _check_date_text(raw, text, _get(d, "basis"), article)
    return issues


# --------------------------------------------------------------------------
# Evidence, counts, qualifiers
# --------------------------------------------------------------------------


def _check_evidence(evidence: Any, where: str, article: str) -> list[Issue]:
    """evidence_not_found / evidence_offsets / evidence_offsets_missing for one evidence object at ``where``.

    The quote may be found tolerantly (whitespace, typographic quotes, case), but
    given offsets must be exact: ``article[start:end] == quote``.
    """
    quote = _get(evidence, "quote")
    if not isinstance(quote, str) or not quote.strip():
        return [_issue("evidence_not_found", f"{where}.quote is empty", f"{where}.quote")]
    span = locate_quote(article, quote)
    if span is None:
        return [_issue("evidence_not_found", f"{where}.quote {_show(quote)} is not in the article", f"{where}.quote")]
    start, end = _int(_get(evidence, "start")), _int(_get(evidence, "end"))
    if start is None or end is None:
        message = f"{where} has no start/end; the quote is at {span[0]}:{span[1]}"
        return [_issue("evidence_offsets_missing", message, f"{where}.start")]
    if 0 <= start <= end <= len(article):
        piece = article[start:end]
        if piece == quote:
            return []
        got = _show(piece, 40)
    else:
        got = f"out of range (article has {len(article)} characters)"
    message = f"{where} start/end {start}:{end} do not point at the quote ({got}); it is at {span[0]}:{span[1]}"
    return [_issue("evidence_offsets", message, f"{where}.start")]


@dataclass(frozen=True)
class _Mention:
    value: int | None
    qualifier: str
    text: str
    start: int
    end: int


def _mentions(quote: str, same_as: int | None) -> list[_Mention]:
    """The counts written in ``quote``; "the same number" resolved to ``same_as`` when known."""
    out = []
    for c in find_counts(quote):
        value, qualifier = c.value, c.qualifier
        if value is None and same_as is not None:
            resolved: Count | None = parse_count(c.text, same_as=same_as)
            if resolved is not None and resolved.value is not None:
                value, qualifier = resolved.value, resolved.qualifier
        out.append(_Mention(value, qualifier, c.text, c.start, c.end))
    return out


def _anchors(quote: str, mentions: list[_Mention], count: int | None, count_text: str | None) -> list[_Mention]:
    """Mentions of ``count`` in the quote, restricted to ``count_text`` when that is in the quote."""
    matching = [m for m in mentions if count is not None and m.value == count]
    if count_text and count_text.strip() and matching:
        needle = count_text.strip().lower()
        lowered = quote.lower()
        spans = []
        pos = lowered.find(needle)
        while pos >= 0:
            spans.append((pos, pos + len(needle)))
            pos = lowered.find(needle, pos + 1)
        within = [m for m in matching if any(m.start < e and s < m.end for s, e in spans)]
        if within:
            return within
    return matching


def _same_as(transfers: list[Any], index: int) -> int | None:
    """Count of the first transfer to the other side of the same category (for "the same number")."""
    me = transfers[index]
    to, category = _get(me, "to"), _get(me, "category")
    for j, other in enumerate(transfers):
        if j == index or _get(other, "category") != category or _get(other, "to") == to:
            continue
        value = _int(_get(other, "count"))
        if value is not None:
            return value
    return None


def _check_count_and_qualifier(
    item: Any, where: str, quote: str, mentions: list[_Mention]
) -> tuple[list[Issue], list[_Mention]]:
    """count_not_in_evidence and qualifier_mismatch for a transfer or total; returns the anchors too."""
    issues: list[Issue] = []
    raw = _get(item, "count")
    count = _int(raw)
    count_text = _str(_get(item, "count_text"))
    if raw is None:
        return issues, []
    if count is None or not any(m.value == count for m in mentions):
        found = ", ".join(m.text for m in mentions if m.value is not None) or "no number"
        issues.append(
            _issue(
                "count_not_in_evidence",
                f"{where}.count {raw!r} is not among the numbers in its evidence quote {_show(quote)} (found: {found})",
                f"{where}.count",
            )
        )
        return issues, []
    anchors = _anchors(quote, mentions, count, count_text)
    qualifier = _get(item, "qualifier")
    if qualifier is None:
        qualifier = "exact"
    if isinstance(qualifier, str) and qualifier != "unknown" and anchors:
        if not any(m.qualifier == qualifier for m in anchors):
            said = ", ".join(sorted({f"'{m.text}' ({m.qualifier})" for m in anchors}))
            issues.append(
                _issue(
                    "qualifier_mismatch",
                    f"{where}.qualifier is {qualifier!r} but the quote says {said}",
                    f"{where}.qualifier",
                )
            )
    return issues, anchors


# --------------------------------------------------------------------------
# Direction and combined figures: the same reading of the words as extraction
# --------------------------------------------------------------------------


def _reading_of(quote: str, anchors: list[_Mention]):  # noqa: ANN202 - cues.Reading | None
    """``cues.read_number`` on the quote where the recorded count is written, when every such place reads alike.

    A quote that also gives the count as "the same number" is left alone: which of the
    two places is the record's cannot be told from the quote.
    """
    from .cues import read_number
    from .lexicon import SAME_NUMBER

    if not anchors or SAME_NUMBER.search(quote):
        return None
    starts = tuple(m.start for m in anchors)
    readings = {read_number(quote, a.start, a.end, starts) for a in anchors}
    return readings.pop() if len(readings) == 1 else None


def _check_combined(transfer: Any, where: str, quote: str, anchors: list[_Mention]) -> list[Issue]:
    """A number the words say both sides exchanged together, recorded as one side's, is an error.

    "Moscow and Kyiv swapped 412 captives": that figure is a combined total, not
    what one side received. "... 84 prisoners each" is per side and not flagged;
    a transfer with a null count records no number and is not flagged either.
    """
    reading = _reading_of(quote, anchors)
    if _get(transfer, "count") is None or reading is None or reading.role != "total":
        return []
    return [
        _issue(
            "combined_figure_as_transfer",
            f"{where} counts {_show(_get(transfer, 'count_text') or _get(transfer, 'count'))} as received by "
            f"{_get(transfer, 'to')}, but {_show(quote)} says both sides exchanged it: a combined figure, not one side's",
            f"{where}.to",
        )
    ]


def _check_direction(transfer: Any, where: str, quote: str, anchors: list[_Mention]) -> list[Issue]:
    """The words of the quote name the other side as receiver (``cues``' rules: nationality, captor, ...)."""
    to = _get(transfer, "to")
    reading = _reading_of(quote, anchors)
    if to not in _SIDES or reading is None or reading.role != "transfer" or reading.side in (None, to):
        return []
    rule = next((w for w in reading.why if w.startswith("side:")), "side")
    return [
        _issue(
            "direction_contradicts_text",
            f"{where}.to is {to!r} but its quote says {reading.side} received it ({rule}: {_show(quote.strip(), 70)})",
            f"{where}.to",
        )
    ]


# --------------------------------------------------------------------------
# Transfers and totals
# --------------------------------------------------------------------------

_UNBOUNDED = None


def _interval(count: int | None, qualifier: Any) -> tuple[int, int | None]:
    """[lo, hi] (hi None = unbounded) that a count with a qualifier allows (``quantity.interval``); no count: any."""
    if count is None:
        return 0, _UNBOUNDED
    return interval(count, qualifier if isinstance(qualifier, str) else "exact")


def _sum_of_parts(transfers: list[Any]) -> tuple[int, int | None, list[str]]:
    """[lo, hi] of the whole exchange from its transfers, and the parts for a message.

    A side with no transfer is unknown, not zero: its people are somewhere in
    the total, so the sum is then open upwards.
    """
    lo, hi = 0, 0
    parts = []
    for t in transfers:
        c = _int(_get(t, "count"))
        p_lo, p_hi = _interval(c, _get(t, "qualifier"))
        lo += p_lo
        hi = None if hi is None or p_hi is None else hi + p_hi
        parts.append("?" if c is None else str(c))
    if not all(any(_get(t, "to") == side for t in transfers) for side in _SIDES):
        hi = _UNBOUNDED
        parts.append("? (the other side is not given)")
    return lo, hi, parts


def _check_total(total: Any, transfers: list[Any]) -> list[Issue]:
    if total is None or not transfers:
        return []
    t_count = _int(_get(total, "count"))
    if t_count is None:
        return []
    t_lo, t_hi = _interval(t_count, _get(total, "qualifier"))
    lo, hi, parts = _sum_of_parts(transfers)
    if (t_hi is None or lo <= t_hi) and (hi is None or hi >= t_lo):
        return []
    q = _get(total, "qualifier") or "exact"
    said = f"{t_count}" if q == "exact" else f"{t_count} ({q})"
    summed = f"{lo}" if hi == lo else f"{lo}..{'' if hi is None else hi}"
    message = f"total.count {said} differs from the sum of the transfers {' + '.join(parts)} = {summed}"
    return [_issue("total_mismatch", message, "total.count")]


def _check_transfer_set(transfers: list[Any]) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[tuple[Any, Any], int] = {}
    for i, t in enumerate(transfers):
        key = (_get(t, "to"), _get(t, "category"))
        try:
            hash(key)
        except TypeError:
            continue
        if key in seen:
            issues.append(
                _issue(
                    "duplicate_transfer",
                    f"transfers[{i}] and transfers[{seen[key]}] both give {key[1]} to {key[0]} "
                    "(is one direction swapped?)",
                    f"transfers[{i}]",
                )
            )
        else:
            seen[key] = i
        if _get(t, "count") is None:
            issues.append(_issue("count_missing", f"transfers[{i}].count is null", f"transfers[{i}].count"))
    return issues


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


def _published_of(record: Any) -> date | None:
    return _parse_iso_day(_get(_get(record, "article"), "published"))


def _record_checks(record: Any, article: str | None, published: date | None) -> Iterable[Callable[[], list[Issue]]]:
    """The single-record checks, each a thunk (so one failing check cannot hide the others)."""
    transfers = _list(_get(record, "transfers"))
    total = _get(record, "total")

    def structure() -> list[Issue]:
        issues = []
        if not transfers:
            issues.append(_issue("no_transfers", "the record has no transfers", "transfers"))
        issues += _check_transfer_set(transfers)
        issues += _check_total(total, transfers)
        return issues

    def item(index: int | None) -> list[Issue]:
        obj = total if index is None else transfers[index]
        where = "total" if index is None else f"transfers[{index}]"
        evidence = _get(obj, "evidence")
        issues = []
        if article is not None:
            issues += _check_evidence(evidence, f"{where}.evidence", article)
        quote = _get(evidence, "quote")
        if not isinstance(quote, str) or not quote.strip():
            return issues
        same_as = None if index is None else _same_as(transfers, index)
        mentions = _mentions(quote, same_as)
        found, anchors = _check_count_and_qualifier(obj, where, quote, mentions)
        issues += found
        if index is not None:
            issues += _check_direction(obj, where, quote, anchors)
            issues += _check_combined(obj, where, quote, anchors)
        return issues

    yield structure
    for i in range(len(transfers)):
        yield lambda i=i: item(i)
    if total is not None:
        yield lambda: item(None)
    yield lambda: _check_date(record, article, published)


def validate_record(
    record: EventRecord, article_text: str | None, *, published: date | None = None, strict: bool = False
) -> list[Issue]:
    """All single-record checks.

    ``article_text`` None runs only the checks that need no article (evidence
    location and date text are skipped). ``published`` defaults to
    ``record.article.published``.
    """
    if not isinstance(article_text, str):
        article_text = None
    if published is None:
        published = _published_of(record)
    elif not isinstance(published, date):
        published = _parse_iso_day(published)
    issues: list[Issue] = []
    for check in _record_checks(record, article_text, published):
        try:
            issues += check()
        except Exception as exc:  # noqa: BLE001 - a record edited by hand: a problem is a finding, never a crash
            if strict:
                raise  # the extractor's own record: a failing check is a bug, shown with its traceback
            issues.append(_issue("check_failed", f"a check failed on this record: {type(exc).__name__}: {exc}"))
    return issues


# --------------------------------------------------------------------------
# Cross-record checks (one article)
# --------------------------------------------------------------------------


def _dates_compatible(a: Any, b: Any) -> bool:
    """Equal where both are known (2025-11 ~ 2025-11-20 ~ --11-20; unknown ~ anything): ``dates.compatible``."""
    va, vb = _get(_get(a, "date"), "value"), _get(_get(b, "date"), "value")
    return compatible(va if isinstance(va, str) else None, vb if isinstance(vb, str) else None)


def _transfer_key(record: Any) -> tuple | None:
    transfers = _list(_get(record, "transfers"))
    if not transfers:
        return None
    items = [(str(_get(t, "to")), str(_get(t, "category")), repr(_get(t, "count"))) for t in transfers]
    return tuple(sorted(items))


def _duplicate_events(records: list[Any]) -> list[list[Issue]]:
    out: list[list[Issue]] = [[] for _ in records]
    keys = [(_get(r, "kind"), _transfer_key(r)) for r in records]
    for j in range(len(records)):
        if keys[j][1] is None:
            continue
        for i in range(j):
            if keys[i] == keys[j] and _dates_compatible(records[i], records[j]):
                other = _get(records[i], "event_id")
                out[j].append(
                    _issue(
                        "duplicate_event",
                        f"same kind, transfers and date as record {i} of this article"
                        + (f" ({other})" if isinstance(other, str) else ""),
                        "transfers",
                    )
                )
                break
    return out


def validate_article_records(
    records: list[EventRecord], article_text: str | None, published: date | None = None, *, strict: bool = False
) -> list[list[Issue]]:
    """:func:`validate_record` for each record of ONE article, plus duplicate_event across them.

    ``strict``: the records are the extractor's own (``events.finish_events``), so a check that raises is a
    bug and raises; otherwise (records read from a file, perhaps edited by hand) it is a ``check_failed`` finding.
    """
    records = _list(records)
    results = [validate_record(r, article_text, published=published, strict=strict) for r in records]
    try:
        for issues, extra in zip(results, _duplicate_events(records)):
            issues += extra
    except Exception as exc:  # noqa: BLE001
        if strict:
            raise
        for issues in results:
            issues.append(_issue("check_failed", f"the duplicate check failed: {type(exc).__name__}: {exc}"))
    return results


# --------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------


def status_of(issues: list[Issue]) -> str:
    """"ok", "warning" or "error": the worst severity ("info" counts as ok)."""
    worst = max((_SEVERITY_RANK.get(_get(i, "severity"), 0) for i in issues or []), default=0)
    return {2: "error", 1: "warning"}.get(worst, "ok")


def with_validation(record: EventRecord, issues: list[Issue]) -> EventRecord:
    """A copy of ``record`` whose ``validation`` is ``{status, issues}``."""
    issues = list(issues)
    return record.model_copy(update={"validation": Validation(status=status_of(issues), issues=issues)})


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


@dataclass
class ValidateResult:
    """Outcome of :func:`validate_file`."""

    records: list[EventRecord]  # with validation recomputed
    counts: Counter = field(default_factory=Counter)  # issue code -> number of issues
    statuses: Counter = field(default_factory=Counter)  # record status -> number of records
    skipped_lines: int = 0  # non-record lines (article log lines)

    @property
    def has_errors(self) -> bool:
        """True when any record has an error issue (``extractor validate`` exits 1)."""
        return self.statuses.get("error", 0) > 0


def _allowed(p: Path, roots: list[Path] | None) -> bool:
    """True when ``p`` (symbolic links followed) lies under one of ``roots``; None allows any path."""
    if roots is None:
        return True
    try:
        real = p.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return any(real.is_relative_to(r) for r in roots)


def _load_article(
    path_text: str, base_dir: Path, roots: list[Path] | None = None
) -> tuple[str | None, str | None, str | None]:
    """(text, sha256, problem) of the article at ``path_text``: a regular file under ``roots``, of bounded size."""
    p = Path(path_text)
    if not p.is_absolute():
        p = base_dir / p
    if not _allowed(p, roots):
        where = ", ".join(display_path(r) for r in roots or [])
        return None, None, (
            f"article {path_text} is outside the folders validate reads ({where}); "
            "pass --articles-root DIR or --allow-any-path to read it"
        )
    try:
        raw = read_regular_file(p, what="article")  # at most articles.MAX_ARTICLE_BYTES
    except ExtractorError as exc:
        if exc.message == "no such file":
            return None, None, f"article {path_text} not found (looked at {display_path(p)})"
        return None, None, f"article {path_text} cannot be read: {exc.message}"
    sha = hashlib.sha256(raw).hexdigest()
    try:
        text, _ = _decode_article(raw, p)
    except ExtractorError as exc:
        return None, sha, f"article {path_text} cannot be read: {exc.message}"
    return text, sha, None


def article_roots(events: Path, base_dir: Path | None, extra: Iterable[Path] = ()) -> list[Path]:
    """Where validate reads articles by default: the records file's folder, the current folder, --base-dir, --articles-root."""
    roots = [Path(events).resolve().parent, Path.cwd().resolve()]
    roots += [Path(r).resolve() for r in ([base_dir] if base_dir is not None else []) + list(extra)]
    return list(dict.fromkeys(roots))


def validate_file(
    path: Path,
    *,
    base_dir: Path | None = None,
    articles_roots: Iterable[Path] = (),
    allow_any_path: bool = False,
) -> ValidateResult:
    """Re-run every check on the records of a JSONL events file.

    Lines whose ``schema`` is not ``exchange-event/1`` (article log lines) are
    skipped; a hand-written record without ``schema`` but with an ``event_id``
    is read. Issues the extractor recorded for its own corrections
    (``corrected_*``) are kept; everything else is recomputed. Each article is re-read from ``record.article.path`` (relative
    paths against ``base_dir``, default the current directory): a missing
    article gives ``article_missing`` and no text checks; a changed one
    ``article_changed``, and the text checks still run. Records of one article
    are checked together for duplicates. Invalid JSON raises InputError naming
    ``path:line``. Articles are read only under the records file's folder, the
    current folder, ``base_dir`` and ``articles_roots`` (unless
    ``allow_any_path``), and only regular files of at most MAX_ARTICLE_BYTES:
    anything else is ``article_missing``.
    """
    path = Path(path)
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    roots = None if allow_any_path else article_roots(path, base_dir, articles_roots)
    records, skipped = read_event_records(path, schemaless_ok=True)
    per_record = _check_records(records, base, roots)
    return _tally(records, per_record, skipped)


def _check_records(records: list[EventRecord], base: Path, roots: list[Path] | None) -> list[list[Issue]]:
    """The issues of each record: kept extractor notes, then article problems, then the checks (per article)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault(r.article.path, []).append(i)

    per_record: list[list[Issue]] = [[] for _ in records]
    for article_path, indices in groups.items():
        text, sha, problem = _load_article(article_path, base, roots)
        group = [records[i] for i in indices]
        found = validate_article_records(group, text)
        for i, issues in zip(indices, found):
            r = records[i]
            head = _article_issues(r, article_path, sha, problem)
            # The extractor's corrections are history, not checks: they stay on the record.
            kept = [x for x in r.validation.issues if x.code.startswith(EXTRACTOR_NOTES)]
            per_record[i] = kept + head + issues
    return per_record


def _article_issues(record: EventRecord, article_path: str, sha: str | None, problem: str | None) -> list[Issue]:
    """article_missing (the article cannot be read) and article_changed (its sha256 differs from the record's)."""
    head: list[Issue] = []
    if problem is not None:
        head.append(_issue("article_missing", problem, "article.path"))
    if sha is not None and sha != record.article.sha256:
        head.append(
            _issue(
                "article_changed",
                f"article {article_path} has changed since extraction "
                f"(sha256 {sha[:12]}…, record has {str(record.article.sha256)[:12]}…)",
                "article.sha256",
            )
        )
    return head


def _tally(records: list[EventRecord], per_record: list[list[Issue]], skipped: int) -> ValidateResult:
    """The records with their validation recomputed, and the counts of codes and statuses."""
    result = ValidateResult(records=[], skipped_lines=skipped)
    for r, issues in zip(records, per_record):
        checked = with_validation(r, issues)
        result.records.append(checked)
        result.statuses[checked.validation.status] += 1
        for issue in issues:
            result.counts[issue.code] += 1
    return result
