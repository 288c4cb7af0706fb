"""Saved web pages: the story's main text and the page's own metadata.

A page is decoded by its byte-order mark or the charset its ``<meta>`` tag
declares (UTF-8 when it declares none), and its main text is taken with
trafilatura, an extractor made for news pages: menus, "trending" and
related-story boxes, bylines, footers, comments and photo captions are left
out. The headline (the page's title) is the first line when the main text does
not hold it already.

From the page's metadata it reads the publication date (``<meta
property="article:published_time">`` and its kin, or a JSON-LD
``datePublished``; a date in the page's text or its address is never used)
and the site name (``og:site_name``, a JSON-LD publisher, or the domain of
the page's canonical address). trafilatura is imported here, at the first
page read: a run over ``.txt`` files does not load it.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from .errors import InputError

#: where the HTML spec looks for a declared charset (we look a little further: saved pages carry long heads).
_CHARSET_WINDOW = 4096
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
#: labels browsers read as another encoding (the WHATWG Encoding Standard).
_SAME_AS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}  # fmt: skip
#: page metadata naming the publication date, in the order they are read (JSON-LD comes after the first).
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "article.published",
              "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date",
              "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date")  # fmt: skip
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?![\d])")
#: photo captions are not the story's words (trafilatura keeps them inside an article), nor "enable JavaScript".
_PRUNE = ["//figure", "//figcaption", "//noscript"]


@dataclass(frozen=True)
class Page:
    text: str  # the main text, headline first; "" when the page has none
    title: str | None
    published: str | None  # YYYY-MM-DD as the page's metadata writes it
    site_name: str | None


def decode_page(raw: bytes, where: str) -> str:
    """The page's characters, by BOM, then the charset its meta tag declares, then UTF-8."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in boms:
        if raw.startswith(bom):
            return _decode(raw, codec, where, "its byte-order mark")
    found = _CHARSET.search(raw[:_CHARSET_WINDOW])
    if not found:
        return _decode(raw, "utf-8", where, None)
    label = found.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(_SAME_AS.get(label, label)).name
    except LookupError as exc:
        raise InputError(f"the page declares an unknown charset {label!r}", path=where) from exc
    return _decode(raw, codec, where, f"its meta tag ({label})")


def _decode(raw: bytes, codec: str, where: str, declared: str | None) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        if declared is None:
            hint = "the page declares no charset: add a meta charset tag or convert it to UTF-8"
            raise InputError("not UTF-8 text", path=where, hint=hint) from exc
        raise InputError(f"not valid {codec} text, the charset {declared} declares", path=where,
                         hint="convert the page to UTF-8") from exc  # fmt: skip


def read_page(html: str) -> Page:
    """The main text and metadata of a decoded page (the one reader for extract, validate and review)."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    _quiet()
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return Page(text="", title=None, published=None, site_name=None)
    published = page_date(tree)  # before extraction, which prunes the tree
    # favor_precision: a sidebar headline is a false event, and without it a short page comes out with its
    # menu and its inline <b>240</b> on lines of their own
    doc = bare_extraction(tree, with_metadata=True, include_comments=False, include_images=False,
                          favor_precision=True, prune_xpath=_PRUNE, deduplicate=False)  # fmt: skip
    if doc is None:
        return Page(text="", title=None, published=published, site_name=None)
    lines = [" ".join(line.split()) for line in (doc.text or "").splitlines()]
    lines = [line for line in lines if line]
    title = " ".join((doc.title or "").split()) or None
    if lines and title and title not in lines:
        lines.insert(0, title)
    site = " ".join((doc.sitename or "").split()) or None
    return Page(text="\n".join(lines), title=title, published=published, site_name=site)


def page_date(tree: Any) -> str | None:  # noqa: ANN401 (an lxml element)
    """The publication date the page's metadata gives: the first valid YYYY-MM-DD among meta tags and JSON-LD."""
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        metas.setdefault(key, el.get("content") or el.get("datetime") or "")
    for el in tree.xpath('//*[@itemprop="datePublished"][@datetime]'):
        metas.setdefault("datepublished", el.get("datetime"))
    candidates = [metas.get(_DATE_META[0]), _json_ld_date(tree), *(metas.get(k) for k in _DATE_META[1:])]
    for value in candidates:
        found = _ISO_DAY.match(value or "")
        if found:
            return found.group(1)
    return None


def _json_ld_date(tree: Any) -> str | None:  # noqa: ANN401
    """``datePublished`` of the outermost JSON-LD object that has one (a live blog's own, not an update's)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            queue = deque([json.loads(script.text or "")])
        except ValueError:
            continue  # broken JSON-LD is common and says nothing
        while queue:
            item = queue.popleft()
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    return item["datePublished"]
                queue.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                queue.extend(item)
    return None


def _quiet() -> None:
    """trafilatura and htmldate log their doubts as warnings; the run reports what matters in one line."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())  # no stderr fallback; a logging set up by the caller still sees them
