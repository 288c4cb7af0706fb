"""Tests of extractor.validate.

1. Correct records of made-up articles (written below; no sentence of a real
   article) have no finding at all.
2. A planted-error corpus on the same articles: each case breaks one thing and
   must raise its exact code (most must raise nothing else).
3. One table per rule (direction cues, totals, date words, offsets ...).
4. No false positive on the seed articles: records built at run time from the
   gold annotation, grounded in the seed text (nothing is quoted here).
5. Property tests: no check ever raises, whatever the record or article.
6. ``validate_file`` round trip and exit semantics, on made-up article files.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import InputError
from extractor.quantity import ABOUT, satisfies
from extractor.models import (
    ArticleLogEntry,
    ArticleRef,
    EventDate,
    EventRecord,
    Evidence,
    Issue,
    Provenance,
    Total,
    Transfer,
)
from extractor.normalise import find_counts, parse_count
from extractor.validate import (
    CHECKS,
    ValidateResult,
    status_of,
    validate_article_records,
    validate_file,
    validate_record,
    with_validation,
)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD_PATH = REPO / "tests" / "data" / "seeds.gold.json"
PROVENANCE = Provenance(backend="test", model="hand", prompt_hash="0" * 12, tool_version="test")

# --------------------------------------------------------------------------
# Made-up articles (invented outlets, numbers and places; publication dates
# are all Fridays)
# --------------------------------------------------------------------------

ARTICLES: dict[str, tuple[str, str]] = {
    "a": ("2025-06-20", """Kyiv and Moscow carry out a body exchange

Ukraine received the remains of 742 fallen soldiers on Thursday, the reintegration office in Kyiv said. \
Russia received 19 bodies in return, according to a statement from Moscow.

The handover took place at a crossing point in the north. In total 761 bodies changed hands, the office added.
"""),
    "b": ("2024-10-04", """Prisoners and civilians go home

Russia handed over 95 Ukrainian prisoners of war on October 2, and Ukraine transferred the same number to \
Russia, the mediators said. Three civilians also went home to Ukraine.
"""),
    "c": ("2023-03-10", """Moscow and Kyiv swapped 412 captives on March 7, officials on both sides said. \
Neither side gave a breakdown.
"""),
    "d": ("2025-02-14", """Ukraine brought home the bodies of 523 soldiers on Wednesday, its prisoner affairs office \
reported. Russia received 41 bodies of its servicemen.

The previous such handover was in November last year, when Russia returned 310 Ukrainian bodies and got back \
12 Russian soldiers' bodies.
"""),
    "e": ("2022-09-23", """Over 150 Ukrainian defenders returned home on Wednesday in a swap with Russia, which \
