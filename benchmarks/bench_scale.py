"""Corpus scale: --jobs speedup against a fixed-latency stub server, and the tool's own cost per article.

    python benchmarks/bench_scale.py speedup  [--n 1000] [--latency 0.2] [--jobs 1 8 32 64] [--processes 2]
    python benchmarks/bench_scale.py overhead [--n 10000]

Both generate articles that each need exactly one model request
(``tests/model_stub.write_corpus``) and run the real command line,
``extractor extract DIR --base-url STUB --no-cache --fresh``, as a child
process; the stub server (``tests/model_stub.py``) is another process, so it
does not compete with the tool for the GIL. ``speedup`` prints the wall time
per ``--jobs`` and the speedup over ``--jobs 1`` as a ratio (and as a share of
N: the goal is 0.9 x N up to 32). ``overhead`` uses a zero-latency stub, so
what is left is the tool's own work per article (reading, candidates,
readings, the request and its parsing, validation, writing, the progress
line), and reports the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.model_stub import write_corpus  # noqa: E402


@contextmanager
def stub_server(latency: float) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.model_stub", "--latency", str(latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = proc.stdout.readline().strip()  # type: ignore[union-attr]
        if not url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"stub server did not start: {url!r}")
        yield url
    finally:
        proc.terminate()
        proc.wait()


def run_cli(corpus: Path, out: Path, url: str, jobs: int, cache: Path, processes: int = 1) -> float:
    """Wall seconds of ``extractor extract`` (exit code checked); ``processes`` > 1: that many shards at once.

    With shards, each process gets ``--shard K/P --jobs jobs/P`` and its own
    output (``out`` with ``.K`` in its name), as on P machines.
    """
    env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(cache), "OPENAI_API_KEY": ""}
    cmds = []
    for k in range(1, processes + 1):
        target = out if processes == 1 else out.with_name(f"{out.stem}.{k}{out.suffix}")
        cmd = [
            sys.executable, "-m", "extractor.cli", "extract", str(corpus), "-o", str(target),
            "--base-url", url, "--model", "stub", "--jobs", str(max(1, jobs // processes)), "--no-cache", "--fresh",
        ]  # fmt: skip
        cmds.append(cmd + (["--shard", f"{k}/{processes}"] if processes > 1 else []))
    started = time.perf_counter()
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for c in cmds]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"extract failed ({proc.returncode}): {err[-2000:]}")
    return time.perf_counter() - started


def speedup(args: argparse.Namespace, work: Path) -> None:
    corpus = write_corpus(work / "corpus", args.n)
    shards = f", {args.processes} shard processes" if args.processes > 1 else ""
    print(f"{args.n} articles, one request each, stub latency {args.latency * 1000:.0f} ms, {os.cpu_count()} cores{shards}")
    print(f"{'jobs':>5} {'wall s':>8} {'articles/s':>11} {'speedup':>8} {'x N':>6}")
    with stub_server(args.latency) as url:
        base = args.baseline
        for jobs in args.jobs:
            seconds = run_cli(corpus, work / f"j{jobs}.jsonl", url, jobs, work / "cache", 1 if jobs == 1 else args.processes)
            if base is None and jobs != 1:
                raise SystemExit("give --jobs 1 first, or --baseline SECONDS from an earlier --jobs 1 run")
            base = base or seconds
            ratio = base / seconds
            print(f"{jobs:>5} {seconds:>8.2f} {args.n / seconds:>11.1f} {ratio:>8.2f} {ratio / jobs:>6.2f}", flush=True)
    if args.processes == 1:
        first = (work / f"j{args.jobs[0]}.jsonl").read_bytes()
        same = all((work / f"j{j}.jsonl").read_bytes() == first for j in args.jobs)
        print(f"outputs identical across --jobs: {same}")


def overhead(args: argparse.Namespace, work: Path) -> None:
    corpus = write_corpus(work / "corpus", args.n, extra_lines=args.extra_lines)
    size = sum(p.stat().st_size for p in corpus.iterdir())
    with stub_server(0.0) as url:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds = run_cli(corpus, work / "o.jsonl", url, args.jobs[0], work / "cache")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the extract run only: the stub is still running
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss_mb = after.ru_maxrss / 1024  # the largest child so far: the extract run
    print(f"{args.n} articles ({size / 1e6:.1f} MB), zero-latency stub, --jobs {args.jobs[0]}: "
          f"{seconds:.1f} s wall = {seconds / args.n * 1000:.2f} ms/article; the tool's CPU {cpu:.1f} s = "
          f"{cpu / args.n * 1000:.2f} ms/article (startup included); peak RSS {rss_mb:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speedup", "overhead"])
    parser.add_argument("--n", type=int, default=None, help="articles (default 1000 for speedup, 10000 for overhead)")
    parser.add_argument("--latency", type=float, default=0.2, help="stub latency in seconds (speedup)")
    parser.add_argument("--jobs", type=int, nargs="+", default=None, help="default 1 8 32 64 (speedup), 1 (overhead)")
    parser.add_argument("--baseline", type=float, default=None, help="speedup: --jobs 1 wall seconds of an earlier run")
    parser.add_argument("--processes", type=int, default=1, help="speedup: run N>1 jobs as this many --shard processes")
    parser.add_argument("--extra-lines", type=int, default=20, help="filler lines per article (overhead)")
    args = parser.parse_args()
    args.n = args.n or (1000 if args.what == "speedup" else 10000)
    args.jobs = args.jobs or ([1, 8, 32, 64] if args.what == "speedup" else [1])
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        (speedup if args.what == "speedup" else overhead)(args, Path(tmp))


if __name__ == "__main__":
    main()
