"""The catalogue over time: monthly totals, outlier flags, ``catalogue --summary monthly`` and the review page's
timeline in headless Chromium (``tests/browser_helpers.py``). All records are made up."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.catalogue import CatalogueEntry, build_catalogue, write_catalogue
from extractor.cli import app
from extractor.review import review
from extractor.timeline import monthly_summary, outlier_flags

from .browser_helpers import Browser, find_chromium

SHORT = {"ukraine": "UA", "russia": "RU"}
HOSTILE_MEDIATOR = "</script><script>window.__pwned=1;document.title='pwned'</script>"
HOSTILE_OUTLET = "<img src=x onerror=\"window.__pwned=2\">"


def _record(eid: str, date_value: str | None, transfers: list[tuple[str, str, int]], *, kind: str = "prisoner_exchange",
            outlet: str = "Made-up Wire", path: str | None = None, issues: list | None = None,
            mediators: list[str] | None = None, qualifier: str = "exact") -> dict:  # fmt: skip
    """A made-up record (its article is absent: the page shows a notice instead of highlights)."""
    precision = "unknown" if date_value is None else {10: "day", 7: "month", 4: "year"}[len(date_value)]
    quote = "a made-up sentence about an exchange"
    issues = issues or []
    return {
        "schema": "exchange-event/1", "event_id": eid,
        "article": {"path": path or f"{eid}.txt", "sha256": eid.ljust(64, "0"), "published": None, "outlet": outlet},
        "kind": kind, "mention": "primary",
        "date": {"value": date_value, "precision": precision, "text": None,
                 "basis": "unresolved" if date_value is None else "explicit"},
        "transfers": [{"to": to, "category": cat, "count": n, "qualifier": qualifier,
                       "evidence": {"quote": quote, "start": 0, "end": len(quote)}} for to, cat, n in transfers],
        "mediators": mediators or [], "agreement": None,
        "validation": {"status": "warning" if issues else "ok", "issues": issues},
        "provenance": {"backend": "local", "model": "m", "prompt_hash": "0", "tool_version": "0"},
    }  # fmt: skip


POW = "prisoners_of_war"
MADE_UP = [
    _record("a1", "2025-03-10", [("ukraine", POW, 100), ("russia", POW, 100)], outlet="Wire One"),
    _record("a2", "2025-03-10", [("ukraine", POW, 100), ("russia", POW, 100)], outlet="Wire Two"),
    _record("b1", "2025-05", [("ukraine", "bodies", 400), ("russia", "bodies", 25)], kind="body_repatriation"),
    _record("c1", "2024", [("ukraine", "civilians", 16), ("ukraine", "children", 9)], kind="civilian_return"),
    _record("d1", None, [("ukraine", POW, 7)]),
    _record("e1", "2025-06-02", [("ukraine", POW, 150), ("russia", POW, 150)]),
    _record("f1", "2025-07-20", [("ukraine", POW, 120), ("russia", POW, 120)]),
    _record("g1", "2025-08-15", [("ukraine", POW, 90), ("russia", POW, 90)],
            issues=[{"code": "made_up_check", "severity": "warning", "message": "a made-up finding", "field": None}]),
    _record("h1", "2025-09-01", [("ukraine", POW, 9000)]),
]


def _entries(records: list[dict]) -> list[CatalogueEntry]:
    return build_catalogue(records)


def _by_source(entries: list[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    return {s.event_id: e for e in entries for s in e.sources}


# ---------------------------------------------------------------- library


def test_monthly_summary_sums_per_month_side_and_category() -> None:
    rows = {r.period: r for r in monthly_summary(_entries(MADE_UP))}
    assert [r.period for r in monthly_summary(_entries(MADE_UP))] == [
        "2024", "2025-03", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "undated"]  # fmt: skip
    assert rows["2024"].precision == "year" and rows["2024"].counts["to_ukraine_children"] == 9
    assert rows["2025-03"].exchanges == 1  # two sources, one exchange
    assert rows["2025-03"].counts["to_ukraine_prisoners_of_war"] == 100
    assert rows["2025-05"].counts["to_russia_bodies"] == 25
    assert rows["undated"].counts["to_ukraine_prisoners_of_war"] == 7
    assert all(r.qualified == 0 for r in rows.values())


def test_monthly_summary_counts_qualified_numbers_and_orders_years_after_their_months() -> None:
    records = [
        _record("q1", "2025-02-03", [("ukraine", "bodies", 1000)], qualifier="more_than", kind="body_repatriation"),
        _record("q2", "2025-02-20", [("ukraine", "bodies", 50)], kind="body_repatriation"),
        _record("q3", "2025", [("russia", "bodies", 5)], kind="body_repatriation"),
        _record("q4", "2026-01", [("russia", "bodies", 6)], kind="body_repatriation"),
    ]
    rows = monthly_summary(_entries(records))
    assert [(r.period, r.exchanges, r.counts["to_ukraine_bodies"], r.qualified) for r in rows] == [
        ("2025-02", 2, 1050, 1), ("2025", 1, 0, 0), ("2026-01", 1, 0, 0)]  # fmt: skip


def test_outlier_flags_follow_the_documented_rules() -> None:
    entries = _entries(MADE_UP)
    by = _by_source(entries)
    flags = outlier_flags(entries, {r["event_id"]: r["validation"]["status"] for r in MADE_UP})
    codes = {eid: {f["code"] for f in flags[by[eid].catalogue_id]} for eid in ("a1", "e1", "g1", "h1", "b1")}
    assert "large" in codes["h1"]  # 9,000 against a median of 220 over 4 others
    assert "large" not in codes["e1"] and "large" not in codes["b1"]
    assert "single_source" not in codes["a1"] and "single_source" in codes["e1"]
    assert "findings" in codes["g1"] and "findings" not in codes["e1"]


@pytest.mark.parametrize(
    ("others", "big", "flagged"),
    [
        ([("2025-01-01", 99), ("2025-02-01", 101)], 501, "2 other exchanges of that category of 2025"),
        ([("2025-01-01", 99), ("2025-02-01", 100), ("2025-03-01", 101)], 500, None),
        ([("2025-01-01", 100)], 5000, None),
        ([("2024-01-01", 99), ("2024-02-01", 101)], 501, "2 other exchanges of that category in any year"),
        ([(None, 99), ("2024-02-01", 101)], 501, "2 other exchanges of that category in any year"),
        ([("2025-01-01", 99), ("2025-02-01", 101), ("2024-03-01", 7), ("2024-04-01", 8)], 501,
         "2 other exchanges of that category of 2025"),
    ],
    ids=["over-5x-same-year", "exactly-5x", "one-other-only", "other-years", "undated-others", "same-year-first"],
)
def test_large_is_more_than_five_times_the_median_of_its_category(others: list, big: int, flagged: str | None) -> None:
    records = [_record(f"o{i}", day, [("ukraine", POW, n)]) for i, (day, n) in enumerate(others)]
    records += [_record("big", "2025-09-09", [("ukraine", POW, big)]), _record("other-category", "2025-09-10", [("ukraine", "bodies", 5)])]
    entries = _entries(records)
    reasons = [f["reason"] for f in outlier_flags(entries)[_by_source(entries)["big"].catalogue_id] if f["code"] == "large"]
    assert reasons == ([] if flagged is None else [f"{big:,} prisoners of war: more than 5x the median (100) of the {flagged}"])


def test_count_conflicts_are_flagged_but_date_conflicts_are_not() -> None:
    base = _entries([_record("x1", "2025-04-04", [("ukraine", POW, 10)])])[0].model_dump(mode="json", by_alias=True)
    count_conflict = {**base, "catalogue_id": "cc", "conflicts": [
        {"field": "transfers.to_ukraine_prisoners_of_war", "values": [{"value": 10, "sources": ["x1"]}, {"value": 12, "sources": ["x2"]}]}]}
    date_conflict = {**base, "catalogue_id": "dc", "conflicts": [
        {"field": "date", "values": [{"value": "2025-04-04", "sources": ["x1"]}, {"value": "2025-04-05", "sources": ["x2"]}]}]}
    flags = outlier_flags([CatalogueEntry.model_validate(count_conflict), CatalogueEntry.model_validate(date_conflict)])
    assert "conflict" in {f["code"] for f in flags["cc"]}
    assert "conflict" not in {f["code"] for f in flags["dc"]}


# ---------------------------------------------------------------- command line


def _events_file(folder: Path, records: list[dict]) -> Path:
    events = folder / "events.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return events


def test_cli_summary_monthly_as_csv_and_as_a_table(tmp_path: Path) -> None:
    events = _events_file(tmp_path, MADE_UP)
    runner = CliRunner()
    result = runner.invoke(app, ["catalogue", str(events), "--summary", "monthly", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows][:2] == ["2024", "2025-03"]
    assert rows[1]["to_ukraine_prisoners_of_war"] == "100" and rows[1]["to_russia_prisoners_of_war"] == "100"
    table = runner.invoke(app, ["catalogue", str(events), "--summary", "monthly"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "2025-09" in table.stdout and "9,000" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--summary", "weekly"], "unknown summary"), (["--summary", "monthly", "--format", "xml"], "unknown format"),
     (["--summary", "monthly", "--format", "csv", "-o", "cat.csv"], "with --summary")],
    ids=["unknown-summary", "unknown-format", "csv-and-output"],
)
def test_cli_summary_bad_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    events = _events_file(tmp_path, MADE_UP)
    result = CliRunner().invoke(app, ["catalogue", str(events), *[str(tmp_path / a) if a == "cat.csv" else a for a in args]])
    assert result.exit_code != 0 and message in result.output


# ---------------------------------------------------------------- the timeline in Chromium

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="chromium not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium)")
    with Browser(width=1500, height=1000) as b:
        yield b


def _page(folder: Path, records: list[dict]) -> tuple[Path, list[CatalogueEntry]]:
    events = _events_file(folder, records)
    entries = build_catalogue(records)
    write_catalogue(entries, folder / "catalogue.jsonl")
    page = folder / "review.html"
    review(events, page, catalogue=folder / "catalogue.jsonl", base_dir=folder)
    return page, entries


@pytest.fixture(scope="module")
def made_up_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, CatalogueEntry]]:
    page, entries = _page(tmp_path_factory.mktemp("timeline"), MADE_UP)
    return page, _by_source(entries)


def _open_timeline(b: Browser, page: Path, fragment: str = "view=timeline") -> None:
    b.open("about:blank")
    b.open(page, fragment)
    b.wait_for("window.__reviewReady")


def _geometry(b: Browser) -> dict:
    return b.evaluate("""(() => {
      const s = document.getElementById('tl-svg'), out = {axis: {x0: +s.dataset.x0, x1: +s.dataset.x1, y0: +s.dataset.baseline,
        t0: s.dataset.t0, t1: s.dataset.t1}, marks: {}};
      for (const g of s.querySelectorAll('g.tl-mark')) {
        const rects = [...g.querySelectorAll('rect.seg')].map((r) => r.getBBox());
        const up = [...g.querySelectorAll('rect.seg.to-ukraine')].map((r) => r.getBBox()),
              down = [...g.querySelectorAll('rect.seg.to-russia')].map((r) => r.getBBox());
        out.marks[g.dataset.exchange] = {precision: g.dataset.precision, date: g.dataset.date, flags: g.dataset.flags,
          left: Math.min(...rects.map((r) => r.x)), right: Math.max(...rects.map((r) => r.x + r.width)),
          top: Math.min(...up.map((r) => r.y)), bottom: Math.max(...down.map((r) => r.y + r.height)),
          up: up.reduce((a, r) => a + r.height, 0), down: down.reduce((a, r) => a + r.height, 0),
          ukraine: +g.dataset.ukraine, russia: +g.dataset.russia, sources: +g.dataset.sources};
      }
      return out; })()""")


def _x(axis: dict, day: date) -> float:
    t0, t1 = date.fromisoformat(axis["t0"]), date.fromisoformat(axis["t1"])
    return axis["x0"] + (day - t0).days / (t1 - t0).days * (axis["x1"] - axis["x0"])


@needs_chromium
def test_marks_sit_at_their_dates_with_their_precision_and_sizes(browser: Browser, made_up_page: tuple) -> None:
    page, by = made_up_page
    _open_timeline(browser, page)
    geo = _geometry(browser)
    axis, marks = geo["axis"], geo["marks"]
    assert by["d1"].catalogue_id not in marks  # undated: listed beside, not on the axis
    assert browser.evaluate(f"!!document.querySelector('.tl-undated button[data-exchange=\"{by['d1'].catalogue_id}\"]')")
    assert axis["t0"] == "2024-01-01" and axis["t1"] == "2025-10-01"
    day = marks[by["a1"].catalogue_id]
    assert day["precision"] == "day" and day["sources"] == 2
    assert abs((day["left"] + day["right"]) / 2 - _x(axis, date(2025, 3, 10)) - (_x(axis, date(2025, 3, 11)) - _x(axis, date(2025, 3, 10))) / 2) < 1
    month = marks[by["b1"].catalogue_id]
    assert month["precision"] == "month"
    assert abs(month["left"] - _x(axis, date(2025, 5, 1))) < 1 and abs(month["right"] - _x(axis, date(2025, 6, 1))) < 1
    year = marks[by["c1"].catalogue_id]
    assert year["precision"] == "year"
    assert abs(year["left"] - _x(axis, date(2024, 1, 1))) < 1 and abs(year["right"] - _x(axis, date(2025, 1, 1))) < 1
    # to Ukraine above the baseline, to Russia below; heights on a square-root scale
    assert day["ukraine"] == 100 and day["russia"] == 100 and day["top"] < axis["y0"] < day["bottom"]
    big = marks[by["h1"].catalogue_id]
    assert big["ukraine"] == 9000 and big["russia"] == 0 and big["down"] == 0
    assert big["up"] / day["up"] == pytest.approx((9000 / 100) ** 0.5, rel=0.02)
    assert month["up"] / month["down"] == pytest.approx((400 / 25) ** 0.5, rel=0.02)


@needs_chromium
def test_monthly_bars_and_table_show_the_totals(browser: Browser, made_up_page: tuple) -> None:
    page, _ = made_up_page
    _open_timeline(browser, page)
    bars = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#tl-bars g.tl-month')].map((g) => [g.dataset.period, [+g.dataset.ukraine, +g.dataset.russia]]))")
    assert bars == {"2025-03": [100, 100], "2025-05": [400, 25], "2025-06": [150, 150], "2025-07": [120, 120],
                    "2025-08": [90, 90], "2025-09": [9000, 0]}  # fmt: skip
    cell = browser.evaluate("document.querySelector('#tl-table tr[data-period=\"2025-05\"] td[data-column=\"to_ukraine_bodies\"]').textContent")
    assert cell == "400"


@needs_chromium
def test_clicking_a_mark_opens_its_exchange_and_its_sources(browser: Browser, made_up_page: tuple) -> None:
    page, by = made_up_page
    cid = by["a1"].catalogue_id
    _open_timeline(browser, page)
    browser.click(f'g.tl-mark[data-exchange="{cid}"] rect.hit')
    card = f'#tl-detail .exchange-card[data-exchange="{cid}"]'
    browser.wait_for(f"!!document.querySelector('{card}')")
    assert browser.evaluate(f"document.querySelector('g.tl-mark[data-exchange=\"{cid}\"]').classList.contains('selected')")
    assert browser.evaluate(f"document.querySelectorAll('{card} button[data-source]').length") == 2
    assert f"exchange={cid}" in browser.evaluate("location.hash")
    browser.click(f'{card} button[data-source="a2"]')
    browser.wait_for("!document.getElementById('detail').hidden")
    assert browser.evaluate("document.querySelector('#records .record').dataset.eventId") == "a2"


@needs_chromium
def test_a_record_and_a_catalogue_row_open_their_exchange_on_the_timeline(browser: Browser, made_up_page: tuple) -> None:
    page, by = made_up_page
    cid = by["f1"].catalogue_id
    _open_timeline(browser, page, "view=articles&article=6")
    assert browser.evaluate("document.querySelector('#records .record').dataset.eventId") == "f1"
    browser.click(f'#records button[data-timeline="{cid}"]')
    browser.wait_for(f"!!document.querySelector('#tl-detail .exchange-card[data-exchange=\"{cid}\"]')")
    assert not browser.evaluate("document.getElementById('timeline').hidden")
    browser.click("#tab-exchanges")
    browser.click(f'#exchanges tr[data-exchange="{by["h1"].catalogue_id}"] button[data-timeline]')
    browser.wait_for(f"document.querySelector('g.tl-mark.selected')?.dataset.exchange === {json.dumps(by['h1'].catalogue_id)}")
    flags = browser.evaluate(f"[...document.querySelectorAll('#exchanges tr[data-exchange=\"{by['h1'].catalogue_id}\"] .flag')].map((f) => f.dataset.flag)")
    assert flags == ["large", "single_source"]


@needs_chromium
def test_an_outlier_is_flagged_on_its_mark_and_in_its_card(browser: Browser, made_up_page: tuple) -> None:
    page, by = made_up_page
    cid = by["h1"].catalogue_id
    _open_timeline(browser, page)
    mark = f'g.tl-mark[data-exchange="{cid}"]'
    assert browser.evaluate(f"document.querySelector('{mark}').dataset.flags").split() == ["large", "single_source"]
    assert browser.evaluate(f"document.querySelector('{mark} .tl-flags').textContent") == "▲"
    others = browser.evaluate("[...document.querySelectorAll('g.tl-mark.flag-large')].map((g) => g.dataset.exchange)")
    assert others == [cid]
    browser.click(f"{mark} rect.hit")
    browser.wait_for("!!document.querySelector('#tl-detail li.flag[data-flag=\"large\"]')")
    assert "9,000 prisoners of war" in browser.evaluate("document.querySelector('#tl-detail li.flag[data-flag=\"large\"]').textContent")


@needs_chromium
def test_the_filter_and_the_timeline_stay_in_step(browser: Browser, made_up_page: tuple) -> None:
    page, by = made_up_page
    _open_timeline(browser, page)
    browser.click('button.filter[data-filter="findings"]')
    dim = browser.evaluate("[...document.querySelectorAll('g.tl-mark')].filter((g) => !g.classList.contains('dim')).map((g) => g.dataset.exchange)")
    assert dim == [by["g1"].catalogue_id]
    assert browser.evaluate("document.getElementById('tl-count').textContent").startswith("1 of 8 exchanges")
    browser.click('button.filter[data-filter="all"]')
    assert browser.evaluate("document.querySelectorAll('g.tl-mark.dim').length") == 0
    # the selected article's exchange is outlined on the timeline
    _open_timeline(browser, page, "view=articles&article=5")
    browser.click("#tab-timeline")
    current = browser.evaluate("[...document.querySelectorAll('g.tl-mark.current')].map((g) => g.dataset.exchange)")
    assert current == [by["e1"].catalogue_id]


@needs_chromium
def test_hostile_mediator_and_outlet_run_nothing(browser: Browser, tmp_path: Path) -> None:
    records = [_record("evil", "2025-04-01", [("ukraine", POW, 12)], outlet=HOSTILE_OUTLET, mediators=[HOSTILE_MEDIATOR])]
    page, entries = _page(tmp_path, records)
    _open_timeline(browser, page)
    browser.click(f'g.tl-mark[data-exchange="{entries[0].catalogue_id}"] rect.hit')
    browser.wait_for("!!document.querySelector('#tl-detail .exchange-card')")
    text = browser.evaluate("document.getElementById('tl-detail').textContent")
    assert HOSTILE_MEDIATOR in text and HOSTILE_OUTLET in text
    assert browser.evaluate("document.querySelectorAll('#timeline img, #timeline script').length") == 0
    browser.click('#tl-detail button[data-source="evil"]')
    browser.wait_for("!document.getElementById('detail').hidden")
    assert browser.evaluate("window.__pwned === undefined && document.title !== 'pwned'")


def _bench():
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_review", ROOT / "benchmarks" / "bench_review.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    return bench


def _ready_ms(b: Browser, page: Path, fragment: str = "", runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        _open_timeline(b, page, fragment)
        times.append(b.evaluate("window.__reviewReady"))
    return sorted(times)[runs // 2]


@needs_chromium
def test_two_thousand_articles_with_the_timeline_open_within_twice_the_time(browser: Browser, tmp_path: Path) -> None:
    from extractor.catalogue import read_records

    events = _bench().generate_run(tmp_path, 2000)
    plain, with_catalogue = tmp_path / "plain.html", tmp_path / "timeline.html"
    review(events, plain, base_dir=tmp_path)
    entries = build_catalogue(read_records(events))
    write_catalogue(entries, tmp_path / "catalogue.jsonl")
    review(events, with_catalogue, catalogue=tmp_path / "catalogue.jsonl", base_dir=tmp_path)
    before, after = _ready_ms(browser, plain), _ready_ms(browser, with_catalogue)
    assert after < 2 * before, f"the page with a catalogue opened in {after:.0f} ms, without in {before:.0f} ms"
    on_timeline = _ready_ms(browser, with_catalogue, "view=timeline", runs=1)
    assert browser.evaluate("document.querySelectorAll('g.tl-mark').length") == len(entries)
    assert on_timeline < 5000, f"opening on the timeline took {on_timeline:.0f} ms (target about 1 s, see the benchmark)"


@pytest.mark.parametrize("seed", range(5))
def test_median_without_one_value_is_the_median_of_the_rest(seed: int) -> None:
    import random
    import statistics

    from extractor.timeline import _median_without

    rng = random.Random(seed)
    values = sorted(rng.randrange(50) for _ in range(rng.randrange(2, 30)))
    for v in set(values):
        rest = list(values)
        rest.remove(v)
        assert _median_without(values, v) == statistics.median(rest)
