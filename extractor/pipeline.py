"""Many articles: read -> extract -> normalise -> validate -> write, several articles at a time.

With ``--jobs N`` (``settings.jobs``) up to N articles are extracted at once
by worker threads (so up to N model requests are in flight); the main thread
alone writes, in input order, whatever order they finish in. The writer, the
articles log, resume, the lock and Ctrl-C therefore behave as with one job:
on Ctrl-C or SIGTERM the articles already written stay, the ones in flight
are abandoned (their answers are in the answer cache for the rerun). Under
``--replay``/``--record`` one article runs at a time (a cassette per article).
With ``--shard K/N`` only the inputs whose path (relative to the folder named
on the command line) hashes into shard K are read.

A file that cannot be read or parsed gets a one-line error in the articles log
and the run goes on; the summary says whether anything failed. Under
``--replay DIR`` each article's model traffic comes from ``DIR/<stem>.yaml``;
under ``--record DIR`` it is recorded there.

An article none of whose passages got a usable answer (non-JSON, the wrong
schema, an answer cut off, only markers that do not exist) is ``failed``, so
the next run tries it again. When ``MAX_UNREACHABLE`` articles in a row fail
because the model server cannot be reached (refused, timed out), the run stops
with one ``ServerError`` instead of trying every other file; what was written
stays, and the same command resumes. Every string that came from a server is
redacted (``errors.redact``) before it is printed, logged or written.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections import deque
from concurrent.futures import Future, wait
from contextlib import ExitStack, closing, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import cassettes
from .articles import Article, collect_inputs, display_path, read_article
from .backends import RunContext, open_client, request_identity
from .errors import ExtractorError, InputError, ModelError, ServerError, UsageError, iter_causes, redact, redact_secrets, shorten
from .extract import PromptSet, extract_article, provenance
from .models import ArticleLogEntry, EventRecord
from .output import JsonlWriter
from .settings import Settings


@dataclass
class ArticleOutcome:
    path: str
    status: str  # ok, no_events, failed, skipped
    events: int = 0
    error: str | None = None
    seconds: float = 0.0
    passages: int = 0
    unreachable: bool = False  # failed because the model server could not be reached


@dataclass
class RunSummary:
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    events_path: Path | None = None
    log_path: Path | None = None

    @property
    def failed(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def events(self) -> int:
        return sum(o.events for o in self.outcomes)


Progress = Callable[[ArticleOutcome], None]

#: consecutive articles failing on an unreachable server before the run stops.
MAX_UNREACHABLE = 3


def in_shard(f: Path, root: Path | None, shard: tuple[int, int] | None) -> bool:
    """Whether input ``f`` belongs to shard K of N: a hash of its path relative to the folder named (else its name).

    The same on every machine, wherever the corpus is mounted, and independent of the other files.
    """
    if shard is None:
        return True
    k, n = shard
    rel = f.relative_to(root) if root is not None and f != root else Path(f.name)
    digest = hashlib.sha256(display_path(rel.as_posix()).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def _load_articles(
    paths: list[Path], published: date | None, shard: tuple[int, int] | None = None
) -> list[tuple[str, Article | ExtractorError]]:
    """Every input (of this shard) once (a file named twice, or inside a folder also given, is read once)."""
    items: list[tuple[str, Article | ExtractorError]] = []
    seen: set[Path] = set()
    for p in paths:
        root = p if p.is_dir() else None
        for f in collect_inputs([p]):
            key = f.resolve()
            if key in seen or not in_shard(f, root, shard):
                continue
            seen.add(key)
            display = display_path(f)
            try:
                if display != str(f):
                    raise InputError("file name is not valid UTF-8", path=display, hint="rename the file")
                items.append((display, read_article(f, published=published, root=root)))
            except ExtractorError as exc:
                items.append((display, exc))
    return items


def run_extract(
    paths: list[Path],
    settings: Settings,
    out: Path,
    *,
    published: date | None = None,
    resume: bool = True,
    on_article: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (JSONL) and its articles log."""
    items = _load_articles(paths, published, settings.shard)
    if on_start:
        on_start(len(items))
    # The prompt hash is known before any server starts: a finished rerun starts nothing.
    prompts = PromptSet.load(request_identity(settings))
    summary = RunSummary(events_path=out)
    inputs = [Path(display) for display, item in items if isinstance(item, Article)]
    with JsonlWriter(out, prompt_hash=prompts.hash, resume=resume, inputs=inputs) as writer:
        summary.log_path = writer.log_path
        todo = []
        for display, item in items:
            if isinstance(item, Article) and writer.is_done(item.path, item.sha256):
                outcome = ArticleOutcome(display, "skipped")
                summary.outcomes.append(outcome)
                if on_article:
                    on_article(outcome)
            else:
                todo.append((display, item))
        writer.begin([item.path if isinstance(item, Article) else display for display, item in todo])
        cassette_dir = settings.replay_dir or settings.record_dir
        if cassette_dir is not None:  # one cassette per article stem: two inputs must not share one
            owners: dict[Path, str] = {}
            for i, (display, item) in enumerate(todo):
                if isinstance(item, Article):
                    owner = owners.setdefault(cassettes.cassette_path(cassette_dir, item.path), item.path)
                    if owner != item.path:
                        todo[i] = (display, UsageError(
                            f"shares its cassette name with {owner}", path=item.path,
                            hint="give articles distinct file names when recording or replaying",
                        ))  # fmt: skip
        needs_model = any(isinstance(item, Article) for _, item in todo)
        run = RunContext(settings, log)
        with open_client(settings, log=log, run=run) if needs_model else nullcontext() as client:
            prov = provenance(client, prompts) if client is not None else None
            _extract_all(todo, client, prompts, settings, writer, prov, summary, on_article, run.cache)
        if run.cache is not None and run.cache.hits:
            log(f"{run.cache.hits} model answer(s) reused from the cache ({run.cache.directory}; --no-cache to ask again)")
    return summary