received 55 of its soldiers. Some 200 people were exchanged in all.
"""),
}  # fmt: skip


def text_of(key: str) -> str:
    return ARTICLES[key][1]


def sha_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ev(key: str, quote: str) -> Evidence:
    """Evidence for a verbatim piece of made-up article ``key``."""
    start = text_of(key).index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def tr(key: str, to: str, category: str, count: int | None, quote: str, **kw) -> Transfer:
    return Transfer(to=to, category=category, count=count, evidence=ev(key, quote), **kw)


def _record(key: str, *, kind: str, transfers: list[Transfer], date_: EventDate, total: Total | None = None,
            mention: str = "primary", event_id: str | None = None) -> EventRecord:  # fmt: skip
    published, text = ARTICLES[key]
    return EventRecord(
        event_id=event_id or f"{key}-{mention}",
        article=ArticleRef(path=f"made-up/{key}.txt", sha256=sha_text(text), published=published),
        kind=kind,
        mention=mention,
        date=date_,
        transfers=transfers,
        total=total,
        provenance=PROVENANCE,
    )


def _build(name: str) -> EventRecord:
    """The correct record ``name`` ("a", "b", "c", "d", "d-background", "e")."""
    if name == "a":
        return _record(
            "a", kind="body_repatriation",
            transfers=[tr("a", "ukraine", "bodies", 742, "Ukraine received the remains of 742 fallen soldiers on Thursday"),
                       tr("a", "russia", "bodies", 19, "Russia received 19 bodies in return")],
            total=Total(count=761, evidence=ev("a", "In total 761 bodies changed hands")),
            date_=EventDate(value="2025-06-19", precision="day", text="on Thursday", basis="relative"),
        )  # fmt: skip
    if name == "b":
        return _record(
            "b", kind="prisoner_exchange",
            transfers=[tr("b", "ukraine", "prisoners_of_war", 95, "Russia handed over 95 Ukrainian prisoners of war on October 2"),
                       tr("b", "russia", "prisoners_of_war", 95, "Ukraine transferred the same number to Russia"),
                       tr("b", "ukraine", "civilians", 3, "Three civilians also went home to Ukraine")],
            date_=EventDate(value="2024-10-02", precision="day", text="on October 2", basis="relative"),
        )  # fmt: skip
    if name == "c":  # an exchange with a combined figure only: no per-side counts
        quote = "Moscow and Kyiv swapped 412 captives on March 7, officials on both sides said."
        return _record(
            "c", kind="prisoner_exchange",
            transfers=[tr("c", side, "prisoners_of_war", None, quote, qualifier="unknown", basis="text",
                          rules=["count:not-stated"]) for side in ("ukraine", "russia")],
            total=Total(count=412, count_text="412", evidence=ev("c", quote)),
            date_=EventDate(value="2023-03-07", precision="day", text="on March 7", basis="relative"),
        )  # fmt: skip
    if name == "d":
        return _record(
            "d", kind="body_repatriation",
            transfers=[tr("d", "ukraine", "bodies", 523, "Ukraine brought home the bodies of 523 soldiers on Wednesday"),
                       tr("d", "russia", "bodies", 41, "Russia received 41 bodies of its servicemen")],
            date_=EventDate(value="2025-02-12", precision="day", text="on Wednesday", basis="relative"),
        )  # fmt: skip
    if name == "d-background":
        return _record(
            "d", kind="body_repatriation", mention="background",
            transfers=[tr("d", "ukraine", "bodies", 310, "Russia returned 310 Ukrainian bodies"),
                       tr("d", "russia", "bodies", 12, "got back 12 Russian soldiers' bodies")],
            date_=EventDate(value="2024-11", precision="month", text="in November last year", basis="relative"),
        )  # fmt: skip
    if name == "e":
        return _record(
            "e", kind="prisoner_exchange",
            transfers=[tr("e", "ukraine", "prisoners_of_war", 150, "Over 150 Ukrainian defenders returned home on Wednesday",
                          qualifier="more_than", count_text="Over 150"),
                       tr("e", "russia", "prisoners_of_war", 55, "which received 55 of its soldiers")],
            total=Total(count=200, qualifier="about", count_text="Some 200", evidence=ev("e", "Some 200 people were exchanged in all")),
            date_=EventDate(value="2022-09-21", precision="day", text="on Wednesday", basis="relative"),
        )  # fmt: skip
    raise KeyError(name)


@functools.cache
def _cached(name: str) -> EventRecord:
    return _build(name)


def rec(name: str) -> EventRecord:
    """A fresh deep copy of the correct record ``name``."""
    return _cached(name).model_copy(deep=True)


def key_of(name: str) -> str:
    return name.split("-")[0]


def check(name: str, record: EventRecord) -> list[Issue]:
    return validate_record(record, text_of(key_of(name)))


def errors(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues if i.severity == "error"}


def codes(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues}


CORRECT = ["a", "b", "d", "d-background", "e"]


@pytest.mark.parametrize("name", CORRECT)
def test_correct_records_have_no_findings(name: str) -> None:
    issues = check(name, rec(name))
    assert issues == [], [i.message for i in issues]
    assert status_of(issues) == "ok"


def test_correct_records_of_one_article_are_not_duplicates() -> None:
    assert validate_article_records([rec("d"), rec("d-background")], text_of("d")) == [[], []]


def test_made_up_quotes_are_verbatim() -> None:
    for name in CORRECT + ["c"]:
        r = rec(name)
        text = text_of(key_of(name))
        for item in list(r.transfers) + ([r.total] if r.total else []):
            assert text[item.evidence.start : item.evidence.end] == item.evidence.quote


def test_exchange_without_per_side_figures_is_no_combined_figure_error() -> None:
    """count null + rules ["count:not-stated"] with a combined-figure quote: a warning, never an error."""
    issues = check("c", rec("c"))
    assert codes(issues) == {"count_missing"}, [i.message for i in issues]
    assert status_of(issues) == "warning"
    r = rec("c")
    r.transfers[0].count, r.transfers[0].count_text, r.transfers[0].qualifier = 412, "412", "exact"
    assert "combined_figure_as_transfer" in errors(check("c", r))  # a number recorded as one side's is


# --------------------------------------------------------------------------
# Planted errors: (id, correct record, change, expected code, clean)
# clean: no other code of any severity
# --------------------------------------------------------------------------


def _swap_all(r: EventRecord) -> None:
    for t in r.transfers:
        t.to = "russia" if t.to == "ukraine" else "ukraine"


def _shift(r: EventRecord, by: int) -> None:
    r.transfers[0].evidence.start += by
    r.transfers[0].evidence.end += by


def _set(path: str, value) -> Callable[[EventRecord], None]:
    """A change that sets the dotted ``path`` (e.g. "transfers.1.count") of a record to ``value``."""

    def change(r: EventRecord) -> None:
        *parents, last = path.split(".")
        obj = r
        for part in parents:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
        setattr(obj, last, value() if callable(value) else value)

    return change


def _bad_date(value: str, precision: str) -> Callable[[EventRecord], None]:
    def change(r: EventRecord) -> None:  # the model refuses these values: build around it
        r.date = EventDate.model_construct(value=value, precision=precision, text=r.date.text, basis=r.date.basis)

    return change


def _also(*changes: Callable[[EventRecord], None]) -> Callable[[EventRecord], None]:
    def change(r: EventRecord) -> None:
        for c in changes:
            c(r)

    return change


def _qualifier_exact_for_over(r: EventRecord) -> None:
    r.transfers[0].qualifier = "exact"


def _combined_as_one_side(r: EventRecord) -> None:
    r.transfers = r.transfers[:1]
    r.transfers[0].count, r.transfers[0].count_text, r.transfers[0].qualifier = 412, "412", "exact"
    r.transfers[0].rules = []


PLANTED = [
    # totals
    ("total-off-by-one", "a", _set("total.count", 762), "total_mismatch", False),
    ("total-parts-exceed", "a", _set("transfers.1.count", 20), "total_mismatch", False),
    # evidence
    ("swapped-quotes", "a", lambda r: setattr(r.transfers[0], "evidence", rec("a").transfers[1].evidence), "count_not_in_evidence", False),
    ("invented-quote", "a", _set("transfers.1.evidence", lambda: Evidence(quote="Russia received 19 prisoners")), "evidence_not_found", True),
    ("quote-of-another-article", "a", _set("transfers.1.evidence", lambda: Evidence(quote="Russia received 19 bodies of its servicemen")), "evidence_not_found", True),
    ("total-quote-invented", "a", _set("total.evidence", lambda: Evidence(quote="761 bodies were exchanged on Thursday")), "evidence_not_found", True),
    ("empty-quote", "b", _set("transfers.0.evidence", lambda: Evidence(quote="   ", start=0, end=3)), "evidence_not_found", True),
    ("offsets-shifted", "b", lambda r: _shift(r, 3), "evidence_offsets", True),
    ("offsets-one-short", "b", _set("transfers.2.evidence.end", lambda: rec("b").transfers[2].evidence.end - 1), "evidence_offsets", True),
    ("offsets-out-of-range", "b", _also(_set("transfers.0.evidence.start", -5), _set("transfers.0.evidence.end", 10**9)), "evidence_offsets", True),
    ("offsets-missing", "b", _set("transfers.1.evidence.start", None), "evidence_offsets_missing", True),
    # counts and qualifiers
    ("count-not-in-quote", "b", _set("transfers.2.count", 4), "count_not_in_evidence", True),
    ("negative-count", "b", _set("transfers.2.count", -3), "count_not_in_evidence", False),
    ("same-number-wrong", "b", _set("transfers.1.count", 96), "count_not_in_evidence", True),
    ("total-quote-has-other-number", "a", _set("total.evidence", lambda: rec("a").transfers[0].evidence), "count_not_in_evidence", True),
    ("qualifier-exact-for-over", "e", _qualifier_exact_for_over, "qualifier_mismatch", True),
    ("qualifier-more-than-for-exact", "b", _set("transfers.2.qualifier", "more_than"), "qualifier_mismatch", True),
    ("total-qualifier-up-to-for-exact", "a", _set("total.qualifier", "up_to"), "qualifier_mismatch", True),
    ("combined-figure-as-one-side", "c", _combined_as_one_side, "combined_figure_as_transfer", True),
    # directions
    ("swapped-receivers", "a", _swap_all, "direction_contradicts_text", True),
    ("swapped-nationality-and-destination", "b", lambda r: [_swap_all(r), r.transfers.pop()], "direction_contradicts_text", True),
    ("swapped-background", "d-background", _swap_all, "direction_contradicts_text", True),
    ("two-transfers-same-side", "b", lambda r: r.transfers.append(r.transfers[2].model_copy(deep=True)), "duplicate_transfer", True),
    ("one-direction-swapped", "a", _set("transfers.1.to", "ukraine"), "duplicate_transfer", False),
    ("one-direction-swapped", "a", _set("transfers.1.to", "ukraine"), "direction_contradicts_text", False),
    ("no-transfers", "b", _set("transfers", []), "no_transfers", True),
    ("count-missing", "b", _set("transfers.2.count", None), "count_missing", True),
    # dates
    ("after-publication", "a", _set("date.value", "2025-06-26"), "date_after_publication", True),  # a Thursday too
    ("month-after-publication", "d-background", _set("date.value", "2025-11"), "date_after_publication", True),
    ("before-war", "b", _set("date.value", "2013-10-02"), "date_before_war", True),
    ("year-before-war", "b", _also(_set("date.value", "2012"), _set("date.precision", "year")), "date_before_war", True),
    ("weekday-wrong", "a", _set("date.value", "2025-06-18"), "weekday_mismatch", True),
    ("weekday-wrong-wednesday", "d", _set("date.value", "2025-02-13"), "weekday_mismatch", True),
    ("day-contradicts-words", "b", _set("date.value", "2024-10-01"), "date_text_mismatch", True),
    ("month-contradicts-words", "b", _set("date.value", "2024-09-02"), "date_text_mismatch", True),
    ("month-name-contradicts-month", "d-background", _set("date.value", "2024-10"), "date_text_mismatch", True),
    ("impossible-calendar-date", "b", _bad_date("2024-02-30", "day"), "invalid_date", True),
    ("garbage-date", "b", _bad_date("early October-ish", "day"), "invalid_date", True),
    ("month-thirteen", "d-background", _bad_date("2024-13", "month"), "invalid_date", True),
    ("impossible-day-without-year", "b", _bad_date("--02-30", "day"), "invalid_date", True),
    ("date-text-not-in-article", "b", _set("date.text", "on 2 October"), "date_text_not_found", True),
    ("unresolved-relative-date", "a", _set("date", lambda: EventDate(text="on Thursday", basis="unresolved")), "date_unresolved", True),
    ("value-with-unresolved-basis", "a", _set("date.basis", "unresolved"), "date_unresolved", True),
    ("month-value-day-precision", "d-background", _set("date.precision", "day"), "date_precision_mismatch", True),
    ("day-value-month-precision", "b", _set("date.precision", "month"), "date_precision_mismatch", True),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "code", "clean"), [p[1:] for p in PLANTED], ids=[f"{p[0]}-{p[3]}" for p in PLANTED])
def test_planted_error_is_found(name: str, change: Callable[[EventRecord], None], code: str, clean: bool) -> None:
    r = rec(name)
    change(r)
    issues = check(name, r)
    assert code in codes(issues), [i.message for i in issues]
    for issue in issues:
        assert issue.severity == CHECKS[issue.code][0]
        assert issue.message and issue.field is not None
    if clean:
        assert codes(issues) == {code}, [i.message for i in issues]


def _same_date(r: EventRecord) -> None:
    pass


DUPLICATES = [
    ("identical", "a", _same_date),
    ("month-vs-day", "a", lambda r: setattr(r, "date", EventDate(value="2025-06", precision="month", basis="publication"))),
    ("yearless-day", "b", lambda r: setattr(r, "date", EventDate(value="--10-02", precision="day", text="on October 2", basis="explicit"))),
    ("transfers-reordered", "b", lambda r: r.transfers.reverse()),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change"), [d[1:] for d in DUPLICATES], ids=[d[0] for d in DUPLICATES])
def test_same_exchange_twice_in_one_article_is_an_error(name: str, change: Callable[[EventRecord], None]) -> None:
    a, b = rec(name), rec(name)
    b.event_id, b.mention = "another-id", "background"
    change(b)
    found = validate_article_records([a, b], text_of(key_of(name)))
    assert found[0] == []
    assert codes(found[1]) == {"duplicate_event"}, [i.message for i in found[1]]
    assert status_of(found[1]) == "error"


def test_different_dates_are_not_duplicates() -> None:
    a, b = rec("a"), rec("a")
    b.event_id, b.mention = "other", "background"
    b.date = EventDate(value="2025-05", precision="month", basis="publication")
    assert validate_article_records([a, b], text_of("a")) == [[], []]


def test_planted_corpus_size() -> None:
    assert len(PLANTED) + len(DUPLICATES) >= 40


def test_messages_say_what_and_where() -> None:
    r = rec("a")
    r.transfers[1].evidence = Evidence(quote="Russia received 19 prisoners")
    (issue,) = check("a", r)
    assert issue.field == "transfers[1].evidence.quote"
    assert issue.message == "transfers[1].evidence.quote 'Russia received 19 prisoners' is not in the article"
    r = rec("a")
    r.date.value = "2025-06-18"
    (issue,) = check("a", r)
    assert "Thursday" in issue.message and "Wednesday" in issue.message and "2025-06-18" in issue.message
    r = rec("b")
    r.date.value = "2024-10-01"
    (issue,) = check("b", r)
    assert "--10-02" in issue.message and "2024-10-01" in issue.message and issue.field == "date.value"


# --------------------------------------------------------------------------
# Individual rules
# --------------------------------------------------------------------------


def _one_transfer(quote: str, to: str, count: int = 100) -> EventRecord:
    return EventRecord(
        event_id="x",
        article=ArticleRef(path="a.txt", sha256="0", published="2025-06-01"),
        kind="prisoner_exchange",
        mention="primary",
        date=EventDate(),
        transfers=[Transfer(to=to, category="prisoners_of_war", count=count, evidence=Evidence(quote=quote, start=0, end=len(quote)))],
        provenance=PROVENANCE,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("quote", "to", "flagged"),
    [
        ("Ukraine received 100 prisoners.", "russia", True),
        ("Ukraine received 100 prisoners.", "ukraine", False),
        ("100 Ukrainian soldiers were returned.", "russia", True),
        ("100 soldiers were handed over to Russia.", "ukraine", True),
        # the people's own nationality decides over the verb's subject
        ("Ukraine received 100 Russian soldiers.", "russia", False),
        ("Ukraine received 100 Russian soldiers.", "ukraine", True),
        # the verb before another number governs that one
        ("Russia returned 50 Ukrainian soldiers and received 100 in return.", "russia", False),
        # no cue at all
        ("The sides exchanged 100 prisoners each.", "russia", False),
        ("100 prisoners were freed on Monday.", "ukraine", False),
    ],
)
def test_direction_rule(quote: str, to: str, flagged: bool) -> None:
    record = _one_transfer(quote, to)
    assert ("direction_contradicts_text" in codes(validate_record(record, quote))) is flagged


def test_count_text_narrows_the_anchor() -> None:
    quote = "Ukraine received 100 soldiers in exchange for 100 Russian soldiers."
    record = _one_transfer(quote, "russia")
    record.transfers[0].count_text = "100 Russian"
    assert "direction_contradicts_text" not in codes(validate_record(record, quote))
    record.transfers[0].to = "ukraine"
    assert "direction_contradicts_text" in codes(validate_record(record, quote))


def _parts(spec: list) -> list[Transfer]:
    """Transfers from (side, count[, qualifier]) or bare counts (ukraine first, then russia)."""
    out = []
    for i, p in enumerate(spec):
        side, count, qualifier = p if isinstance(p, tuple) else (("ukraine", "russia")[i], p, "exact")
        q = qualifier if count is not None else "unknown"
        out.append(Transfer(to=side, category="bodies", count=count, qualifier=q, evidence=Evidence(quote="x")))
    return out


TOTALS = [
    # (total, qualifier, parts, flagged)
    (1029, "exact", [1003, 26], False),
    (1030, "exact", [1003, 26], True),
    (1000, "more_than", [900, 0], True),
    (1000, "more_than", [1000, 35], False),
    (1000, "at_least", [1000, 0], False),
    (1000, "up_to", [1003, 26], True),
    (1029, "exact", [1003, None], False),  # a side's count unknown: no contradiction ...
    (900, "exact", [1003, None], True),  # ... unless the known side already exceeds the total
    # a side not given at all is unknown, not zero
    (1041, "exact", [("ukraine", 1003, "exact")], False),
    (1041, "exact", [("russia", 38, "exact")], False),
    (1000, "more_than", [("ukraine", 1000, "exact")], False),
    (500, "exact", [("ukraine", 1003, "exact")], True),
    (300, "exact", [("ukraine", 150, "exact"), ("ukraine", 150, "exact")], False),  # one side, two categories
    # "about" uses the one tolerance (quantity.ABOUT) on either side
    (1000, "about", [1050, 40], False),
    (1000, "about", [1100, 0], False),
    (1000, "about", [1200, 0], True),
    (1000, "about", [800, 0], True),
    (200, "about", [("ukraine", 150, "more_than"), ("russia", 55, "exact")], False),
    (1000, "exact", [("ukraine", 950, "about"), ("russia", 30, "exact")], False),
    (1000, "exact", [("ukraine", 800, "about"), ("russia", 30, "exact")], True),
    (1000, "unknown", [5000, 26], False),
]


@pytest.mark.parametrize(("total", "qualifier", "parts", "flagged"), TOTALS)
def test_total_rule(total: int, qualifier: str, parts: list, flagged: bool) -> None:
    record = _one_transfer("x", "ukraine")
    record.transfers = _parts(parts)
    record.total = Total(count=total, qualifier=qualifier, evidence=Evidence(quote="x"))
    assert ("total_mismatch" in codes(validate_record(record, None))) is flagged


@pytest.mark.parametrize("bound", [1, 9, 10, 38, 200, 1000, 1003, 12345])
def test_about_total_agrees_with_events_satisfies(bound: int) -> None:
    """The validator's "about" is exactly quantity.satisfies(value, "about", bound)."""
    tol = max(1, round(bound * ABOUT))
    for value in (bound - tol - 1, bound - tol, bound, bound + tol, bound + tol + 1):
        if value < 0:
            continue
        record = _one_transfer("x", "ukraine")
        record.transfers = _parts([value, 0])
        record.total = Total(count=bound, qualifier="about", evidence=Evidence(quote="x"))
        flagged = "total_mismatch" in codes(validate_record(record, None))
        assert flagged is not satisfies(value, "about", bound), (value, bound)


