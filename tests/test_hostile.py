"""Hostile input, broken servers, concurrent runs (issue 12): nothing lost, nothing leaked, nothing hangs.

Broken and malicious model servers are loopback ``http.server`` stubs on
127.0.0.1, each stopped at the end of its test; no other network is used.
Test names carry the issue item they cover (``test_i1_...`` for item 1).
"""

from __future__ import annotations

import errno
import json
import re
import os
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from extractor import output as output_mod
from extractor.articles import read_article
from extractor.cli import app
from extractor.errors import InputError, UsageError
from extractor.output import JsonlWriter
from extractor.settings import resolve_settings

from .conftest import CASSETTES, ROOT, SEEDS

# CI runs with --block-network: connections stay blocked except to the loopback stubs below.
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

runner = CliRunner()
KEY = "sk-test-SECRETSECRETSECRET1234567890"
# Words that name no receiver for either number, so the model is asked about both.
ARTICLE = "Officials said 64 captives were handed over on Thursday and 3 medics were freed as well.\n"
GOOD_NUMBERS = {
    "N1": {"received_by": "ukraine", "category": "prisoners_of_war"},
    "N2": {"received_by": "russia", "category": "civilians"},
}


# ---------------------------------------------------------------------------
# helpers: a loopback stub server, a workdir with the seeds and cassettes
# ---------------------------------------------------------------------------


def completion(content: str | None, *, finish: str = "stop", choices: bool = True) -> bytes:
    ch = [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}]
    return json.dumps(
        {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": ch if choices else [],
         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}  # fmt: skip
    ).encode()


def answer(**fields: object) -> bytes:
    """The model's answer: one reading per open marker; ``fields`` add keys or replace readings."""
    return completion(json.dumps(GOOD_NUMBERS | fields))


