"""The review page (``extractor review``): every record beside the words it came from.

``review(events, output)`` writes one self-contained HTML file (inline CSS and
JS, no network: a Content-Security-Policy allows nothing else) for a person
who checks the records before publishing a number:

* per article, its text with every evidence span highlighted (one colour per
  receiving side; the total and the date words marked) and beside it the
  records it produced, their validator findings (``corrected_*`` warnings
  included) shown on the record and on the span they concern;
* a filter for records with errors or warnings; failed articles with their
  reason;
* with a catalogue (``extractor catalogue``), one row per real-world exchange
  with its sources linked to their records and its conflicts side by side, and
  a timeline of the exchanges (an inline SVG drawn by the page's script: one
  mark per exchange at its date, drawn as its precision, sized by the people
  handed over per side and category; monthly totals as bars and a table;
  the outlier flags of ``extractor.timeline``);
* with a gold annotation (the ``eval`` format), found / missed / invented, as
  decided by ``extractor.evaluate.evaluate`` (the same matching as ``eval``).

Articles are re-read from ``record.article.path`` (relative paths: against
``base_dir`` if given, else the current folder, then the events file's
folder), only regular files up to ``MAX_ARTICLE_BYTES``, decoded like the
extractor did (``articles.article_text``). A missing, unreadable or changed
article (other SHA-256) gets a notice instead of highlights.

Every string from an article, a model or a file reaches the page only as
JSON data in a ``<script type="application/json">`` block (``<``, ``>``,
``&``, U+2028/9 escaped) and is put into the page by the script with
``textContent``/``setAttribute``; the template's own values go through
jinja2's autoescape. The script builds an article's text and highlights only
when it is shown, so a page for thousands of articles opens quickly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from . import __version__ as _tool_version
from .articles import MAX_ARTICLE_BYTES, article_text, read_regular_file
from .catalogue import CatalogueEntry
from .errors import ExtractorError, InputError
from .models import ArticleLogEntry, EventRecord, Evidence
from .output import articles_log_path, first_error, read_event_records

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_INDEXED_FIELD = re.compile(r"^transfers\[(\d+)\]")
_QUOTED = re.compile(r"'([^'\n]{6,})'|\"([^\"\n]{6,})\"")


@dataclass
class ReviewSummary:
    """What ``review`` wrote."""

    output: Path
    articles: int
    records: int
    failed: int
    with_findings: int
    unreadable: int
    gold: dict[str, int] | None = None
    exchanges: int | None = None

    def describe(self) -> str:
        parts = [f"{self.records} record(s) from {self.articles} article(s)"]
        if self.with_findings:
            parts.append(f"{self.with_findings} with errors or warnings")
        if self.failed:
            parts.append(f"{self.failed} failed article(s)")
        if self.unreadable:
            parts.append(f"{self.unreadable} article(s) missing or changed (no highlights)")
        if self.gold is not None:
            parts.append("gold: {found} found, {missed} missed, {invented} invented".format(**self.gold))
        if self.exchanges is not None:
            parts.append(f"{self.exchanges} exchange(s) in the catalogue")
        return "; ".join(parts) + f" -> {self.output}"


def review(
    events: Path,
    output: Path,
    *,
    catalogue: Path | None = None,
    gold: Path | None = None,
    base_dir: Path | None = None,
) -> ReviewSummary:
    """Write the review page for an events file; raises ExtractorError subclasses on unusable inputs."""
    data = build_review_data(Path(events), catalogue=catalogue, gold=gold, base_dir=base_dir)
    page = render_page(data)
    output = Path(output)
    try:
        if output.parent != Path(""):
            output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ExtractorError(f"cannot write the review page: {exc.strerror or exc}", path=str(output)) from exc
    meta = data["meta"]
    return ReviewSummary(
        output=output,
        articles=len(data["articles"]),
        records=len(data["records"]),
        failed=meta["failed"],
        with_findings=meta["with_findings"],
        unreadable=meta["unreadable"],
        gold=meta["gold"],
        exchanges=None if data["catalogue"] is None else len(data["catalogue"]),
    )


# --------------------------------------------------------------------------
# Data for the page
# --------------------------------------------------------------------------


def build_review_data(
    events: Path, *, catalogue: Path | None = None, gold: Path | None = None, base_dir: Path | None = None
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data (articles, records, catalogue, summary)."""
    records = read_event_records(events, schemaless_ok=True)[0]
    log = read_articles_log(articles_log_path(events))
    bases = [Path(base_dir)] if base_dir is not None else [Path.cwd(), events.resolve().parent]
    articles = _article_entries(records, log)
    by_path = {a["path"]: a for a in articles}
    texts = {a["path"]: _load_for_review(a, bases) for a in articles if a["record_ids"]}
    payload = []
    for i, record in enumerate(records):
        entry = by_path[record.article.path]
        text = texts[record.article.path]
        payload.append(record_payload(record, entry["index"], text if entry["highlights"] else None))
        entry["records"].append(i)
    gold_totals = _apply_gold(Path(gold), records, payload, articles) if gold is not None else None
    unreadable = sum(bool(a["record_ids"]) and not a["highlights"] for a in articles)
    for a in articles:
        a.pop("record_ids")
        a["text"] = texts.get(a["path"])
    meta = {
        "events": str(events),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "tool_version": _tool_version,
        "gold_path": str(gold) if gold is not None else None,
        "catalogue_path": str(catalogue) if catalogue is not None else None,
        "failed": sum(a["status"] == "failed" for a in articles),
        "with_findings": sum(bool(r["issues"]) for r in payload),
        "unreadable": unreadable,
        "gold": gold_totals,
    }
    exchanges, timeline = _catalogue_payload(Path(catalogue), records) if catalogue is not None else (None, None)
    return {"meta": meta, "articles": articles, "records": payload, "catalogue": exchanges, "timeline": timeline}