DATE_WORDS = [
    # (value, date.text, flagged)
    ("2026-01-29", "January 29", False),
    ("2026-01-28", "January 29", True),
    ("2026-01-29", "on 29 January", False),
    ("2025-03-04", "on 4 March 2025", False),
    ("2024-03-04", "on 4 March 2025", True),
    ("2025-03", "in March", False),
    ("2025-04", "in March", True),
    ("2024-11", "in November last year", False),
    ("2025", "in November last year", False),  # no month in the value: nothing to contradict
    ("--01-29", "January 29", False),
    ("--01-28", "January 29", True),
    ("2025-06-19", "on Thursday", False),  # weekdays are weekday_mismatch's business
    ("2025-06-12", "last week", False),  # relative words are not second-guessed
    ("2025-06", "between May and June", False),  # two months: no reading
]


@pytest.mark.parametrize(("value", "text", "flagged"), DATE_WORDS)
def test_date_words_rule(value: str, text: str, flagged: bool) -> None:
    record = _one_transfer("x", "ukraine")
    precision = {10: "day", 7: "day" if value.startswith("--") else "month", 4: "year"}[len(value)]
    record.date = EventDate(value=value, precision=precision, text=text, basis="relative")
    found = codes(validate_record(record, None, published=date(2026, 2, 1)))
    assert ("date_text_mismatch" in found) is flagged, found


