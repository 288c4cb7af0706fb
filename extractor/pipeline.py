"""Many articles: read -> extract -> normalise -> validate -> write, one article at a time.

A file that cannot be read or parsed gets a one-line error in the articles log
and the run goes on; the summary says whether anything failed. Under
``--replay DIR`` each article's model traffic comes from ``DIR/<stem>.yaml``;
under ``--record DIR`` it is recorded there.
"""

from __future__ import annotations

import time
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from . import cassettes
from .articles import Article, collect_inputs, read_article
from .backends import make_client, open_client
from .errors import ExtractorError, UsageError
from .extract import PromptSet, extract_article, provenance
from .models import ArticleLogEntry
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


def _load_articles(paths: list[Path], published: date | None) -> list[tuple[str, Article | ExtractorError]]:
    """Every input once (a file named twice, or inside a folder also given, is read once)."""
    items: list[tuple[str, Article | ExtractorError]] = []
    seen: set[Path] = set()
    for p in paths:
        root = p if p.is_dir() else None
        for f in collect_inputs([p]):
            key = f.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                items.append((str(f), read_article(f, published=published, root=root)))
            except ExtractorError as exc:
                items.append((str(f), exc))
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
    items = _load_articles(paths, published)
    if on_start:
        on_start(len(items))
    # The prompt hash is known before any server starts: a finished rerun starts nothing.
    prompts = PromptSet.load(make_client(settings, base_url=None))
    summary = RunSummary(events_path=out)
    with JsonlWriter(out, prompt_hash=prompts.hash, resume=resume) as writer:
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
        with open_client(settings, log=log) if needs_model else nullcontext() as client:
            prov = provenance(client, prompts) if client is not None else None
            for display, item in todo:
                started = time.monotonic()
                if isinstance(item, ExtractorError):
                    outcome = ArticleOutcome(display, "failed", error=item.one_line())
                    writer.write_article([], ArticleLogEntry(path=display, status="failed", error=item.one_line()))
                else:
                    outcome = _one(item, client, prompts, settings, writer, prov)
                outcome.seconds = time.monotonic() - started
                summary.outcomes.append(outcome)
                if on_article:
                    on_article(outcome)
    return summary


def _one(article: Article, client, prompts: PromptSet, settings: Settings, writer: JsonlWriter, prov) -> ArticleOutcome:  # noqa: ANN001
    base = dict(path=article.path, sha256=article.sha256, published=article.published.isoformat() if article.published else None)

    def failed(message: str) -> ArticleOutcome:
        message = redact(message, settings)
        writer.write_article([], ArticleLogEntry(**base, status="failed", error=message, provenance=prov))
        return ArticleOutcome(article.path, "failed", error=message)

    try:
        with ExitStack() as stack:
            if settings.replay_dir is not None:  # a miss inside becomes a ReplayError naming the cassette
                stack.enter_context(cassettes.replaying(settings.replay_dir, article.path))
            elif settings.record_dir is not None:
                stack.enter_context(cassettes.recording(settings.record_dir, article.path))
            result = extract_article(article, client, retries=settings.retries, prompts=prompts)
    except ExtractorError as exc:
        return failed(exc.one_line())
    except Exception as exc:  # a backend failure (connection, HTTP error): this article fails, the run goes on
        return failed(f"{article.path}: model backend failed: {type(exc).__name__}: {_short(exc)}")
    status = "ok" if result.records else "no_events"
    error = f"{result.failed_passages} passage(s) got no usable answer" if result.failed_passages else None
    writer.write_article(
        result.records,
        ArticleLogEntry(
            **base, status=status, events=len(result.records), error=error, provenance=prov, **result.stats()
        ),
    )
    return ArticleOutcome(article.path, status, events=len(result.records), error=error, passages=result.passages)


def redact(text: str, settings: Settings) -> str:
    """No API key in any message we print or log, whatever a server echoed back."""
    if settings.api_key and len(settings.api_key) >= 8:
        text = text.replace(settings.api_key, "***")
    return text


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("..." if len(text) > 200 else "")
