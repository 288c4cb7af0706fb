"""Benchmark of the cross-article catalogue.

Generates N realistic event records with a fixed seed -- a few hundred
distinct exchanges, each reported by several articles (primaries and
background mentions, some undated or month-only, some with one side only,
qualified counts, stated totals, an occasional misreport) -- and times
``build_catalogue`` on them.

    python benchmarks/bench_catalogue.py --n 10000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.catalogue import build_catalogue  # noqa: E402
from extractor.models import EventRecord  # noqa: E402

OUTLETS = [f"Outlet {i}" for i in range(40)] + [None] * 10
MEDIATORS = ["International Committee of the Red Cross", "ICRC", "United Arab Emirates", "Turkey", "Vatican"]
AGREEMENTS = ["Istanbul agreements", "the Istanbul agreement", None, None]


def _exchanges(rng: random.Random, n: int) -> list[dict]:
    # distinct dates (real exchanges are days or weeks apart); the span grows with n
    start = date(2014, 3, 1)
    span = max(4 * n, 400)
    days = rng.sample(range(span), n) if n <= span else [rng.randrange(span) for _ in range(n)]
    out = []
    for i in range(n):
        day = start + timedelta(days=days[i])
        kind = rng.choices(
            ["body_repatriation", "prisoner_exchange", "civilian_return", "mixed"], weights=[60, 30, 8, 2]
        )[0]
        if kind == "body_repatriation":
            ua = 1000 if rng.random() < 0.5 else rng.randrange(40, 1300)
            tr = [("ukraine", "bodies", ua), ("russia", "bodies", rng.randrange(10, 100))]
        elif kind == "prisoner_exchange":
            n_ = rng.randrange(10, 400)
            tr = [("ukraine", "prisoners_of_war", n_), ("russia", "prisoners_of_war", n_)]
            if rng.random() < 0.2:
                tr.append(("russia", "civilians", rng.randrange(1, 10)))
        elif kind == "civilian_return":
            tr = [("ukraine", rng.choice(["civilians", "children"]), rng.randrange(1, 50))]
        else:
            tr = [("ukraine", "prisoners_of_war", rng.randrange(50, 200)), ("ukraine", "bodies", rng.randrange(50, 900))]
        out.append({"i": i, "date": day, "kind": kind, "transfers": tr, "mediators": rng.sample(MEDIATORS, rng.randrange(0, 2)),
                    "agreement": rng.choice(AGREEMENTS)})
    return out


def _record(rng: random.Random, ex: dict, article: int, outlet, mention: str, k: int) -> dict:
    d: date = ex["date"]
    r = rng.random()
    if r < 0.05:
        value, precision, basis = None, "unknown", "unresolved"
    elif r < 0.15:
        value, precision, basis = d.strftime("%Y-%m"), "month", "explicit"
    elif r < 0.18:
        value, precision, basis = d.strftime("--%m-%d"), "day", "explicit"
    elif r < 0.21:
        value, precision, basis = (d + timedelta(days=1)).isoformat(), "day", "publication"  # announced next day
    else:
        value, precision, basis = d.isoformat(), "day", rng.choice(["explicit", "relative", "publication"])
    transfers = []
    for i, (to, cat, count) in enumerate(ex["transfers"]):
        if i > 0 and rng.random() < 0.1:
            continue  # one side only
        qual = "exact"
        if rng.random() < 0.05:
            count, qual = (count // 100) * 100 or count, "more_than" if count % 100 else "exact"
            if qual == "more_than" and count >= ex["transfers"][i][2]:
                qual = "exact"
        if rng.random() < 0.003:
            count += 1  # misreport
        quote = f"{count} {cat}"
        transfers.append({"to": to, "category": cat, "count": count, "qualifier": qual,
                          "evidence": {"quote": quote, "start": 0, "end": len(quote)}})
    total = None
    if rng.random() < 0.3 and ex["kind"] != "civilian_return":
        t = sum(c for _, _, c in ex["transfers"]) + (1 if rng.random() < 0.05 else 0)
        total = {"count": t, "qualifier": "exact", "evidence": {"quote": f"{t} in total", "start": 0, "end": 5}}
    sha = hashlib.sha256(f"article-{article}".encode()).hexdigest()
    return {
        "schema": "exchange-event/1",
        "event_id": hashlib.sha256(f"{sha}-{k}".encode()).hexdigest()[:16],
        "article": {"path": f"articles/{article:05d}.txt", "sha256": sha, "published": None, "outlet": outlet},
        "kind": ex["kind"],
        "mention": mention,
        "date": {"value": value, "precision": precision, "text": None, "basis": basis},
        "transfers": transfers,
        "total": total,
        "mediators": ex["mediators"] if rng.random() < 0.5 else [],
        "agreement": ex["agreement"] if rng.random() < 0.5 else None,
        "provenance": {"backend": "bench", "model": "none", "prompt_hash": "0", "tool_version": "0"},
    }


def generate(n: int, seed: int = 1234) -> list[EventRecord]:
    """About n records: ~n/8 exchanges, each article reporting one primary and 0-3 earlier ones."""
    rng = random.Random(seed)
    exchanges = sorted(_exchanges(rng, max(1, n // 8)), key=lambda e: e["date"])
    records: list[dict] = []
    article = 0
    while len(records) < n:
        idx = rng.randrange(len(exchanges))
        outlet = rng.choice(OUTLETS)
        k = 0
        records.append(_record(rng, exchanges[idx], article, outlet, "primary", k))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            if idx == 0 or len(records) >= n:
                break
            k += 1
            earlier = exchanges[rng.randrange(max(0, idx - 20), idx)]
            records.append(_record(rng, earlier, article, outlet, "background", k))
        article += 1
    return [EventRecord.model_validate(r) for r in records[:n]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of records (default 10000)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    args = ap.parse_args(argv)

    records = generate(args.n, args.seed)
    best = float("inf")
    entries = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        entries = build_catalogue(records)
        best = min(best, time.perf_counter() - t0)
    multi = sum(1 for e in entries if len(e.sources) > 1)
    conflicts = sum(1 for e in entries if e.conflicts)
    review = sum(1 for e in entries if e.review)
    print(f"records: {len(records)}")
    print(f"entries: {len(entries)} ({multi} with several sources, {conflicts} with conflicts, {review} with review notes)")
    print(f"seconds: {best:.3f} (best of {max(1, args.repeat)})")
    print(f"records/s: {len(records) / best:,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
