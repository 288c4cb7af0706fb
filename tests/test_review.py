"""The review page (``extractor review``): data, escaping, and what a person sees in headless Chromium.

Browser tests drive the system's ``chromium`` (Debian package; ``.ci/run``
installs it) over the DevTools protocol (``tests/browser_helpers.py``) and
skip with a reason when it is missing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.catalogue import build_catalogue, write_catalogue
from extractor.cli import app
from extractor.errors import InputError
from extractor.review import build_review_data, json_for_script, locate, review

from .browser_helpers import Browser, find_chromium
from .conftest import CASSETTES, GOLD, ROOT, SEEDS

RECORDED = CASSETTES / "recorded-events.jsonl"
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="chromium not installed (apt-get install chromium)")
HOSTILE = (
    "Headline <script>document.title='pwned';window.__pwned=1</script> and more.\n"
    'Russia returned 12 <img src=x onerror="window.__pwned=2;document.title=\'pwned\'"> soldiers to Ukraine.\n'
    "Tail </script><script>window.__pwned=3</script> <!-- end --> &amp; done.\n"
)


def _seed_lines(path: Path) -> list[str]:
    """The recording's lines about the seeds (it also holds the made-up articles of tests/data/articles)."""
    return [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if '"seeds/' in line]


def _planted(lines: list[str], folder: Path) -> list[str]:
    """The seeds' records with one planted error each in 001 and 004 (Russia's transfer said to go to Ukraine),
    validated as ``extractor validate`` would: findings for the page to show."""
    from extractor.models import EventRecord
    from extractor.validate import validate_record, with_validation

    out = []
    for line in lines:
        record = EventRecord.model_validate_json(line)
        if record.article.path.startswith(("seeds/001", "seeds/004")):
            russia = next(t for t in record.transfers if t.to == "russia")
            russia.to = "ukraine"
            text = (folder / record.article.path).read_text(encoding="utf-8")
            record = with_validation(record, validate_record(record, text))
            line = record.to_json() + "\n"
        out.append(line)
    return out


def _seeds_run(folder: Path, lines: list[str] | None = None) -> Path:
    """The seeds with the recorded events (relative paths ``seeds/...``) and a catalogue, in ``folder``."""
    shutil.copytree(SEEDS, folder / "seeds")
    out = folder / "out"
    out.mkdir()
    events = out / "events.jsonl"
    events.write_text("".join(lines if lines is not None else _planted(_seed_lines(RECORDED), folder)), encoding="utf-8")
    (out / "events.articles.jsonl").write_text("".join(_seed_lines(CASSETTES / "recorded-events.articles.jsonl")), encoding="utf-8")
    from extractor.catalogue import read_records

    write_catalogue(build_catalogue(read_records(events)), out / "catalogue.jsonl")
    return events


def _hostile_run(folder: Path) -> Path:
    raw = HOSTILE.encode("utf-8")
    (folder / "evil.txt").write_bytes(raw)
    start = HOSTILE.index("Russia returned")
    quote = HOSTILE[start : HOSTILE.index(" to Ukraine") + len(" to Ukraine")]
    record = {
        "schema": "exchange-event/1", "event_id": "<b>evil</b>",
        "article": {"path": "evil.txt", "sha256": hashlib.sha256(raw).hexdigest(), "published": None,
                    "outlet": "<img src=x onerror=\"window.__pwned=4\">"},
        "kind": "prisoner_exchange", "mention": "primary",
        "date": {"value": None, "precision": "unknown", "text": "<script>", "basis": "unresolved"},
        "transfers": [{"to": "ukraine", "category": "prisoners_of_war", "count": 12,
                       "evidence": {"quote": quote, "start": start, "end": start + len(quote)}}],
        "mediators": ["</script><script>window.__pwned=5</script>"], "agreement": "<svg onload=\"window.__pwned=6\">",
        "validation": {"status": "warning", "issues": [{"code": "corrected_direction", "severity": "warning",
                       "message": "<img src=x onerror=\"window.__pwned=7\">", "field": "transfers[0].count"}]},
        "provenance": {"backend": "local", "model": "m", "prompt_hash": "0", "tool_version": "0"},
    }  # fmt: skip
    log = {"schema": "exchange-article/1", "path": "<script>window.__pwned=8</script>.txt", "status": "failed",
           "error": "<img src=x onerror=\"window.__pwned=9\">"}  # fmt: skip
    events = folder / "events.jsonl"
    events.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "events.articles.jsonl").write_text(json.dumps(log) + "\n", encoding="utf-8")
    return events


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("seeds-review")
    events = _seeds_run(folder)
    page = folder / "review.html"
    review(events, page, catalogue=events.parent / "catalogue.jsonl", gold=GOLD, base_dir=folder)
    return page, build_review_data(events, gold=GOLD, base_dir=folder)


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium)")
    with Browser(width=1400, height=900) as b:
        yield b


