"""Writing JSONL so that an interrupted run leaves valid files and a rerun resumes.

Two files: the events file (one ``EventRecord`` a line) and beside it the
articles log ``<events stem>.articles.jsonl`` (one ``ArticleLogEntry`` a line:
ok / no_events / failed with the reason). An article's event lines are written
and flushed first, then its log line: the log line is the commit point. On
resume, a torn last line is dropped, events of articles without a log line
(cut off between the two writes) are removed, and articles logged as ok or
no_events with the same bytes and prompt hash are skipped; failed ones are
tried again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO

from .models import ARTICLE_SCHEMA, RECORD_SCHEMA, ArticleLogEntry, EventRecord


def articles_log_path(events_path: Path) -> Path:
    name = events_path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return events_path.with_name(f"{stem}.articles.jsonl")


def _read_lines(path: Path) -> list[dict]:
    """Complete, parseable JSON lines of a file; a torn or garbled line is dropped."""
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                break  # torn last line from an interrupted write
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):  # a garbled line can parse as a number or a list
                rows.append(row)
    return rows


def _rewrite(path: Path, rows: list[dict]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


class JsonlWriter:
    """Appends records and article log lines; knows what a previous run already finished."""

    def __init__(self, events_path: Path, *, prompt_hash: str, resume: bool = True):
        self.events_path = events_path
        self.prompt_hash = prompt_hash
        self.log_path = articles_log_path(events_path)
        events_path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, tuple[str | None, str | None]] = {}
        self._written: set[str] = set()  # paths logged by this run
        if resume:
            self._repair()
        else:
            for p in (self.events_path, self.log_path):
                p.unlink(missing_ok=True)
        self._events: TextIO = events_path.open("a", encoding="utf-8")
        self._log: TextIO = self.log_path.open("a", encoding="utf-8")

    def _repair(self) -> None:
        log_rows = [r for r in _read_lines(self.log_path) if r.get("schema") == ARTICLE_SCHEMA]
        finished = {}
        for r in log_rows:
            prov = r.get("provenance") or {}
            if r.get("status") in ("ok", "no_events") and prov.get("prompt_hash") == self.prompt_hash:
                finished[r["path"]] = (r.get("sha256"), prov.get("prompt_hash"))
            else:  # failed, or extracted with other prompts: do it again
                finished.pop(r.get("path"), None)
        events = [
            r
            for r in _read_lines(self.events_path)
            if r.get("schema") == RECORD_SCHEMA
            and (r.get("article") or {}).get("path") in finished
            and finished[r["article"]["path"]][0] == r["article"].get("sha256")
        ]
        kept_log = [
            r
            for r in log_rows
            if r.get("path") in finished
            and r.get("status") in ("ok", "no_events")
            and (r.get("provenance") or {}).get("prompt_hash") == self.prompt_hash
        ]
        _rewrite(self.events_path, events)
        _rewrite(self.log_path, kept_log)
        self.done = finished

    def is_done(self, path: str, sha256: str) -> bool:
        entry = self.done.get(path)
        return entry is not None and entry[0] == sha256

    def _forget(self, path: str) -> None:
        """Drop an earlier run's lines for an article whose text changed since."""
        self._events.close()
        self._log.close()
        _rewrite(self.events_path, [r for r in _read_lines(self.events_path) if (r.get("article") or {}).get("path") != path])
        _rewrite(self.log_path, [r for r in _read_lines(self.log_path) if r.get("path") != path])
        self._events = self.events_path.open("a", encoding="utf-8")
        self._log = self.log_path.open("a", encoding="utf-8")
        self.done.pop(path, None)

    def write_article(self, records: list[EventRecord], entry: ArticleLogEntry) -> None:
        if entry.path in self.done or entry.path in self._written:
            self._forget(entry.path)  # also when one run is given the same file twice: no duplicates
        self._written.add(entry.path)
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
