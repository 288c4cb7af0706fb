"""Tests of extractor.evaluate against the seed gold annotation.

Perfect records are generated from the gold file itself (test-only); the
perturbation tests change one thing and check the exact effect on the scores.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from extractor.cli import report_tables
from extractor.errors import GoldError, InputError
from extractor.evaluate import (
    FIELDS,
    MATCHING_RULE,
    NOT_IN_GOLD,
    EvalReport,
    Gold,
    _max_weight_assignment,
    date_precision,
    evaluate,
    load_gold,
    read_events,
)
from extractor.models import ArticleLogEntry, EventRecord

GOLD_PATH = Path(__file__).parent / "data" / "seeds.gold.json"

# Facts of the seed gold: per mention, transfers + kind + mention + date (+ total).
# 000: 5 + 5, 001: 5, 002: 5, 003: 5 + 5 + 6, 004: 6.
GOLD_FACTS = 42
GOLD_TRANSFERS = 17


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold(GOLD_PATH)


def make_record(
    article: str,
    event_id: str,
    *,
    kind: str = "body_repatriation",
    mention: str = "primary",
    transfers: list[tuple[str, str, int | None]] = (),
    date: str | None = None,
    precision: str | None = None,
    total: int | None = None,
    published: str | None = None,
    folder: str = "seeds",
) -> EventRecord:
    evidence = {"quote": "q", "start": 0, "end": 1}
    data = {
        "schema": "exchange-event/1",
        "event_id": event_id,
        "article": {"path": f"{folder}/{article}" if folder else article, "sha256": "0" * 64, "published": published},
        "kind": kind,
        "mention": mention,
        "date": {
            "value": date,
            "precision": precision or date_precision(date),
            "text": None,
            "basis": "explicit" if date else "unresolved",
        },
        "transfers": [
            {"to": to, "category": category, "count": count, "evidence": evidence} for to, category, count in transfers
        ],
        "total": {"count": total, "evidence": evidence} if total is not None else None,
        "provenance": {"backend": "test", "model": "none", "prompt_hash": "0", "tool_version": "0"},
    }
    return EventRecord.model_validate(data)


def perfect_records(gold: Gold, *, with_publication: bool = True) -> list[EventRecord]:
    """Records exactly as the gold says (test helper only)."""
    records = []
    for name, article in gold.articles.items():
        for i, mention in enumerate(article.events):
            event = gold.event(mention.event)
            date = (
                mention.expected_date_with_publication
                if with_publication
                else mention.expected_date_without_publication
            )
            records.append(
                make_record(
                    name,
                    f"{name[:3]}-{i}",
                    kind=event.kind,
                    mention=mention.mention,
                    transfers=[(t.to, t.category, t.count) for t in event.transfers],
                    date=date,
                    total=event.total,
                    published=article.published if with_publication else None,
                )
            )
    return records


OTHER_SIDE = {"ukraine": "russia", "russia": "ukraine"}


def find(records: list[EventRecord], event_id: str) -> EventRecord:
    return next(r for r in records if r.event_id == event_id)


def article_report(report: EvalReport, name: str):
    return next(a for a in report.articles if a.article == name)


def gold_mention(gold: Gold, record_id: str):
    """The gold mention a perfect record ("<article prefix>-<index>") was generated from."""
    prefix, index = record_id.split("-")
    name = next(n for n in gold.articles if n.startswith(prefix))
    return name, gold.articles[name].events[int(index)]


# --------------------------------------------------------------------------
# Gold file
# --------------------------------------------------------------------------


def test_gold_copy_is_verbatim():
    """The seed gold is the annotation as delivered (its hash is in the corpus's SHA256SUMS)."""
    sums = (GOLD_PATH.parents[2] / "benchmarks" / "corpus" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    digest = next(line.split()[0] for line in sums if line.endswith("  ../../tests/data/seeds.gold.json"))
    assert hashlib.sha256(GOLD_PATH.read_bytes()).hexdigest() == digest


def test_load_gold(gold: Gold):
    assert len(gold.catalogue) == 6
    assert len(gold.articles) == 5
    assert gold.mention_count == 8
    raw = json.loads(GOLD_PATH.read_text())
    stated = {e["id"]: e.get("total") for e in raw["catalogue"]}
    assert [e for e, t in stated.items() if t is not None] == ["2025-12-19-bodies"]
    assert gold.event("2025-12-19-bodies").total == stated["2025-12-19-bodies"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-16", "day"),
        ("--03-14", "day"),
        ("2024-11", "month"),
        ("2024", "year"),
        (None, "unknown"),
        ("Mar 14", None),
        ("2024-3-14", None),
    ],
)
def test_date_precision(value, expected):
    assert date_precision(value) == expected


def test_missing_gold_file(tmp_path: Path):
    with pytest.raises(GoldError) as err:
        load_gold(tmp_path / "nope.json")
    assert "nope.json" in str(err.value)


def test_garbled_gold_file(tmp_path: Path):
    path = tmp_path / "gold.json"
    path.write_text(GOLD_PATH.read_text()[:500])
    with pytest.raises(GoldError, match="invalid JSON"):
        load_gold(path)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("catalogue"),
        lambda d: d["articles"]["002_cd8d3e5dbb996d72.txt"]["events"][0].update(event="no-such-event"),
        lambda d: d["articles"]["002_cd8d3e5dbb996d72.txt"]["events"][0].update(
            expected_date_with_publication="16 May"
        ),
        lambda d: d["catalogue"][0]["transfers"][0].update(to="nowhere"),
        lambda d: d["catalogue"].append(dict(d["catalogue"][0])),
    ],
    ids=["no-catalogue", "unknown-event", "bad-date-shape", "bad-side", "duplicate-id"],
)
def test_invalid_gold_structure(tmp_path: Path, mutate):
    data = json.loads(GOLD_PATH.read_text())
    mutate(data)
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data))
    with pytest.raises(GoldError) as err:
        load_gold(path)
    assert str(path) in str(err.value)