class Stub:
    """A model server on 127.0.0.1 whose every POST is answered by ``behave(handler, stop_event)``."""

    def __init__(self, behave: Callable[[BaseHTTPRequestHandler, threading.Event], None]):
        self.stop = threading.Event()
        self.bodies: list[bytes] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                stub.bodies.append(self.rfile.read(int(self.headers.get("content-length") or 0)))
                try:
                    behave(self, stub.stop)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "Stub":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def send(h: BaseHTTPRequestHandler, body: bytes, status: int = 200, ctype: str = "application/json") -> None:
    h.send_response(status)
    h.send_header("content-type", ctype)
    h.send_header("content-length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def always(body: bytes, status: int = 200, ctype: str = "application/json"):  # noqa: ANN201
    return lambda h, stop: send(h, body, status, ctype)


def silent(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    stop.wait(20)


def trickle(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Headers, then a byte every 0.2 s: a read timeout never fires."""
    h.send_response(200)
    h.send_header("content-type", "application/json")
    h.send_header("content-length", "100000")
    h.end_headers()
    while not stop.wait(0.2):
        h.wfile.write(b" ")
        h.wfile.flush()


def trickle_headers(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    while not stop.wait(0.2):
        h.wfile.write(b"X-Slow: yes\r\n")
        h.wfile.flush()


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(CASSETTES, tmp_path / "cassettes", ignore=shutil.ignore_patterns("*.jsonl"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def one_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "a.txt"


def extract_with(url: str, *args: str, env: dict[str, str] | None = None, debug: bool = False):  # noqa: ANN201
    return runner.invoke(
        app,
        [*(["--debug"] if debug else []), "extract", *args, "--base-url", url, "--retries", "1"],
        env={"OPENAI_API_KEY": KEY, **(env or {})},
    )


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def a_record() -> dict:
    return json.loads((CASSETTES / "recorded-events.jsonl").read_text(encoding="utf-8").splitlines()[0])


def one_line_error(result) -> None:  # noqa: ANN001
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# ---------------------------------------------------------------------------
# 1. -o never overwrites a file that is not ours, nor an input of the run
# ---------------------------------------------------------------------------

NOT_OURS = {
    "readme": "# A README\n\nSome text.\n",
    "one_line_no_newline": "hello",
    "other_jsonl": '{"schema":"exchange-catalogue/1","x":1}\n{"a":2}\n',
    "log_of_another_output": '{"schema":"exchange-article/1","path":"a.txt","status":"ok"}\n',
}


@pytest.mark.parametrize("content", NOT_OURS.values(), ids=NOT_OURS.keys())
def test_i1_extract_refuses_to_overwrite_a_file_that_is_not_its_output(workdir: Path, content: str) -> None:
    target = workdir / "precious.md"
    target.write_text(content, encoding="utf-8")
    for fresh in ([], ["--fresh"]):
        result = runner.invoke(app, ["extract", "seeds", "-o", "precious.md", "--replay", "cassettes", *fresh])
        assert result.exit_code == 1, result.output
        assert "refusing to write over it" in result.output
        one_line_error(result)
        assert target.read_text(encoding="utf-8") == content


def test_i1_extract_refuses_a_foreign_articles_log_beside_the_output(workdir: Path) -> None:
    log = workdir / "out.articles.jsonl"
    log.write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "seeds", "-o", "out.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1 and "refusing" in result.output
    assert log.read_text() == "my notes\n"


def test_i1_extract_never_writes_over_an_input_even_one_that_looks_like_its_output(workdir: Path) -> None:
    article = workdir / "seeds" / "000_2018ebf989d5b3f6.txt"
    before = article.read_bytes()
    for target in (article, workdir / "link.jsonl"):
        if target.name == "link.jsonl":
            target.symlink_to(article)
        result = runner.invoke(app, ["extract", "seeds", "-o", str(target), "--replay", "cassettes"])
        assert result.exit_code == 1 and ("input of this run" in result.output or "refusing" in result.output)
        assert article.read_bytes() == before
    # an input written in our own format is still an input
    fake = workdir / "fake.txt"
    fake.write_text(json.dumps({"schema": "exchange-event/1"}, separators=(",", ":")) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "fake.txt", "-o", "fake.txt", "--replay", "cassettes"])
    assert result.exit_code == 1 and "input of this run" in result.output
    assert fake.read_text().startswith('{"schema"')


def test_i1_extract_still_resumes_into_its_own_output(workdir: Path) -> None:
    args = ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "already done" in again.output


def test_i1_catalogue_refuses_to_overwrite_foreign_files_and_its_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(a_record()) + "\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# hello\n", encoding="utf-8")
    for target in (readme, events):
        before = target.read_bytes()
        result = runner.invoke(app, ["catalogue", str(events), "-o", str(target)])
        assert result.exit_code == 1 and "refusing" in result.output, result.output
        assert target.read_bytes() == before
    for fmt in ("jsonl", "csv"):  # its own output is rewritten
        out = tmp_path / f"cat.{fmt}"
        for _ in range(2):
            assert runner.invoke(app, ["catalogue", str(events), "-o", str(out), "--format", fmt]).exit_code == 0


# ---------------------------------------------------------------------------
# 2. an article none of whose passages got a usable answer is failed, and retried
# ---------------------------------------------------------------------------

UNUSABLE = {
    "not_json": always(completion("this is not JSON")),
    "wrong_schema": always(completion(json.dumps({"foo": 1}))),
    "empty_choices": always(completion("", choices=False)),
    "length_every_time": always(completion('{"exchange": true, "ear', finish="length")),
    "only_unknown_markers": always(completion(json.dumps({"N9": {"received_by": "ukraine", "category": "bodies"}}))),
    "html_page": always(b"<html><body>Bad gateway</body></html>", ctype="text/html"),
    "null_content": always(completion(None)),
}


@pytest.mark.parametrize("behave", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_i2_unusable_answers_fail_the_article_and_the_next_run_retries_it(one_article: Path, behave) -> None:  # noqa: ANN001
    with Stub(behave) as stub:
        first = extract_with(stub.url, "a.txt", "-o", "out.jsonl")
        assert first.exit_code == 1, first.output
        log = rows(one_article.parent / "out.articles.jsonl")
        assert [r["status"] for r in log] == ["failed"]
        assert "usable answer" in log[0]["error"]
        asked = len(stub.bodies)
        second = extract_with(stub.url, "a.txt", "-o", "out.jsonl")
        assert second.exit_code == 1 and len(stub.bodies) > asked, "a failed article must be tried again"


def test_i2_a_usable_answer_still_gives_ok(one_article: Path) -> None:
    with Stub(always(answer())) as stub:
        result = extract_with(stub.url, "a.txt", "-o", "out.jsonl")
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in rows(one_article.parent / "out.articles.jsonl")] == ["ok"]


# ---------------------------------------------------------------------------
# 3. two runs on one output: the second refuses at once, with a message
# ---------------------------------------------------------------------------


def test_i3_second_run_on_a_locked_output_refuses_with_a_message(workdir: Path) -> None:
    args = ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]
    with JsonlWriter(workdir / "events.jsonl", prompt_hash="x"):  # run A is writing
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert "another `extractor extract` run is writing" in result.output
        one_line_error(result)
    result = runner.invoke(app, args)  # A finished: B runs
    assert result.exit_code == 0, result.output
    assert len(rows(workdir / "events.articles.jsonl")) == 5


def test_i3_the_same_output_under_another_spelling_is_locked_too(workdir: Path) -> None:
    (workdir / "sub").mkdir()
    with JsonlWriter(workdir / "sub" / "events.jsonl", prompt_hash="x"):
        result = runner.invoke(app, ["extract", "seeds", "-o", "sub/../sub/events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1 and "another" in result.output


# ---------------------------------------------------------------------------
# 4. disk full: one line, an exit code, and the torn line repaired on resume
# ---------------------------------------------------------------------------


class _FullDisk:
    """A text file that accepts ``room`` characters, then writes half of the next chunk and fails."""

    def __init__(self, fh, room: int):  # noqa: ANN001
        self._fh, self._room = fh, room

    def write(self, text: str) -> int:
        if len(text) > self._room:
            self._fh.write(text[: max(self._room, len(text) // 2)])
            self._fh.flush()
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(text)
        return self._fh.write(text)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._fh, name)


def test_i4_disk_full_is_one_line_and_the_rerun_repairs_the_torn_line(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = JsonlWriter._open

    def open_full(self: JsonlWriter) -> None:
        real_open(self)
        self._events = _FullDisk(self._events, room=3000)

    monkeypatch.setattr(JsonlWriter, "_open", open_full)
    args = ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "resume" in result.output
    one_line_error(result)
    assert result.output.count("error:") == 1
    assert not (workdir / "events.jsonl").read_bytes().endswith(b"\n"), "the simulated torn line is there"
    monkeypatch.setattr(JsonlWriter, "_open", real_open)
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    events = rows(workdir / "events.jsonl")  # every line parses: the torn one is gone
    assert len({e["event_id"] for e in events}) == len(events) == 8
    assert not list(workdir.glob("*.tmp")) and not list(workdir.glob(".events*"))


def test_i4_failed_fsync_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.errors import OutputError
    from extractor.models import ArticleLogEntry

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with JsonlWriter(tmp_path / "e.jsonl", prompt_hash="x") as w:
        monkeypatch.setattr(output_mod.os, "fsync", no_space)
        with pytest.raises(OutputError, match="No space left"):
            w.write_article([], ArticleLogEntry(path="a.txt", status="failed", error="x"))


# ---------------------------------------------------------------------------
# 5, 6. the article reaches the model literally; `when` is checked (lead's fix in extract.py)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("snippet", ["{# hidden #}", "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "{{"])
def test_i5_article_text_reaches_the_model_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snippet: str) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"Officials said 64 captives {snippet} were handed over on Thursday and 3 medics were freed as well.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    with Stub(always(answer())) as stub:
        extract_with(stub.url, "a.txt", "-o", "out.jsonl")
    sent = [json.loads(b) for b in stub.bodies]
    assert sent, "the model was never asked"
    user = [re.sub(r" \[N[0-9]+\]", "", m["content"]) for m in sent[0]["messages"] if m["role"] == "user"]
    assert any(snippet in u for u in user), user  # literally, apart from the count markers


def test_i6_when_words_not_in_the_passage_are_not_written(one_article: Path) -> None:
    with Stub(always(answer(when="on March 3, 2025"))) as stub:
        extract_with(stub.url, "a.txt", "-o", "out.jsonl")
    for record in rows(one_article.parent / "out.jsonl"):
        words = record["date"]["text"]
        assert words is None or words in ARTICLE, words


# ---------------------------------------------------------------------------
# 7. the key never leaks: not whole, not as a prefix, not anywhere
# ---------------------------------------------------------------------------


def _echo_in_long_error(pad: int):  # noqa: ANN202
    """The key (in its Authorization header) after ``pad`` characters: some padding makes it straddle any cut."""

    def behave(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        auth = h.headers.get("authorization", "")
        send(h, json.dumps({"error": {"message": "x" * pad + " your key " + auth + " is wrong"}}).encode(), status=401)

    return behave


def _echo_in_500(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    send(h, ("Internal error, request had api_key=" + KEY + " token Bearer " + KEY[:14]).encode(), status=500, ctype="text/plain")


ECHOES = {
    "in_an_extra_key": lambda h, stop: send(h, answer(when=KEY)),
    "prefix_in_a_reading": lambda h, stop: send(h, answer(N1={"received_by": KEY[:12], "category": "bodies"})),
    **{f"in_a_401_after_{pad}": _echo_in_long_error(pad) for pad in (0, 40, 70, 85, 95, 110, 150, 180, 400)},
    "in_a_500": _echo_in_500,
    "in_non_json_content": lambda h, stop: send(h, completion("I refuse. key=" + KEY)),
}


@pytest.mark.parametrize("behave", ECHOES.values(), ids=ECHOES.keys())
def test_i7_an_echoed_key_reaches_no_output(one_article: Path, behave, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    for debug in (False, True):
        with Stub(behave) as stub:
            result = extract_with(stub.url, "a.txt", "-o", "out.jsonl", "--fresh", debug=debug)
        assert result.exit_code in (0, 1) and stub.bodies, result.output
        _assert_no_key(result, one_article.parent, caplog.text)


def _assert_no_key(result, folder: Path, logged: str) -> None:  # noqa: ANN001
    texts = [result.output, logged] + [p.read_text(encoding="utf-8") for p in folder.glob("out*.jsonl")]
    assert len(texts) == 4
    fragments = {KEY[i : i + 8] for i in range(len(KEY) - 7)}
    for text in texts:
        assert not any(f in text for f in fragments), text


@pytest.mark.parametrize("where", [0, 150, 195, 199, 205, 5000])
def test_i7_redaction_happens_before_cutting(where: int) -> None:
    from extractor.errors import shorten

    text = "x" * where + KEY + " tail"
    for cut in (shorten(text, secrets=[KEY]), shorten(text, limit=50, secrets=[KEY])):
        assert not any(KEY[i : i + 8] in cut for i in range(len(KEY) - 7)), cut


@pytest.mark.parametrize(
    "secret",
    ["Authorization: Bearer abcdef0123456789", "api_key=abcd1234efgh", '"password": "hunter2hunter2"', "sk-proj-abcdefgh12345678"],
)
def test_i7_secret_looking_strings_are_redacted(secret: str) -> None:
    from extractor.errors import redact

    value = secret.split()[-1].split("=")[-1].strip('"')
    assert value not in redact(f"server said: {secret}.")


# ---------------------------------------------------------------------------
# 8. validate reads articles only where it should; only regular files of bounded size
# ---------------------------------------------------------------------------


@pytest.fixture()
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(records file inside tmp/in, a secret file outside it); the current folder is tmp/in."""
    inside = tmp_path / "in"
    inside.mkdir()
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    monkeypatch.chdir(inside)
    return inside / "events.jsonl", secret


def _write_record(events: Path, path: str) -> None:
    record = a_record()
    record["article"]["path"] = path
    events.write_text(json.dumps(record) + "\n", encoding="utf-8")


@pytest.mark.parametrize("how", ["absolute", "relative", "symlink_inside"])
def test_i8_validate_does_not_read_articles_outside_its_folders(outside: tuple[Path, Path], how: str) -> None:
    events, secret = outside
    path = {"absolute": str(secret), "relative": "../elsewhere/secret.txt", "symlink_inside": "link.txt"}[how]
    if how == "symlink_inside":
        (events.parent / "link.txt").symlink_to(secret)
    _write_record(events, path)
    result = runner.invoke(app, ["validate", str(events), "--json"])
    checked = json.loads(result.stdout.splitlines()[-1])
    codes = [i["code"] for i in checked["validation"]["issues"]]
    assert "article_missing" in codes, codes
    assert "article_changed" not in codes, "the file outside was read"
    allowed = runner.invoke(app, ["validate", str(events), "--json", "--articles-root", str(secret.parent)])
    codes = [i["code"] for i in json.loads(allowed.stdout.splitlines()[-1])["validation"]["issues"]]
    assert "article_missing" not in codes and "article_changed" in codes


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_i8_validate_reads_only_regular_files(outside: tuple[Path, Path], special: str) -> None:
    events, _ = outside
    if special == "fifo":
        os.mkfifo(events.parent / "pipe.txt")
        special = str(events.parent / "pipe.txt")
    _write_record(events, special)
    started = time.monotonic()
    result = runner.invoke(app, ["validate", str(events), "--json", "--allow-any-path"])
    assert time.monotonic() - started < 10
    issues = json.loads(result.stdout.splitlines()[-1])["validation"]["issues"]
    assert any(i["code"] == "article_missing" and "regular" in i["message"] for i in issues), issues


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "big"])
def test_i8_extract_reads_only_regular_files_of_bounded_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, special: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if special == "fifo":
        os.mkfifo(tmp_path / "pipe.txt")
        special = "pipe.txt"
    if special == "big":
        monkeypatch.setattr("extractor.articles.MAX_ARTICLE_BYTES", 1000)
        (tmp_path / "big.txt").write_text(ARTICLE * 100, encoding="utf-8")
        special = "big.txt"
    started = time.monotonic()
    result = runner.invoke(app, ["extract", special, "-o", "out.jsonl", "--replay", str(CASSETTES)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    one_line_error(result)
    [entry] = rows(tmp_path / "out.articles.jsonl")
    assert entry["status"] == "failed" and ("regular" in entry["error"] or "limit" in entry["error"]), entry


def test_i8_records_file_must_be_a_regular_file(tmp_path: Path) -> None:
    for command in (["validate", "/dev/zero"], ["catalogue", "/dev/zero"], ["eval", "/dev/zero", "--gold", str(ROOT / "tests/data/seeds.gold.json")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "regular" in result.output, result.output


# ---------------------------------------------------------------------------
# 9. timeouts: a flag and an env var, a deadline no trickle defeats, an early stop
# ---------------------------------------------------------------------------


def test_i9_timeout_setting_flag_env_default() -> None:
    from extractor.settings import DEFAULT_TIMEOUT_REMOTE

    assert resolve_settings(base_url="http://x/v1", env={}).timeout == DEFAULT_TIMEOUT_REMOTE <= 120
    assert resolve_settings(base_url="http://x/v1", env={"EXTRACTOR_TIMEOUT": "7.5"}).timeout == 7.5
    assert resolve_settings(base_url="http://x/v1", timeout=3, env={"EXTRACTOR_TIMEOUT": "7.5"}).timeout == 3
    for bad in ("0", "-1", "nan", "inf", "soon", "100000"):
        with pytest.raises(UsageError):
            resolve_settings(base_url="http://x/v1", env={"EXTRACTOR_TIMEOUT": bad})


@pytest.mark.parametrize("behave", [silent, trickle, trickle_headers], ids=["silent", "trickle_body", "trickle_headers"])
@pytest.mark.parametrize("how", ["flag", "env"])
def test_i9_a_slow_server_ends_at_the_deadline(one_article: Path, behave, how: str) -> None:  # noqa: ANN001
    flag, env = (["--timeout", "1"], {}) if how == "flag" else ([], {"EXTRACTOR_TIMEOUT": "1"})
    with Stub(behave) as stub:
        started = time.monotonic()
        result = extract_with(stub.url, "a.txt", "-o", "out.jsonl", *flag, env=env)
        took = time.monotonic() - started
    assert took < 8, f"took {took:.1f} s with a 1 s deadline"
    assert result.exit_code == 1
    assert "did not answer within 1 s" in result.output


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_i9_unreachable_server_stops_the_run_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for i in range(8):
        (tmp_path / "arts").mkdir(exist_ok=True)
        (tmp_path / "arts" / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    result = extract_with(f"http://127.0.0.1:{_closed_port()}/v1", "arts", "-o", "out.jsonl")
    assert result.exit_code == 1
    assert "could not be reached for 3 articles in a row" in result.output
    one_line_error(result)
    log = rows(tmp_path / "out.articles.jsonl")
    assert len(log) == 3 and all(r["status"] == "failed" for r in log)


# ---------------------------------------------------------------------------
# 10. a file name that is not UTF-8 fails alone
# ---------------------------------------------------------------------------


def test_i10_non_utf8_file_name_fails_alone_and_reruns_do_not_crash(workdir: Path) -> None:
    bad = os.fsencode(workdir / "seeds") + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(ARTICLE.encode())
    for _ in range(2):
        result = runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"])
        assert result.exit_code == 1, result.output
        one_line_error(result)
        log = rows(workdir / "events.articles.jsonl")
        failed = [r for r in log if r["status"] == "failed"]
        assert len(failed) == 1 and "not valid UTF-8" in failed[0]["error"] and "\\xe9" in failed[0]["path"]
        assert sum(r["status"] == "ok" for r in log) == 5


# ---------------------------------------------------------------------------
# 11. sane counts in the catalogue; deep nesting is one line
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [-5, int("9" * 400), 10**7])
def test_i11_catalogue_never_writes_implausible_counts(tmp_path: Path, count: int) -> None:
    record = a_record()
    record["transfers"][0]["count"] = count
    if record.get("total"):
        record["total"]["count"] = count
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "cat.jsonl"
    result = runner.invoke(app, ["catalogue", str(events), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [entry] = rows(out)
    counts = [t["count"] for t in entry["transfers"] if t["count"] is not None] + [entry["total"] or 0]
    assert all(0 <= c <= 1_000_000 for c in counts), counts
    assert any("not plausible" in note for note in entry["review"])


@pytest.mark.parametrize("line", ["[" * 100_000, '{"a":' * 50_000, '{"event_id": ' + "9" * 5000 + "}"])
@pytest.mark.parametrize("command", ["validate", "catalogue", "eval"])
def test_i11_hostile_json_lines_are_one_line_errors(tmp_path: Path, line: str, command: str) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(line + "\n", encoding="utf-8")
    args = [command, str(events)] + (["--gold", str(ROOT / "tests/data/seeds.gold.json")] if command == "eval" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    one_line_error(result)
    assert "events.jsonl:1" in result.output


# ---------------------------------------------------------------------------
# 12. control characters never reach the terminal raw
# ---------------------------------------------------------------------------

NASTY = ["\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07", "a\rb", "line\nbreak", "\u202eevil", "\x9b2J"]


@pytest.mark.parametrize("nasty", NASTY)
def test_i12_file_names_are_escaped_on_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nasty: str) -> None:
    monkeypatch.chdir(tmp_path)
    name = f"x{nasty}.txt"
    (tmp_path / name).write_text("", encoding="utf-8")  # empty: fails at once, printing its name
    result = runner.invoke(app, ["extract", name, "-o", "out.jsonl", "--replay", str(CASSETTES)])
    assert result.exit_code == 1
    escaped = "".join(repr(c)[1:-1] if not c.isprintable() and ord(c) < 0x100 else (f"\\u{ord(c):04x}" if not c.isprintable() else c) for c in nasty)
    assert escaped in result.output, (escaped, result.output)
    assert not any(c in result.output for c in nasty if not c.isprintable() and c != "\n"), repr(result.output)


@pytest.mark.parametrize("nasty", NASTY)
def test_i12_event_ids_and_paths_are_escaped_in_validate(tmp_path: Path, nasty: str) -> None:
    record = a_record()
    record["event_id"] = "id" + nasty
    record["article"]["path"] = "p" + nasty + ".txt"
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(events)])
    for c in ("\x1b", "\x07", "\r", "\u202e", "\x9b"):
        assert c not in result.output, repr(result.output)


# ---------------------------------------------------------------------------
# 13. dangling symlinks, broken manifests, empty folders are reported
# ---------------------------------------------------------------------------


def test_i13_dangling_symlink_in_a_folder_is_logged(workdir: Path) -> None:
    (workdir / "seeds" / "gone.txt").symlink_to(workdir / "nowhere.txt")
    result = runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes"])
    assert result.exit_code == 1
    [failed] = [r for r in rows(workdir / "events.articles.jsonl") if r["status"] == "failed"]
    assert failed["path"].endswith("gone.txt") and "broken symbolic link" in failed["error"]


@pytest.mark.parametrize(
    "manifest",
    [
        'file,published\n"a.txt,2020-01-01\nb.txt,2020-01-02\n',  # unterminated quote
        "file;published\na.txt;2020-01-01\n",  # ; delimiter
        "file,published\na.txt;2020-01-01\n",  # ; in a row
        "file,published\na.txt,2020-01-01,extra,fields\n",  # more fields than the header
        "name,date\na.txt,2020-01-01\n",  # no file/published columns
    ],
    ids=["unterminated_quote", "semicolons", "semicolon_row", "extra_fields", "wrong_header"],
)
def test_i13_manifest_problems_are_reported_not_lost(tmp_path: Path, manifest: str) -> None:
    (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match="manifest") as info:
        read_article(tmp_path / "a.txt", root=tmp_path)
    assert "manifest.csv" in str(info.value)


def test_i13_empty_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    result = runner.invoke(app, ["extract", "empty", "-o", "out.jsonl", "--replay", str(CASSETTES)])
    assert result.exit_code == 1
    assert "empty" in result.output and "no .txt" in result.output
    [entry] = rows(tmp_path / "out.articles.jsonl")
    assert entry["status"] == "failed"


# ---------------------------------------------------------------------------
# 14. dates of years 0001 and 9999 neither crash nor pass unflagged
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-03", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_i14_implausible_publication_dates_are_refused(workdir: Path, day: str) -> None:
    result = runner.invoke(app, ["extract", "seeds", "-o", "events.jsonl", "--replay", "cassettes", "--published", day])
    assert result.exit_code == 2 and "not a plausible publication date" in result.output
    one_line_error(result)
    manifest = workdir / "seeds" / "manifest.csv"
    manifest.write_text(f"file,published\n000_2018ebf989d5b3f6.txt,{day}\n", encoding="utf-8")
    with pytest.raises(InputError, match="not plausible"):
        read_article(workdir / "seeds" / "000_2018ebf989d5b3f6.txt", root=workdir / "seeds")
    (workdir / "h.txt").write_text(f"published: {day}\n\n{ARTICLE}", encoding="utf-8")
    with pytest.raises(InputError, match="not plausible"):
        read_article(workdir / "h.txt")


@pytest.mark.parametrize("value", ["9999-12-31", "9999-12", "9999", "0001-01-01", "0001"])
def test_i14_extreme_dates_in_records_are_flagged_not_crashing(tmp_path: Path, value: str) -> None:
    from extractor.catalogue import build_catalogue
    from extractor.models import EventRecord
    from extractor.validate import validate_record

    record = a_record()
    record["article"]["published"] = None
    record["date"].update(value=value, precision={10: "day", 7: "month", 4: "year"}[len(value)])
    rec = EventRecord.model_validate(record)
    codes = {i.code for i in validate_record(rec, None, published=None)}
    assert codes & {"date_out_of_range", "date_before_war"}, codes
    [entry] = build_catalogue([rec])
    assert entry.date.value is None or not entry.date.value.startswith(("0001", "9999"))
