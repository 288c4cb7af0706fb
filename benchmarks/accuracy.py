"""The README's accuracy table, from a clone: extract the seeds and both development sets, score them, one table.

    python benchmarks/accuracy.py --replay cassettes/        # offline: the recorded answers only
    python benchmarks/accuracy.py                            # live: the embedded model (or --backend ...)
    python benchmarks/accuracy.py --model-answers use        # live, the embedded model's answers used too
    python benchmarks/accuracy.py --backend compatible --base-url http://127.0.0.1:8000/v1 --model NAME

Every set is extracted into a fresh temporary folder (``--fresh --no-cache``: nothing reused), with the
same settings as ``extractor extract`` (the backend flags below are passed on to it), then scored with
``extractor eval``'s rules against its gold: the seeds (``seeds/``, ``tests/data/seeds.gold.json``),
``benchmarks/corpus/dev`` and ``benchmarks/corpus/dev2``. For the generalisation protocol of issue 19
dev2 is also scored in two halves: the articles whose number is even (the studied half) and odd (the
unstudied half), gold and records alike (``extractor eval --only``).

The table is Markdown (``--out FILE`` writes it there too). An article that fails (under ``--replay``:
one whose numbers the words leave open and that has no recording) gives no record: its gold mentions
count as missed, and the row "articles failed" says how many there were.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "data" / "seeds.gold.json"),
    "dev": (CORPUS / "dev" / "articles", CORPUS / "dev" / "gold.json"),
    "dev2": (CORPUS / "dev2" / "articles", CORPUS / "dev2" / "gold.json"),
}
#: (column, set, article-name globs): the halves of dev2 by the parity of the article's number.
HALVES = (("dev2 studied (even)", "dev2", ("[0-9][02468]_*",)), ("dev2 unstudied (odd)", "dev2", ("[0-9][13579]_*",)))


@dataclass
class Column:
    name: str
    report: object  # evaluate.EvalReport
    seconds: list[float]
    failed: int
    articles: int


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="seeds,dev,dev2", help="comma-separated: seeds, dev, dev2 (default all)")
    ap.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    ap.add_argument("--keep", type=Path, help="write the outputs into this folder instead of a temporary one")
    extract = ap.add_argument_group("passed on to `extractor extract`")
    extract.add_argument("--replay", type=Path, help="answer model requests from the cassettes in this folder")
    extract.add_argument("--backend")
    extract.add_argument("--model")
    extract.add_argument("--base-url")
    extract.add_argument("--mode")
    extract.add_argument("--retries", type=int)
    extract.add_argument("--timeout", type=float)
    extract.add_argument("--seed", type=int)
    extract.add_argument("--jobs", "-j", type=int)
    extract.add_argument("--model-answers", help="auto (default), use or skip: see `extractor extract --help`")
    args = ap.parse_args(argv)
    args.sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in args.sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set(s): {', '.join(unknown)} (choose from {', '.join(SETS)})")
    return args


def run_set(name: str, args: argparse.Namespace, workdir: Path) -> tuple[Path, dict[str, float], set[str]]:
    """Extract one set afresh: the events file, each article's seconds and the articles failed, by file name."""
    from extractor.api import extract_files
    from extractor.settings import resolve_settings

    settings = resolve_settings(
        backend=args.backend, model=args.model, base_url=args.base_url, mode=args.mode, retries=args.retries,
        replay_dir=args.replay, timeout=args.timeout, seed=args.seed, jobs=args.jobs, answer_cache=False,
        model_answers=args.model_answers,
    )  # fmt: skip
    articles, _ = SETS[name]
    events = workdir / f"{name}.jsonl"
    seconds: dict[str, float] = {}
    failed: set[str] = set()

    def done(outcome) -> None:  # noqa: ANN001 - pipeline.ArticleOutcome
        seconds[PurePath(outcome.path).name] = outcome.seconds
        if outcome.status == "failed":
            failed.add(PurePath(outcome.path).name)
            print(f"  failed {PurePath(outcome.path).name}: {outcome.error}", file=sys.stderr)

    print(f"{name}: extracting {articles.relative_to(ROOT)} -> {events}", file=sys.stderr)
    extract_files([articles], events, settings=settings, resume=False, on_article=done,
                  log=lambda m: print(f"  {m}", file=sys.stderr))  # fmt: skip
    return events, seconds, failed


def score(name: str, column: str, events: Path, seconds: dict[str, float], failed_names: set[str],
          globs: tuple[str, ...] = ()) -> Column:  # fmt: skip
    """``extractor eval`` (with ``--only`` globs) of one set, with the seconds of the same articles."""
    from extractor.api import evaluate_records

    report = evaluate_records(events, SETS[name][1], articles=globs)
    chosen = [a for a in seconds if not globs or any(fnmatchcase(a, g) for g in globs)]
    return Column(column, report, [seconds[a] for a in chosen], sum(a in failed_names for a in chosen), len(chosen))


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.0%})" if total else "0/0"


def rows(col: Column) -> dict[str, str]:
    """One column of the table: measure -> cell."""
    r = col.report
    negatives = [a for a in r.articles if a.in_gold and a.gold_mentions == 0]
    cells = {
        "articles (failed)": f"{col.articles} ({col.failed})",
        "fact F1 (precision / recall)": f"{r.f1:.3f} ({r.precision:.3f} / {r.recall:.3f})",
        "gold mentions found / missed": f"{r.mentions_found} / {r.mentions_missed} of {r.gold_mentions}",
        "invented records": str(r.mentions_invented),
        "gold transfers right (side, category, count)": _share(r.transfers_right, r.gold_transfers),
        "records on negatives": f"{sum(a.records for a in negatives)} (on {len(negatives)})",
    }
    for basis, s in r.by_basis.items():
        cells[f"precision, basis {basis}"] = _share(s.right, s.predicted)
    cells["numbers left undecided"] = str(r.undecided)
    cells["median seconds per article"] = f"{statistics.median(col.seconds):.3f}" if col.seconds else "n/a"
    return cells


def markdown(columns: list[Column]) -> str:
    table = [rows(c) for c in columns]
    measures = list(dict.fromkeys(m for cells in table for m in cells))
    lines = ["| measure | " + " | ".join(c.name for c in columns) + " |", "| --- |" + " --- |" * len(columns)]
    lines += [f"| {m} | " + " | ".join(cells.get(m, "") for cells in table) + " |" for m in measures]
    return "\n".join(lines) + "\n"


def measure(args: argparse.Namespace, workdir: Path) -> list[Column]:
    columns = []
    for name in args.sets:
        events, seconds, failed = run_set(name, args, workdir)
        columns.append(score(name, name, events, seconds, failed))
        columns += [score(name, col, events, seconds, failed, globs) for col, of, globs in HALVES if of == name]
    return columns


def main(argv: list[str] | None = None) -> int:
    import logging

    args = parse_args(argv)
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # as the CLI: failures are reported per article
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        columns = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
            columns = measure(args, Path(tmp))
    how = f"--replay {args.replay}" if args.replay else f"live, backend {args.backend or 'default'}"
    how += f", model answers {args.model_answers or 'auto'}"
    text = f"Measured with `python benchmarks/accuracy.py` ({how}).\n\n" + markdown(columns)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
