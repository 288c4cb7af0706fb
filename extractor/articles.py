"""Reading input articles: files and folders, text and HTML, and their publication dates.

Publication date, in order: ``--published``; a front-matter or header line in
the file (``published: 2025-12-19`` or ``date: ...`` in a leading ``---``
block, or a first-lines ``Published: 2025-12-19``); the folder manifest
(``manifest.csv`` with columns ``file`` and ``published``, optional
``outlet``, in the article's folder or a parent up to the input root);
otherwise null. Never guessed.

The article text is the decoded file with any front-matter block removed and
HTML reduced to text; evidence offsets refer to that text, and ``validate``
re-reads articles through the same function.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST = "manifest.csv"
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADER = re.compile(
    r"^\s*(?:published|date|publication date)\s*:\s*([\"']?)(\d{4}-\d{2}-\d{2})\1\s*$", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class Article:
    path: str  # as given by the user (relative stays relative)
    text: str
    sha256: str
    published: date | None
    published_source: str | None  # flag, header, manifest
    outlet: str | None = None


def parse_iso_date(value: str, *, where: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"invalid date {value!r}", path=where, hint="use YYYY-MM-DD") from exc


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; folders expanded recursively to their article files, sorted."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
            )
        else:
            found.append(p)  # missing files fail later, one line each, without stopping the run
    return found


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag == "body":
            self._skip = 0  # an unclosed <head> ends where the body starts
        elif tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):  # noqa: ANN001
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()  # flush text the parser still buffers (a trailing "Q&A" would be lost)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def article_text(raw: bytes, path: Path) -> tuple[str, str | None]:
    """Decode an article; return (text, published-from-header or None)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", path=str(path), hint="convert the file to UTF-8") from exc
    if "\x00" in text:
        raise InputError("binary file, not an article", path=str(path))
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    published = None
    fm = _FRONT_MATTER.match(text)
    if fm:
        m = _HEADER.search(fm.group(1))
        published = m.group(2) if m else None
        text = text[fm.end() :]
    else:
        m = _HEADER.search("\n".join(text.splitlines()[:5]))
        published = m.group(2) if m else None
    if not text.strip():
        raise InputError("the article is empty", path=str(path))
    return text, published


def _manifest_entry(path: Path, root: Path | None) -> dict[str, str] | None:
    folder = path.resolve().parent
    stop = root.resolve() if root is not None else None
    while True:
        manifest = folder / MANIFEST
        if manifest.is_file():
            try:
                with manifest.open(newline="", encoding="utf-8-sig") as fh:  # Excel writes a BOM
                    rows = list(csv.DictReader(fh, skipinitialspace=True))
            except (OSError, csv.Error, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read manifest: {exc}", path=str(manifest)) from exc
            rel = path.resolve().relative_to(folder).as_posix()
            for row in rows:
                if (row.get("file") or "").strip() in (rel, path.name):
                    return row
            # not listed here: a manifest further up may list it by its relative path
        if stop is None or folder == stop or folder.parent == folder:
            return None
        folder = folder.parent


def read_article(path: Path, *, published: date | None = None, root: Path | None = None) -> Article:
    """Read one article. Raises InputError with the path on anything unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder, not an article", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    text, header_date = article_text(raw, path)
    entry = _manifest_entry(path, root)
    outlet = ((entry or {}).get("outlet") or "").strip() or None
    source = None
    if published is not None:
        source = "flag"
    elif header_date:
        published, source = parse_iso_date(header_date, where=str(path)), "header"
    elif entry and (entry.get("published") or "").strip():
        published, source = parse_iso_date(entry["published"], where=f"{path} (manifest)"), "manifest"
    return Article(
        path=str(path),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        published=published,
        published_source=source,
        outlet=outlet,
    )