def _open(b: Browser, page: Path, fragment: str = "") -> None:
    b.open("about:blank")
    b.open(page, fragment)
    b.wait_for("window.__reviewReady")


def _article_index(data: dict, name: str) -> int:
    return next(a["index"] for a in data["articles"] if a["name"] == name)


# --------------------------------------------------------------------------- without a browser


def test_json_for_script_cannot_end_its_block() -> None:
    text = json_for_script({"x": "</script><!-- <script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- <script> & \u2028"}


def test_locate_keeps_good_offsets_and_finds_shifted_quotes() -> None:
    text = "abc Russia returned 5 soldiers. Russia returned 5 soldiers again"
    assert locate(text, "Russia returned 5", 4, 21) == ([4, 21], None)
    span, note = locate(text, "Russia returned 5", 30, 47)
    assert span == [32, 49] and "do not hold" in note
    assert locate(text, "not there", 0, 9) == (None, "the evidence quote is not in the article")


def test_page_is_self_contained_and_data_is_escaped(seeds_page: tuple[Path, dict], tmp_path: Path) -> None:
    html = seeds_page[0].read_text(encoding="utf-8")
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", html, re.IGNORECASE), "no external resource, not even a relative one"
    assert "@import" not in html and "url(" not in html
    assert "default-src &#39;none&#39;" in html, "a Content-Security-Policy forbids any network access"
    page = tmp_path / "evil.html"
    review(_hostile_run(tmp_path), page, base_dir=tmp_path)
    hostile = page.read_text(encoding="utf-8")
    assert hostile.count("<script") == 2, "only the data block and the page's own script"
    assert "<img" not in hostile and "<svg" not in hostile


def test_seeds_data_has_spans_findings_and_gold(seeds_page: tuple[Path, dict]) -> None:
    data = seeds_page[1]
    texts = {a["index"]: a["text"] for a in data["articles"]}
    for r in data["records"]:
        for t in r["transfers"]:
            assert t["span"] == [t["start"], t["end"]] and texts[r["article"]][slice(*t["span"])] == t["quote"]
            assert t["basis"] == "text" and t["rules"], "the page carries what decided each transfer"
        if r["date"]["text"]:
            assert texts[r["article"]][slice(*r["date_span"])].lower() == r["date"]["text"].lower()
        assert r["gold"]["status"] == "found"
    assert data["meta"]["gold"] == {"found": 8, "missed": 0, "invented": 0}  # the planted sides still match on counts
    planted = [i for r in data["records"] for i in r["issues"] if i["code"] == "direction_contradicts_text"]
    assert len(planted) == 2 and all(i["target"] is not None for i in planted), "each finding points at words"


def test_missing_or_changed_article_gets_a_notice_not_highlights(tmp_path: Path) -> None:
    events = _seeds_run(tmp_path)
    (tmp_path / "seeds" / "000_2018ebf989d5b3f6.txt").write_text("changed", encoding="utf-8")
    (tmp_path / "seeds" / "001_a6b9e04f53b9bd7a.txt").unlink()
    data = build_review_data(events, base_dir=tmp_path)
    arts = {a["name"]: a for a in data["articles"]}
    assert not arts["000_2018ebf989d5b3f6.txt"]["highlights"] and "changed" in arts["000_2018ebf989d5b3f6.txt"]["notice"]
    assert arts["001_a6b9e04f53b9bd7a.txt"]["text"] is None and "not found" in arts["001_a6b9e04f53b9bd7a.txt"]["notice"]
    assert arts["002_cd8d3e5dbb996d72.txt"]["highlights"]
    assert data["meta"]["unreadable"] == 2


def test_gold_marks_missed_and_invented(tmp_path: Path) -> None:
    lines = _seed_lines(RECORDED)
    bent = json.loads(lines[1])
    for t in bent["transfers"]:
        t["count"] += 7  # no longer shares a (to, count) with any gold mention
    events = _seeds_run(tmp_path, [lines[0], json.dumps(bent) + "\n", *lines[3:]])
    data = build_review_data(events, gold=GOLD, base_dir=tmp_path)
    assert data["meta"]["gold"] == {"found": 6, "missed": 2, "invented": 1}
    invented = [r for r in data["records"] if r["gold"]["status"] == "invented"]
    assert [r["event_id"] for r in invented] == [bent["event_id"]]
    missed = {m["event"] for a in data["articles"] for m in a["missed"]}
    assert missed == {"2025-11-20-bodies", "2026-02-26-bodies"}


def test_cli_review_writes_the_page_and_reports_bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = _seeds_run(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["review", str(events), "-o", "page/review.html", "--gold", str(GOLD),
                                 "--catalogue", str(events.parent / "catalogue.jsonl")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page" / "review.html").stat().st_size > 10_000
    assert "8 record(s) from 5 article(s)" in result.output
    missing = runner.invoke(app, ["review", "nope.jsonl"])
    assert missing.exit_code == 1 and "records file not found" in missing.output
    (tmp_path / "bad.jsonl").write_text('{"not": "an entry"}\n', encoding="utf-8")
    bad = runner.invoke(app, ["review", str(events), "--catalogue", "bad.jsonl"])
    assert bad.exit_code == 1 and "bad.jsonl:1" in bad.output and "Traceback" not in bad.output


def test_bad_catalogue_raises_input_error(tmp_path: Path) -> None:
    events = _seeds_run(tmp_path)
    (tmp_path / "cat.jsonl").write_text("[1]\n", encoding="utf-8")
    with pytest.raises(InputError):
        review(events, tmp_path / "r.html", catalogue=tmp_path / "cat.jsonl", base_dir=tmp_path)


# --------------------------------------------------------------------------- in Chromium

_SPAN_TEXT = (
    "(id => [...document.querySelectorAll(`mark[data-span=\"${id}\"]`)].map(m => m.textContent).join(''))"
)


@needs_chromium
def test_spans_are_highlighted_at_the_quoted_words(browser: Browser, seeds_page: tuple[Path, dict]) -> None:
    page, data = seeds_page
    _open(browser, page)
    for a in data["articles"]:
        browser.click(f'#articles li[data-article="{a["index"]}"]')
        assert browser.evaluate("document.querySelector('#articles li.selected').dataset.article") == str(a["index"])
        for ri in a["records"]:
            r = data["records"][ri]
            assert browser.evaluate(f"!!document.querySelector('.record[data-record=\"{ri}\"]')")
            for k, t in enumerate(r["transfers"]):
                assert browser.evaluate(f"{_SPAN_TEXT}('r{ri}:t{k}')") == t["quote"]
                side = browser.evaluate(f"getComputedStyle(document.querySelector('mark[data-span=\"r{ri}:t{k}\"]')).backgroundColor")
                assert side == ("rgb(219, 232, 255)" if t["to"] == "ukraine" else "rgb(255, 225, 209)")
                shown = browser.evaluate(
                    f"[...document.querySelectorAll('.record[data-record=\"{ri}\"] li[data-transfer=\"{k}\"] .basis, "
                    f".record[data-record=\"{ri}\"] li[data-transfer=\"{k}\"] .rules')].map(e => e.textContent)"
                )  # what decided it: the basis and the rules, as on the record
                assert shown[0] == f"decided by {t['basis']}" and all(rule in shown[1] for rule in t["rules"])
            if r["total"]:
                assert browser.evaluate(f"{_SPAN_TEXT}('r{ri}:total')") == r["total"]["quote"]
            if r["date"]["text"]:
                assert browser.evaluate(f"{_SPAN_TEXT}('r{ri}:date')").lower() == r["date"]["text"].lower()


@needs_chromium
def test_a_finding_is_visible_on_its_record_and_its_span(browser: Browser, seeds_page: tuple[Path, dict]) -> None:
    page, data = seeds_page
    ai = _article_index(data, "004_0b0920e8a899cf6c.txt")
    _open(browser, page, f"article={ai}")
    ri = data["articles"][ai]["records"][0]
    issue = browser.evaluate(
        f"(() => {{ const e = document.querySelector('.record[data-record=\"{ri}\"] .issue[data-code=direction_contradicts_text]');"
        " const r = e.getBoundingClientRect(); return {text: e.innerText, h: r.height, visible: !!e.offsetParent}; })()"
    )
    assert issue["visible"] and issue["h"] > 0
    assert "ERROR" in issue["text"] and "says russia received it" in issue["text"]
    field = next(i["field"] for i in data["records"][ri]["issues"] if i["code"] == "direction_contradicts_text")
    t = int(field.split("[")[1].split("]")[0])  # "transfers[1].to": the transfer the finding is about
    mark = browser.evaluate(
        f"(() => {{ const m = document.querySelector('mark[data-span=\"r{ri}:t{t}\"]');"
        " return {cls: m.className, codes: m.dataset.codes, title: m.title}; })()"
    )
    assert "has-issue" in mark["cls"] and "direction_contradicts_text" in mark["codes"]
    assert "direction_contradicts_text" in mark["title"]
    browser.click(f'.record[data-record="{ri}"] .issue[data-code=direction_contradicts_text] button.show')
    assert browser.evaluate(f"document.querySelector('mark[data-span=\"r{ri}:t{t}\"]').classList.contains('flash')")


@needs_chromium
def test_filter_keeps_records_with_errors_or_warnings(browser: Browser, seeds_page: tuple[Path, dict]) -> None:
    page = seeds_page[0]
    _open(browser, page)
    visible = "[...document.querySelectorAll('#articles li')].filter(li => li.offsetParent).map(li => li.textContent)"
    assert len(browser.evaluate(visible)) == 5
    browser.click('button.filter[data-filter="findings"]')
    names = browser.evaluate(visible)
    assert [n[:3] for n in names] == ["001", "004"]
    cards = browser.evaluate("[...document.querySelectorAll('.record')].map(r => r.className)")
    assert cards and all("st-warning" in c or "st-error" in c for c in cards)
    assert "filter=findings" in browser.evaluate("location.hash")
    browser.click('button.filter[data-filter="all"]')
    assert len(browser.evaluate(visible)) == 5


@needs_chromium
def test_hostile_article_shows_its_text_and_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    review(_hostile_run(tmp_path), page, base_dir=tmp_path)
    _open(browser, page, "article=1")  # 0 is the failed article (the log comes first)
    assert browser.evaluate("document.title") == f"Review: {tmp_path / 'events.jsonl'}"
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    text = browser.evaluate("document.getElementById('article-text').textContent")
    assert "<script>document.title='pwned'" in text and "<img src=x onerror=" in text
    assert browser.evaluate(f"{_SPAN_TEXT}('r0:t0')").startswith("Russia returned 12 <img")
    body = browser.evaluate("document.body.innerText")
    assert "</script><script>window.__pwned=5</script>" in body and '<svg onload="window.__pwned=6">' in body
    assert browser.evaluate("document.querySelectorAll('#layout img, #layout svg, #layout script').length") == 0
    browser.click('#articles li[data-article="0"]')  # the failed article with a hostile path and reason
    assert "Failed: <img src=x" in browser.evaluate("document.getElementById('detail').innerText")
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.title") == f"Review: {tmp_path / 'events.jsonl'}"


@needs_chromium
def test_catalogue_sources_link_to_their_records(browser: Browser, seeds_page: tuple[Path, dict]) -> None:
    page, data = seeds_page
    _open(browser, page)
    browser.click("#tab-exchanges")
    assert browser.evaluate("document.querySelectorAll('#exchanges tbody tr').length") == 6
    rec = next(r for r in data["records"] if r["kind"] == "prisoner_exchange")  # 003's prisoner swap
    browser.click(f'#exchanges button[data-source="{rec["event_id"]}"]')
    ri = data["records"].index(rec)
    assert browser.evaluate("document.getElementById('detail').hidden") is False
    assert browser.evaluate(f"!!document.querySelector('.record[data-record=\"{ri}\"]').offsetParent")
    assert browser.evaluate("document.querySelector('#articles li.selected').dataset.article") == str(rec["article"])


@needs_chromium
def test_screenshot_of_the_seeds_page(browser: Browser, seeds_page: tuple[Path, dict], tmp_path: Path) -> None:
    page, data = seeds_page
    _open(browser, page, f"article={_article_index(data, '004_0b0920e8a899cf6c.txt')}")
    png = browser.screenshot(tmp_path / "seeds.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (1400, 900)
    assert len(png) > 20_000, "a blank page compresses to a few kB"


@needs_chromium
def test_big_run_renders_on_demand(browser: Browser, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_review", ROOT / "benchmarks" / "bench_review.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    events = bench.generate_run(tmp_path, 2000)
    review(events, tmp_path / "big.html", base_dir=tmp_path)
    _open(browser, tmp_path / "big.html")
    assert browser.evaluate("document.querySelectorAll('#articles li').length") == 2000
    assert browser.evaluate("document.querySelectorAll('.article-text').length") == 1, "one article's text at a time"
    assert browser.evaluate("window.__reviewReady") < 5000, "the page must open fast (target < 2 s, see the benchmark)"