OFFSETS = [
    # (start shift, end shift, code)
    (0, 0, None),
    (1, 1, "evidence_offsets"),
    (0, -1, "evidence_offsets"),
    (-1, 0, "evidence_offsets"),
]


@pytest.mark.parametrize(("ds", "de", "code"), OFFSETS)
def test_offsets_must_point_at_the_quote_exactly(ds: int, de: int, code: str | None) -> None:
    article = "Before.  Ukraine  received 100 prisoners.  After."
    quote = "Ukraine  received 100 prisoners."
    start = article.index(quote)
    record = _one_transfer(quote, "ukraine")
    record.transfers[0].evidence = Evidence(quote=quote, start=start + ds, end=start + len(quote) + de)
    found = validate_record(record, article)
    assert [i.code for i in found] == ([code] if code else [])
    if code:
        assert status_of(found) == "error"


def test_offsets_of_a_loosely_matching_quote_are_an_error() -> None:
    """The quote is found despite other spacing, but article[start:end] != quote: the offsets are wrong."""
    article = "Before. Ukraine  received 100 prisoners. After."
    quote = "Ukraine received 100 prisoners."
    start = article.index("Ukraine")
    record = _one_transfer(quote, "ukraine")
    record.transfers[0].evidence = Evidence(quote=quote, start=start, end=start + len(quote) + 1)
    assert codes(validate_record(record, article)) == {"evidence_offsets"}


