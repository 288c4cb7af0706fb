"""The library API: what the CLI calls, one function per command, usable from Python.

    from extractor import extract_text
    records = extract_text("On Friday Kyiv received 212 bodies of its soldiers.", published="2025-06-20")

| CLI command            | library function            |
| ---------------------- | --------------------------- |
| ``extractor extract``  | ``extract_files`` (and ``extract_text`` for one string) |
| ``extractor validate`` | ``validate_records``        |
| ``extractor catalogue``| ``build_catalogue`` (``--summary``: ``catalogue_summary``) |
| ``extractor eval``     | ``evaluate_records``        |
| ``extractor review``   | ``review_page``             |

Settings are resolved once (``resolve_settings``: flags, then environment,
then defaults) into a frozen ``Settings``; without one, the functions resolve
the defaults from the environment, as the CLI does. Nothing here prints: tables
and colours live in ``cli.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from .models import EventRecord
from .settings import Settings, resolve_settings

__all__ = ["Settings", "build_catalogue", "catalogue_summary", "evaluate_records", "explain_file", "extract_files", "extract_text", "list_rules",
           "resolve_settings",
           "review_page", "validate_records"]  # fmt: skip


def _published(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from .articles import parse_iso_date

    return parse_iso_date(value, where="published")


def extract_text(
    text: str, *, published: date | str | None = None, settings: Settings | None = None, name: str = "text"
) -> list[EventRecord]:
    """The exchange events of one article given as a string (``name`` stands in for its path on the records).

    The model is asked only about numbers the words leave open; with the
    embedded backend its server starts only then, and is always stopped.
    """
    from .articles import Article
    from .backends import open_client
    from .extract import extract_article

    settings = settings or resolve_settings()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    day = _published(published)
    article = Article(path=name, text=text, sha256=sha, published=day, published_source="argument" if day else None)
    with open_client(settings) as client:
        return extract_article(article, client, retries=settings.retries, ask_model=settings.asks_model).records


def extract_files(
    paths: Iterable[Path | str],
    output: Path | str,
    *,
    settings: Settings | None = None,
    published: date | str | None = None,
    resume: bool = True,
    on_article: Callable | None = None,
    on_start: Callable[[int], None] | None = None,
    log: Callable[[str], None] = lambda _: None,
):  # noqa: ANN201 - pipeline.RunSummary
    """``extractor extract``: every article under ``paths`` into ``output`` (JSONL) and its articles log.

    ``on_start(n)`` is told the number of inputs, ``on_article(outcome)`` each article's outcome in
    input order; ``log`` gets one-line notes (server start, fallbacks).
    """
    from .pipeline import run_extract

    settings = settings or resolve_settings()
    return run_extract(
        [Path(p) for p in paths], settings, Path(output), published=_published(published), resume=resume,
        on_article=on_article, on_start=on_start, log=log,
    )  # fmt: skip


def explain_file(path: Path | str, *, published: date | str | None = None):  # noqa: ANN201 - explain.Explanation
    """``extractor explain``: every count of one article with its reading and the rules and words that decided it.

    The article is read as ``extract`` reads it (front matter, manifest); no model is asked.
    """
    from .articles import read_article
    from .explain import explain_article

    return explain_article(read_article(Path(path), published=_published(published)))


def validate_records(
    path: Path | str,
    *,
    base_dir: Path | str | None = None,
    articles_roots: Iterable[Path] = (),
    allow_any_path: bool = False,
):  # noqa: ANN201 - validate.ValidateResult
    """``extractor validate``: every check again on the records of a JSONL file."""
    from .validate import validate_file

    base = Path(base_dir) if base_dir else None
    return validate_file(Path(path), base_dir=base, articles_roots=articles_roots, allow_any_path=allow_any_path)


def build_catalogue(
    paths: Iterable[Path | str] | Path | str,
    *,
    output: Path | str | None = None,
    fmt: str = "jsonl",
    log: Callable[[str], None] = lambda _: None,
):  # noqa: ANN201 - list[catalogue.CatalogueEntry]
    """``extractor catalogue``: one entry per real-world exchange across the records of one or more JSONL files
    (e.g. one per shard), written to ``output`` (``jsonl`` or ``csv``) when given."""
    from . import catalogue
    from .errors import UsageError

    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"unknown format {fmt!r}", hint="use jsonl or csv")
    inputs = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    skipped: dict[str, int] = {}
    records, duplicates = catalogue.read_many(inputs, skipped)
    for why, n in skipped.items():
        if not why.startswith("articles log lines"):  # the log beside the events is expected, not a loss
            log(f"skipped {n} {why}")
    if duplicates:
        log(f"{duplicates} record(s) found in more than one input were read once")
    entries = catalogue.build_catalogue(records)
    unused = sum(1 for e in entries for note in e.review if note.endswith(("not plausible; not used", "treated as unresolved")))
    if unused:  # said here, not only in the entries' review notes: nothing is dropped silently
        log(f"{unused} count(s), total(s) or date(s) of the records could not be used (implausible or unparseable); "
            "the entries' review notes say which")  # fmt: skip
    if output is not None:
        catalogue.write_catalogue(entries, Path(output), fmt, inputs=inputs)  # type: ignore[arg-type]
    return entries


SUMMARIES = ("monthly",)


def catalogue_summary(entries: Iterable, summary: str = "monthly"):  # noqa: ANN201 - list[timeline.MonthlyRow]
    """``extractor catalogue --summary monthly``: people handed over per month, side and category
    (``timeline.monthly_summary``; its rows have ``as_row()`` and ``timeline.MONTHLY_COLUMNS``)."""
    from .errors import UsageError
    from .timeline import monthly_summary

    if summary not in SUMMARIES:
        raise UsageError(f"unknown summary {summary!r}", hint="use " + " or ".join(SUMMARIES))
    return monthly_summary(entries)


def evaluate_records(
    path: Path | str, gold: Path | str, *, articles: Iterable[str] = ()
):  # noqa: ANN201 - evaluate.EvalReport
    """``extractor eval``: score the records of a JSONL file against a gold annotation.

    ``articles``: globs of article file names (``"[0-9][02468]_*"``); only those articles' gold and
    records are scored (all when empty). Records are read as ``validate``, ``catalogue`` and
    ``review`` read them; the report's ``skipped`` says which lines or records were not scored and why.
    The numbers left undecided come from the articles log beside the records file (``undecided``).
    """
    from .evaluate import evaluate, load_gold, undecided_in_log
    from .output import articles_log_path, read_records

    records, skipped = read_records(Path(path), schemaless_ok=True)
    undecided = undecided_in_log(articles_log_path(Path(path)))  # the articles log beside the records, if any
    report = evaluate(records, load_gold(Path(gold)), articles=articles, undecided=undecided)
    report.skipped = {**skipped, **report.skipped}
    return report


def review_page(
    events: Path | str,
    output: Path | str,
    *,
    catalogue: Path | str | None = None,
    gold: Path | str | None = None,
    base_dir: Path | str | None = None,
):  # noqa: ANN201 - review.ReviewSummary
    """``extractor review``: the self-contained HTML page, every record beside the words it came from."""
    from .review import review as write_review

    def opt(p: Path | str | None) -> Path | None:
        return Path(p) if p is not None else None

    return write_review(Path(events), Path(output), catalogue=opt(catalogue), gold=opt(gold), base_dir=opt(base_dir))


def list_rules(family: str | None = None):  # noqa: ANN201 - tuple[rules.Rule, ...]
    """``extractor rules``: the reader's named rules in the order the code applies them (``family``: role,
    side, category or count only)."""
    from .errors import UsageError
    from .rules import RULES

    families = ("role", "side", "category", "count")
    if family is not None and family not in families:
        raise UsageError(f"unknown rule family {family!r}; choose one of {', '.join(families)}")
    return tuple(r for r in RULES if family is None or r.decides == family)
