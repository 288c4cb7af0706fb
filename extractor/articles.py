"""Reading input articles: files and folders, text and HTML, and their publication dates.

Publication date, in order: ``--published``; a front-matter or header line in
the file (``published: 2025-12-19`` or ``date: ...`` in a leading ``---``
block, or a first-lines ``Published: 2025-12-19``); the folder manifest
(``manifest.csv`` with columns ``file`` and ``published``, optional
``outlet``, in the article's folder or a parent up to the input root); for a
saved web page, the date its own metadata gives (``pages``); otherwise null.
Never guessed. The outlet is the manifest's, else a page's site name.

The article text is the decoded file with any front-matter block removed, and
a web page reduced to its story's main text (``pages``); evidence offsets
refer to that text, and ``validate`` and ``review`` re-read articles through
the same function, ``article_text``.

Only regular files are read, of at most ``MAX_ARTICLE_BYTES`` (FIFOs, devices
and sockets are refused with a one-line error, never opened for reading in a
way that blocks); a broken symbolic link, a file name that is not UTF-8, a
folder without articles and a manifest that cannot be parsed completely each
get a one-line error naming the path.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST = "manifest.csv"
#: the largest article read (extract and validate); news articles are a few hundred kB at most.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: publication dates outside these years are refused: no news article is dated 0001 or 9999.
MIN_YEAR, MAX_YEAR = 1900, 2100
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
    published_source: str | None  # flag, header, manifest, page (an HTML page's own metadata)
    outlet: str | None = None


def parse_iso_date(value: str, *, where: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"invalid date {value!r}", path=where, hint="use YYYY-MM-DD") from exc
    check_publication_year(day, where=where)
    return day


def check_publication_year(day: date, *, where: str | None = None) -> date:
    """A publication date between MIN_YEAR and MAX_YEAR; the date resolver counts days back and forth from it."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(
            f"publication date {day.isoformat()} is not plausible", path=where,
            hint=f"give a date between {MIN_YEAR} and {MAX_YEAR}",
        )  # fmt: skip
    return day


def display_path(path: Path | str) -> str:
    """A path as text that can always be printed and written as JSON (undecodable bytes as \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; folders expanded recursively to their article files, sorted.

    Every folder entry with an article suffix that is not a folder is listed,
    also a broken symbolic link or a FIFO, so that it fails later with a
    one-line error instead of vanishing; a folder without any article is
    listed itself (reading it says so).
    """
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            inside = sorted(f for f in p.rglob("*") if f.suffix.lower() in ARTICLE_SUFFIXES and not f.is_dir())
            found.extend(inside or [p])
        else:
            found.append(p)  # missing files fail later, one line each, without stopping the run
    return found