def test_gold_that_is_not_an_object(tmp_path: Path):
    path = tmp_path / "gold.json"
    path.write_text("[1, 2, 3]")
    with pytest.raises(GoldError):
        load_gold(path)


# --------------------------------------------------------------------------
# Perfect records
# --------------------------------------------------------------------------


@pytest.mark.parametrize("with_publication", [True, False])
def test_perfect_records_score_one(gold: Gold, with_publication: bool):
    report = evaluate(perfect_records(gold, with_publication=with_publication), gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (8, 0, 0)
    assert report.gold_mentions == 8
    assert report.precision == report.recall == report.f1 == 1.0
    assert report.facts_gold == report.facts_predicted == report.facts_correct == GOLD_FACTS
    assert set(report.fields) == set(FIELDS)
    for name, score in report.fields.items():
        assert score.correct == score.total, name
    assert report.fields["transfers"].total == GOLD_TRANSFERS
    assert report.fields["category"].total == GOLD_TRANSFERS
    assert report.fields["kind"].total == report.fields["mention"].total == 8
    assert report.fields["date_value"].total == report.fields["date_precision"].total == 8
    assert report.fields["total"].total == 1  # only 004 states a total
    assert report.matching_rule == MATCHING_RULE
    # Every gold mention is matched to the record generated from it.
    for article in report.articles:
        for match in article.matches:
            assert match.event_id == f"{article.article[:3]}-{match.gold_index}"


def test_report_is_json_serialisable(gold: Gold):
    report = evaluate(perfect_records(gold), gold)
    data = json.loads(json.dumps(report.model_dump(mode="json")))
    for key in ("mentions_found", "mentions_missed", "mentions_invented", "gold_mentions", "precision", "recall", "f1"):
        assert key in data
    assert data["fields"]["kind"] == {"correct": 8, "total": 8, "accuracy": 1.0}
    assert data["matching_rule"] == MATCHING_RULE
    assert data["gold"] == str(GOLD_PATH)
    assert len(data["articles"]) == 5
    assert EvalReport.model_validate(data).mentions_found == 8


def test_shuffled_order_gives_same_report(gold: Gold):
    records = perfect_records(gold)
    # Add a duplicate and a stray so that ties and invented records are exercised too.
    records.append(records[0].model_copy(update={"event_id": "000-dup"}))
    records.append(make_record("999_other.txt", "stray", transfers=[("ukraine", "bodies", 5)]))
    expected = evaluate(records, gold).model_dump(mode="json")
    rng = random.Random(7)
    for _ in range(10):
        shuffled = list(records)
        rng.shuffle(shuffled)
        assert evaluate(shuffled, gold).model_dump(mode="json") == expected


def test_article_matched_by_basename(gold: Gold):
    records = perfect_records(gold)
    for record in records:
        record.article.path = "/elsewhere/x/" + Path(record.article.path).name
    report = evaluate(records, gold)
    assert report.mentions_found == 8 and report.f1 == 1.0


# --------------------------------------------------------------------------
# Perturbations
# --------------------------------------------------------------------------


def test_swapped_direction(gold: Gold):
    records = perfect_records(gold)
    record = find(records, "002-0")  # two transfers, one to each side
    flipped = record.transfers[1]
    gold_to, gold_count = flipped.to, flipped.count
    flipped.to = OTHER_SIDE[gold_to]
    report = evaluate(records, gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (8, 0, 0)
    assert report.facts_correct == GOLD_FACTS - 1
    assert report.precision == pytest.approx((GOLD_FACTS - 1) / GOLD_FACTS)
    assert report.recall == pytest.approx((GOLD_FACTS - 1) / GOLD_FACTS)
    assert report.fields["transfers"].correct == GOLD_TRANSFERS - 1
    assert report.fields["transfers"].total == GOLD_TRANSFERS
    assert report.fields["category"].correct == report.fields["category"].total == GOLD_TRANSFERS - 1
    match = article_report(report, "002_cd8d3e5dbb996d72.txt").matches[0]
    assert match.fields["transfers"].ok is False
    wrong = [c for c in match.transfers if not c.direction_count_ok]
    assert len(wrong) == 1
    assert (wrong[0].gold.to, wrong[0].predicted.to, wrong[0].gold.count) == (gold_to, OTHER_SIDE[gold_to], gold_count)


def test_wrong_category(gold: Gold):
    records = perfect_records(gold)
    record = find(records, "003-2")  # prisoners of war each way plus civilians
    assert record.transfers[2].category != "prisoners_of_war"
    record.transfers[2].category = "prisoners_of_war"
    report = evaluate(records, gold)
    assert report.mentions_found == 8
    assert report.facts_correct == GOLD_FACTS - 1
    assert report.fields["transfers"].correct == GOLD_TRANSFERS
    assert report.fields["category"].correct == GOLD_TRANSFERS - 1
    assert report.fields["category"].total == GOLD_TRANSFERS


def test_dropped_background_record(gold: Gold):
    records = [r for r in perfect_records(gold) if r.event_id != "000-1"]
    report = evaluate(records, gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (7, 1, 0)
    assert report.precision == 1.0
    assert report.recall == pytest.approx((GOLD_FACTS - 5) / GOLD_FACTS)
    name, mention = gold_mention(gold, "000-1")
    assert mention.mention == "background"
    missed = article_report(report, name).missed
    assert [(m.gold_event, m.gold_mention, m.expected_date, m.facts) for m in missed] == [
        (mention.event, "background", mention.expected_date_with_publication, 5)
    ]


def test_invented_non_event(gold: Gold):
    records = perfect_records(gold)
    # A record of something the gold does not list (a tally read as an exchange, say).
    records.append(
        make_record(
            "004_0b0920e8a899cf6c.txt",
            "004-tally",
            mention="background",
            transfers=[("ukraine", "bodies", 4321)],
            date="2024-07",
        )
    )
    report = evaluate(records, gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (8, 0, 1)
    assert report.recall == 1.0
    assert report.precision == pytest.approx(GOLD_FACTS / (GOLD_FACTS + 4))
    invented = article_report(report, "004_0b0920e8a899cf6c.txt").invented
    assert [(r.event_id, r.facts) for r in invented] == [("004-tally", 4)]


def test_wrong_date_precision(gold: Gold):
    records = perfect_records(gold)
    find(records, "002-0").date.precision = "month"
    report = evaluate(records, gold)
    assert report.mentions_found == 8
    assert report.precision == report.recall == pytest.approx((GOLD_FACTS - 1) / GOLD_FACTS)
    assert report.fields["date_value"].correct == 8
    assert (report.fields["date_precision"].correct, report.fields["date_precision"].total) == (7, 8)
    check = article_report(report, "002_cd8d3e5dbb996d72.txt").matches[0].fields["date_precision"]
    assert (check.ok, check.gold, check.predicted) == (False, "day", "month")


def test_date_expected_depends_on_publication(gold: Gold):
    # Without a publication date, a day without a year ("--MM-DD") is all the gold expects.
    name, mention = gold_mention(gold, "003-1")
    without, with_ = mention.expected_date_without_publication, mention.expected_date_with_publication
    assert without.startswith("--") and with_.endswith(without[1:])
    records = perfect_records(gold, with_publication=False)
    find(records, "003-1").date.value = with_
    report = evaluate(records, gold)
    check = article_report(report, name).matches[1].fields["date_value"]
    assert (check.ok, check.gold, check.predicted) == (False, without, with_)
    assert report.fields["date_value"].correct == 7


def test_wrong_total_and_missing_total(gold: Gold):
    records = perfect_records(gold)
    find(records, "004-0").total.count = 1030
    find(records, "002-0").total = find(records, "004-0").total.model_copy(update={"count": 1024})
    report = evaluate(records, gold)
    assert report.fields["total"].correct == 0
    assert report.fields["total"].total == 2
    assert report.facts_predicted == GOLD_FACTS + 1
    assert report.facts_correct == GOLD_FACTS - 1


def test_role_swap_is_matched_by_content(gold: Gold):
    records = perfect_records(gold)
    # Article 000: label the background exchange "primary" and the primary one "background".
    find(records, "000-0").mention = "background"
    find(records, "000-1").mention = "primary"
    report = evaluate(records, gold)
    matches = article_report(report, "000_2018ebf989d5b3f6.txt").matches
    pairs = [(m.gold_event, m.event_id) for m in matches]
    assert pairs == [(gold_mention(gold, "000-0")[1].event, "000-0"), (gold_mention(gold, "000-1")[1].event, "000-1")]
    assert all(m.fields["mention"].ok is False for m in matches)
    assert report.fields["mention"].correct == 6


def test_kind_breaks_ties(gold: Gold):
    # Two records share the same single transfer with 003's background swap;
    # the one with the right kind gets the match.
    name, mention = gold_mention(gold, "003-2")
    event = gold.event(mention.event)
    assert event.kind == "prisoner_exchange"
    records = [r for r in perfect_records(gold) if r.event_id != "003-2"]
    first = event.transfers[0]
    common = [(first.to, first.category, first.count)]
    for event_id, kind in (("a-wrong-kind", "mixed"), ("b-right-kind", "prisoner_exchange")):
        records.append(
            make_record(name, event_id, kind=kind, transfers=common, published=gold.articles[name].published)
        )
    report = evaluate(records, gold)
    article = article_report(report, name)
    assert [m.event_id for m in article.matches if m.gold_event == mention.event] == ["b-right-kind"]
    assert [r.event_id for r in article.invented] == ["a-wrong-kind"]


def test_no_shared_direction_and_count_is_no_match(gold: Gold):
    records = perfect_records(gold)
    for transfer in find(records, "002-0").transfers:
        transfer.to = "russia" if transfer.to == "ukraine" else "ukraine"
    report = evaluate(records, gold)
    article = article_report(report, "002_cd8d3e5dbb996d72.txt")
    assert (len(article.matches), len(article.missed), len(article.invented)) == (0, 1, 1)
    assert report.recall == pytest.approx((GOLD_FACTS - 5) / GOLD_FACTS)
    assert report.precision == pytest.approx((GOLD_FACTS - 5) / GOLD_FACTS)


def test_records_of_unknown_article_are_invented(gold: Gold):
    records = perfect_records(gold)
    records.append(make_record("999_unknown.txt", "x-1", transfers=[("ukraine", "bodies", 640)], folder="elsewhere"))
    report = evaluate(records, gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (8, 0, 1)
    extra = report.articles[-1]
    assert (extra.article, extra.in_gold, extra.gold_mentions) == (NOT_IN_GOLD, False, 0)
    assert [(r.event_id, r.path) for r in extra.invented] == [("x-1", "elsewhere/999_unknown.txt")]
    assert report.precision == pytest.approx(GOLD_FACTS / (GOLD_FACTS + 4))


def test_no_records(gold: Gold):
    report = evaluate([], gold)
    assert (report.mentions_found, report.mentions_missed, report.mentions_invented) == (0, 8, 0)
    assert report.precision == report.recall == report.f1 == 0.0
    assert report.facts_gold == GOLD_FACTS


# --------------------------------------------------------------------------
# Assignment
# --------------------------------------------------------------------------


def _brute_force(weights: list[list[int]]) -> int:
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    best = 0
    for k in range(min(rows, cols) + 1):
        for chosen in itertools.combinations(range(rows), k):
            for perm in itertools.permutations(range(cols), k):
                best = max(best, sum(weights[r][c] for r, c in zip(chosen, perm)))
    return best


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 0, 1, 2, 1_000, 1_001, 2_000_003]), min_size=cols, max_size=cols),
            min_size=0,
            max_size=4,
        )
    )
)
def test_assignment_is_maximum_weight(weights):
    pairs = _max_weight_assignment(weights)
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    assert all(weights[r][c] > 0 for r, c in pairs)
    assert sum(weights[r][c] for r, c in pairs) == _brute_force(weights)


