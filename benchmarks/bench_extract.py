"""Time and accuracy per article: the extractor against a plain one-shot prompt, same model, same run.

The one-shot baseline is what a user would write first: one instructor call per
article with a ``list[Event]`` response model over the whole text, no
candidates, no grounding, no validator. Both run against the same server in
the same process, article by article, so the ratio of their median seconds per
article is measured side by side, not against a number from another day.

    python benchmarks/bench_extract.py ARTICLES_DIR [--gold GOLD.json] [--published-from manifest]
                                        [--base-url URL --model NAME]   # default: the embedded model

With ``--gold`` both outputs are scored with ``extractor eval``'s rules and
the error classes are printed. Articles are read from the folder given;
nothing of them is stored in the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from extractor.articles import collect_inputs, read_article
from extractor.backends import open_client
from extractor.dates import DateValue
from extractor.evaluate import evaluate, load_gold
from extractor.extract import PromptSet, extract_article
from extractor.models import ArticleRef, EventDate, EventRecord, Evidence, Transfer
from extractor.settings import resolve_settings


class OneShotTransfer(BaseModel):
    to: Literal["ukraine", "russia"] = Field(description="Side that received.")
    category: Literal["bodies", "prisoners_of_war", "civilians", "children", "other"]
    count: int | None


class OneShotEvent(BaseModel):
    mention: Literal["primary", "background"] = Field(description="primary: the exchange the article is about.")
    date: str | None = Field(description="YYYY-MM-DD when the article says, else null.")
    transfers: list[OneShotTransfer]


class OneShot(BaseModel):
    events: list[OneShotEvent] = Field(description="Every completed exchange the article reports.")


ONE_SHOT_PROMPT = (
    "Extract every completed exchange between Russia and Ukraine reported in this article (bodies of soldiers, "
    "prisoners of war, civilians, children): for each, who received how many of what, and when.\n\nArticle:\n"
)


def _date(value: str | None) -> EventDate:
    """The baseline's date when it is one of the record's shapes; a malformed one counts as no date, not a crash."""
    parsed = DateValue.parse(value)
    return EventDate(value=value, precision=parsed.precision) if parsed else EventDate()


def one_shot(client, article) -> list[EventRecord]:  # noqa: ANN001
    answer = client.create(
        response_model=OneShot,
        model=client.model,
        messages=[{"role": "user", "content": ONE_SHOT_PROMPT + article.text}],
        max_retries=1,
        **client.request_options,
    )
    records = []
    for k, e in enumerate(answer.events):
        kinds = {t.category for t in e.transfers}
        kind = "body_repatriation" if kinds == {"bodies"} else "prisoner_exchange" if "prisoners_of_war" in kinds else "civilian_return"
        records.append(
            EventRecord(
                event_id=f"oneshot-{k}",
                article=ArticleRef(path=article.path, sha256=article.sha256,
                                   published=article.published.isoformat() if article.published else None),
                kind=kind, mention=e.mention,
                date=_date(e.date),
                transfers=[Transfer(to=t.to, category=t.category, count=t.count, evidence=Evidence(quote="")) for t in e.transfers],
                provenance={"backend": client.backend, "model": client.model, "prompt_hash": "oneshot", "tool_version": "-"},
            )  # fmt: skip
        )
    return records


def _score(name: str, records: list[EventRecord], gold_path: Path | None) -> dict:
    if gold_path is None:
        return {}
    report = evaluate(records, load_gold(gold_path))
    return {"f1": round(report.f1, 3), "found": report.mentions_found, "invented": report.mentions_invented,
            "transfers_right": f"{report.transfers_right}/{report.gold_transfers}", "errors": report.errors}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--base-url")
    ap.add_argument("--model")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--out", type=Path, help="write both outputs as JSON here")
    args = ap.parse_args(argv)
    settings = resolve_settings(base_url=args.base_url, model=args.model, answer_cache=False)  # every answer asked now
    if args.seed is not None:
        settings = dataclasses.replace(settings, seed=args.seed)
    paths = [p for p in collect_inputs([args.articles]) if p.suffix in (".txt", ".md", ".html")]
    times: dict[str, list[float]] = {"extractor": [], "one-shot": []}
    outputs: dict[str, list[EventRecord]] = {"extractor": [], "one-shot": []}
    with open_client(settings, log=lambda m: print(m, file=sys.stderr)) as client:
        prompts = PromptSet.load(client)
        for path in paths:
            article = read_article(path, root=args.articles)
            t0 = time.monotonic()
            outputs["extractor"] += extract_article(article, client, retries=settings.retries, prompts=prompts).records
            t1 = time.monotonic()
            try:
                outputs["one-shot"] += one_shot(client, article)
            except Exception as exc:  # noqa: BLE001 - a baseline failure is a data point, not a crash
                print(f"one-shot failed on {path.name}: {type(exc).__name__}", file=sys.stderr)
            t2 = time.monotonic()
            times["extractor"].append(t1 - t0)
            times["one-shot"].append(t2 - t1)
            print(f"{path.name}: extractor {t1 - t0:.1f} s, one-shot {t2 - t1:.1f} s", file=sys.stderr)
    result = {}
    for name in times:
        result[name] = {"median_s": round(statistics.median(times[name]), 3), "mean_s": round(statistics.mean(times[name]), 3),
                        **_score(name, outputs[name], args.gold)}  # fmt: skip
    for stat in ("median", "mean"):
        ours, theirs = (statistics.median if stat == "median" else statistics.mean)(times["extractor"]), \
            (statistics.median if stat == "median" else statistics.mean)(times["one-shot"])  # fmt: skip
        result[f"ratio_{stat}_extractor_over_one_shot"] = float(f"{ours / max(theirs, 1e-9):.4g}")
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps({k: [r.model_dump(mode="json", by_alias=True) for r in v] for k, v in outputs.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
