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

``read_records`` (and ``read_event_records``) reads the event records of such a
file back, the same way for ``validate``, ``eval``, ``catalogue`` and ``review``,
and says which lines it skipped and why.

Safety: the writer never writes over a file that is not its own (a file that
exists, is not empty and has no line of the expected schema, or is not a
regular file), nor over an input of the same run; it holds a lock
(``<events>.lock``) for the whole run, so a second run on the same output
stops at once with a message instead of interleaving; a failed write (disk
full) is one ``OutputError`` and the torn line it leaves is repaired by the
next run.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterable, TextIO

from pydantic import ValidationError

from .articles import display_path, read_regular_file
from .errors import InputError, OutputError, OutputLockedError, UsageError
from .models import ARTICLE_SCHEMA, RECORD_SCHEMA, ArticleLogEntry, EventRecord

#: the largest records file ``read_event_records`` reads (validate, eval, catalogue).
MAX_RECORDS_BYTES = 1024 * 1024 * 1024
#: how far into an existing file we look for a line of ours before refusing to write over it.
_OWNERSHIP_SCAN_BYTES = 64 * 1024 * 1024

#: the longest the article log's commit waits for the disk (fsync): at most this much finished work is
#: done again after a power cut. A process that dies loses nothing written: lines reach the OS at once.
SYNC_EVERY = 1.0

_LINE_HINT = "each line must be one JSON object, as written by `extractor extract`"


def articles_log_path(events_path: Path) -> Path:
    name = events_path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return events_path.with_name(f"{stem}.articles.jsonl")


def _why_not_ours(path: Path, prefix: bytes, what: str) -> str | None:
    """None when ``path`` is absent, empty, or holds a line of ``schema``; else why we must not write over it.

    Our lines start with ``{"schema":"<schema>"``; garbled lines (a crash)
    may sit beside them, and an unterminated last line of ours is a torn write.
    """
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there (or a parent that is not a folder: creating it fails with its own message)
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size == 0:
        return None
    scanned = 0
    with path.open("rb") as fh:
        while scanned < _OWNERSHIP_SCAN_BYTES:
            raw = fh.readline(_OWNERSHIP_SCAN_BYTES)
            if not raw:
                break
            scanned += len(raw)
            if raw.startswith(prefix):
                return None
    return f"is not {what}"


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
    """The event records of a JSONL events file, and how many other lines were skipped (``read_records``)."""
    records, skipped = read_records(path, schemaless_ok=schemaless_ok)
    return records, sum(skipped.values())


def skip_reason(data: dict, schemaless_ok: bool) -> str | None:
    """Why a JSON-object line is not read as an event record; None when it is one."""
    schema = data.get("schema")
    if schema == RECORD_SCHEMA or (schemaless_ok and schema is None and "event_id" in data):
        return None
    if schema == ARTICLE_SCHEMA:
        return f"articles log lines ({ARTICLE_SCHEMA})"
    if schema is None:
        return "lines with no schema and no event_id" if schemaless_ok else "lines with no schema"
    shown = repr(schema) if len(repr(schema)) <= 40 else repr(schema)[:37] + "..."
    return f"lines of another schema ({shown}, not {RECORD_SCHEMA})"


def read_records(path: Path | str, *, schemaless_ok: bool = False) -> tuple[list[EventRecord], dict[str, int]]:
    """The event records of a JSONL events file, and the lines skipped: {why: how many} (``skip_reason``).

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
        raw = read_regular_file(path, limit=MAX_RECORDS_BYTES, what="records file")
    except InputError as exc:
        hint = "give the events file written by `extractor extract`" if exc.message == "no such file" else exc.hint
        raise InputError(exc.message.replace("no such file", "records file not found"), hint=hint, path=exc.path) from exc
    records: list[EventRecord] = []
    skipped: dict[str, int] = {}
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
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply", hint=_LINE_HINT, path=where) from None
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            raise InputError(f"invalid JSON: {exc}", hint=_LINE_HINT, path=where) from None
        if not isinstance(data, dict):
            raise InputError(f"expected a JSON object, got {type(data).__name__}", hint=_LINE_HINT, path=where)
        why = skip_reason(data, schemaless_ok)
        if why is not None:
            skipped[why] = skipped.get(why, 0) + 1
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
    """Keep exactly the given lines, byte for byte, replacing the file atomically (a fresh temporary name)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line for _, line in rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write: {exc.strerror or exc}", path=display_path(path),
        hint="free some space (or fix the cause) and run the same command again to resume",
    )  # fmt: skip


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(
    path: Path, schema: str, *, inputs: Iterable[Path] = (), flag: str = "-o", line_prefix: str | None = None
) -> None:
    """Refuse (OutputError) to write ``path`` over an input of this run or a file that is not this tool's output.

    Ours: a file with a line starting ``{"schema":"<schema>"`` (or ``line_prefix``).
    """
    where = display_path(path)
    for item in inputs:
        if _same_file(path, item):
            raise OutputError("is an input of this run; refusing to write over it", path=where, hint=f"choose another {flag}")
    try:
        prefix = line_prefix if line_prefix is not None else f'{{"schema":"{schema}"'
        why = _why_not_ours(path, prefix.encode("utf-8"), f"an extractor output ({schema})")
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror or exc}", path=where) from exc
    if why:
        raise OutputError(f"{why}; refusing to write over it", path=where, hint=f"choose another {flag}, or move the file away")