def read_articles_log(path: Path) -> list[ArticleLogEntry]:
    """The articles log beside an events file; missing file = empty; lines that are not log entries are skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputError(f"cannot read the articles log: {exc.strerror or exc}", path=str(path)) from exc
    entries = []
    for line in raw.splitlines():
        try:
            data = json.loads(line.decode("utf-8"))
            if isinstance(data, dict) and data.get("schema") == "exchange-article/1":
                entries.append(ArticleLogEntry.model_validate(data))
        except (ValueError, ValidationError):
            continue  # a torn or foreign line: the log only adds status and reasons
    return entries


def _article_entries(records: list[EventRecord], log: list[ArticleLogEntry]) -> list[dict[str, Any]]:
    """One entry per article: the log's order first, then articles only the records name."""
    entries: dict[str, dict[str, Any]] = {}

    def add(path: str, **fields: Any) -> dict[str, Any]:
        if path not in entries:
            entries[path] = {
                "index": len(entries), "path": path, "name": _basename(path), "status": "ok", "error": None,
                "published": None, "outlet": None, "sha256": None, "notice": None, "highlights": False,
                "records": [], "record_ids": [], "missed": [],
            }  # fmt: skip
        entries[path].update({k: v for k, v in fields.items() if v is not None})
        return entries[path]

    for e in log:
        add(e.path, status=e.status, error=e.error, published=e.published, sha256=e.sha256)
    for i, r in enumerate(records):
        entry = add(r.article.path, published=r.article.published, outlet=r.article.outlet)
        entry["sha256"] = entry["sha256"] or r.article.sha256
        entry["record_ids"].append(i)
    return list(entries.values())