def _not_regular(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _check_regular(mode: int, size: int, where: str, what: str, limit: int) -> None:
    if stat.S_ISDIR(mode):
        hint = f"it has no {', '.join(ARTICLE_SUFFIXES)} file inside" if what == "article" else None
        raise InputError(f"is a folder, not {'an' if what[0] in 'aeiou' else 'a'} {what}", path=where, hint=hint)
    if not stat.S_ISREG(mode):
        raise InputError(f"is {_not_regular(mode)}, not a regular {what}", path=where)
    if size > limit:
        raise InputError(f"{what} is {size:,} bytes, more than the limit of {limit:,}", path=where)


def read_regular_file(path: Path, *, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; InputError naming the path otherwise.

    Opened non-blocking (a FIFO never blocks the run) and checked with fstat
    on the open file, so a file swapped between check and read is caught too.
    """
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    where = display_path(path)
    if where != str(path):
        raise InputError("file name is not valid UTF-8", path=where, hint="rename the file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        if os.path.islink(path):
            target = display_path(os.readlink(path))
            raise InputError(f"broken symbolic link (points to {target})", path=where) from exc
        raise InputError("no such file", path=where) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder, not an article", path=where) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=where) from exc
    try:
        _check_regular(os.fstat(fd).st_mode, os.fstat(fd).st_size, where, what, limit)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=where) from exc
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise InputError(f"{what} is more than the limit of {limit:,} bytes", path=where)
    return raw


@dataclass(frozen=True)
class Found:
    """What an article's own bytes say besides its text: the dates and outlet it names, and where."""

    header_date: str | None = None  # a front-matter or first-lines Published: line
    page_date: str | None = None  # the page's metadata (HTML only)
    page_outlet: str | None = None  # the page's site name (HTML only)


def article_text(raw: bytes, path: Path) -> tuple[str, Found]:
    """Decode an article; return (text, what it says of its date and outlet).

    The one reader of article text: extract, validate and review all call it,
    so evidence offsets point at the same characters. HTML is reduced to the
    story's main text (``pages``); a page without one is refused in one line.
    """
    where = str(path)
    is_page = path.suffix.lower() in (".html", ".htm")
    if is_page:
        from .pages import decode_page

        text = decode_page(raw, where)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8 text", path=where, hint="convert the file to UTF-8") from exc
    if "\x00" in text:
        raise InputError("binary file, not an article", path=where)
    page = None
    if is_page:
        from .pages import read_page

        try:
            page = read_page(text)
        except Exception as exc:  # a third-party parser on whatever a file holds: this page fails, the run goes on
            raise InputError(f"the page cannot be parsed: {type(exc).__name__}: {exc}", path=where) from exc
        if not page.text.strip():
            raise InputError("no main text in the page (only menus, links or scripts, or an empty page)", path=where)
        text = page.text
    fm = _FRONT_MATTER.match(text)
    if fm:
        m = _HEADER.search(fm.group(1))
        text = text[fm.end() :]
    else:
        m = _HEADER.search("\n".join(text.splitlines()[:5]))
    if not text.strip():
        raise InputError("the article is empty", path=where)
    header = m.group(2) if m else None
    return text, Found(header, page.published, page.site_name) if page else Found(header)


_MANIFEST_HINT = "a comma-separated file with a header row file,published[,outlet]"
_manifests: dict[tuple[str, int, int], list[dict[str, str]]] = {}


def read_manifest(manifest: Path) -> list[dict[str, str]]:
    """The rows of a manifest; InputError naming the line on anything that would lose a row silently."""
    where = display_path(manifest)
    try:
        st = manifest.stat()
        key = (where, st.st_mtime_ns, st.st_size)
        if key in _manifests:
            return _manifests[key]
        text = read_regular_file(manifest, limit=MAX_MANIFEST_BYTES, what="manifest").decode("utf-8-sig")
        table = list(csv.reader(text.splitlines(), skipinitialspace=True, strict=True))
    except (OSError, csv.Error, UnicodeDecodeError, InputError) as exc:
        detail = exc.message if isinstance(exc, InputError) else exc
        raise InputError(f"cannot read manifest: {detail}", path=where, hint=_MANIFEST_HINT) from exc
    header = [h.strip().lower() for h in (table[0] if table else [])]
    if "file" not in header or not {"published", "outlet"} & set(header):
        raise InputError(
            f"manifest header {','.join(header) or '(empty)'!r} has no file and published/outlet columns",
            path=where, hint=_MANIFEST_HINT,
        )  # fmt: skip
    need = max(header.index(c) for c in ("file", "published") if c in header) + 1
    rows = []
    for lineno, fields in enumerate(table[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        if not need <= len(fields) <= len(header):
            raise InputError(
                f"manifest line {lineno} has {len(fields)} field(s), the header {len(header)}",
                path=where, hint=_MANIFEST_HINT,
            )  # fmt: skip
        rows.append(dict(zip(header, fields)))
    _manifests[key] = rows
    return rows


def _manifest_entry(path: Path, root: Path | None) -> dict[str, str] | None:
    folder = path.resolve().parent
    stop = root.resolve() if root is not None else None
    while True:
        manifest = folder / MANIFEST
        if manifest.exists() or manifest.is_symlink():
            rows = read_manifest(manifest)
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
    raw = read_regular_file(path, what="article")
    if published is not None:
        check_publication_year(published, where=str(path))
    text, found = article_text(raw, path)
    entry = _manifest_entry(path, root) or {}
    outlet = (entry.get("outlet") or "").strip() or found.page_outlet
    source = None
    if published is not None:
        source = "flag"
    elif found.header_date:
        published, source = parse_iso_date(found.header_date, where=str(path)), "header"
    elif (entry.get("published") or "").strip():
        published, source = parse_iso_date(entry["published"], where=f"{path} (manifest)"), "manifest"
    elif _page_day(found.page_date):
        published, source = _page_day(found.page_date), "page"
    return Article(
        path=str(path),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        published=published,
        published_source=source,
        outlet=outlet,
    )


def _page_day(value: str | None) -> date | None:
    """A page's metadata date, when it is a real and plausible one (a bad one is skipped: the date stays null)."""
    if not value:
        return None
    try:
        return check_publication_year(date.fromisoformat(value))
    except (ValueError, InputError):
        return None