# --------------------------------------------------------------------------
# Precision per basis, numbers left undecided
# --------------------------------------------------------------------------


def _with_bases(gold: Gold, basis_of: Callable[[int], str | None]) -> list[EventRecord]:
    """Perfect records whose n-th transfer (in reading order) has the basis ``basis_of(n)``."""
    records, n = perfect_records(gold), 0
    for record in records:
        for transfer in record.transfers:
            transfer.basis = basis_of(n)
            n += 1
    return records


def test_precision_per_basis_on_perfect_records(gold: Gold):
    report = evaluate(_with_bases(gold, lambda n: ("text", "model", "text+model")[n % 3]), gold)
    assert {b: (s.predicted, s.right) for b, s in report.by_basis.items()} == {"text": (6, 6), "model": (6, 6),
                                                                             "text+model": (5, 5)}  # fmt: skip
    assert all(score.precision == 1.0 for score in report.by_basis.values())


def test_a_wrong_side_and_an_invented_record_count_against_their_basis(gold: Gold):
    records = _with_bases(gold, lambda n: "model" if n == 0 else "text")
    first = records[0].transfers[0]
    first.to = OTHER_SIDE[first.to]
    stray = make_record("999_unknown.txt", "x-1", transfers=[("ukraine", "bodies", 7), ("russia", "bodies", 7)])
    stray.transfers[0].basis = "text+model"
    report = evaluate([*records, stray], gold)
    scores = {b: (s.predicted, s.right) for b, s in report.by_basis.items()}
    assert scores == {"text": (16, 16), "model": (1, 0), "text+model": (1, 0), "none": (1, 0)}
    assert report.by_basis["model"].precision == 0.0
    assert report.by_basis["text"].precision == 1.0