def effective_jobs(settings: Settings) -> int:
    """Articles extracted at once: ``--jobs``, except one under --replay/--record (vcrpy patches globally)."""
    return 1 if settings.replaying or settings.recording else settings.jobs


@dataclass
class _Done:
    """One article's result, computed by a worker; the main thread writes it."""

    outcome: ArticleOutcome
    records: list[EventRecord]
    entry: ArticleLogEntry


def _extract_all(todo, client, prompts, settings, writer, prov, summary, on_article, cache=None) -> None:  # noqa: ANN001
    """Every article, ``effective_jobs`` at a time, written in input order; stop when the server stays unreachable."""

    def work(job: tuple[str, Article | ExtractorError]) -> _Done:
        started = time.monotonic()
        display, item = job
        if isinstance(item, ExtractorError):
            message = redact(item.one_line())
            done = _Done(ArticleOutcome(display, "failed", error=message), [], ArticleLogEntry(path=display, status="failed", error=message))
        else:
            with cache.held() if cache is not None else nullcontext(lambda: None) as keep_answers:
                done = _one(item, client, prompts, settings, prov)
                if done.outcome.status != "failed" and done.outcome.error is None:
                    keep_answers()  # answers of a failed article are asked again next time
        done.outcome.seconds = time.monotonic() - started
        return done

    unreachable = 0
    with closing(in_order_batches(todo, work, effective_jobs(settings))) as batches:  # closed at once, also on Ctrl-C
        for batch in batches:
            stop = None
            for i, done in enumerate(batch):  # the run stops where one job would have stopped
                unreachable = unreachable + 1 if done.outcome.unreachable else 0
                if unreachable >= MAX_UNREACHABLE:
                    stop, batch = done.outcome, batch[: i + 1]
                    break
            writer.write_articles([(done.records, done.entry) for done in batch])
            for done in batch:
                summary.outcomes.append(done.outcome)
                if on_article:
                    on_article(done.outcome)
            if stop is not None:
                raise ServerError(
                    f"the model server could not be reached for {unreachable} articles in a row; stopping "
                    f"(last: {stop.error})",
                    hint="check the server, --base-url and --timeout, then run the same command again to resume",
                )


