"""Errors where they happen: a backend failure fails one article and the run goes on; a bug in the rules
is not dressed up as a failed article, it stops the run with its own exception (and traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import httpcore2
import httpx2
import openai
import pytest
from instructor.core.exceptions import InstructorRetryException
from typer.testing import CliRunner

from extractor import extract as extract_mod
from extractor import pipeline
from extractor.cli import app
from extractor.pipeline import run_extract
from extractor.settings import resolve_settings

STORY = "Kyiv received the bodies of 212 Ukrainian soldiers on Friday, officials said.\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(STORY, encoding="utf-8")
    return folder


def _settings(tmp_path: Path):
    return resolve_settings(replay_dir=tmp_path / "cassettes", answer_cache=False)  # no request is ever made


def _log(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.with_name("out.articles.jsonl").read_text().splitlines()]


def _request() -> httpx2.Request:
    return httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


BACKEND_FAILURES = [
    pytest.param(lambda: openai.APIConnectionError(request=_request()), "cannot reach the model server", id="openai-connection"),
    pytest.param(lambda: openai.APITimeoutError(request=_request()), "did not answer within", id="openai-timeout"),
    pytest.param(lambda: httpx2.ReadError("connection reset"), "ReadError", id="httpx-read"),
    pytest.param(lambda: httpcore2.RemoteProtocolError("bad frame"), "RemoteProtocolError", id="httpcore-protocol"),
    pytest.param(lambda: InstructorRetryException("gave up", n_attempts=3, total_usage=0), "InstructorRetryException",
                 id="instructor-retry"),
    pytest.param(lambda: ConnectionResetError("peer reset"), "ConnectionResetError", id="socket"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "said"), BACKEND_FAILURES)
def test_a_backend_failure_fails_the_article_and_the_run_goes_on(tmp_path: Path, monkeypatch, make, said: str) -> None:
    real = pipeline.extract_article

    def flaky(article, client, **kwargs):  # noqa: ANN001, ANN003, ANN202
        if article.path.endswith("a.txt"):
            raise make()
        return real(article, client, **kwargs)

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    out = tmp_path / "out.jsonl"
    summary = run_extract([_folder(tmp_path)], _settings(tmp_path), out)
    assert [o.status for o in summary.outcomes] == ["failed", "ok"]
    assert said in summary.outcomes[0].error
    assert [e["status"] for e in _log(out)] == ["failed", "ok"]


@pytest.mark.parametrize("bug", [ZeroDivisionError("division by zero"), KeyError("side"), AttributeError("no .start")],
                         ids=lambda e: type(e).__name__)  # fmt: skip
def test_a_bug_in_the_rules_stops_the_run_with_its_own_error(tmp_path: Path, monkeypatch, bug: Exception) -> None:
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise bug

    monkeypatch.setattr(extract_mod, "read_article", broken)  # the rules' reading of every number
    out = tmp_path / "out.jsonl"
    with pytest.raises(type(bug)):
        run_extract([_folder(tmp_path)], _settings(tmp_path), out)
    assert not [e for e in _log(out) if e["status"] == "failed"]  # not written down as an ordinary failure


def test_the_cli_shows_the_rule_bug_with_its_traceback(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return 1 / 0

    monkeypatch.setattr(extract_mod, "read_article", broken)
    folder = _folder(tmp_path)
    result = CliRunner().invoke(app, ["--debug", "extract", str(folder), "-o", str(tmp_path / "out.jsonl"),
                                      "--replay", str(tmp_path / "cassettes"), "--fresh"])  # fmt: skip
    assert result.exit_code != 0
    assert isinstance(result.exception, ZeroDivisionError)
    assert "failed" not in result.output


def test_a_failing_check_on_the_extractors_own_record_raises(monkeypatch) -> None:  # noqa: ANN001
    """During extraction a check that raises is a bug, not a finding; on a records file it stays a finding."""
    from extractor import validate
    from extractor.api import extract_text
    from extractor.settings import resolve_settings

    def broken(record, article, published):  # noqa: ANN001, ANN202
        def check():  # noqa: ANN202
            raise ZeroDivisionError("a bug in a check")

        return [check]

    monkeypatch.setattr(validate, "_record_checks", broken)
    text = "Ukraine brought home 90 soldiers from Russian captivity on Friday."
    with pytest.raises(ZeroDivisionError):
        extract_text(text, published="2025-06-20", settings=resolve_settings(backend="local", env={}))
    monkeypatch.undo()
    [record] = extract_text(text, published="2025-06-20", settings=resolve_settings(backend="local", env={}))
    monkeypatch.setattr(validate, "_record_checks", broken)
    assert [i.code for i in validate.validate_record(record, text)] == ["check_failed"]
