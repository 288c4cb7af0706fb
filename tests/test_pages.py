"""Saved web pages (tests/data/html, all made up): the records are those of the story alone.

Every page is in a style people save (a wire story, a live blog, sidebars and related links naming
other exchanges, captions and a correction note, AMP, a page in a legacy charset); each names other
exchanges in its boxes, which must not become events. Every number of these stories is decided by
its words: the fake model must never be asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.articles import article_text, read_article
from extractor.cli import app
from extractor.errors import InputError
from extractor.extract import extract_article
from extractor.pages import decode_page, page_date, read_page
from extractor.review import build_review_data

from .conftest import ROOT
from .test_events import FakeModel, sides

PAGES = ROOT / "tests" / "data" / "html"
UA, RU = "ukraine", "russia"
POW, BODIES, CIV = "prisoners_of_war", "bodies", "civilians"
runner = CliRunner()

CORPUS = [
    pytest.param("wire-story.html", "2025-03-21", "Global Wire Service", {(UA, BODIES, 602), (RU, BODIES, 41)}, id="wire"),
    pytest.param("live-blog.html", "2025-05-06", "Daily Courier", {(UA, POW, 115), (RU, POW, 115)}, id="live-blog"),
    pytest.param("sidebars-and-related.html", "2025-08-14", "The Northern Ledger", {(UA, POW, 84), (RU, POW, 84)},
                 id="sidebars-and-related"),
    pytest.param("caption-and-correction.html", "2025-06-20", "Riverside Tribune", {(UA, BODIES, 212), (RU, BODIES, 19)},
                 id="caption-and-correction"),
    pytest.param("amp-page.html", "2025-05-24", "Eastgate News", {(UA, POW, 123), (RU, POW, 123)}, id="amp"),
    pytest.param("windows-1251.html", "2025-09-03", "Северный вестник", {(UA, CIV, 17)}, id="windows-1251"),
    pytest.param("iso-8859-1.html", "2025-04-11", "Le Petit Observateur", {(UA, CIV, 28)}, id="iso-8859-1"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "published", "outlet", "expected"), CORPUS)
def test_each_saved_page_gives_the_story_alone(name: str, published: str, outlet: str, expected: set) -> None:
    article = read_article(PAGES / name)
    assert (article.published, article.published_source, article.outlet) == (date.fromisoformat(published), "page", outlet)
    model = FakeModel()
    records = [json.loads(r.to_json()) for r in extract_article(article, model.client(), retries=0).records]
    assert model.calls == []
    assert [(r["mention"], sides(r)) for r in records] == [("primary", expected)]
    for r in records:
        assert r["article"]["published"] == published and r["article"]["outlet"] == outlet
        assert r["validation"]["status"] == "ok"
        for t in r["transfers"]:
            assert article.text[t["evidence"]["start"] : t["evidence"]["end"]] == t["evidence"]["quote"]


@pytest.mark.parametrize(
    ("name", "kept", "dropped"),
    [
        ("sidebars-and-related.html", "brings home 84 soldiers", ["Trending", "390", "909", "205", "1,200", "Privacy"]),
        ("caption-and-correction.html", "Correction, 22 June 2025", ["500 bodies", "620", "Photo:", "909", "150 POWs"]),
        ("wire-story.html", "KYIV, March 21 (GWS)", ["175", "757", "Sign in", "quotes delayed"]),
        ("amp-page.html", "123-for-123", ["1,200", "80 Russian", "Video", "amp-start"]),
        ("live-blog.html", "Talks in Geneva", ["Most viewed", "300 soldiers", "909"]),
        ("windows-1251.html", "Ясна Поляна", ["Главная", "Читайте", "84 prisoners"]),
        ("iso-8859-1.html", "Ukraine’s ombudsman said, after talks in a café", ["Accueil", "À lire", "390"]),
    ],
)
def test_boilerplate_is_dropped_and_the_story_kept(name: str, kept: str, dropped: list[str]) -> None:
    text = read_article(PAGES / name).text
    assert kept in text
    assert [d for d in dropped if d in text] == []


def test_the_headline_is_the_first_line_once() -> None:
    text = read_article(PAGES / "sidebars-and-related.html").text
    assert text.splitlines()[0] == "Ukraine brings home 84 soldiers, Russia receives 84"
    assert text.count("Ukraine brings home 84 soldiers, Russia receives 84") == 1
    page = read_page("<html><head><title>Kyiv gets 40 back</title></head><body><article><p>Text of the story here."
                     "</p></article></body></html>")  # fmt: skip
    assert page.text.splitlines()[0] == "Kyiv gets 40 back"


def test_issue_page_end_to_end_one_event_dated_from_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's page, without --published, replayed on an empty cassette folder: no model answer is needed."""
    shutil.copy(PAGES / "sidebars-and-related.html", tmp_path / "page.html")
    (tmp_path / "cassettes").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", "page.html", "-o", "ev.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["mention"] == "primary" and sides(record) == {(UA, POW, 84), (RU, POW, 84)}
    assert record["article"]["published"] == "2025-08-14" and record["date"]["value"] == "2025-08-14"
    (entry,) = [json.loads(line) for line in (tmp_path / "ev.articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["status"], entry["model_calls"], entry["published"]) == ("ok", 0, "2025-08-14")
    # validate and review read the page through the same function: the offsets hold
    assert runner.invoke(app, ["validate", "ev.jsonl"]).exit_code == 0
    data = build_review_data(tmp_path / "ev.jsonl", base_dir=tmp_path)
    (shown,) = data["articles"]
    assert shown["highlights"] and shown["text"] == read_article(Path("page.html")).text


def test_a_page_without_main_text_fails_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(PAGES / "no-main-text.html", tmp_path / "paywall.html")
    shutil.copy(PAGES / "wire-story.html", tmp_path / "story.html")
    (tmp_path / "cassettes").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", ".", "-o", "ev.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1
    log = {e["path"]: e for e in map(json.loads, (tmp_path / "ev.articles.jsonl").read_text(encoding="utf-8").splitlines())}
    assert log["story.html"]["status"] == "ok"
    assert log["paywall.html"]["status"] == "failed" and "no main text in the page" in log["paywall.html"]["error"]


def test_a_parser_failure_is_one_line_for_that_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str) -> None:
        raise ValueError("lxml gave up")

    monkeypatch.setattr("extractor.pages.read_page", broken)
    with pytest.raises(InputError, match="the page cannot be parsed: ValueError: lxml gave up"):
        article_text(b"<html><body><p>Russia returned 240 bodies.</p></body></html>", Path("p.html"))


# --------------------------------------------------------------------------- publication date and outlet


def _page(meta: str = "", body: str = "<p>Russia returned 240 bodies of soldiers to Ukraine on Friday.</p>") -> str:
    return f"<html><head><title>T</title>{meta}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta property="article:published_time" content="2025-08-14T23:50:00-05:00">', "2025-08-14"),
        ('<meta itemprop="datePublished" content="2024-02-29">', "2024-02-29"),
        ('<meta name="pubdate" content="2025-01-02">', "2025-01-02"),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle", '
         '"datePublished": "2025-03-04T10:00:00Z"}]}</script>', "2025-03-04"),
        ('<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"datePublished": '
         '"2025-05-07"}], "datePublished": "2025-05-06"}</script>', "2025-05-06"),
        ('<script type="application/ld+json">{not json</script><meta name="date" content="2025-06-01">', "2025-06-01"),
        ('<meta property="article:modified_time" content="2025-06-22">', None),
        ('<meta property="article:published_time" content="Thursday">', None),
        ("", None),
    ],
    ids=["article-meta", "itemprop", "pubdate", "json-ld-graph", "live-blog-own-not-update", "broken-json-ld",
         "modified-only", "not-a-date", "none"],
)  # fmt: skip
def test_page_date_from_its_metadata_only(meta: str, expected: str | None) -> None:
    from trafilatura.utils import load_html

    assert page_date(load_html(_page(meta))) == expected