class _Workers:
    """``jobs`` daemon threads running ``fn`` on submitted items (daemons: Ctrl-C never waits for a request)."""

    def __init__(self, fn: Callable[[Any], Any], jobs: int):
        self._fn = fn
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._stopped = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"extractor-job-{i}", daemon=True) for i in range(jobs)]
        for t in self._threads:
            t.start()

    def submit(self, item: Any) -> Future:  # noqa: ANN401
        future: Future = Future()
        self._queue.put((item, future))
        return future

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            item, future = job
            if self._stopped.is_set() or not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._fn(item))
            except BaseException as exc:  # handed to the main thread, which decides
                future.set_exception(exc)

    def stop(self) -> None:
        """No new item starts; items in flight finish (or are abandoned when the process exits)."""
        self._stopped.set()
        for _ in self._threads:
            self._queue.put(None)


def in_order_batches(items: Iterable[Any], fn: Callable[[Any], Any], jobs: int) -> Iterator[list[Any]]:
    """``fn(item)`` for every item, ``jobs`` at a time, in the items' order, in batches of the results ready.

    Each batch is the next result plus those right after it that are already
    done (so the writer syncs once per batch). At most ``2 * jobs`` items are
    started ahead of the one being yielded, so memory stays flat however many
    items there are. An exception raised by ``fn`` is raised here, at its
    item's turn.
    """
    if jobs <= 1:
        for item in items:
            yield [fn(item)]
        return
    workers = _Workers(fn, jobs)
    pending: deque[Future] = deque()
    source = iter(items)
    try:
        while True:
            for item in source:
                pending.append(workers.submit(item))
                if len(pending) >= 2 * jobs:
                    break
            if not pending:
                return
            batch = [_result(pending.popleft())]
            while pending and pending[0].done() and pending[0].exception() is None:
                batch.append(pending.popleft().result())
            yield batch
    finally:
        workers.stop()


def in_order(items: Iterable[Any], fn: Callable[[Any], Any], jobs: int) -> Iterator[Any]:
    """``fn(item)`` for every item, ``jobs`` at a time, yielded one by one in the items' order."""
    for batch in in_order_batches(items, fn, jobs):
        yield from batch


def _result(future: Future) -> Any:  # noqa: ANN401
    while not future.done():  # a short wait in a loop: Ctrl-C is seen at once
        wait([future], timeout=0.5)
    return future.result()


def _one(article: Article, client, prompts: PromptSet, settings: Settings, prov) -> _Done:  # noqa: ANN001
    base = dict(path=article.path, sha256=article.sha256, published=article.published.isoformat() if article.published else None,
                published_source=article.published_source)  # fmt: skip

    def failed(message: str, unreachable: bool = False) -> _Done:
        message = redact(message, [settings.api_key])
        entry = ArticleLogEntry(**base, status="failed", error=message, provenance=prov)
        return _Done(ArticleOutcome(article.path, "failed", error=message, unreachable=unreachable), [], entry)

    try:
        with ExitStack() as stack:
            if settings.replay_dir is not None:  # a miss inside becomes a ReplayError naming the cassette
                stack.enter_context(cassettes.replaying(settings.replay_dir, article.path))
            elif settings.record_dir is not None:
                stack.enter_context(cassettes.recording(settings.record_dir, article.path))
            result = extract_article(article, client, retries=settings.retries, prompts=prompts, ask_model=settings.asks_model)
    except ModelError:
        raise  # the embedded model could not be prepared or started: the run stops with that one line
    except ExtractorError as exc:
        return failed(exc.one_line())
    except backend_errors() as exc:  # the backend failed (connection, HTTP error): this article fails, the run goes on
        message, unreachable = describe_failure(exc, settings)
        return failed(f"{article.path}: {message}", unreachable)
    # anything else (a bug in the rules) propagates: it fails the run loudly, with its traceback under --debug
    records = [scrub_record(r, settings) for r in result.records]
    usable = usable_passages(result)
    if result.passages and not records and usable == 0:
        return failed(
            f"{article.path}: none of its {result.passages} passage(s) got a usable answer from the model "
            "(not JSON, wrong schema, cut off, or naming no marker of the passage)"
        )
    status = "ok" if records else "no_events"
    unusable = result.passages - usable
    error = f"{unusable} passage(s) got no usable answer" if unusable else None
    entry = ArticleLogEntry(**base, status=status, events=len(records), error=error, provenance=prov, **result.stats())
    return _Done(ArticleOutcome(article.path, status, events=len(records), error=error, passages=result.passages), records, entry)