def test_a_basis_never_used_has_no_precision(gold: Gold):
    report = evaluate(_with_bases(gold, lambda n: "text"), gold)
    assert report.by_basis["model"].predicted == 0
    assert report.by_basis["model"].precision is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], 0),
        (['{"path": "dir/NAME", "status": "ok"}'], 0),
        (['{"path": "dir/NAME", "status": "ok", "undecided": [{"text": "12"}, {"text": "7"}]}'], 2),
        (['{"path": "NAME", "undecided": [{}]}', '{"path": "other.txt", "undecided": [{}, {}]}', "not json"], 1),
        (['{"path": "NAME", "undecided": "not a list"}'], 0),
    ],
)
def test_numbers_left_undecided_come_from_the_articles_log(gold: Gold, tmp_path, lines: list[str], expected: int):
    from extractor.evaluate import undecided_in_log

    name = sorted(gold.articles)[0]
    log = tmp_path / "events.articles.jsonl"
    log.write_text("".join(line.replace("NAME", name) + "\n" for line in lines), encoding="utf-8")
    report = evaluate(perfect_records(gold), gold, undecided=undecided_in_log(log))
    assert report.undecided == expected
    assert next(a for a in report.articles if a.article == name).undecided == expected
    assert report.f1 == 1.0


def test_no_articles_log_means_nothing_undecided(tmp_path):
    from extractor.evaluate import undecided_in_log

    assert undecided_in_log(tmp_path / "missing.articles.jsonl") == {}


