"""Tests of extractor.output: JsonlWriter (commit order, resume and repair) and read_event_records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.errors import InputError, UsageError
from extractor.models import ArticleLogEntry, ArticleRef, EventDate, EventRecord, Evidence, Provenance, Transfer
from extractor.output import JsonlWriter, articles_log_path, read_event_records

H1 = "prompt-hash-one"
H2 = "prompt-hash-two"


def prov(prompt_hash: str = H1) -> Provenance:
    return Provenance(backend="local", model="m", prompt_hash=prompt_hash, tool_version="0")


def record(path: str, sha: str, event_id: str, prompt_hash: str = H1) -> EventRecord:
    return EventRecord(
        event_id=event_id,
        article=ArticleRef(path=path, sha256=sha),
        kind="body_repatriation",
        mention="primary",
        date=EventDate(),
        transfers=[
            Transfer(
                to="ukraine",
                category="bodies",
                count=1000,
                evidence=Evidence(quote="1,000 bodies", start=0, end=12),
            )
        ],
        provenance=prov(prompt_hash),
    )


def entry(path: str, sha: str | None, status: str, events: int = 0, prompt_hash: str | None = H1) -> ArticleLogEntry:
    return ArticleLogEntry(
        path=path,
        sha256=sha,
        status=status,  # type: ignore[arg-type]
        events=events,
        error="boom" if status == "failed" else None,
        provenance=prov(prompt_hash) if prompt_hash else None,
    )


def lines(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def event_ids(events: Path) -> list[str]:
    return [r["event_id"] for r in lines(events)]


def log_view(events: Path) -> list[tuple[str, str | None, str]]:
    return [(r["path"], r["sha256"], r["status"]) for r in lines(articles_log_path(events))]


def first_run(events: Path) -> None:
    """a.txt: two events; b.txt: no events; c.txt: failed."""
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([record("a.txt", "sa", "a1"), record("a.txt", "sa", "a2")], entry("a.txt", "sa", "ok", 2))
        w.write_article([], entry("b.txt", "sb", "no_events"))
        w.write_article([], entry("c.txt", "sc", "failed"))


def test_articles_log_path() -> None:
    assert articles_log_path(Path("out/events.jsonl")) == Path("out/events.articles.jsonl")
    assert articles_log_path(Path("out/events")) == Path("out/events.articles.jsonl")
    assert articles_log_path(Path("x.json")) == Path("x.json.articles.jsonl")


def test_fresh_run_writes_events_then_log_lines(tmp_path: Path) -> None:
    events = tmp_path / "deep" / "events.jsonl"
    first_run(events)
    assert event_ids(events) == ["a1", "a2"]
    rows = lines(events)
    assert rows[0]["schema"] == "exchange-event/1"
    assert rows[0]["article"] == {"path": "a.txt", "sha256": "sa", "published": None, "outlet": None}
    assert log_view(events) == [("a.txt", "sa", "ok"), ("b.txt", "sb", "no_events"), ("c.txt", "sc", "failed")]
    assert lines(articles_log_path(events))[0]["schema"] == "exchange-article/1"


def test_resume_skips_finished_articles_and_retries_failed_ones(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.is_done("a.txt", "sa")
        assert w.is_done("b.txt", "sb")
        assert not w.is_done("c.txt", "sc")  # failed: tried again
        assert not w.is_done("a.txt", "other")  # changed text: extracted again
        assert not w.is_done("new.txt", "sn")
        assert w.done == {"a.txt": "sa", "b.txt": "sb"}
        w.begin(["c.txt"])  # as the pipeline does for every article it is about to extract
        assert not w.is_done("c.txt", "sc")
        w.write_article([record("c.txt", "sc", "c1")], entry("c.txt", "sc", "ok", 1))
    assert event_ids(events) == ["a1", "a2", "c1"]
    # c.txt's failed line is replaced by its new one; a.txt and b.txt are untouched
    assert log_view(events) == [("a.txt", "sa", "ok"), ("b.txt", "sb", "no_events"), ("c.txt", "sc", "ok")]
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.is_done("c.txt", "sc")


def test_opening_twice_changes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    log = articles_log_path(events)
    before = (events.read_bytes(), log.read_bytes())
    JsonlWriter(events, prompt_hash=H1).close()
    assert (events.read_bytes(), log.read_bytes()) == before
    JsonlWriter(events, prompt_hash=H1).close()
    assert (events.read_bytes(), log.read_bytes()) == before
    assert event_ids(events) == ["a1", "a2"]
    # the failed line is kept: it documents the failure until c.txt is extracted again
    assert log_view(events) == [("a.txt", "sa", "ok"), ("b.txt", "sb", "no_events"), ("c.txt", "sc", "failed")]
    assert lines(log)[2]["error"] == "boom"


def test_torn_last_lines_are_dropped(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    log = articles_log_path(events)
    with events.open("a", encoding="utf-8") as fh:
        fh.write(record("d.txt", "sd", "d1").to_json()[:40])  # cut mid-line
    with log.open("a", encoding="utf-8") as fh:
        fh.write(entry("d.txt", "sd", "ok", 1).to_json()[:-3])
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert not w.is_done("d.txt", "sd")
        w.write_article([record("d.txt", "sd", "d1")], entry("d.txt", "sd", "ok", 1))
    assert event_ids(events) == ["a1", "a2", "d1"]
    assert log_view(events)[-1] == ("d.txt", "sd", "ok")
    assert not (tmp_path / "events.jsonl.tmp").exists()


def test_whole_event_line_without_newline_is_treated_as_torn(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    with events.open("a", encoding="utf-8") as fh:
        fh.write(record("a.txt", "sa", "a3").to_json())  # complete JSON, newline never written
    JsonlWriter(events, prompt_hash=H1).close()
    assert event_ids(events) == ["a1", "a2"]


def test_garbled_lines_are_dropped_without_crashing(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    log = articles_log_path(events)
    rows = events.read_text().splitlines()
    events.write_text("\n".join([rows[0], "{not json", "12345", "[1, 2]", "null", '"str"', rows[1]]) + "\n")
    # lines that would be valid but for one byte that is not UTF-8: an event of a.txt, a later log line of b.txt
    bad_event = record("a.txt", "sa", "a-bad").to_json().replace("1,000 bodies", "1,000 bod\udce9es")
    bad_log = entry("b.txt", "sb", "failed").to_json().replace("boom", "bo\udcffm")
    with events.open("ab") as fh:
        fh.write(bad_event.encode("utf-8", "surrogateescape") + b"\n")
    log_rows = log.read_text().splitlines(keepends=True)
    log.write_bytes(
        b"7\n"
        + "".join(log_rows).encode()
        + bad_log.encode("utf-8", "surrogateescape")
        + b"\n"
        + b'{"schema": "other"}\n'
    )
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.is_done("a.txt", "sa") and w.is_done("b.txt", "sb")
    assert event_ids(events) == ["a1", "a2"]
    assert log_view(events) == [("a.txt", "sa", "ok"), ("b.txt", "sb", "no_events"), ("c.txt", "sc", "failed")]
    events.read_bytes().decode("utf-8")  # the undecodable lines are gone
    log.read_bytes().decode("utf-8")


def test_events_without_a_log_line_are_removed(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    # interrupted between the two writes: events of d.txt written, its log line never was
    with events.open("a", encoding="utf-8") as fh:
        fh.write(record("d.txt", "sd", "d1").to_json() + "\n")
        fh.write(record("d.txt", "sd", "d2").to_json() + "\n")
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert not w.is_done("d.txt", "sd")
        assert event_ids(events) == ["a1", "a2"]
        w.write_article([record("d.txt", "sd", "d1")], entry("d.txt", "sd", "ok", 1))
    assert event_ids(events) == ["a1", "a2", "d1"]


def test_records_without_an_article_are_not_kept(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    with events.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"schema": "exchange-event/1", "event_id": "orphan"}) + "\n")
        fh.write(json.dumps({"schema": "exchange-event/1", "event_id": "nullart", "article": None}) + "\n")
    JsonlWriter(events, prompt_hash=H1).close()
    assert event_ids(events) == ["a1", "a2"]


def test_events_of_a_failed_article_are_removed(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([record("a.txt", "sa", "a1")], entry("a.txt", "sa", "failed"))
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert not w.is_done("a.txt", "sa")
    assert event_ids(events) == []
    assert log_view(events) == [("a.txt", "sa", "failed")]  # the failure stays documented


def test_changed_text_is_re_extracted_without_duplicates(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert not w.is_done("a.txt", "sa-new")
        assert not w.is_done("b.txt", "sb-new")
        assert event_ids(events) == ["a1", "a2"]  # nothing is dropped before the run begins the article
        w.begin(["a.txt", "b.txt"])
        assert event_ids(events) == []
        assert log_view(events) == [("c.txt", "sc", "failed")]
        w.write_article([record("a.txt", "sa-new", "a1-new")], entry("a.txt", "sa-new", "ok", 1))
        w.write_article([], entry("b.txt", "sb-new", "no_events"))
    assert event_ids(events) == ["a1-new"]
    assert log_view(events) == [("c.txt", "sc", "failed"), ("a.txt", "sa-new", "ok"), ("b.txt", "sb-new", "no_events")]
    with JsonlWriter(events, prompt_hash=H1) as w:  # and the next run sees the new state
        assert w.is_done("a.txt", "sa-new") and not w.is_done("a.txt", "sa")


def test_changed_text_interrupted_before_its_log_line(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    w = JsonlWriter(events, prompt_hash=H1)
    w.begin(["a.txt"])
    w.write_article([record("a.txt", "sa2", "a1-new")], entry("a.txt", "sa2", "ok", 1))
    w.close()
    # simulate the cut: drop the last log line (a.txt's new one)
    log = articles_log_path(events)
    assert log_view(events)[-1] == ("a.txt", "sa2", "ok")
    log.write_text("".join(log.read_text().splitlines(keepends=True)[:-1]))
    with JsonlWriter(events, prompt_hash=H1) as w2:
        assert not w2.is_done("a.txt", "sa2")
        assert not w2.is_done("a.txt", "sa")
    assert event_ids(events) == []  # a1-new had no commit; a1, a2 were dropped by begin()
    assert log_view(events) == [("b.txt", "sb", "no_events"), ("c.txt", "sc", "failed")]


def test_second_run_that_begins_a_path_replaces_its_lines_without_duplicates(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([record("a.txt", "sa", "a1")], entry("a.txt", "sa", "ok", 1))
        w.write_article([record("b.txt", "sb", "b1")], entry("b.txt", "sb", "ok", 1))
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.is_done("a.txt", "sa")
        w.begin(["a.txt", "a.txt"])  # a path named twice is dropped once
        assert not w.is_done("a.txt", "sa") and w.is_done("b.txt", "sb")
        w.write_article([record("a.txt", "sa", "a1")], entry("a.txt", "sa", "ok", 1))
    assert event_ids(events) == ["b1", "a1"]
    assert log_view(events) == [("b.txt", "sb", "ok"), ("a.txt", "sa", "ok")]


def test_begin_touches_only_the_given_paths(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    log = articles_log_path(events)
    before = (events.read_bytes(), log.read_bytes())
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.begin([])
        w.begin(["new.txt"])  # never seen: nothing to drop
        assert (events.read_bytes(), log.read_bytes()) == before
        assert w.done == {"a.txt": "sa", "b.txt": "sb"}
        w.begin(["b.txt", "c.txt"])
        assert w.done == {"a.txt": "sa"}
        assert event_ids(events) == ["a1", "a2"]
        assert log_view(events) == [("a.txt", "sa", "ok")]
        w.write_article([], entry("c.txt", "sc", "failed"))  # the writer still appends after begin()
    assert log_view(events) == [("a.txt", "sa", "ok"), ("c.txt", "sc", "failed")]
    assert not (tmp_path / "events.jsonl.tmp").exists()


def test_prompt_hash_change_re_extracts_only_the_articles_of_the_run(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    log = articles_log_path(events)
    before = (events.read_bytes(), log.read_bytes())
    with JsonlWriter(events, prompt_hash=H2) as w:
        assert not w.is_done("a.txt", "sa")  # finished with other prompts: extracted again if in the run
        assert not w.is_done("b.txt", "sb")
        assert w.done == {}
        assert (events.read_bytes(), log.read_bytes()) == before  # but nothing is deleted on open
        w.begin(["b.txt"])  # this run re-extracts b.txt only
        w.write_article([record("b.txt", "sb", "b1", H2)], entry("b.txt", "sb", "ok", 1, H2))
    # a.txt's records from the earlier run stay
    assert event_ids(events) == ["a1", "a2", "b1"]
    assert [r["provenance"]["prompt_hash"] for r in lines(events)] == [H1, H1, H2]
    assert log_view(events) == [("a.txt", "sa", "ok"), ("c.txt", "sc", "failed"), ("b.txt", "sb", "ok")]
    assert [r["provenance"]["prompt_hash"] for r in lines(log)] == [H1, H1, H2]
    with JsonlWriter(events, prompt_hash=H2) as w:
        assert w.is_done("b.txt", "sb") and not w.is_done("a.txt", "sa")
    assert event_ids(events) == ["a1", "a2", "b1"]
    with JsonlWriter(events, prompt_hash=H1) as w:  # and back: a.txt is done with H1, b.txt is not
        assert w.is_done("a.txt", "sa") and not w.is_done("b.txt", "sb")
    assert event_ids(events) == ["a1", "a2", "b1"]


def test_log_line_without_provenance_is_not_finished(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([], entry("x.txt", None, "failed", prompt_hash=None))  # unreadable file
        w.write_article([record("y.txt", "sy", "y1")], entry("y.txt", "sy", "ok", 1, prompt_hash=None))
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert "x.txt" not in w.done
        assert not w.is_done("y.txt", "sy")  # ok, but no prompt hash to match
        assert w.done == {}
    assert log_view(events) == [("x.txt", None, "failed"), ("y.txt", "sy", "ok")]
    assert event_ids(events) == ["y1"]  # committed: kept until a run begins y.txt


def test_later_log_line_wins(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    log = articles_log_path(events)
    log.write_text(entry("a.txt", "sa", "ok", 1).to_json() + "\n" + entry("a.txt", "sa", "failed").to_json() + "\n")
    events.write_text(record("a.txt", "sa", "a1").to_json() + "\n")
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert not w.is_done("a.txt", "sa")
    assert event_ids(events) == []
    log.write_text(entry("a.txt", "sa", "failed").to_json() + "\n" + entry("a.txt", "sa", "ok", 1).to_json() + "\n")
    events.write_text(record("a.txt", "sa", "a1").to_json() + "\n")
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.is_done("a.txt", "sa")
    assert event_ids(events) == ["a1"]
    assert log_view(events) == [("a.txt", "sa", "ok")]


def test_no_resume_starts_over(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    first_run(events)
    with JsonlWriter(events, prompt_hash=H1, resume=False) as w:
        assert not w.is_done("a.txt", "sa")
    assert events.read_text() == ""
    assert articles_log_path(events).read_text() == ""


def test_missing_files_on_resume(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    with JsonlWriter(events, prompt_hash=H1) as w:
        assert w.done == {}
    assert events.exists() and articles_log_path(events).exists()


def test_output_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UsageError) as err:
        JsonlWriter(folder, prompt_hash=H1)
    assert err.value.path == str(folder)
    assert err.value.hint and "-o" in err.value.hint
    assert list(folder.iterdir()) == []
    assert not articles_log_path(folder).exists()


@pytest.mark.parametrize("resume", [True, False])
def test_unwritable_output_is_a_usage_error(tmp_path: Path, resume: bool) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    events = blocker / "events.jsonl"  # its parent is a file: cannot be created
    with pytest.raises(UsageError, match="cannot write output") as err:
        JsonlWriter(events, prompt_hash=H1, resume=resume)
    assert err.value.path == str(events)
    assert isinstance(err.value.__cause__, OSError)


@pytest.mark.parametrize("status", ["ok", "no_events"])
def test_unicode_survives_the_rewrite(tmp_path: Path, status: str) -> None:
    events = tmp_path / "events.jsonl"
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([record("статья.txt", "s", "e1")], entry("статья.txt", "s", status, 1))
    JsonlWriter(events, prompt_hash=H1).close()
    assert lines(events)[0]["article"]["path"] == "статья.txt"
    assert "статья" in events.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# read_event_records
# --------------------------------------------------------------------------


def test_read_event_records_counts_skipped_lines(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    log = entry("a.txt", "s", "ok", events=1).to_json()
    path.write_text(log + "\n\n" + record("a.txt", "s", "e1").to_json() + "\n" + log + "\n", encoding="utf-8")
    records, skipped = read_event_records(path)
    assert [r.event_id for r in records] == ["e1"]
    assert skipped == 2


def test_read_event_records_schemaless_only_when_asked(tmp_path: Path) -> None:
    data = json.loads(record("a.txt", "s", "e1").to_json())
    del data["schema"]
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(data) + "\n" + json.dumps({"note": "no event_id"}) + "\n", encoding="utf-8")
    assert read_event_records(path) == ([], 2)
    records, skipped = read_event_records(path, schemaless_ok=True)
    assert [r.event_id for r in records] == ["e1"]
    assert skipped == 1


def test_read_event_records_keeps_unicode_line_separators_inside_a_line(tmp_path: Path) -> None:
    rec = record("a.txt", "s", "e1")
    rec.transfers[0].evidence.quote = "1,000\u2028bodies\x85"
    path = tmp_path / "e.jsonl"
    path.write_text(rec.to_json() + "\n", encoding="utf-8")
    records, _ = read_event_records(path)
    assert records[0].transfers[0].evidence.quote == "1,000\u2028bodies\x85"


def test_read_event_records_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_bytes(record("a.txt", "s", "e1").to_json().encode() + b"\n" + b'{"a": "\xe9"}\n')
    with pytest.raises(InputError) as err:
        read_event_records(path)
    assert err.value.path == f"{path}:2"
    assert err.value.hint


@pytest.mark.parametrize(
    "line", ["{not json", "[1, 2]", '{"schema": "exchange-event/1", "event_id": "x"}'], ids=["json", "list", "record"]
)
def test_read_event_records_bad_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text(record("a.txt", "s", "e1").to_json() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_event_records(path)
    assert err.value.path == f"{path}:2"
    assert err.value.hint


def test_read_event_records_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_event_records(tmp_path / "absent.jsonl")
    assert err.value.path == str(tmp_path / "absent.jsonl")


# ---------------------------------------------------------------------------
# group commit: the log line (the commit) follows its events to the disk
# ---------------------------------------------------------------------------


def test_log_lines_reach_the_file_only_after_their_events_are_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import output as output_mod

    events = tmp_path / "events.jsonl"
    steps: list[str] = []
    real_fsync = output_mod.os.fsync

    def fsync(fd: int) -> None:
        name = Path(output_mod.os.readlink(f"/proc/self/fd/{fd}")).name
        steps.append(f"fsync {name} (log has {len(lines(articles_log_path(events)))} line(s))")
        real_fsync(fd)

    monkeypatch.setattr(output_mod.os, "fsync", fsync)
    monkeypatch.setattr(output_mod, "SYNC_EVERY", 3600.0)  # only the first write and close() sync
    with JsonlWriter(events, prompt_hash=H1) as w:
        w.write_article([record("a.txt", "sa", "a1")], entry("a.txt", "sa", "ok", 1))
        w.write_article([record("b.txt", "sb", "b1")], entry("b.txt", "sb", "ok", 1))
        assert event_ids(events) == ["a1", "b1"]  # event lines reach the OS at once
        assert [r["path"] for r in lines(articles_log_path(events))] == ["a.txt"]  # b is not committed yet
    assert [r["path"] for r in lines(articles_log_path(events))] == ["a.txt", "b.txt"]
    assert steps == [
        "fsync events.jsonl (log has 0 line(s))", "fsync events.articles.jsonl (log has 1 line(s))",
        "fsync events.jsonl (log has 1 line(s))", "fsync events.articles.jsonl (log has 2 line(s))",
    ]  # fmt: skip


def test_a_run_that_dies_before_its_commit_is_redone_not_half_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import output as output_mod

    events = tmp_path / "events.jsonl"
    monkeypatch.setattr(output_mod, "SYNC_EVERY", 3600.0)
    w = JsonlWriter(events, prompt_hash=H1)
    w.write_article([record("a.txt", "sa", "a1")], entry("a.txt", "sa", "ok", 1))
    w.write_article([record("b.txt", "sb", "b1")], entry("b.txt", "sb", "ok", 1))
    w._release()  # the process dies here: b's log line never left memory (the lock dies with the process)
    with JsonlWriter(events, prompt_hash=H1) as again:
        assert again.done == {"a.txt": "sa"}
    assert event_ids(events) == ["a1"]  # b's event line without its commit is gone; b is extracted again