def backend_errors() -> tuple[type[BaseException], ...]:
    """What a model call can raise when the backend, not the extractor, failed: openai's and instructor's
    errors, the HTTP client's (httpx2, httpcore2) and the network's (``errors.BackendError`` is an
    ``ExtractorError``, handled before). Evaluated only when an exception is on its way."""
    import httpcore2
    import httpx2
    import openai
    from instructor.core.exceptions import InstructorError

    return (openai.OpenAIError, InstructorError, httpx2.HTTPError, httpx2.StreamError, httpx2.InvalidURL,
            httpcore2.ProtocolError, httpcore2.NetworkError, httpcore2.TimeoutException, httpcore2.ProxyError, httpcore2.UnsupportedProtocol,
            ConnectionError, TimeoutError)  # fmt: skip


def usable_passages(result) -> int:  # noqa: ANN001
    """Passages whose question to the model got a usable answer (passages the words settled need none)."""
    return max(0, result.passages - result.failed_passages)


def describe_failure(exc: BaseException, settings: Settings) -> tuple[str, bool]:
    """One line for a failed model call (redacted, bounded) and whether the server could not be reached at all."""
    import openai

    causes = list(iter_causes(exc))
    timeout = next((e for e in causes if isinstance(e, openai.APITimeoutError)), None)
    if timeout is not None:
        return f"the model server did not answer within {settings.timeout:g} s (--timeout, EXTRACTOR_TIMEOUT)", True
    conn = next((e for e in causes if isinstance(e, openai.APIConnectionError)), None)
    if conn is not None:
        why = next((str(e) for e in causes if e.__class__.__module__.startswith(("httpx", "httpcore")) and str(e)), "")
        return f"cannot reach the model server: {shorten(why or str(conn), secrets=[settings.api_key])}", True
    status = next((e for e in causes if isinstance(e, openai.APIStatusError)), None)
    if status is not None:
        return f"the model server answered HTTP {status.status_code}: {shorten(str(status.message), secrets=[settings.api_key])}", False
    api = next((e for e in causes if isinstance(e, openai.APIError)), None)
    if api is not None:
        return f"model backend failed: {type(api).__name__}: {shorten(str(api), secrets=[settings.api_key])}", False
    return f"extraction failed: {type(exc).__name__}: {shorten(str(exc), secrets=[settings.api_key])}", False


_SERVER_TEXT = {"text", "message"}  # record fields that can hold words a model server chose


def _scrub(value, key: str | None, secrets: list[str | None]):  # noqa: ANN001, ANN202
    if isinstance(value, str):
        return redact(value, secrets) if key in _SERVER_TEXT else redact_secrets(value, secrets)
    if isinstance(value, dict):
        return {k: _scrub(v, k, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, key, secrets) for v in value]
    return value


def scrub_record(record: EventRecord, settings: Settings) -> EventRecord:
    """The record with no piece of the key anywhere and nothing secret-looking in model-chosen text."""
    data = record.model_dump(mode="json", by_alias=True)
    clean = _scrub(data, None, [settings.api_key])
    return record if clean == data else EventRecord.model_validate(clean)
