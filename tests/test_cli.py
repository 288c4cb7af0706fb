"""End-to-end CLI tests (typer's CliRunner) over the replayed cassettes: no network, no model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import CASSETTES, GOLD, ROOT, SEEDS

runner = CliRunner()


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of seeds/ and cassettes/ so that relative article paths look like a user's."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(ROOT / "tests" / "data" / "articles", tmp_path / "articles")
    shutil.copytree(CASSETTES, tmp_path / "cassettes", ignore=shutil.ignore_patterns("*.jsonl"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_help_reads_well() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("extract", "validate", "eval", "catalogue", "model", "cassettes", "schemas"):
        assert command in result.output
    for command in ("extract", "validate", "eval", "catalogue", "schemas"):
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0 and "Usage" in sub.output


def test_extract_replay_writes_valid_jsonl_and_an_articles_log(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "seeds", "-o", "out/events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 0, result.output
    events = _lines(workdir / "out" / "events.jsonl")
    schema = json.loads((ROOT / "schemas" / "exchange-event.schema.json").read_text())
    for e in events:
        jsonschema.validate(e, schema)
        assert e["article"]["path"].startswith("seeds/"), "relative path must stay relative"
        assert e["provenance"]["backend"] == "local"
    log = _lines(workdir / "out" / "events.articles.jsonl")
    assert sorted(r["path"] for r in log) == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    assert all(r["status"] == "ok" for r in log)
    published = {e["article"]["path"]: e["article"]["published"] for e in events}
    assert published["seeds/004_0b0920e8a899cf6c.txt"] == "2025-12-19", "manifest date not read"


def test_rerun_resumes_and_adds_nothing(workdir: Path) -> None:
    args = ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]
    assert runner.invoke(app, args).exit_code == 0
    first = (workdir / "events.jsonl").read_text()
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert "skipped" in again.output
    assert (workdir / "events.jsonl").read_text() == first


def test_interrupted_output_is_repaired_on_resume(workdir: Path) -> None:
    args = ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]
    assert runner.invoke(app, args).exit_code == 0
    complete = (workdir / "events.jsonl").read_text()
    log = (workdir / "events.articles.jsonl").read_text().splitlines(keepends=True)
    # Simulate a crash while writing the last article: its log line is gone and an event line is torn.
    (workdir / "events.articles.jsonl").write_text("".join(log[:-1]))
    (workdir / "events.jsonl").write_text(complete + '{"schema": "exchange-ev')
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (workdir / "events.jsonl").read_text() == complete
    assert len((workdir / "events.articles.jsonl").read_text().splitlines()) == len(log)


def test_bad_input_gets_one_line_and_the_run_goes_on(workdir: Path) -> None:
    (workdir / "seeds" / "broken.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    (workdir / "seeds" / "empty.md").write_text("   \n")
    result = runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1
    assert "seeds/broken.txt: not UTF-8 text" in result.output
    assert "seeds/empty.md: the article is empty" in result.output
    log = {r["path"]: r for r in _lines(workdir / "events.articles.jsonl")}
    assert log["seeds/broken.txt"]["status"] == "failed"
    assert sum(1 for r in log.values() if r["status"] == "ok") == 5


def test_missing_cassette_fails_that_article_only_and_names_it(workdir: Path) -> None:
    (workdir / "cassettes" / "open-sides.yaml").unlink()
    result = runner.invoke(app, ["extract", "seeds", "articles", "-o", "events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1
    assert "open-sides.yaml is missing" in result.output
    assert "extractor cassettes record" in result.output
    log = {r["path"]: r["status"] for r in _lines(workdir / "events.articles.jsonl")}
    assert log["articles/open-sides.txt"] == "failed"
    assert list(log.values()).count("failed") == 1 and len(log) == 9


def test_missing_file_is_one_line(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "nope.txt", "-o", "events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output


def test_bad_flag_is_one_line_with_exit_2(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "seeds", "--published", "yesterday", "--replay", "cassettes"])
    assert result.exit_code == 2
    assert "--published 'yesterday' is not a date" in result.output
    assert "Traceback" not in result.output


def test_openai_backend_without_key_says_what_to_do(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "seeds", "--backend", "openai"])
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.output


def test_validate_eval_and_catalogue_on_replayed_output(workdir: Path) -> None:
    assert runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]).exit_code == 0
    v = runner.invoke(app, ["validate", "events.jsonl"])
    assert v.exit_code in (0, 1)
    records = _lines(workdir / "events.jsonl")
    has_errors = any(r["validation"]["status"] == "error" for r in records)
    assert v.exit_code == (1 if has_errors else 0)

    e = runner.invoke(app, ["eval", "events.jsonl", "--gold", str(GOLD), "--json"])
    assert e.exit_code == 0, e.output
    report = json.loads(e.output)
    assert report["gold_mentions"] == 8

    c = runner.invoke(app, ["catalogue", "events.jsonl", "-o", "catalogue.jsonl"])
    assert c.exit_code == 0, c.output
    entries = _lines(workdir / "catalogue.jsonl")
    # The seeds report 6 distinct exchanges; 001+003 and 000+003 describe the same ones.
    assert sorted(e["date"]["value"] for e in entries) == [
        "2025-09-18", "2025-11", "2025-12-19", "2026-01-29", "2026-02-05", "2026-02-26",
    ]  # fmt: skip
    by_date = {e["date"]["value"]: e for e in entries}
    merged = {d: sorted(s["path"] for s in by_date[d]["sources"]) for d in ("2026-01-29", "2026-02-26")}
    assert merged == {
        "2026-01-29": ["seeds/000_2018ebf989d5b3f6.txt", "seeds/003_090285cbc748cca8.txt"],
        "2026-02-26": ["seeds/001_a6b9e04f53b9bd7a.txt", "seeds/003_090285cbc748cca8.txt"],
    }
    assert by_date["2026-02-26"]["independent_sources"] == 2


def test_validate_flags_a_hand_edited_record(workdir: Path) -> None:
    assert runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]).exit_code == 0
    records = _lines(workdir / "events.jsonl")
    edited = next(r for r in records if r["transfers"])
    edited["transfers"][0]["count"] = 7777
    (workdir / "edited.jsonl").write_text(json.dumps(edited) + "\n")
    result = runner.invoke(app, ["validate", "edited.jsonl", "--json"])
    assert result.exit_code == 1
    assert "count_not_in_evidence" in result.output


def test_local_backend_without_llama_cpp_says_what_to_install(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import localmodel

    monkeypatch.setattr(localmodel, "server_installed", lambda: False)
    monkeypatch.setattr(localmodel, "prepare", lambda *a, **k: pytest.fail("must not download a model it cannot run"))
    # The seeds' numbers are settled by their words: no model, so no server is needed (it starts lazily).
    assert runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl"]).exit_code == 0
    from .model_stub import write_corpus

    write_corpus(workdir / "open", 2)  # numbers the words leave open: with model answers in use, they need the server
    result = runner.invoke(app, ["extract", "open", "-o", "open.jsonl", "--model-answers", "use"])
    assert result.exit_code == 1
    assert "needs llama-cpp-python" in result.output and "pip install '.[local]'" in result.output
    assert "Traceback" not in result.output


def test_validate_keeps_the_extractors_own_notes(workdir: Path) -> None:
    """A record whose sources disagree carries a conflicting_counts note; validate keeps it."""
    (workdir / "two-figures.txt").write_text(
        "published: 2025-04-11\n\nRussia and Ukraine exchanged about 300 prisoners each on Friday.\n"
        "Kyiv said 302 of its soldiers came home.\n"
        "Moscow said it handed over 298 Ukrainian prisoners of war in return for 298 Russian soldiers.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["extract", "two-figures.txt", "-o", "events.jsonl", "--replay", "cassettes"]).exit_code == 0
    (record,) = _lines(workdir / "events.jsonl")
    notes = [i for i in record["validation"]["issues"] if i["code"] == "conflicting_counts"]
    assert notes and "298" in notes[0]["message"]
    result = runner.invoke(app, ["validate", "events.jsonl", "--json"])
    after = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [i for i in after[0]["validation"]["issues"] if i["code"] == "conflicting_counts"] == notes
