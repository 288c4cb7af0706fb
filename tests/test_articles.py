"""Tests of extractor.articles: inputs, text, HTML, publication dates, manifests, errors."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from extractor.articles import Article, article_text, collect_inputs, parse_iso_date, read_article
from extractor.errors import InputError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BODY = "Moscow handed back 240 bodies of soldiers.\nKyiv returned 18.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# ---------------------------------------------------------------------------
# collect_inputs
# ---------------------------------------------------------------------------


def test_collect_inputs_expands_folders_recursively_sorted_and_keeps_files_as_given(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.txt", BODY)
    write(root / "a.md", BODY)
    write(root / "sub" / "c.HTML", "<p>x</p>")
    write(root / "sub" / "d.htm", "<p>x</p>")
    write(root / "manifest.csv", "file,published\n")
    write(root / "notes.pdf", b"%PDF")
    write(root / "noext", "text")
    single = write(tmp_path / "odd.dat", BODY)
    missing = tmp_path / "missing.txt"

    found = collect_inputs([root, single, missing])

    assert found == [
        root / "a.md",
        root / "b.txt",
        root / "sub" / "c.HTML",
        root / "sub" / "d.htm",
        single,  # a file given by name is taken whatever its suffix
        missing,  # and a missing one fails later, when read
    ]


def test_collect_inputs_keeps_relative_paths_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "arts" / "one.txt", BODY)
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in collect_inputs([Path("arts")])] == [str(Path("arts") / "one.txt")]


def test_seed_folder_lists_the_five_seed_articles() -> None:
    names = [p.name for p in collect_inputs([SEEDS])]
    assert len(names) == 5
    assert names == sorted(names)
    assert all(n.endswith(".txt") for n in names)


# ---------------------------------------------------------------------------
# text, HTML, front matter
# ---------------------------------------------------------------------------


def test_plain_text_is_kept_verbatim_and_hashed_over_the_raw_bytes(tmp_path: Path) -> None:
    raw = ("\ufeff" + BODY).encode("utf-8")
    path = write(tmp_path / "a.txt", raw)
    art = read_article(path)
    assert isinstance(art, Article)
    assert art.text == BODY  # BOM removed, nothing else changed
    assert art.sha256 == hashlib.sha256(raw).hexdigest()
    assert art.path == str(path)
    assert art.published is None and art.published_source is None and art.outlet is None


def page_text(html: str) -> str:
    return article_text(html.encode("utf-8"), Path("page.html"))[0]


def test_html_is_reduced_to_its_main_text_lines() -> None:
    html = (
        "<html><head><title>Russia returns bodies</title><style>p{color:red}</style></head>"
        "<body><script>var x = '240 bodies';</script><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<article><h1>Russia returns   bodies</h1><p>Ukraine received <b>240</b> bodies&nbsp;&amp; 18 went back.</p>"
        "<p>The sides met at the border.</p></article><noscript>enable js</noscript></body></html>"
    )
    assert page_text(html) == "Russia returns bodies\nUkraine received 240 bodies & 18 went back.\nThe sides met at the border."


def test_html_keeps_trailing_text_with_an_ampersand() -> None:
    assert page_text("<html><body><p>Ask Q&A") == "Ask Q&A"
    assert page_text("<html><body><p>first</p><p>Deal with AT&T</p></body></html>") == "first\nDeal with AT&T"


def test_html_with_unclosed_head_keeps_the_body() -> None:
    html = "<html><head><title>T</title><body><p>Russia returned 240 bodies.</p></body></html>"
    assert page_text(html).splitlines()[-1] == "Russia returned 240 bodies."


def test_read_article_html_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.html", "<html><body><p>Published: 2024-03-08</p><p>Russia returned 240 bodies.</p></body></html>")
    art = read_article(path)
    assert art.text == "Published: 2024-03-08\nRussia returned 240 bodies."
    assert art.published == date(2024, 3, 8) and art.published_source == "header"


def test_front_matter_is_removed_and_gives_the_date(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\ntitle: x\npublished: 2024-03-08\n---\n" + BODY)
    art = read_article(path)
    assert art.text == BODY
    assert art.published == date(2024, 3, 8)
    assert art.published_source == "header"


@pytest.mark.parametrize("line", ["date: 2024-02-29", 'published: "2024-02-29"', "Publication Date: '2024-02-29'"])
def test_front_matter_date_spellings(tmp_path: Path, line: str) -> None:
    path = write(tmp_path / "a.md", f"---\r\n{line}\r\n---\r\n{BODY}")
    art = read_article(path)
    assert art.published == date(2024, 2, 29)
    assert art.text == BODY


def test_front_matter_without_a_date_gives_none_and_ignores_body_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\ntitle: x\n---\nPublished: 2025-01-02\n" + BODY)
    text, found = article_text(path.read_bytes(), path)
    assert found.header_date is None
    assert text == "Published: 2025-01-02\n" + BODY


def test_header_line_in_the_first_five_lines_is_kept_in_the_text(tmp_path: Path) -> None:
    content = "Headline\nBy a reporter\nPublished: 2024-05-16\n" + BODY
    art = read_article(write(tmp_path / "a.txt", content))
    assert art.published == date(2024, 5, 16)
    assert art.text == content  # offsets refer to the whole text


def test_header_line_after_line_five_is_not_a_date(tmp_path: Path) -> None:
    content = "1\n2\n3\n4\n5\nPublished: 2024-05-16\n" + BODY
    assert read_article(write(tmp_path / "a.txt", content)).published is None


def test_date_in_running_text_is_not_a_header(tmp_path: Path) -> None:
    content = "The exchange was published: 2024-05-16 by officials.\n" + BODY
    assert read_article(write(tmp_path / "a.txt", content)).published is None


def test_invalid_header_date_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Published: 2025-02-30\n" + BODY)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.path == str(path)
    assert "2025-02-30" in info.value.message


def test_parse_iso_date() -> None:
    assert parse_iso_date(" 2024-03-08 ", where="x") == date(2024, 3, 8)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_iso_date("08/03/2024", where="somewhere")


# ---------------------------------------------------------------------------
# publication date priority and manifest
# ---------------------------------------------------------------------------


def test_flag_wins_over_header_and_manifest(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "file,published,outlet\na.txt,2020-01-01,BBC\n")
    path = write(tmp_path / "a.txt", "Published: 2021-01-01\n" + BODY)
    art = read_article(path, published=date(2022, 2, 2), root=tmp_path)
    assert (art.published, art.published_source, art.outlet) == (date(2022, 2, 2), "flag", "BBC")


def test_header_wins_over_manifest(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "file,published,outlet\na.txt,2020-01-01,BBC\n")
    art = read_article(write(tmp_path / "a.txt", "Published: 2021-01-01\n" + BODY), root=tmp_path)
    assert (art.published, art.published_source, art.outlet) == (date(2021, 1, 1), "header", "BBC")


def test_manifest_in_the_articles_folder(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "file,published,outlet\na.txt,2020-01-01, The Kyiv Herald \nb.txt,,\n")
    a = read_article(write(tmp_path / "a.txt", BODY))  # no root: only the article's own folder
    b = read_article(write(tmp_path / "b.txt", BODY))
    c = read_article(write(tmp_path / "c.txt", BODY))
    assert (a.published, a.published_source, a.outlet) == (date(2020, 1, 1), "manifest", "The Kyiv Herald")
    assert (b.published, b.published_source, b.outlet) == (None, None, None)
    assert (c.published, c.published_source, c.outlet) == (None, None, None)


def test_manifest_with_excel_bom_and_spaces(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "\ufefffile, published, outlet\r\na.txt, 2020-01-01, BBC\r\n")
    art = read_article(write(tmp_path / "a.txt", BODY))
    assert (art.published, art.outlet) == (date(2020, 1, 1), "BBC")


def test_manifest_in_a_parent_up_to_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "manifest.csv", "file,published\nsub/deep/a.txt,2020-03-04\n")
    path = write(root / "sub" / "deep" / "a.txt", BODY)
    assert read_article(path, root=root).published == date(2020, 3, 4)
    # without the root, parents are not searched
    assert read_article(path).published is None


def test_manifest_above_the_root_is_not_used(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "file,published\nroot/a.txt,2020-03-04\na.txt,2020-03-04\n")
    root = tmp_path / "root"
    path = write(root / "a.txt", BODY)
    assert read_article(path, root=root).published is None


def test_nearer_manifest_not_listing_the_file_does_not_hide_a_parent_entry(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "manifest.csv", "file,published\nsub/a.txt,2020-03-04\n")
    write(root / "sub" / "manifest.csv", "file,published\nother.txt,2019-01-01\n")
    path = write(root / "sub" / "a.txt", BODY)
    assert read_article(path, root=root).published == date(2020, 3, 4)


def test_nearer_manifest_listing_the_file_wins(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "manifest.csv", "file,published\nsub/a.txt,2020-03-04\n")
    write(root / "sub" / "manifest.csv", "file,published\na.txt,2019-01-01\n")
    path = write(root / "sub" / "a.txt", BODY)
    assert read_article(path, root=root).published == date(2019, 1, 1)


def test_invalid_manifest_date_is_an_input_error_naming_the_manifest(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "file,published\na.txt,soon\n")
    with pytest.raises(InputError) as info:
        read_article(write(tmp_path / "a.txt", BODY))
    assert "manifest" in info.value.path
    assert "soon" in info.value.message


def test_unreadable_manifest_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", b"file,published\n\xff\xfe,bad\n")
    with pytest.raises(InputError, match="cannot read manifest"):
        read_article(write(tmp_path / "a.txt", BODY))


def test_seed_manifest_gives_dates_and_outlets() -> None:
    path = SEEDS / "004_0b0920e8a899cf6c.txt"
    art = read_article(path, root=SEEDS)
    assert art.published == date(2025, 12, 19)
    assert art.published_source == "manifest"
    assert art.outlet == "The Moscow Times"
    assert art.text == path.read_text(encoding="utf-8-sig")  # the manifest changes no text
    dates = {p.name: read_article(p, root=SEEDS).published for p in collect_inputs([SEEDS])}
    assert dates["000_2018ebf989d5b3f6.txt"] == date(2026, 1, 29)
    assert dates["002_cd8d3e5dbb996d72.txt"] == date(2025, 9, 18)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.message == "no such file"
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: no such file"


def test_folder_given_as_article(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_article(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not UTF-8") as info:
        read_article(write(tmp_path / "a.txt", "Россия".encode("cp1251")))
    assert info.value.hint and "UTF-8" in info.value.hint


def test_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        read_article(write(tmp_path / "a.txt", b"abc\x00def"))


@pytest.mark.parametrize("content", ["", "  \n\t\n", "---\npublished: 2025-01-01\n---\n\n"])
def test_empty_article(tmp_path: Path, content: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_article(write(tmp_path / "a.txt", content))


@pytest.mark.parametrize("content", ["", "<html><script>x</script></html>", "<html><body><noscript>Enable JavaScript</noscript></body></html>"])
def test_page_without_main_text(tmp_path: Path, content: str) -> None:
    with pytest.raises(InputError, match="no main text in the page"):
        read_article(write(tmp_path / "a.html", content))