def test_date_checks_without_publication_or_text() -> None:
    r = rec("b")
    r.date.value = "2030-01-01"
    r.date.text = None
    r.article.published = None
    found = codes(validate_record(r, None))
    assert "date_after_publication" not in found and "date_text_not_found" not in found
    found = codes(validate_record(r, None, published=date(2024, 10, 4)))
    assert "date_after_publication" in found


def test_model_refuses_what_the_date_rule_refuses() -> None:
    for bad in ("2025-02-30", "2025-13", "--02-30", "yesterday", ""):
        with pytest.raises(ValueError):
            EventDate(value=bad)
    for good in ("2024-02-29", "2025-06", "2025", "--02-29", None):
        assert EventDate(value=good).value == good


def test_status_and_with_validation() -> None:
    info = Issue(code="x", severity="info", message="m")
    warn = Issue(code="y", severity="warning", message="m")
    err = Issue(code="z", severity="error", message="m")
    assert status_of([]) == "ok"
    assert status_of([info]) == "ok"
    assert status_of([info, warn]) == "warning"
    assert status_of([warn, err, info]) == "error"
    r = rec("b")
    checked = with_validation(r, [warn])
    assert checked.validation.status == "warning" and checked.validation.issues == [warn]
    assert r.validation.issues == []  # a copy
    assert json.loads(checked.to_json())["validation"]["status"] == "warning"


# --------------------------------------------------------------------------
# No false positive on the seed articles (records built from the gold
# annotation at run time; this file quotes none of their words)
# --------------------------------------------------------------------------


