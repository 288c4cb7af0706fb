"""Writing JSONL so that an interrupted run leaves valid files and a rerun resumes.

Two files: the events file (one ``EventRecord`` a line) and beside it the
articles log ``<events stem>.articles.jsonl`` (one ``ArticleLogEntry`` a line:
ok / no_events / failed with the reason). An article's event lines are written
and flushed first, then its log line: the log line is the commit point. On
resume, a torn or undecodable line is dropped, events of articles without a
log line (cut off between the two writes) are removed, and articles logged as
ok or no_events with the same bytes and prompt hash are skipped; failed ones
are tried again. Only the lines of the articles a run (re)extracts are
replaced: records of other articles, from earlier runs, stay as they were.

``read_event_records`` reads the event records of such a file back (for
``validate``, ``evaluate`` and ``catalogue``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from .errors import InputError, UsageError
from .models import ARTICLE_SCHEMA, RECORD_SCHEMA, ArticleLogEntry, EventRecord

_LINE_HINT = "each line must be one JSON object, as written by `extractor extract`"


def articles_log_path(events_path: Path) -> Path:
    name = events_path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return events_path.with_name(f"{stem}.articles.jsonl")


def _read_lines(path: Path) -> list[tuple[dict, str]]:
    """Complete JSON-object lines of a file with their exact text; torn, undecodable or garbled lines are dropped."""
    if not path.exists():
        return []
    rows = []
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # torn last line from an interrupted write
            try:
                line = raw.decode("utf-8")
                row = json.loads(line)
            except ValueError:  # UnicodeDecodeError is a ValueError too
                continue
            if isinstance(row, dict):  # a garbled line can parse as a number or a list
                rows.append((row, line))
    return rows


def first_error(exc: ValidationError) -> str:
    """``loc: message`` of a record's first validation error, and how many more there are."""
    errs = exc.errors()
    if not errs:
        return str(exc)
    e = errs[0]
    loc = ".".join(str(p) for p in e.get("loc", ())) or "record"
    more = f" (+{len(errs) - 1} more)" if len(errs) > 1 else ""
    return f"{loc}: {e.get('msg', 'invalid')}{more}"


def read_event_records(path: Path | str, *, schemaless_ok: bool = False) -> tuple[list[EventRecord], int]:
    """The event records of a JSONL events file, and how many other lines were skipped.

    Blank lines are ignored. Lines whose ``schema`` is not ``exchange-event/1``
    (the ``exchange-article/1`` log lines may be mixed in) are skipped and
    counted; with ``schemaless_ok`` a line with no ``schema`` but an
    ``event_id`` (a hand-written record) is read as a record. Lines end at
    ``\\n``, ``\\r\\n`` or ``\\r`` only, so a quote holding U+2028 or U+0085
    stays one line. A missing or unreadable file raises ``InputError`` naming
    the file; a line that is not UTF-8, not a JSON object or not a valid
    record raises ``InputError`` naming ``file:line``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            "records file not found", hint="give the events file written by `extractor extract`", path=str(path)
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read records file: {exc.strerror or exc}", path=str(path)) from exc
    records: list[EventRecord] = []
    skipped = 0
    for lineno, raw_line in enumerate(raw.splitlines(), start=1):  # bytes split at \n, \r\n and \r only
        where = f"{path}:{lineno}"
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("records file is not UTF-8 text", hint="give the JSONL events file", path=where) from exc
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", hint=_LINE_HINT, path=where) from exc
        if not isinstance(data, dict):
            raise InputError(f"expected a JSON object, got {type(data).__name__}", hint=_LINE_HINT, path=where)
        schema = data.get("schema")
        if schema != RECORD_SCHEMA and not (schemaless_ok and schema is None and "event_id" in data):
            skipped += 1
            continue
        try:
            records.append(EventRecord.model_validate(data))
        except ValidationError as exc:
            raise InputError(
                f"invalid event record: {first_error(exc)}",
                hint="fix the line or re-run `extractor extract`",
                path=where,
            ) from exc
    return records, skipped


def _rewrite(path: Path, rows: list[tuple[dict, str]]) -> None:
    """Keep exactly the given lines, byte for byte, replacing the file atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(line for _, line in rows)
    os.replace(tmp, path)


class JsonlWriter:
    """Appends records and article log lines; knows what a previous run already finished."""

    def __init__(self, events_path: Path, *, prompt_hash: str, resume: bool = True):
        self.events_path = events_path
        self.prompt_hash = prompt_hash
        self.log_path = articles_log_path(events_path)
        self.done: dict[str, str] = {}  # path -> sha256 of articles finished with these prompts
        try:
            if events_path.is_dir():
                raise UsageError("is a folder", path=str(events_path), hint="give a file name to -o")
            events_path.parent.mkdir(parents=True, exist_ok=True)
            if resume:
                self._repair()
            else:
                for p in (self.events_path, self.log_path):
                    p.unlink(missing_ok=True)
            self._events: TextIO = events_path.open("a", encoding="utf-8")
            self._log: TextIO = self.log_path.open("a", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write output: {exc.strerror or exc}", path=str(events_path)) from exc

    def _repair(self) -> None:
        latest: dict[str, tuple[dict, str]] = {}
        for row, raw in _read_lines(self.log_path):
            if row.get("schema") == ARTICLE_SCHEMA and isinstance(row.get("path"), str):
                latest[row["path"]] = (row, raw)  # a later line for the same article wins
        committed = {
            path: row.get("sha256") for path, (row, _) in latest.items() if row.get("status") in ("ok", "no_events")
        }
        events = [
            (row, raw)
            for row, raw in _read_lines(self.events_path)
            if row.get("schema") == RECORD_SCHEMA
            and isinstance(row.get("article"), dict)
            and committed.get(row["article"].get("path"), False) == row["article"].get("sha256")
        ]
        _rewrite(self.events_path, events)
        _rewrite(self.log_path, list(latest.values()))
        self.done = {
            path: sha
            for path, sha in committed.items()
            if (latest[path][0].get("provenance") or {}).get("prompt_hash") == self.prompt_hash
        }

    def is_done(self, path: str, sha256: str) -> bool:
        return sha256 is not None and self.done.get(path) == sha256

    def begin(self, paths: list[str]) -> None:
        """This run (re)extracts these articles: drop their lines from earlier runs, once."""
        drop = set(paths)
        if not drop:
            return
        self._events.close()
        self._log.close()
        _rewrite(
            self.events_path,
            [x for x in _read_lines(self.events_path) if (x[0].get("article") or {}).get("path") not in drop],
        )
        _rewrite(self.log_path, [x for x in _read_lines(self.log_path) if x[0].get("path") not in drop])
        self._events = self.events_path.open("a", encoding="utf-8")
        self._log = self.log_path.open("a", encoding="utf-8")
        for path in drop:
            self.done.pop(path, None)

    def write_article(self, records: list[EventRecord], entry: ArticleLogEntry) -> None:
        if records:
            self._events.write("".join(r.to_json() + "\n" for r in records))
            self._events.flush()
            os.fsync(self._events.fileno())
        self._log.write(entry.to_json() + "\n")
        self._log.flush()
        os.fsync(self._log.fileno())

    def close(self) -> None:
        self._events.close()
        self._log.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