def test_report_tables_show_precision_per_basis_and_undecided(gold: Gold):
    records = _with_bases(gold, lambda n: "model" if n == 0 else "text")
    first = records[0].transfers[0]
    first.to = OTHER_SIDE[first.to]
    text = _render(report_tables(evaluate(records, gold)))
    assert re.search(r"precision, basis text[ │]+16/16 +100%", text)
    assert re.search(r"precision, basis model[ │]+0/1 +0%", text)
    assert re.search(r"precision, basis text\+model[ │]+0/0 +n/a", text)
    assert re.search(r"numbers left undecided[ │]+0 ", text)


# --------------------------------------------------------------------------
# Scoring a part of the articles (--only)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("patterns", [["00[0-2]_*"], ["000_*", "001_*", "002_*"]])
def test_only_the_chosen_articles_are_scored(gold: Gold, patterns: list[str]):
    records = perfect_records(gold)
    chosen = sorted(a for a in gold.articles if a[:3] in ("000", "001", "002"))
    wrong = find(records, "003-0").transfers[0]
    wrong.to = OTHER_SIDE[wrong.to]  # an error in an article left out changes nothing
    report = evaluate(records, gold, articles=patterns)
    assert [a.article for a in report.articles] == chosen
    assert report.gold_mentions == sum(len(gold.articles[a].events) for a in chosen)
    assert report.records == report.mentions_found == report.gold_mentions
    assert report.f1 == 1.0
    left_out = len(records) - report.records
    assert report.skipped == {"records of articles outside the article filter": left_out}


