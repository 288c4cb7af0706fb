"""Tests of extractor.validate.

1. Correct records, built from the seed gold annotation with evidence quotes
   that are real sentences of the seed articles, have no error or warning.
2. A planted-error corpus: each case breaks one thing and must raise its exact
   code (some must raise nothing else).
3. Property tests: no check ever raises, whatever the record or article.
4. ``validate_file`` round trip and exit semantics.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import InputError
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
    direction_cues,
    status_of,
    validate_article_records,
    validate_file,
    validate_record,
    with_validation,
)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD_PATH = REPO / "tests" / "data" / "seeds.gold.json"
PROVENANCE = Provenance(backend="test", model="gold", prompt_hash="0" * 12, tool_version="test")


# --------------------------------------------------------------------------
# Correct records from the gold annotation (test-only)
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


def sha(name: str) -> str:
    return hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()


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
    """(Evidence, count_text) of the best sentence of the article that states ``value`` in one of ``texts``.

    Best = writes most of the mention's count texts, then earliest.
    """
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


def gold_record(name: str, index: int) -> EventRecord:
    """An EventRecord for the ``index``-th gold mention of article ``name``, grounded in the article."""
    g = gold()
    mention = g["articles"][name]["events"][index]
    event = next(e for e in g["catalogue"] if e["id"] == mention["event"])
    texts = mention["count_texts"]
    counts = [t["count"] for t in event["transfers"]] + ([event["total"]] if event.get("total") else [])

    def candidates(value: int, same_as: int | None) -> list[str]:
        out = []
        for t in texts:
            c = parse_count(t, same_as=same_as)
            if c is not None and c.value == value:
                out.append(t)
        return out

    transfers = []
    for i, t in enumerate(event["transfers"]):
        same_as = next(
            (o["count"] for j, o in enumerate(event["transfers"]) if j != i and o["category"] == t["category"] and o["to"] != t["to"]),
            None,
        )
        ev, hit = _evidence_for(name, t["count"], candidates(t["count"], same_as), texts, same_as)
        unique = counts.count(t["count"]) == 1
        transfers.append(
            Transfer(to=t["to"], category=t["category"], count=t["count"], qualifier="exact",
                     count_text=hit if unique else None, evidence=ev)
        )  # fmt: skip
    total = None
    if event.get("total"):
        ev, hit = _evidence_for(name, event["total"], candidates(event["total"], None), texts, None)
        total = Total(count=event["total"], qualifier="exact", count_text=hit, evidence=ev)
    value = mention["expected_date_with_publication"]
    return EventRecord(
        event_id=f"{name}#{index}",
        article=ArticleRef(path=f"seeds/{name}", sha256=sha(name), published=manifest()[name]),
        kind=event["kind"],
        mention=mention["mention"],
        date=EventDate(
            value=value,
            precision=_precision(value),
            text=mention["date_text"],
            basis="relative" if mention["date_text"] else "publication",
        ),
        transfers=transfers,
        total=total,
        mediators=event.get("mediators", []),
        provenance=PROVENANCE,
    )


def gold_mentions() -> list[tuple[str, int]]:
    return [(name, i) for name, a in gold()["articles"].items() for i in range(len(a["events"]))]


KEYS = {
    "000p": ("000_2018ebf989d5b3f6.txt", 0),
    "000b": ("000_2018ebf989d5b3f6.txt", 1),
    "001p": ("001_a6b9e04f53b9bd7a.txt", 0),
    "002p": ("002_cd8d3e5dbb996d72.txt", 0),
    "003p": ("003_090285cbc748cca8.txt", 0),
    "003jan": ("003_090285cbc748cca8.txt", 1),
    "003feb": ("003_090285cbc748cca8.txt", 2),
    "004p": ("004_0b0920e8a899cf6c.txt", 0),
}


@functools.cache
def _cached(key: str) -> EventRecord:
    return gold_record(*KEYS[key])


def rec(key: str) -> EventRecord:
    """A fresh deep copy of a correct record."""
    return _cached(key).model_copy(deep=True)


def text_of(key: str) -> str:
    return article(KEYS[key][0])


def span(key: str, quote: str) -> Evidence:
    """Evidence for a verbatim piece of the article of ``key``."""
    text = text_of(key)
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def errors(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues if i.severity == "error"}


def codes(issues: list[Issue]) -> set[str]:
    return {i.code for i in issues}


@pytest.mark.parametrize("name,index", gold_mentions(), ids=[f"{n[:3]}-{i}" for n, i in gold_mentions()])
def test_gold_records_have_no_findings(name: str, index: int) -> None:
    record = gold_record(name, index)
    issues = validate_record(record, article(name))
    assert issues == [], [i.message for i in issues]
    assert status_of(issues) == "ok"


@pytest.mark.parametrize("name", sorted(gold()["articles"]))
def test_gold_articles_have_no_cross_record_findings(name: str) -> None:
    n = len(gold()["articles"][name]["events"])
    records = [gold_record(name, i) for i in range(n)]
    found = validate_article_records(records, article(name))
    assert found == [[] for _ in records]


def test_gold_records_without_text_or_publication() -> None:
    for name, index in gold_mentions():
        record = gold_record(name, index)
        assert errors(validate_record(record, None)) == set()
        record.article.published = None
        assert errors(validate_record(record, article(name))) == set()


def test_gold_helper_quotes_are_verbatim_sentences() -> None:
    """The helper grounds every count in a real sentence of the article (no invented quotes)."""
    for name, index in gold_mentions():
        record = gold_record(name, index)
        text = article(name)
        items = list(record.transfers) + ([record.total] if record.total else [])
        for item in items:
            ev = item.evidence
            assert text[ev.start : ev.end] == ev.quote


# --------------------------------------------------------------------------
# Planted errors
# --------------------------------------------------------------------------


def _check(key: str, record: EventRecord) -> list[Issue]:
    return validate_record(record, text_of(key))


def case_total_off_by_one():
    r = rec("004p")
    r.total.count = 1030
    return _check("004p", r)


def case_total_more_than_contradicted():
    # "More than 1,000" as the total; the only transfer is exactly 1,000.
    r = rec("001p")
    r.transfers = r.transfers[:1]
    r.total = Total(count=1000, qualifier="more_than", count_text="More than 1,000",
                    evidence=span("001p", "More than 1,000 dead soldiers are exchanged between Russia and Ukraine."))  # fmt: skip
    return _check("001p", r)


def case_total_exact_parts_exceed():
    r = rec("004p")
    r.transfers[1].count = 30  # 1,003 + 30 != 1,029 (and 30 is not in its quote)
    return _check("004p", r)


def case_swapped_quotes_between_transfers():
    r = rec("000p")
    r.transfers[0].evidence, r.transfers[1].evidence = r.transfers[1].evidence, r.transfers[0].evidence
    return _check("000p", r)


def case_invented_quote():
    r = rec("000p")
    r.transfers[1].evidence = Evidence(quote="Russia received 38 bodies", start=None, end=None)
    return _check("000p", r)


def case_quote_from_another_article():
    r = rec("001p")
    r.transfers[1].evidence = Evidence(quote="Russia has received the bodies of 35 fallen Russian soldiers")
    return _check("001p", r)


def case_total_quote_invented():
    r = rec("004p")
    r.total.evidence = Evidence(quote="Russia and Ukraine exchanged the bodies of 1,029 soldiers on Thursday")
    return _check("004p", r)


def case_empty_quote():
    r = rec("002p")
    r.transfers[0].evidence = Evidence(quote="   ", start=0, end=3)
    return _check("002p", r)


def case_offsets_shifted():
    r = rec("002p")
    r.transfers[0].evidence.start += 3
    r.transfers[0].evidence.end += 3
    return _check("002p", r)


def case_offsets_out_of_range():
    r = rec("002p")
    r.transfers[0].evidence.start = -5
    r.transfers[0].evidence.end = 10**9
    return _check("002p", r)


def case_offsets_missing():
    r = rec("002p")
    r.transfers[1].evidence.start = None
    return _check("002p", r)


def case_count_not_in_quote():
    r = rec("002p")
    r.transfers[0].count = 1001
    return _check("002p", r)


def case_negative_count():
    r = rec("002p")
    r.transfers[1].count = -24
    return _check("002p", r)


def case_same_number_wrong():
    # "transferred the same number to Ukraine" = the 157 returned to Russia, not 160.
    r = rec("003feb")
    i = next(i for i, t in enumerate(r.transfers) if t.to == "ukraine")
    r.transfers[i].count = 160
    return _check("003feb", r)


def case_total_quote_has_other_number():
    r = rec("004p")
    r.total.evidence = r.transfers[0].evidence.model_copy()
    return _check("004p", r)


def case_qualifier_exact_for_more_than():
    r = rec("001p")
    r.transfers[0].evidence = span("001p", "More than 1,000 dead soldiers are exchanged between Russia and Ukraine.")
    r.transfers[0].count_text = "1,000"
    return _check("001p", r)


def case_combined_figure_as_one_side():
    r = rec("004p")
    r.transfers[0].evidence = span("004p", "Russia and Ukraine have exchanged the bodies of 1,029 soldiers killed in combat")
    r.transfers[0].count, r.transfers[0].count_text = 1029, "1,029"
    r.total = None
    return _check("004p", r)


def case_qualifier_more_than_for_exact():
    r = rec("002p")
    r.transfers[0].qualifier = "more_than"
    return _check("002p", r)


def case_total_qualifier_up_to_for_exact():
    r = rec("004p")
    r.total.qualifier = "up_to"
    return _check("004p", r)


def case_swapped_direction_nationality_and_receiver():
    r = rec("000p")  # "one thousand Ukrainian soldiers" / "Russia received thirty eight bodies"
    for t in r.transfers:
        t.to = "russia" if t.to == "ukraine" else "ukraine"
    return _check("000p", r)


def case_swapped_direction_nationality_both_clauses():
    r = rec("002p")  # "... fallen Ukrainian soldiers, while returning the remains of 24 Russian servicemen"
    for t in r.transfers:
        t.to = "russia" if t.to == "ukraine" else "ukraine"
    return _check("002p", r)


def case_swapped_direction_destination():
    r = rec("003jan")  # "Moscow transferred 1,000 bodies to Kyiv and received ... 38 Russian servicemen"
    for t in r.transfers:
        t.to = "russia" if t.to == "ukraine" else "ukraine"
    return _check("003jan", r)


def case_swapped_direction_receiver_headline():
    r = rec("003p")  # "Ukraine Receives 1,000 Bodies as Russia Gets 35"
    for t in r.transfers:
        t.to = "russia" if t.to == "ukraine" else "ukraine"
    return _check("003p", r)


def case_direction_destination_only():
    r = rec("002p")
    r.transfers = r.transfers[:1]
    r.transfers[0].to = "russia"
    r.transfers[0].evidence = span(
        "002p",
        "1,000 bodies, which according to the Russian side belong to Ukrainian servicemen, "
        "have been returned to Ukraine",
    )
    return _check("002p", r)


def case_two_transfers_same_side():
    r = rec("001p")
    r.transfers.append(r.transfers[0].model_copy(deep=True))
    return _check("001p", r)


def case_one_direction_swapped():
    r = rec("000p")
    r.transfers[1].to = "ukraine"
    return _check("000p", r)


def case_no_transfers():
    r = rec("003p")
    r.transfers = []
    return _check("003p", r)


def case_count_missing():
    r = rec("001p")
    r.transfers[1].count = None
    return _check("001p", r)


def case_date_after_publication():
    r = rec("002p")  # 2025-09-25 is a Thursday too: only the publication date is wrong
    r.date.value = "2025-09-25"
    return _check("002p", r)


def case_month_after_publication():
    r = rec("000b")
    r.date.value = "2026-02"
    return _check("000b", r)


def case_date_before_war():
    r = rec("001p")
    r.date.value = "2013-12-31"
    return _check("001p", r)


def case_year_before_war():
    r = rec("001p")
    r.date.value, r.date.precision = "2012", "year"
    return _check("001p", r)


def case_weekday_wrong():
    r = rec("002p")  # "on Thursday" with a Wednesday
    r.date.value = "2025-09-17"
    return _check("002p", r)


def case_weekday_wrong_friday():
    r = rec("004p")  # "said Friday" with a Thursday
    r.date.value = "2025-12-18"
    return _check("004p", r)


def case_impossible_calendar_date():
    r = rec("002p")
    r.date.value = "2025-02-30"
    return _check("002p", r)


def case_garbage_date():
    r = rec("002p")
    r.date.value = "last Thursday-ish"
    return _check("002p", r)


def case_month_thirteen():
    r = rec("000b")
    r.date.value = "2025-13"
    return _check("000b", r)


def case_impossible_date_without_year():
    r = rec("003jan")
    r.date.value = "--02-30"
    return _check("003jan", r)


def case_date_text_not_in_article():
    r = rec("002p")
    r.date.text = "on 18 September"
    return _check("002p", r)


def case_unresolved_relative_date():
    r = rec("002p")
    r.date = EventDate(value=None, precision="unknown", text="last week", basis="unresolved")
    return _check("002p", r)


def case_value_with_unresolved_basis():
    r = rec("002p")
    r.date.basis = "unresolved"
    return _check("002p", r)


def case_month_value_with_day_precision():
    r = rec("000b")
    r.date.precision = "day"
    return _check("000b", r)


def case_day_value_with_month_precision():
    r = rec("003jan")
    r.date.precision = "month"
    return _check("003jan", r)


def _duplicate(key: str, change: Callable[[EventRecord], None] | None = None) -> list[Issue]:
    a, b = rec(key), rec(key)
    b.event_id = "another-id"
    b.mention = "background"
    if change:
        change(b)
    found = validate_article_records([a, b], text_of(key))
    assert found[0] == []
    return found[1]


def case_duplicate_event():
    return _duplicate("002p")


def case_duplicate_event_compatible_dates():
    def change(r: EventRecord) -> None:
        r.date = EventDate(value="--01-29", precision="day", text="January 29", basis="unresolved")

    return [i for i in _duplicate("003jan", change) if i.code != "date_unresolved"]


def case_duplicate_event_transfers_reordered():
    def change(r: EventRecord) -> None:
        r.transfers.reverse()
        r.date = EventDate(value="2026-02", precision="month", text=None, basis="publication")

    return _duplicate("003feb", change)


# (case, expected code, clean: no other code of any severity)
PLANTED: list[tuple[Callable[[], list[Issue]], str, bool]] = [
    (case_total_off_by_one, "total_mismatch", False),
    (case_total_more_than_contradicted, "total_mismatch", True),
    (case_total_exact_parts_exceed, "total_mismatch", False),
    (case_swapped_quotes_between_transfers, "count_not_in_evidence", False),
    (case_invented_quote, "evidence_not_found", True),
    (case_quote_from_another_article, "evidence_not_found", True),
    (case_total_quote_invented, "evidence_not_found", True),
    (case_empty_quote, "evidence_not_found", True),
    (case_offsets_shifted, "evidence_offsets", True),
    (case_offsets_out_of_range, "evidence_offsets", True),
    (case_offsets_missing, "evidence_offsets", True),
    (case_count_not_in_quote, "count_not_in_evidence", True),
    (case_negative_count, "count_not_in_evidence", False),
    (case_same_number_wrong, "count_not_in_evidence", True),
    (case_total_quote_has_other_number, "count_not_in_evidence", True),
    (case_qualifier_exact_for_more_than, "qualifier_mismatch", False),
    (case_qualifier_exact_for_more_than, "combined_figure_as_transfer", False),
    (case_qualifier_more_than_for_exact, "qualifier_mismatch", True),
    (case_combined_figure_as_one_side, "combined_figure_as_transfer", False),
    (case_total_qualifier_up_to_for_exact, "qualifier_mismatch", True),
    (case_swapped_direction_nationality_and_receiver, "direction_contradicts_text", True),
    (case_swapped_direction_nationality_both_clauses, "direction_contradicts_text", True),
    (case_swapped_direction_destination, "direction_contradicts_text", True),
    (case_swapped_direction_receiver_headline, "direction_contradicts_text", True),
    (case_direction_destination_only, "direction_contradicts_text", True),
    (case_two_transfers_same_side, "duplicate_transfer", True),
    (case_one_direction_swapped, "duplicate_transfer", False),
    (case_one_direction_swapped, "direction_contradicts_text", False),
    (case_no_transfers, "no_transfers", True),
    (case_count_missing, "count_missing", True),
    (case_date_after_publication, "date_after_publication", True),
    (case_month_after_publication, "date_after_publication", True),
    (case_date_before_war, "date_before_war", True),
    (case_year_before_war, "date_before_war", True),
    (case_weekday_wrong, "weekday_mismatch", True),
    (case_weekday_wrong_friday, "weekday_mismatch", True),
    (case_impossible_calendar_date, "invalid_date", True),
    (case_garbage_date, "invalid_date", True),
    (case_month_thirteen, "invalid_date", True),
    (case_impossible_date_without_year, "invalid_date", True),
    (case_date_text_not_in_article, "date_text_not_found", True),
    (case_unresolved_relative_date, "date_unresolved", True),
    (case_value_with_unresolved_basis, "date_unresolved", True),
    (case_month_value_with_day_precision, "date_precision_mismatch", True),
    (case_day_value_with_month_precision, "date_precision_mismatch", True),
    (case_duplicate_event, "duplicate_event", True),
    (case_duplicate_event_compatible_dates, "duplicate_event", True),
    (case_duplicate_event_transfers_reordered, "duplicate_event", True),
]


@pytest.mark.parametrize(
    "case,code,clean", PLANTED, ids=[f"{c.__name__.removeprefix('case_')}-{code}" for c, code, _ in PLANTED]
)
def test_planted_error_is_found(case: Callable[[], list[Issue]], code: str, clean: bool) -> None:
    issues = case()
    assert code in codes(issues), [i.message for i in issues]
    for issue in issues:
        assert issue.severity == CHECKS[issue.code][0]
        assert issue.message and issue.field is not None
    if clean:
        assert codes(issues) == {code}, [i.message for i in issues]


def test_planted_corpus_size() -> None:
    file_cases = 3  # article missing, article changed (twice) below
    assert len({c for c, _, _ in PLANTED}) + file_cases >= 30


def test_messages_say_what_and_where() -> None:
    issues = case_invented_quote()
    (issue,) = issues
    assert issue.field == "transfers[1].evidence.quote"
    assert issue.message == "transfers[1].evidence.quote 'Russia received 38 bodies' is not in the article"
    (issue,) = case_weekday_wrong()
    assert "Thursday" in issue.message and "Wednesday" in issue.message and "2025-09-17" in issue.message


# --------------------------------------------------------------------------
# Individual rules
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,sides",
    [
        ("Ukraine received 1,000 bodies", {"ukraine"}),
        ("Kyiv has received 1,000 bodies", {"ukraine"}),
        ("Russia gets 35", {"russia"}),
        ("Russia has received the bodies of 35 soldiers", {"russia"}),
        ("the bodies were handed over to Ukraine", {"ukraine"}),
        ("Moscow transferred 1,000 bodies to Kyiv", {"ukraine"}),
        ("returned 30 soldiers to Moscow", {"russia"}),
        ("the remains of 24 Russian servicemen", {"russia"}),
        ("1,000 fallen Ukrainian defenders", {"ukraine"}),
        ("157 Ukrainian POWs", {"ukraine"}),
        ("Russia received 38 bodies, according to Moscow's negotiator", {"russia"}),
        ("Ukraine received 38 bodies, according to Moscow's negotiator", {"ukraine"}),
        ("Ukraine's headquarters said 1,000 bodies arrived", set()),
        ("Russia returned 157 military personnel", set()),
        ("Russia and Ukraine exchanged 1,000 bodies", set()),
        ("Ukraine received 100 Russian soldiers", {"ukraine", "russia"}),
    ],
)
def test_direction_cues(text: str, sides: set[str]) -> None:
    assert direction_cues(text) == sides


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
    "quote,to,flagged",
    [
        ("Ukraine received 100 prisoners.", "russia", True),
        ("Ukraine received 100 prisoners.", "ukraine", False),
        ("100 Ukrainian soldiers were returned.", "russia", True),
        ("100 soldiers were handed over to Russia.", "ukraine", True),
        # both sides cued in the number's clause: ambiguous, no finding
        ("Ukraine received 100 Russian soldiers.", "russia", False),
        # the cue is in another clause than the number
        ("Russia returned 50 Ukrainian soldiers and received 100 in return.", "russia", False),
        ("Russia returned 50 Ukrainian soldiers and received 100 in return.", "ukraine", False),
        # the same number in both clauses: one reading fits
        ("Ukraine received 100 soldiers in exchange for 100 Russian soldiers.", "russia", False),
        ("Ukraine received 100 soldiers in exchange for 100 Russian soldiers.", "ukraine", False),
        # no cue at all
        ("The sides exchanged 100 prisoners.", "russia", False),
    ],
)
def test_direction_rule(quote: str, to: str, flagged: bool) -> None:
    record = _one_transfer(quote, to)
    found = "direction_contradicts_text" in codes(validate_record(record, quote))
    assert found is flagged


def test_count_text_narrows_the_anchor() -> None:
    quote = "Ukraine received 100 soldiers in exchange for 100 Russian soldiers."
    record = _one_transfer(quote, "russia")
    record.transfers[0].count_text = "100 Russian"
    assert "direction_contradicts_text" not in codes(validate_record(record, quote))
    record.transfers[0].to = "ukraine"
    assert "direction_contradicts_text" in codes(validate_record(record, quote))


@pytest.mark.parametrize(
    "total,qualifier,parts,flagged",
    [
        (1029, "exact", [1003, 26], False),
        (1030, "exact", [1003, 26], True),
        (1000, "more_than", [900], True),
        (1000, "more_than", [1000, 35], False),
        (1000, "at_least", [1000], False),
        (1000, "up_to", [1003, 26], True),
        (1000, "about", [1200], False),
        (1029, "exact", [1003, None], False),  # a part unknown: no contradiction possible ...
        (900, "exact", [1003, None], True),  # ... unless the known parts already exceed the total
    ],
)
def test_total_rule(total: int, qualifier: str, parts: list[int | None], flagged: bool) -> None:
    record = _one_transfer("x", "ukraine")
    record.transfers = [
        Transfer(to=side, category="bodies", count=c, evidence=Evidence(quote="x"))
        for side, c in zip(("ukraine", "russia"), parts)
    ]
    record.total = Total(count=total, qualifier=qualifier, evidence=Evidence(quote="x"))
    assert ("total_mismatch" in codes(validate_record(record, None))) is flagged


def test_date_checks_without_publication_or_text() -> None:
    r = rec("002p")
    r.date.value = "2030-01-01"
    r.article.published = None
    found = codes(validate_record(r, None))
    assert "date_after_publication" not in found and "date_text_not_found" not in found
    found = codes(validate_record(r, None, published=date(2025, 9, 18)))
    assert "date_after_publication" in found


def test_status_and_with_validation() -> None:
    info = Issue(code="x", severity="info", message="m")
    warn = Issue(code="y", severity="warning", message="m")
    err = Issue(code="z", severity="error", message="m")
    assert status_of([]) == "ok"
    assert status_of([info]) == "ok"
    assert status_of([info, warn]) == "warning"
    assert status_of([warn, err, info]) == "error"
    r = rec("002p")
    checked = with_validation(r, [warn])
    assert checked.validation.status == "warning" and checked.validation.issues == [warn]
    assert r.validation.issues == []  # a copy
    assert json.loads(checked.to_json())["validation"]["status"] == "warning"


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
date_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["2025-02-30", "2025-13", "--02-29", "--13-01", "2013", "0000-01-01", "9999-12-31", "2026-01-29", "2025-11", ""]),
    st.dates().map(date.isoformat),
)  # fmt: skip
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
    EventDate,
    value=date_values,
    precision=st.sampled_from(["day", "month", "year", "unknown"]),
    text=st.one_of(st.none(), texts),
    basis=st.sampled_from(["explicit", "relative", "publication", "unresolved", "corroborated"]),
)
records = st.builds(
    EventRecord,
    event_id=st.text(max_size=8),
    article=st.builds(ArticleRef, path=st.just("a.txt"), sha256=st.just("0"), published=date_values),
    kind=st.sampled_from(["body_repatriation", "prisoner_exchange", "civilian_return", "mixed"]),
    mention=st.sampled_from(["primary", "background"]),
    date=event_date,
    transfers=st.lists(transfer, max_size=4),
    total=total,
    provenance=st.just(PROVENANCE),
)
articles = st.one_of(st.none(), texts, st.sampled_from([article(n) for n in manifest()]))


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
# validate_file
# --------------------------------------------------------------------------


def _log_line(name: str) -> str:
    return ArticleLogEntry(path=f"seeds/{name}", sha256=sha(name), status="ok", events=1).to_json()


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_file_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = [gold_record(n, i) for n, i in gold_mentions()]
    lines = [_log_line(KEYS["002p"][0])] + [r.to_json() for r in good] + [""]
    events = _write(tmp_path / "events.jsonl", lines)
    result = validate_file(events, base_dir=REPO)
    assert isinstance(result, ValidateResult)
    assert result.skipped_lines == 1
    assert len(result.records) == len(good)
    assert [r.event_id for r in result.records] == [r.event_id for r in good]
    assert all(r.validation.status == "ok" and r.validation.issues == [] for r in result.records)
    assert not result.has_errors and sum(result.counts.values()) == 0
    # relative paths default to the current directory
    monkeypatch.chdir(REPO)
    assert not validate_file(events).has_errors

    # a stale validation in the file is recomputed, and a planted error fails the file
    bad = rec("004p")
    bad.total.count = 1030
    bad.validation.status = "ok"
    stale = with_validation(rec("002p"), [Issue(code="total_mismatch", severity="error", message="stale")])
    _write(events, lines + [bad.to_json(), stale.to_json()])
    result = validate_file(events, base_dir=REPO)
    assert result.has_errors
    assert result.counts["total_mismatch"] == 1 and result.severities["error"] >= 1
    assert result.records[-2].validation.status == "error"
    # the stale error is gone; the copy of the 002 record is now a duplicate of it in the same article
    assert [i.code for i in result.records[-1].validation.issues] == ["duplicate_event"]
    assert result.records[-1].validation.status == "warning"
    assert result.statuses["error"] == 1


def test_validate_file_warnings_only_is_not_an_error(tmp_path: Path) -> None:
    r = rec("001p")
    r.transfers[1].count = None
    result = validate_file(_write(tmp_path / "e.jsonl", [r.to_json()]), base_dir=REPO)
    assert not result.has_errors and result.counts["count_missing"] == 1
    assert result.records[0].validation.status == "warning"


def test_validate_file_duplicate_event(tmp_path: Path) -> None:
    a, b = rec("002p"), rec("002p")
    b.event_id = "copy"
    result = validate_file(_write(tmp_path / "e.jsonl", [a.to_json(), b.to_json()]), base_dir=REPO)
    assert result.counts == {"duplicate_event": 1} and not result.has_errors


def test_article_missing(tmp_path: Path) -> None:
    r = rec("002p")
    r.article.path = "seeds/no_such_article.txt"
    result = validate_file(_write(tmp_path / "e.jsonl", [r.to_json()]), base_dir=REPO)
    assert result.has_errors
    issues = result.records[0].validation.issues
    assert codes(issues) == {"article_missing"}
    assert "no_such_article.txt" in issues[0].message


@pytest.mark.parametrize("edit_quote", [False, True], ids=["outside-quotes", "inside-quote"])
def test_article_changed(tmp_path: Path, edit_quote: bool) -> None:
    name = KEYS["002p"][0]
    copy = tmp_path / "copy.txt"
    shutil.copy(SEEDS / name, copy)
    r = rec("002p")
    r.article.path = str(copy)  # absolute: base_dir does not apply
    text = copy.read_text(encoding="utf-8")
    if edit_quote:
        text = text.replace("24 Russian servicemen", "25 Russian servicemen", 1)
    else:
        text = text.replace("You may also like", "You might also like")
    copy.write_text(text, encoding="utf-8")
    result = validate_file(_write(tmp_path / "e.jsonl", [r.to_json()]), base_dir=tmp_path / "elsewhere")
    found = codes(result.records[0].validation.issues)
    assert result.has_errors
    if edit_quote:
        assert found == {"article_changed", "evidence_not_found"}
    else:
        assert found == {"article_changed"}


def test_relative_article_path_against_base_dir(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    name = KEYS["002p"][0]
    shutil.copy(SEEDS / name, tmp_path / "seeds" / name)
    events = _write(tmp_path / "e.jsonl", [rec("002p").to_json()])
    assert not validate_file(events, base_dir=tmp_path).has_errors
    assert validate_file(events, base_dir=tmp_path / "nowhere").counts["article_missing"] == 1


def test_invalid_json_line_names_file_and_line(tmp_path: Path) -> None:
    events = _write(tmp_path / "e.jsonl", [rec("002p").to_json(), "{not json"])
    with pytest.raises(InputError) as info:
        validate_file(events, base_dir=REPO)
    assert info.value.path == f"{events}:2"
    assert info.value.hint


def test_bad_record_line_is_an_input_error(tmp_path: Path) -> None:
    data = json.loads(rec("002p").to_json())
    data["transfers"][0]["to"] = "belarus"
    events = _write(tmp_path / "e.jsonl", [json.dumps(data)])
    with pytest.raises(InputError) as info:
        validate_file(events, base_dir=REPO)
    assert info.value.path == f"{events}:1"


def test_missing_records_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_file(tmp_path / "none.jsonl")


def _alternative_evidence() -> list[tuple[str, int, int, int, int]]:
    """(article, mention, transfer index, sentence start, end): every sentence of the article that
    writes the transfer's count exactly in one of the mention's count texts."""
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


@pytest.mark.parametrize("name,index,k,start,end", _alternative_evidence())
def test_any_true_sentence_is_accepted_as_evidence(name: str, index: int, k: int, start: int, end: int) -> None:
    """No false positive: any sentence of a seed that states a gold transfer's count is good evidence."""
    record = gold_record(name, index)
    text = article(name)
    record.transfers[k].evidence = Evidence(quote=text[start:end], start=start, end=end)
    record.transfers[k].count_text = None
    issues = validate_record(record, text)
    assert errors(issues) == set(), (text[start:end], [i.message for i in issues])