def test_a_date_in_the_text_time_element_or_address_is_not_the_publication_date() -> None:
    from trafilatura.utils import load_html

    html = _page('<link rel="canonical" href="https://x.example/2025/07/09/story">',
                 '<time datetime="2025-07-09">9 July</time><p>Posted 2025-07-09. Russia returned 240 bodies.</p>')  # fmt: skip
    assert page_date(load_html(html)) is None


@pytest.mark.parametrize(
    ("flag", "front", "manifest", "expected"),
    [
        (date(2025, 1, 5), True, True, (date(2025, 1, 5), "flag")),
        (None, True, True, (date(2025, 2, 6), "header")),
        (None, False, True, (date(2025, 3, 7), "manifest")),
        (None, False, False, (date(2025, 8, 14), "page")),
    ],
    ids=["flag", "first-lines", "manifest", "page"],
)
def test_publication_date_order(tmp_path: Path, flag: date | None, front: bool, manifest: bool, expected: tuple) -> None:
    html = (PAGES / "sidebars-and-related.html").read_text(encoding="utf-8")
    if front:
        html = html.replace("<article>", "<article><p>Published: 2025-02-06</p>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    if manifest:
        (tmp_path / "manifest.csv").write_text("file,published,outlet\np.html,2025-03-07,Manifest Outlet\n", encoding="utf-8")
    article = read_article(tmp_path / "p.html", published=flag, root=tmp_path)
    assert (article.published, article.published_source) == expected
    assert article.outlet == ("Manifest Outlet" if manifest else "The Northern Ledger")


@pytest.mark.parametrize("value", ["2025-02-30", "1850-01-01"])
def test_an_impossible_page_date_leaves_the_date_null(tmp_path: Path, value: str) -> None:
    path = tmp_path / "p.html"
    path.write_text(_page(f'<meta property="article:published_time" content="{value}">'), encoding="utf-8")
    article = read_article(path)
    assert (article.published, article.published_source) == (None, None)


# --------------------------------------------------------------------------- charsets


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('<meta charset="windows-1251"><p>Киев</p>'.encode("cp1251"), "Киев"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\x93caf\xe9\x94</p>', "“café”"),
        ("<p>Київ</p>".encode("utf-8"), "Київ"),
        (b"\xef\xbb\xbf<meta charset='windows-1251'><p>\xd0\x9a</p>", "К"),  # the BOM wins over the meta tag
    ],
    ids=["meta-charset", "http-equiv-latin1-as-cp1252", "utf-8-default", "bom-first"],
)
def test_decode_page_by_its_declared_charset(raw: bytes, expected: str) -> None:
    assert expected in decode_page(raw, "p.html")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'<meta charset="klingon-8"><p>x</p>', "unknown charset 'klingon-8'"),
        (b'<meta charset="utf-8"><p>caf\xe9</p>', "not valid utf-8 text"),
        (b"<p>caf\xe9</p>", "not UTF-8 text"),
    ],
)
def test_undecodable_page_is_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        article_text(raw, Path("p.html"))


# --------------------------------------------------------------------------- text input and speed


def test_text_runs_do_not_import_the_page_reader(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia returned 240 bodies of soldiers to Ukraine on Friday.\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from extractor.articles import read_article; "
            f"read_article(Path({str(tmp_path / 'a.txt')!r})); print('trafilatura' in sys.modules)")  # fmt: skip
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


@pytest.mark.parametrize(("flag", "source"), [([], "page"), (["--published", "2025-08-15"], "flag")])
def test_the_articles_log_says_where_the_date_came_from(tmp_path: Path, flag: list[str], source: str) -> None:
    page = tmp_path / "page.html"
    shutil.copy(ROOT / "tests" / "data" / "html" / "sidebars-and-related.html", page)
    out = tmp_path / "ev.jsonl"
    result = CliRunner().invoke(app, ["extract", str(page), "-o", str(out), *flag])
    assert result.exit_code == 0, result.output
    [entry] = [json.loads(line) for line in (tmp_path / "ev.articles.jsonl").read_text().splitlines()]
    assert entry["published_source"] == source