@functools.cache
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@functools.cache
def manifest() -> dict[str, str]:
    with (SEEDS / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        return {row["file"]: row["published"] for row in csv.DictReader(fh)}


@functools.cache
def article(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of an article (lines, then sentence punctuation), whitespace trimmed."""
    spans, start = [], 0
    for m in list(_SENTENCE_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if m and text[m.start()] in "\"”’":
            end = m.start() + 1
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        s, e = start + lead, start + len(piece.rstrip())
        if s < e:
            spans.append((s, e))
        start = m.end() if m else len(text)
    return spans


def _has_count(sentence: str, count_text: str, value: int, same_as: int | None) -> bool:
    """Does ``sentence`` write ``count_text`` as an exact count of ``value``?"""
    for c in find_counts(sentence):
        if count_text.lower() not in c.text.lower():
            continue
        got = parse_count(c.text, same_as=same_as) if c.value is None else c
        if got is not None and got.value == value and got.qualifier == "exact":
            return True
    return False


def _evidence_for(name: str, value: int, texts: list[str], all_texts: list[str], same_as: int | None):
    """(Evidence, count_text) of the sentence of the article that states ``value`` in one of ``texts`` and
    writes most of the mention's count texts (the earliest of those)."""
    text = article(name)
    best = None
    for s, e in sentences(text):
        sentence = text[s:e]
        hits = [t for t in texts if _has_count(sentence, t, value, same_as)]
        if not hits:
            continue
        score = sum(1 for t in all_texts if t.lower() in sentence.lower())
        if best is None or score > best[0]:
            best = (score, s, e, hits[0])
    assert best is not None, f"{name}: no sentence states {value} as {texts}"
    _, s, e, hit = best
    return Evidence(quote=text[s:e], start=s, end=e), hit


def _precision(value: str | None) -> str:
    if value is None:
        return "unknown"
    if value.startswith("--") or len(value) == 10:
        return "day"
    return "month" if len(value) == 7 else "year"


def _other_count(transfers: list[dict], i: int) -> int | None:
    t = transfers[i]
    return next((o["count"] for j, o in enumerate(transfers) if j != i and o["category"] == t["category"] and o["to"] != t["to"]), None)


def gold_record(name: str, index: int) -> EventRecord:
    """An EventRecord for the ``index``-th gold mention of seed ``name``, grounded in the seed's text."""
    mention = gold()["articles"][name]["events"][index]
    event = next(e for e in gold()["catalogue"] if e["id"] == mention["event"])
    texts = mention["count_texts"]
    counts = [t["count"] for t in event["transfers"]] + ([event["total"]] if event.get("total") else [])

    def candidates(value: int, same_as: int | None) -> list[str]:
        return [t for t in texts if (c := parse_count(t, same_as=same_as)) is not None and c.value == value]

    transfers = []
    for i, t in enumerate(event["transfers"]):
        same_as = _other_count(event["transfers"], i)
        evidence, hit = _evidence_for(name, t["count"], candidates(t["count"], same_as), texts, same_as)
        unique = counts.count(t["count"]) == 1
        transfers.append(Transfer(to=t["to"], category=t["category"], count=t["count"], qualifier="exact",
                                  count_text=hit if unique else None, evidence=evidence))  # fmt: skip
    total = None
    if event.get("total"):
        evidence, hit = _evidence_for(name, event["total"], candidates(event["total"], None), texts, None)
        total = Total(count=event["total"], qualifier="exact", count_text=hit, evidence=evidence)
    value = mention["expected_date_with_publication"]
    return EventRecord(
        event_id=f"{name}#{index}",
        article=ArticleRef(path=f"seeds/{name}", sha256=hashlib.sha256((SEEDS / name).read_bytes()).hexdigest(),
                           published=manifest()[name]),  # fmt: skip
        kind=event["kind"],
        mention=mention["mention"],
        date=EventDate(value=value, precision=_precision(value), text=mention["date_text"],
                       basis="relative" if mention["date_text"] else "publication"),  # fmt: skip
        transfers=transfers,
        total=total,
        mediators=event.get("mediators", []),
        provenance=PROVENANCE,
    )


def gold_mentions() -> list[tuple[str, int]]:
    return [(name, i) for name, a in gold()["articles"].items() for i in range(len(a["events"]))]


@pytest.mark.parametrize(("name", "index"), gold_mentions(), ids=[f"{n[:3]}-{i}" for n, i in gold_mentions()])
def test_seed_gold_records_have_no_findings(name: str, index: int) -> None:
    record = gold_record(name, index)
    issues = validate_record(record, article(name))
    assert issues == [], [i.message for i in issues]
    text = article(name)
    for item in list(record.transfers) + ([record.total] if record.total else []):
        assert text[item.evidence.start : item.evidence.end] == item.evidence.quote


@pytest.mark.parametrize("name", sorted(gold()["articles"]))
def test_seed_gold_articles_have_no_cross_record_findings(name: str) -> None:
    records = [gold_record(name, i) for i in range(len(gold()["articles"][name]["events"]))]
    assert validate_article_records(records, article(name)) == [[] for _ in records]


def test_seed_gold_records_without_text_or_publication() -> None:
    for name, index in gold_mentions():
        record = gold_record(name, index)
        assert errors(validate_record(record, None)) == set()
        record.article.published = None
        assert errors(validate_record(record, article(name))) == set()


def _alternative_evidence() -> list[tuple[str, int, int, int, int]]:
    """(article, mention, transfer index, sentence start, end): every sentence of the seed that writes the
    transfer's count exactly in one of the mention's count texts."""
    out = []
    for name, index in gold_mentions():
        record = gold_record(name, index)
        texts = gold()["articles"][name]["events"][index]["count_texts"]
        text = article(name)
        for k, t in enumerate(record.transfers):
            same_as = next((o.count for o in record.transfers if o.category == t.category and o.to != t.to), None)
            for s, e in sentences(text):
                if any(_has_count(text[s:e], ct, t.count, same_as) for ct in texts):
                    out.append((name, index, k, s, e))
    return out


@pytest.mark.parametrize(("name", "index", "k", "start", "end"), _alternative_evidence())
def test_any_true_seed_sentence_is_accepted_as_evidence(name: str, index: int, k: int, start: int, end: int) -> None:
    record = gold_record(name, index)
    text = article(name)
    record.transfers[k].evidence = Evidence(quote=text[start:end], start=start, end=end)
    record.transfers[k].count_text = None
    issues = validate_record(record, text)
    assert errors(issues) == set(), (text[start:end], [i.message for i in issues])


# --------------------------------------------------------------------------
# Never raises
# --------------------------------------------------------------------------

_VOCAB = [
    "Ukraine", "Russia", "Kyiv", "Moscow", "received", "handed", "over", "to", "the", "bodies", "of",
    "1,000", "35", "thirty", "eight", "one", "thousand", "more", "than", "at", "least", "up", "Ukrainian",
    "Russian", "soldiers", "and", "while", "as", "in", "return", "exchange", "for", "same", "number",
    "on", "Thursday", "January", "29", "2025", "last", "year", "week", ",", ".", "’s", "\n", "", "-", "—",
    "“", "”", "0", "-5", "99999999999999999999", "twenty", "five", "hundred", "K", "%", "$",
]  # fmt: skip
words = st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join)
texts = st.one_of(st.text(max_size=120), words)
maybe_int = st.one_of(st.none(), st.integers(), st.integers(min_value=-5, max_value=2000))
real_dates = st.one_of(
    st.none(),
    st.sampled_from(["--02-29", "2013", "0001-01-01", "9999-12-31", "2026-01-29", "2025-11"]),
    st.dates().map(date.isoformat),
)
any_dates = st.one_of(real_dates, st.text(max_size=12), st.sampled_from(["2025-02-30", "2025-13", "--13-01", "0000-01-01", ""]))
evidence = st.builds(Evidence, quote=texts, start=maybe_int, end=maybe_int)
transfer = st.builds(
    Transfer,
    to=st.sampled_from(["ukraine", "russia"]),
    category=st.sampled_from(["bodies", "prisoners_of_war", "civilians", "children", "other"]),
    count=maybe_int,
    qualifier=st.sampled_from(["exact", "at_least", "more_than", "up_to", "about", "unknown"]),
    count_text=st.one_of(st.none(), texts),
    evidence=evidence,
)
total = st.one_of(
    st.none(),
    st.builds(Total, count=maybe_int, qualifier=st.sampled_from(["exact", "more_than", "up_to", "about"]), count_text=st.one_of(st.none(), texts), evidence=evidence),
)  # fmt: skip
event_date = st.builds(
    EventDate.model_construct,  # also values the model refuses: the validator must not rely on the model
    value=any_dates,
    precision=st.sampled_from(["day", "month", "year", "unknown"]),
    text=st.one_of(st.none(), texts),
    basis=st.sampled_from(["explicit", "relative", "publication", "unresolved", "corroborated"]),
)
records = st.builds(
    EventRecord,
    event_id=st.text(max_size=8),
    article=st.builds(ArticleRef, path=st.just("a.txt"), sha256=st.just("0"), published=any_dates),
    kind=st.sampled_from(["body_repatriation", "prisoner_exchange", "civilian_return", "mixed"]),
    mention=st.sampled_from(["primary", "background"]),
    date=event_date,
    transfers=st.lists(transfer, max_size=4),
    total=total,
    provenance=st.just(PROVENANCE),
)
articles = st.one_of(st.none(), texts, st.sampled_from([t for _, t in ARTICLES.values()]),
                     st.sampled_from([article(n) for n in manifest()]))  # fmt: skip


def _sane(issues: list[Issue]) -> None:
    for issue in issues:
        assert issue.code in CHECKS and issue.code != "check_failed", issue.message
        assert issue.severity == CHECKS[issue.code][0]
        assert isinstance(issue.message, str) and issue.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records, text=articles, published=st.one_of(st.none(), st.dates()))