def _basename(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name or path


# --------------------------------------------------------------------------
# Article text
# --------------------------------------------------------------------------


def read_article_bytes(path_text: str, bases: list[Path]) -> tuple[bytes | None, str | None]:
    """(bytes, None) of the first regular file found for ``path_text``, or (None, why not)."""
    p = Path(path_text)
    candidates = [p] if p.is_absolute() else [b / p for b in bases]
    for c in candidates:
        if not os.path.lexists(c):
            continue
        try:  # the one article reader and size limit (``articles.MAX_ARTICLE_BYTES``), as extract and validate
            return read_regular_file(c, limit=MAX_ARTICLE_BYTES, what="article"), None
        except InputError as exc:
            return None, f"{c}: {exc.message}"
    return None, "not found (looked at " + ", ".join(str(c) for c in candidates) + ")"


def _load_for_review(entry: dict[str, Any], bases: list[Path]) -> str | None:
    """The article's text; sets the entry's notice and whether highlights can be trusted."""
    raw, problem = read_article_bytes(entry["path"], bases)
    if raw is None:
        entry["notice"] = f"The article cannot be shown: {problem}. No highlights."
        return None
    try:
        text, _ = article_text(raw, Path(entry["path"]))
    except ExtractorError as exc:
        entry["notice"] = f"The article cannot be decoded: {exc.message}. No highlights."
        return None
    sha = hashlib.sha256(raw).hexdigest()
    if entry["sha256"] and sha != entry["sha256"]:
        entry["notice"] = (
            f"The article has changed since extraction (SHA-256 {sha[:12]}…, the records say "
            f"{entry['sha256'][:12]}…): the offsets may point at other words, so nothing is highlighted."
        )
        return text
    entry["highlights"] = True
    return text


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


def locate(text: str | None, quote: str, start: int | None, end: int | None) -> tuple[list[int] | None, str | None]:
    """Where ``quote`` is in ``text``: the record's [start, end) if it holds, else the nearest occurrence."""
    if text is None:
        return None, None
    if not quote:
        return None, "the evidence quote is empty"
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote:
        return [start, end], None
    found = _occurrences(text, quote)
    if not found:
        return None, "the evidence quote is not in the article"
    best = min(found, key=lambda a: abs(a - (start or 0)))
    return [best, best + len(quote)], f"the recorded offsets [{start}, {end}) do not hold; the quote is at [{best}, {best + len(quote)})"


def _occurrences(text: str, needle: str, limit: int = 1000) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0 and len(out) < limit:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def find_near(text: str | None, words: str | None, anchor: int) -> list[int] | None:
    """The occurrence of ``words`` nearest ``anchor`` (exact case first, then any case)."""
    if not text or not words or not words.strip():
        return None
    found = _occurrences(text, words) or _occurrences(text.lower(), words.lower())
    if not found:
        return None
    best = min(found, key=lambda a: abs(a - anchor))
    return [best, best + len(words)]


def _evidence(ev: Evidence, text: str | None) -> dict[str, Any]:
    span, note = locate(text, ev.quote, ev.start, ev.end)
    return {"quote": ev.quote, "start": ev.start, "end": ev.end, "span": span, "span_note": note}


def record_payload(record: EventRecord, article_index: int, text: str | None) -> dict[str, Any]:
    """One record as the page shows it, with the spans located in ``text`` (None: no highlights)."""
    transfers = [
        {"to": t.to, "category": t.category, "count": t.count, "qualifier": t.qualifier, "count_text": t.count_text,
         "basis": t.basis, "rules": list(t.rules or []), **_evidence(t.evidence, text)}
        for t in record.transfers
    ]  # fmt: skip
    total = None
    if record.total is not None:
        t = record.total
        total = {"count": t.count, "qualifier": t.qualifier, "count_text": t.count_text, **_evidence(t.evidence, text)}
    starts = [x["span"][0] for x in [*transfers, total] if x and x["span"]]
    date = record.date.model_dump(mode="json")
    date_span = find_near(text, record.date.text, min(starts) if starts else 0)
    out = {
        "event_id": record.event_id, "article": article_index, "kind": record.kind, "mention": record.mention,
        "date": date, "date_span": date_span, "transfers": transfers, "total": total,
        "mediators": list(record.mediators), "agreement": record.agreement, "status": record.validation.status,
        "gold": None,
    }  # fmt: skip
    out["issues"] = [_issue_payload(i, out, text) for i in record.validation.issues]
    return out


def _issue_payload(issue: Any, rec: dict[str, Any], text: str | None) -> dict[str, Any]:
    return {
        "severity": issue.severity, "code": issue.code, "message": issue.message, "field": issue.field,
        "target": issue_target(issue.field, issue.message, rec, text),
    }  # fmt: skip


def issue_target(field: str | None, message: str, rec: dict[str, Any], text: str | None) -> dict[str, Any] | None:
    """Which span an issue concerns: a transfer, the total, the date words, a quoted passage, or none."""
    field = field or ""
    m = _INDEXED_FIELD.match(field)
    if m and int(m.group(1)) < len(rec["transfers"]):
        return {"kind": "transfer", "index": int(m.group(1))}
    if field.startswith("total") and rec["total"] is not None:
        return {"kind": "total"}
    if field.startswith("date"):
        return {"kind": "date"}
    # corrected_* and other record-level findings quote the words they are about
    for i, t in enumerate(rec["transfers"]):
        if t["quote"] and t["quote"] in message:
            return {"kind": "transfer", "index": i}
    if rec["total"] is not None and rec["total"]["quote"] and rec["total"]["quote"] in message:
        return {"kind": "total"}
    anchors = [t["span"][0] for t in rec["transfers"] if t["span"]] or [0]
    for m in _QUOTED.finditer(message):
        span = find_near(text, m.group(1) or m.group(2), min(anchors))
        if span is not None:
            return {"kind": "text", "span": span}
    return None


# --------------------------------------------------------------------------
# Gold and catalogue
# --------------------------------------------------------------------------


def _apply_gold(path: Path, records: list[EventRecord], payload: list[dict], articles: list[dict]) -> dict[str, int]:
    """Mark found / invented on the records and missed mentions on the articles (``evaluate``'s matching)."""
    from .evaluate import evaluate, load_gold

    report = evaluate(records, load_gold(path))
    index = {(_basename(r.article.path), r.event_id): i for i, r in enumerate(records)}
    stray = {r.event_id: i for i, r in enumerate(records)}
    by_name: dict[str, dict] = {}
    for a in articles:
        by_name.setdefault(a["name"], a)
    for art in report.articles:
        for m in art.matches:
            i = index.get((art.article, m.event_id))
            if i is not None:
                payload[i]["gold"] = _match_payload(m)
        for inv in art.invented:
            i = index.get((art.article, inv.event_id), stray.get(inv.event_id))
            if i is not None:
                payload[i]["gold"] = {"status": "invented"}
        if art.missed:
            target = by_name.get(art.article) or _absent_article(art.article, articles, by_name)
            target["missed"] = [_missed_payload(m) for m in art.missed]
    return {"found": report.mentions_found, "missed": report.mentions_missed, "invented": report.mentions_invented}


def _absent_article(name: str, articles: list[dict], by_name: dict[str, dict]) -> dict:
    entry = {
        "index": len(articles), "path": name, "name": name, "status": "absent", "error": None, "published": None,
        "outlet": None, "sha256": None, "highlights": False, "records": [], "record_ids": [],
        "missed": [], "notice": "The gold lists this article, but the events file has nothing from it.",
    }  # fmt: skip
    articles.append(entry)
    by_name[name] = entry
    return entry


def _match_payload(m: Any) -> dict[str, Any]:
    checks = [
        {"field": name, "ok": c.ok, "gold": c.gold, "predicted": c.predicted}
        for name, c in m.fields.items()
        if c.ok is not None
    ]
    return {"status": "found", "event": m.gold_event, "mention": m.gold_mention, "checks": checks}


def _missed_payload(m: Any) -> dict[str, Any]:
    return {
        "event": m.gold_event, "mention": m.gold_mention, "expected_date": m.expected_date,
        "transfers": [t.label() for t in m.transfers],
    }  # fmt: skip


def read_catalogue(path: Path) -> list[CatalogueEntry]:
    """Entries of a catalogue JSONL written by ``extractor catalogue``; InputError naming ``file:line``."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError("catalogue file not found", hint="write one with `extractor catalogue -o`", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read catalogue file: {exc.strerror or exc}", path=str(path)) from exc
    entries = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(CatalogueEntry.model_validate_json(line))
        except ValidationError as exc:
            raise InputError(
                f"not a catalogue entry: {first_error(exc)}",
                hint="give the JSONL written by `extractor catalogue -o` (not --format csv)",
                path=f"{path}:{lineno}",
            ) from exc
    return entries


def _catalogue_payload(path: Path, records: list[EventRecord]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The catalogue's rows (each with its outlier flags) and the timeline's monthly totals and rules."""
    from . import timeline

    index = {(r.article.path, r.event_id): i for i, r in enumerate(records)}
    entries = read_catalogue(path)
    flags = timeline.outlier_flags(entries, {r.event_id: r.validation.status for r in records})
    out = []
    for e in entries:
        sources = [
            {"event_id": s.event_id, "path": s.path, "outlet": s.outlet, "mention": s.mention,
             "record": index.get((s.path, s.event_id))}
            for s in e.sources
        ]  # fmt: skip
        conflicts = [
            {"field": c.field, "tie": c.tie, "chosen": _show(c.chosen),
             "values": [{"value": _show(v.value), "sources": v.sources, "derived": v.derived_sources} for v in c.values]}
            for c in e.conflicts
        ]  # fmt: skip
        out.append({
            "id": e.catalogue_id, "kind": e.kind, "date": e.date.model_dump(mode="json"),
            "transfers": [t.model_dump(mode="json") for t in e.transfers], "total": e.total,
            "total_qualifier": e.total_qualifier, "mediators": e.mediators, "agreement": e.agreement,
            "independent_sources": e.independent_sources, "sources": sources, "conflicts": conflicts,
            "review": e.review, "flags": flags[e.catalogue_id],
        })  # fmt: skip
    monthly = [r.as_row() for r in timeline.monthly_summary(entries)]
    rule = {"factor": timeline.LARGE_FACTOR, "min_others": timeline.LARGE_MIN_OTHERS}
    return out, {"monthly": monthly, "columns": list(timeline.COUNT_COLUMNS), "large_rule": rule}


def _show(value: Any) -> str | None:
    return None if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


def json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment: ``<``, ``>``, ``&``, U+2028/9 escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(data: dict[str, Any]) -> str:
    """The HTML page: the template with the data embedded as JSON and the script allowed by its hash only."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, keep_trailing_newline=True
    )
    script = (TEMPLATE_DIR / "review.js").read_text(encoding="utf-8")
    style = (TEMPLATE_DIR / "review.css").read_text(encoding="utf-8")
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {_csp_hash(script)}; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("review.html.j2").render(
        title=f"Review: {data['meta']['events']}",
        meta=data["meta"],
        csp=csp,
        style=Markup(style),
        script=Markup(script),
        data_json=Markup(json_for_script(data)),
    )