def lock_path(events_path: Path) -> Path:
    return events_path.with_name(events_path.name + ".lock")


def _take_lock(events_path: Path):  # noqa: ANN202
    """An exclusive lock beside the output, held for the run; OutputLockedError at once when another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path(events_path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise OutputLockedError(
            "another `extractor extract` run is writing this output", path=display_path(events_path),
            hint="wait for it to finish, or choose another -o",
        ) from None  # fmt: skip
    return lock


class JsonlWriter:
    """Appends records and article log lines; knows what a previous run already finished."""

    def __init__(self, events_path: Path, *, prompt_hash: str, resume: bool = True, inputs: Iterable[Path] = ()):
        self.events_path = events_path
        self.prompt_hash = prompt_hash
        self.log_path = articles_log_path(events_path)
        self.done: dict[str, str] = {}  # path -> sha256 of articles finished with these prompts
        self._events: TextIO | None = None
        self._log: TextIO | None = None
        self._unsynced: list[str] = []  # log lines whose events are written but not yet on disk
        self._synced_at = float("-inf")
        if events_path.is_dir():
            raise UsageError("is a folder", path=display_path(events_path), hint="give a file name to -o")
        inputs = list(inputs)
        check_output_path(events_path, RECORD_SCHEMA, inputs=inputs)
        check_output_path(self.log_path, ARTICLE_SCHEMA, inputs=inputs)
        try:
            events_path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _take_lock(events_path)
        except OSError as exc:
            raise UsageError(f"cannot write output: {exc.strerror or exc}", path=display_path(events_path)) from exc
        try:
            if resume:
                self._repair()
            else:
                for p in (self.events_path, self.log_path):
                    p.unlink(missing_ok=True)
            self._open()
        except OSError as exc:
            self.close()
            raise UsageError(f"cannot write output: {exc.strerror or exc}", path=display_path(events_path)) from exc
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        self._events = self.events_path.open("a", encoding="utf-8")
        self._log = self.log_path.open("a", encoding="utf-8")

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
        self.sync()
        self._close_files()
        try:
            _rewrite(
                self.events_path,
                [x for x in _read_lines(self.events_path) if (x[0].get("article") or {}).get("path") not in drop],
            )
            _rewrite(self.log_path, [x for x in _read_lines(self.log_path) if x[0].get("path") not in drop])
            self._open()
        except OSError as exc:
            raise _write_error(self.events_path, exc) from None
        for path in drop:
            self.done.pop(path, None)

    def write_article(self, records: list[EventRecord], entry: ArticleLogEntry) -> None:
        """An article's event lines, then its log line (the commit point); OutputError when a write fails."""
        self.write_articles([(records, entry)])

    def write_articles(self, articles: list[tuple[list[EventRecord], ArticleLogEntry]]) -> None:
        """Several articles at once: their event lines now, their log lines (the commit) at the next sync.

        Event lines reach the OS at once, so a process that dies loses nothing
        written. The disk (fsync) is asked at most every ``SYNC_EVERY`` seconds
        (group commit): the event lines first, then the log lines committing
        them, so the log never names an article whose events a power cut
        could lose; events without a log line are removed by the next run.
        """
        assert self._events is not None and self._log is not None, "writer is closed"
        text = "".join(r.to_json() + "\n" for records, _ in articles for r in records)
        if text:
            self._append(self._events, self.events_path, text, sync=False)
        self._unsynced.extend(entry.to_json() + "\n" for _, entry in articles)
        if time.monotonic() - self._synced_at >= SYNC_EVERY:
            self.sync()

    def sync(self) -> None:
        """Commit every article written so far: its events on disk, then its log line."""
        if not self._unsynced or self._events is None or self._log is None:
            return
        lines, self._unsynced = "".join(self._unsynced), []  # on failure they are dropped: the next run redoes them
        try:
            os.fsync(self._events.fileno())
        except OSError as exc:
            raise _write_error(self.events_path, exc) from None
        self._append(self._log, self.log_path, lines, sync=True)
        self._synced_at = time.monotonic()

    @staticmethod
    def _append(fh: TextIO, path: Path, text: str, *, sync: bool) -> None:
        try:
            fh.write(text)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        except OSError as exc:
            raise _write_error(path, exc) from None

    def _close_files(self) -> None:
        """Close both files; data a full disk refused is dropped (the next run repairs the torn line)."""
        for name in ("_events", "_log"):
            fh = getattr(self, name)
            setattr(self, name, None)
            if fh is None:
                continue
            try:
                fh.close()
            except OSError:
                try:  # the buffer could not be flushed: drop it, close the descriptor
                    os.close(fh.fileno())
                except OSError:
                    pass

    def close(self) -> None:
        """Commit what is written (OutputError when the disk refuses it), then close and unlock."""
        try:
            self.sync()
        finally:
            self._close_files()
            self._release()

    def _release(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            self._lock = None
            lock.release()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