def test_validate_record_never_raises(record: EventRecord, text: str | None, published: date | None) -> None:
    issues = validate_record(record, text, published=published)
    _sane(issues)
    assert status_of(issues) in ("ok", "warning", "error")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(records, max_size=4), text=articles)
def test_validate_article_records_never_raises(batch: list[EventRecord], text: str | None) -> None:
    found = validate_article_records(batch, text)
    assert len(found) == len(batch)
    for issues in found:
        _sane(issues)


odd = st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.none(), max_size=2), st.just({}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    transfers=st.one_of(st.none(), st.lists(st.one_of(st.none(), st.builds(Transfer.model_construct, to=odd, category=odd, count=odd, qualifier=odd, count_text=odd, evidence=st.one_of(odd, st.builds(Evidence.model_construct, quote=odd, start=odd, end=odd)))), max_size=3)),
    total=st.one_of(odd, st.builds(Total.model_construct, count=odd, qualifier=odd, evidence=odd)),
    date_=st.one_of(odd, st.builds(EventDate.model_construct, value=odd, precision=odd, text=odd, basis=odd)),
    article_=st.one_of(odd, st.builds(ArticleRef.model_construct, path=odd, sha256=odd, published=odd)),
    text=articles,
)  # fmt: skip
def test_unvalidated_garbage_never_raises(transfers, total, date_, article_, text) -> None:
    record = EventRecord.model_construct(
        event_id=None, article=article_, kind=None, mention=None, date=date_, transfers=transfers, total=total
    )
    for issues in [validate_record(record, text), *validate_article_records([record, record], text)]:
        _sane(issues)


