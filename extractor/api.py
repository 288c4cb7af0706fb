"""The library API: what the CLI calls, one function per command, usable from Python.

    from extractor import extract_text
    records = extract_text("On Friday Kyiv received 212 bodies of its soldiers.", published="2025-06-20")

| CLI command            | library function            |
| ---------------------- | --------------------------- |
| ``extractor extract``  | ``extract_files`` (and ``extract_text`` for one string) |
| ``extractor validate`` | ``validate_records``        |
| ``extractor catalogue``| ``build_catalogue``         |
| ``extractor eval``     | ``evaluate_records``        |
| ``extractor review``   | ``review_page``             |

Settings are resolved once (``resolve_settings``: flags, then environment,
then defaults) into a frozen ``Settings``; without one, the functions resolve
the defaults from the environment, as the CLI does. Nothing here prints: tables
and colours live in ``cli.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .models import EventRecord
from .settings import Settings, resolve_settings

__all__ = ["Settings", "build_catalogue", "evaluate_records", "extract_files", "extract_text", "resolve_settings",
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
        return extract_article(article, client, retries=settings.retries).records


def extract_files(
    paths: Iterable[Path | str],
    output: Path | str,
    *,
    settings: Settings | None = None,
    published: date | str | None = None,
    resume: bool = True,
):  # noqa: ANN201 - pipeline.RunSummary
    """``extractor extract``: every article under ``paths`` into ``output`` (JSONL) and its articles log."""
    from .pipeline import run_extract

    settings = settings or resolve_settings()
    return run_extract([Path(p) for p in paths], settings, Path(output), published=_published(published), resume=resume)


def validate_records(path: Path | str, *, base_dir: Path | str | None = None, allow_any_path: bool = False):  # noqa: ANN201
    """``extractor validate``: every check again on the records of a JSONL file (``validate.ValidateResult``)."""
    from .validate import validate_file

    return validate_file(Path(path), base_dir=Path(base_dir) if base_dir else None, allow_any_path=allow_any_path)


def build_catalogue(paths: Iterable[Path | str] | Path | str):  # noqa: ANN201 - list[catalogue.CatalogueEntry]
    """``extractor catalogue``: one entry per real-world exchange across the records of one or more JSONL files."""
    from . import catalogue

    if isinstance(paths, (str, Path)):
        paths = [paths]
    records, _ = catalogue.read_many(Path(p) for p in paths)
    return catalogue.build_catalogue(records)


def evaluate_records(path: Path | str, gold: Path | str):  # noqa: ANN201 - evaluate.EvalReport
    """``extractor eval``: score the records of a JSONL file against a gold annotation."""
    from .evaluate import evaluate, load_gold, read_events

    return evaluate(read_events(Path(path)), load_gold(Path(gold)))


def review_page(events: Path | str, output: Path | str, **options):  # noqa: ANN003, ANN201
    """``extractor review``: the self-contained HTML review page (options as in ``extractor.review.review``)."""
    from .review import review as write_review

    return write_review(Path(events), Path(output), **options)