def test_only_filters_records_not_in_gold_too(gold: Gold):
    stray = [make_record("999_unknown.txt", "x-1", transfers=[("ukraine", "bodies", 1)])]
    assert evaluate(stray, gold, articles=["00*"]).mentions_invented == 0
    assert evaluate(stray, gold, articles=["00*", "9*"]).mentions_invented == 1


def test_only_without_a_matching_article_is_a_usage_error(gold: Gold):
    from extractor.errors import UsageError

    with pytest.raises(UsageError, match="no article of the gold matches 7\\*"):
        evaluate(perfect_records(gold), gold, articles=["7*"])


def test_eval_cli_only(tmp_path: Path, gold: Gold):
    from typer.testing import CliRunner

    from extractor.cli import app

    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(r.to_json() for r in perfect_records(gold)) + "\n")
    args = ["eval", str(path), "--gold", str(GOLD_PATH), "--json", "--only", "000_*", "--only", "004_*"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [a["article"] for a in report["articles"]] == sorted(a for a in gold.articles if a[:3] in ("000", "004"))
    assert "records of articles outside the article filter" in result.stderr
    missing = CliRunner().invoke(app, ["eval", str(path), "--gold", str(GOLD_PATH), "--only", "x*"])
    assert missing.exit_code == 2 and "no article of the gold matches x*" in missing.output


# --------------------------------------------------------------------------
# Reading records and tables
# --------------------------------------------------------------------------


def test_read_events_skips_article_lines(tmp_path: Path, gold: Gold):
    records = perfect_records(gold)
    log = ArticleLogEntry(path="seeds/x.txt", status="no_events")
    path = tmp_path / "events.jsonl"
    path.write_text(log.to_json() + "\n" + "\n".join(r.to_json() for r in records) + "\n\n")
    read = read_events(path)
    assert [r.event_id for r in read] == [r.event_id for r in records]
    assert evaluate(read, gold).f1 == 1.0


def test_eval_reads_records_as_the_other_commands_do(tmp_path: Path, gold: Gold):
    """A hand-written record without ``schema`` is scored, as validate, catalogue and review read it;
    every line not scored is named with its reason."""
    from extractor.api import evaluate_records

    records = perfect_records(gold)
    schemaless = records[0].model_dump(mode="json", by_alias=True)
    del schemaless["schema"]
    lines = [
        ArticleLogEntry(path="seeds/x.txt", status="no_events").to_json(),
        json.dumps(schemaless),
        *(r.to_json() for r in records[1:]),
        json.dumps({"note": "no schema, no event id"}),
        json.dumps({"schema": "exchange-catalogue/1", "id": "c"}),
        json.dumps({"schema": "exchange-catalogue/1", "id": "d"}),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = evaluate_records(path, GOLD_PATH)
    assert report.records == len(records)
    assert report.f1 == 1.0
    assert report.skipped == {
        "articles log lines (exchange-article/1)": 1,
        "lines with no schema and no event_id": 1,
        "lines of another schema ('exchange-catalogue/1', not exchange-event/1)": 2,
    }


def test_eval_cli_says_what_it_skipped(tmp_path: Path, gold: Gold):
    from typer.testing import CliRunner

    from extractor.cli import app

    path = tmp_path / "events.jsonl"
    log = ArticleLogEntry(path="seeds/x.txt", status="no_events").to_json()
    path.write_text(log + "\n" + "\n".join(r.to_json() for r in perfect_records(gold)) + "\n")
    result = CliRunner().invoke(app, ["eval", str(path), "--gold", str(GOLD_PATH), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == {"articles log lines (exchange-article/1)": 1}
    assert "skipped 1 articles log lines (exchange-article/1)" in result.stderr


def test_read_events_bad_json_names_line(tmp_path: Path, gold: Gold):
    path = tmp_path / "events.jsonl"
    path.write_text(perfect_records(gold)[0].to_json() + "\n{not json\n")
    with pytest.raises(InputError) as err:
        read_events(path)
    assert f"{path}:2" in str(err.value)


def test_read_events_bad_record_names_line(tmp_path: Path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"schema": "exchange-event/1", "event_id": "x"}\n')
    with pytest.raises(InputError) as err:
        read_events(path)
    assert f"{path}:1" in str(err.value)


def test_read_events_missing_file(tmp_path: Path):
    with pytest.raises(InputError):
        read_events(tmp_path / "absent.jsonl")


def _render(tables) -> str:
    console = Console(width=250, record=True, color_system=None)
    for table in tables:
        console.print(table)
    return console.export_text()


def test_report_tables(gold: Gold):
    records = perfect_records(gold)
    find(records, "002-0").date.precision = "month"
    records = [r for r in records if r.event_id != "000-1"]
    records.append(make_record("999_unknown.txt", "x-1", transfers=[("ukraine", "bodies", 1)]))
    report = evaluate(records, gold)
    tables = report_tables(report)
    assert len(tables) == 2
    text = _render(tables)
    assert "✓" in text
    assert "✗ month (gold day)" in text
    assert "missed" in text and gold_mention(gold, "000-1")[1].event in text
    assert "invented" in text and NOT_IN_GOLD in text and "x-1" in text
    assert "precision" in text and "recall" in text and "F1" in text
