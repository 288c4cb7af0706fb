"""How long the review page for a big run takes to open in headless Chromium.

Generates N articles (about 2,500 characters each, a fixed seed) with 1-3
event records each whose evidence offsets point at real words, some findings
(``corrected_*`` warnings, errors), a few failed articles; writes the events
file and its articles log, builds the page with ``extractor.review.review``
and opens it in the system's Chromium (``tests/browser_helpers.py``, the
DevTools protocol over a pipe). Reports, over several runs (median):

* open: from the navigation command to the page's first render finished
  (``window.__reviewReady`` set after the list and the first article are built);
* in-page: the same moment on the page's own clock (``performance.now()``,
  from the start of navigation);
* switch: clicking another article (its text and highlights built on demand).

    python benchmarks/bench_review.py --n 2000 [--runs 3] [--keep DIR] [--catalogue [--view timeline]]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.review import review  # noqa: E402

FILLER = (
    "Officials in Kyiv said the talks would continue next month. The statement did not say where the handover "
    "took place. Analysts said the figures could not be independently verified. Both sides have accused each "
    "other of delaying the process, and relatives of the missing gathered outside the ministry on Monday. "
)
CATEGORIES = [("bodies", "bodies of {n} soldiers"), ("prisoners_of_war", "{n} prisoners of war"), ("civilians", "{n} civilians")]


def _sentence(rng: random.Random, to: str, n: int, phrase: str) -> str:
    giver = "Russia" if to == "ukraine" else "Ukraine"
    return f"{giver} handed over the {phrase.format(n=f'{n:,}')} to {'Kyiv' if to == 'ukraine' else 'Moscow'}"


def _article(rng: random.Random, i: int) -> tuple[str, list[dict]]:
    """Text and its events (transfers with quotes and offsets)."""
    parts: list[str] = [f"Exchange report number {i}.\n\n"]
    events = []
    for e in range(rng.choice([1, 1, 2, 3])):
        category, phrase = rng.choice(CATEGORIES)
        transfers = []
        parts.append(FILLER if e else "")
        parts.append("On Thursday, ")
        for to in ("ukraine", "russia"):
            n = rng.randrange(5, 1300)
            quote = _sentence(rng, to, n, phrase)
            start = sum(map(len, parts))
            parts.append(quote + ". ")
            transfers.append({"to": to, "category": category, "count": n, "qualifier": "exact", "count_text": f"{n:,}",
                              "evidence": {"quote": quote, "start": start, "end": start + len(quote)}})  # fmt: skip
        parts.append(FILLER)
        events.append({"transfers": transfers, "date_text": "Thursday"})
    parts.append(FILLER * rng.randrange(1, 4))
    return "".join(parts), events


def _date(rng: random.Random, text: str) -> dict:
    """A date over two years: mostly days, some months, a few years only."""
    month, day, p = rng.randrange(24), rng.randrange(1, 29), rng.random()
    year, month = 2024 + month // 12, month % 12 + 1
    value, precision = (f"{year}-{month:02d}-{day:02d}", "day") if p < 0.8 else (f"{year}-{month:02d}", "month") if p < 0.95 else (str(year), "year")
    return {"value": value, "precision": precision, "text": text, "basis": "relative"}


def _record(rng: random.Random, path: str, sha: str, k: int, ev: dict) -> dict:
    issues = []
    if rng.random() < 0.08:
        issues.append({"code": "corrected_direction", "severity": "warning", "field": "transfers",
                       "message": f"N1 {ev['transfers'][0]['evidence']['quote']!r}: the model answered russia after every retry; the text says ukraine"})  # fmt: skip
    if rng.random() < 0.03:
        issues.append({"code": "total_mismatch", "severity": "error", "field": "transfers[1].count", "message": "the parts do not add up"})
    status = "error" if any(i["severity"] == "error" for i in issues) else "warning" if issues else "ok"
    return {
        "schema": "exchange-event/1", "event_id": hashlib.sha256(f"{path}{k}".encode()).hexdigest()[:16],
        "article": {"path": path, "sha256": sha, "published": "2025-12-19", "outlet": "Generated"},
        "kind": "body_repatriation" if ev["transfers"][0]["category"] == "bodies" else "prisoner_exchange",
        "mention": "primary" if k == 0 else "background",
        "date": _date(rng, ev["date_text"]),
        "transfers": ev["transfers"], "total": None, "mediators": ["ICRC"] if rng.random() < 0.3 else [],
        "agreement": None, "validation": {"status": status, "issues": issues},
        "provenance": {"backend": "local", "model": "bench", "prompt_hash": "0", "tool_version": "0.1.0"},
    }  # fmt: skip


def generate_run(folder: Path, n: int, seed: int = 7) -> Path:
    """Write N articles under ``folder/articles`` and ``folder/events.jsonl`` (+ its articles log); return the events path."""
    rng = random.Random(seed)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    events_lines, log_lines = [], []
    for i in range(n):
        path = f"articles/{i:05d}.txt"
        if rng.random() < 0.01:
            log_lines.append({"schema": "exchange-article/1", "path": path, "status": "failed", "error": f"{path}: not UTF-8 text"})
            continue
        text, events = _article(rng, i)
        raw = text.encode("utf-8")
        (folder / path).write_bytes(raw)
        sha = hashlib.sha256(raw).hexdigest()
        events_lines += [_record(rng, path, sha, k, ev) for k, ev in enumerate(events)]
        log_lines.append({"schema": "exchange-article/1", "path": path, "sha256": sha, "status": "ok", "events": len(events)})
    out = folder / "events.jsonl"
    out.write_text("".join(json.dumps(x) + "\n" for x in events_lines), encoding="utf-8")
    (folder / "events.articles.jsonl").write_text("".join(json.dumps(x) + "\n" for x in log_lines), encoding="utf-8")
    return out


def time_open(page: Path, runs: int, fragment: str = "") -> dict[str, float]:
    from tests.browser_helpers import Browser

    opens, inpage, switch = [], [], []
    with Browser() as b:
        for _ in range(runs):
            b.open("about:blank")
            t0 = time.perf_counter()
            b.open(page, fragment)
            b.wait_for("window.__reviewReady")
            opens.append((time.perf_counter() - t0) * 1000)
            inpage.append(b.evaluate("window.__reviewReady"))
            switch.append(b.evaluate(
                "(() => { const li = document.querySelectorAll('#articles li')[Math.floor(document.querySelectorAll('#articles li').length * 0.75)];"
                " const t = performance.now(); li.click(); document.body.offsetHeight; return performance.now() - t; })()"
            ))  # fmt: skip
    return {"open_ms": statistics.median(opens), "in_page_ms": statistics.median(inpage), "switch_ms": statistics.median(switch)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="Write the generated run and page here instead of a temporary folder.")
    ap.add_argument("--catalogue", action="store_true", help="Build the run's catalogue and put it on the page.")
    ap.add_argument("--view", default="", help="Open the page on this view (e.g. timeline; needs --catalogue).")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-review-"))
    events = generate_run(folder, args.n)
    catalogue = None
    if args.catalogue:
        from extractor.catalogue import build_catalogue, read_records, write_catalogue

        catalogue = folder / "catalogue.jsonl"
        write_catalogue(build_catalogue(read_records(events)), catalogue)
    t0 = time.perf_counter()
    summary = review(events, folder / "review.html", base_dir=folder, catalogue=catalogue)
    build = time.perf_counter() - t0
    size = (folder / "review.html").stat().st_size
    print(f"{summary.articles} articles, {summary.records} records, {summary.exchanges} exchanges; "
          f"page {size / 1e6:.1f} MB built in {build:.2f} s")
    r = time_open(folder / "review.html", args.runs, f"view={args.view}" if args.view else "")
    print(f"open in headless chromium{' on ' + args.view if args.view else ''}: {r['open_ms']:.0f} ms (median of {args.runs}; "
          f"in-page clock {r['in_page_ms']:.0f} ms); switching article: {r['switch_ms']:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
