"""The embedded model with --jobs J against --jobs 1: does asking llama.cpp several things at once help here?

    python benchmarks/bench_local_jobs.py [--jobs 1 2 4] [--extra 6]

Runs the real command, ``extractor extract seeds/ + EXTRA --backend local
--jobs J --no-cache --fresh``, once per J, as a child process (each run starts
and stops its own llama_cpp.server), and prints the wall time, the model calls
(from the articles log) and the ratio to --jobs 1. EXTRA are generated articles
whose counts the words leave open (``tests/model_stub.write_corpus``), added
because the extraction core settles the seeds' numbers from the text alone and
asks the model nothing about them. Needs the `local` extra and the prepared model; heavy on CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.model_stub import write_corpus  # noqa: E402


def run(inputs: list[Path], out: Path, jobs: int) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "extractor.cli", "extract", *map(str, inputs), "-o", str(out),
           "--backend", "local", "--jobs", str(jobs), "--no-cache", "--fresh"]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract failed ({proc.returncode}): {proc.stderr[-2000:]}")
    log = [json.loads(x) for x in out.with_name(out.stem + ".articles.jsonl").read_text().splitlines()]
    calls = sum(e.get("model_calls") or 0 for e in log)
    return seconds, calls, out.read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--extra", type=int, default=6, help="generated articles that need the model")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-local-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        inputs = [work / "seeds"] + ([write_corpus(work / "extra", args.extra)] if args.extra else [])
        print(f"seeds + {args.extra} generated articles, embedded model, {os.cpu_count()} cores")
        print(f"{'jobs':>5} {'wall s':>8} {'model calls':>12} {'ratio vs 1':>11}")
        base, first = None, None
        for jobs in args.jobs:
            seconds, calls, records = run(inputs, work / f"j{jobs}.jsonl", jobs)
            base = base or seconds
            first = first if first is not None else records
            same = "same records" if records == first else "records differ"
            print(f"{jobs:>5} {seconds:>8.1f} {calls:>12} {base / seconds:>11.2f}  {same}", flush=True)


if __name__ == "__main__":
    main()