# --------------------------------------------------------------------------
# validate_file (made-up articles written to a temporary folder)
# --------------------------------------------------------------------------


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """tmp_path/made-up/<key>.txt for every made-up article (the records' relative article paths)."""
    folder = tmp_path / "made-up"
    folder.mkdir()
    for key, (_, text) in ARTICLES.items():
        (folder / f"{key}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def _log_line(key: str) -> str:
    return ArticleLogEntry(path=f"made-up/{key}.txt", sha256=sha_text(text_of(key)), status="ok", events=1).to_json()


def test_validate_file_round_trip(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = [rec(n) for n in CORRECT]
    lines = [_log_line("b")] + [r.to_json() for r in good] + [""]
    events = _write(workdir / "events.jsonl", lines)
    result = validate_file(events, base_dir=workdir)
    assert isinstance(result, ValidateResult)
    assert result.skipped_lines == 1
    assert [r.event_id for r in result.records] == [r.event_id for r in good]
    assert all(r.validation.status == "ok" and r.validation.issues == [] for r in result.records)
    assert not result.has_errors and sum(result.counts.values()) == 0
    monkeypatch.chdir(workdir)  # relative paths default to the current directory
    assert not validate_file(events).has_errors

    # a stale validation in the file is recomputed, and a planted error fails the file
    bad = rec("a")
    bad.total.count = 762
    stale = with_validation(rec("b"), [Issue(code="total_mismatch", severity="error", message="stale")])
    stale.event_id = "b-copy"
    _write(events, lines + [bad.to_json(), stale.to_json()])
    result = validate_file(events, base_dir=workdir)
    assert result.has_errors
    assert result.counts["total_mismatch"] == 1
    assert result.records[-2].validation.status == "error"
    # the stale error is gone; the copy of record b is a duplicate of it in the same article: an error now
    assert [i.code for i in result.records[-1].validation.issues] == ["duplicate_event"]
    assert result.records[-1].validation.status == "error"
    assert result.statuses["error"] == 2


def test_validate_file_warnings_only_is_not_an_error(workdir: Path) -> None:
    r = rec("b")
    r.transfers[2].count = None
    result = validate_file(_write(workdir / "e.jsonl", [r.to_json(), rec("c").to_json()]), base_dir=workdir)
    assert not result.has_errors and result.counts == {"count_missing": 3}
    assert [x.validation.status for x in result.records] == ["warning", "warning"]


def test_validate_file_duplicate_event_is_an_error(workdir: Path) -> None:
    a, b = rec("b"), rec("b")
    b.event_id = "copy"
    result = validate_file(_write(workdir / "e.jsonl", [a.to_json(), b.to_json()]), base_dir=workdir)
    assert result.counts == {"duplicate_event": 1} and result.has_errors


def test_validate_file_keeps_the_extractors_corrections(workdir: Path) -> None:
    note = Issue(code="corrected_direction", severity="warning", message="the words decided")
    r = with_validation(rec("a"), [note, Issue(code="total_mismatch", severity="error", message="stale")])
    result = validate_file(_write(workdir / "e.jsonl", [r.to_json()]), base_dir=workdir)
    assert [i.code for i in result.records[0].validation.issues] == ["corrected_direction"]


def test_article_missing(workdir: Path) -> None:
    r = rec("b")
    r.article.path = "made-up/no_such_article.txt"
    result = validate_file(_write(workdir / "e.jsonl", [r.to_json()]), base_dir=workdir)
    assert result.has_errors
    issues = result.records[0].validation.issues
    assert codes(issues) == {"article_missing"}
    assert "no_such_article.txt" in issues[0].message


@pytest.mark.parametrize("edit_quote", [False, True], ids=["outside-quotes", "inside-quote"])
def test_article_changed(workdir: Path, edit_quote: bool) -> None:
    copy = workdir / "copy.txt"
    text = text_of("b")
    r = rec("b")
    r.article.path = str(copy)  # absolute: base_dir does not apply
    if edit_quote:
        text = text.replace("Three civilians", "Four civilians", 1)
    else:
        text += "Talks on the next round go on.\n"  # after every quote: the offsets still hold
    copy.write_text(text, encoding="utf-8")
    result = validate_file(_write(workdir / "e.jsonl", [r.to_json()]), base_dir=workdir / "elsewhere")
    found = codes(result.records[0].validation.issues)
    assert result.has_errors
    if edit_quote:
        assert found == {"article_changed", "evidence_not_found"}
    else:
        assert found == {"article_changed"}


def test_text_inserted_before_the_quotes_breaks_the_offsets(workdir: Path) -> None:
    copy = workdir / "copy.txt"
    copy.write_text("Updated. " + text_of("b"), encoding="utf-8")
    r = rec("b")
    r.article.path = str(copy)
    result = validate_file(_write(workdir / "e.jsonl", [r.to_json()]), base_dir=workdir)
    assert codes(result.records[0].validation.issues) == {"article_changed", "evidence_offsets"}
    assert result.counts["evidence_offsets"] == 3


def test_relative_article_path_against_base_dir(workdir: Path) -> None:
    events = _write(workdir / "e.jsonl", [rec("b").to_json()])
    assert not validate_file(events, base_dir=workdir).has_errors
    assert validate_file(events, base_dir=workdir / "nowhere").counts["article_missing"] == 1


def test_invalid_json_line_names_file_and_line(workdir: Path) -> None:
    events = _write(workdir / "e.jsonl", [rec("b").to_json(), "{not json"])
    with pytest.raises(InputError) as info:
        validate_file(events, base_dir=workdir)
    assert info.value.path == f"{events}:2"
    assert info.value.hint


@pytest.mark.parametrize(
    ("field", "value"),
    [(("transfers", 0, "to"), "belarus"), (("date", "value"), "2024-02-30"), (("date", "value"), "2 October")],
    ids=["unknown-side", "impossible-date", "date-words-as-value"],
)
def test_bad_record_line_is_an_input_error(workdir: Path, field: tuple, value: str) -> None:
    data = json.loads(rec("b").to_json())
    obj = data
    for part in field[:-1]:
        obj = obj[part]
    obj[field[-1]] = value
    events = _write(workdir / "e.jsonl", [json.dumps(data)])
    with pytest.raises(InputError) as info:
        validate_file(events, base_dir=workdir)
    assert info.value.path == f"{events}:1"


def test_missing_records_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_file(tmp_path / "none.jsonl")


# --------------------------------------------------------------------------
# This file quotes no article
# --------------------------------------------------------------------------

_GENERAL = {"since the start of the war", "international committee of the red cross"}


def _shingles(text: str, n: int = 6) -> set[str]:
    words_ = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))
    return {" ".join(words_[i : i + n]) for i in range(len(words_) - n + 1)}


def test_no_phrase_of_a_real_article_in_this_file() -> None:
    """Six words in a row from a seed or a dev article (``benchmarks/corpus/``) would mean a copied sentence."""
    corpus = SEEDS.parent / "benchmarks" / "corpus"
    sources = [*sorted(SEEDS.glob("*.txt")), *sorted(corpus.glob("dev*/articles/*.txt"))]
    assert len(sources) >= 5 + 24 + 34
    real: set[str] = set()
    for path in sources:
        real |= _shingles(path.read_text(encoding="utf-8", errors="replace"))
    allowed = {s for g in _GENERAL for s in _shingles(g)} | {g for g in _GENERAL if len(g.split()) == 6}
    copied = (_shingles(Path(__file__).read_text(encoding="utf-8")) & real) - allowed
    assert not copied, sorted(copied)
