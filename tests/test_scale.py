"""Corpus scale (issue 14): --jobs, --shard, the answer cache, 429s, request shapes, the lazy local server, --seed.

Every model server here is a loopback stub (``tests/model_stub.py``); no test
asserts on time. Concurrency is proven with a barrier: the stub holds requests
until several are in flight at once, which one job at a time never reaches.
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from extractor import localmodel
from extractor.catalogue import read_many
from extractor.cli import app
from extractor.errors import UsageError
from extractor.pipeline import in_order, in_shard, run_extract
from extractor.settings import resolve_settings

from .model_stub import ModelStub, completion, write_corpus

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
runner = CliRunner()
KEY = "sk-test-SCALESECRET0123456789abcdef"


def corpus(folder: Path, n: int) -> Path:
    """``n`` articles, each with one passage the text leaves open (one model request each)."""
    return write_corpus(folder, n)


def settings_for(stub: ModelStub, tmp_path: Path, **kw: object):
    env = {"EXTRACTOR_CACHE_DIR": str(tmp_path / "cache"), **kw.pop("env", {})}  # type: ignore[dict-item]
    return resolve_settings(backend="compatible", base_url=stub.url, model="m", env=env, **kw)  # type: ignore[arg-type]


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def paths_of(path: Path) -> list[str]:
    return [r["path"] if "path" in r else r["article"]["path"] for r in lines(path)]


# ---------------------------------------------------------------------------
# settings: --seed, --jobs, --shard
# ---------------------------------------------------------------------------


def test_seed_flag_env_default_and_it_reaches_the_request(tmp_path: Path) -> None:
    assert resolve_settings(env={}).seed == 7
    assert resolve_settings(env={"EXTRACTOR_SEED": "11"}).seed == 11
    assert resolve_settings(seed=3, env={"EXTRACTOR_SEED": "11"}).seed == 3
    assert resolve_settings(replay_dir=tmp_path, env={"EXTRACTOR_SEED": "11"}).seed == 7  # cassettes: flag only
    with pytest.raises(UsageError):
        resolve_settings(env={"EXTRACTOR_SEED": "-1"})
    with ModelStub() as stub:
        run_extract([corpus(tmp_path / "in", 1)], settings_for(stub, tmp_path, seed=42), tmp_path / "out.jsonl")
    assert stub.requests and all(r["seed"] == 42 for r in stub.requests)


def test_seed_flag_on_the_cli(tmp_path: Path) -> None:
    with ModelStub() as stub:
        args = ["extract", str(corpus(tmp_path / "in", 1)), "-o", str(tmp_path / "o.jsonl"), "--base-url", stub.url, "--seed", "5"]
        assert runner.invoke(app, args).exit_code == 0
    assert [r["seed"] for r in stub.requests] == [5]
    assert "--seed" in runner.invoke(app, ["cassettes", "record", "--help"]).output


def test_jobs_flag_env_default_and_bounds() -> None:
    assert resolve_settings(env={}).jobs == 1  # the embedded server answers one request at a time
    assert resolve_settings(base_url="http://127.0.0.1:1/v1", env={}).jobs == 4
    assert resolve_settings(env={"EXTRACTOR_JOBS": "16"}).jobs == 16
    assert resolve_settings(jobs=2, env={"EXTRACTOR_JOBS": "16"}).jobs == 2
    for bad in ({"jobs": 0}, {"env": {"EXTRACTOR_JOBS": "lots"}}, {"jobs": 10_000}):
        with pytest.raises(UsageError):
            resolve_settings(**{"env": {}, **bad})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shards_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError):
        resolve_settings(shard=bad, env={})


def test_shards_partition_the_inputs_by_relative_path(tmp_path: Path) -> None:
    names = [Path(f"sub/{i}.txt") for i in range(60)]
    for n in (1, 3, 7):
        owners = [[k for k in range(1, n + 1) if in_shard(Path("/x") / f, Path("/x"), (k, n))] for f in names]
        assert all(len(o) == 1 for o in owners)  # every input in exactly one shard
        moved = [[k for k in range(1, n + 1) if in_shard(Path("/mnt/y") / f, Path("/mnt/y"), (k, n))] for f in names]
        assert moved == owners  # the same split wherever the corpus is mounted
    assert len({o[0] for o in owners}) > 1


def test_shard_runs_together_cover_the_corpus_and_catalogue_merges_them(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in", 12)
    with ModelStub() as stub:
        outs = []
        for k in (1, 2, 3):
            out = tmp_path / f"shard{k}.jsonl"
            run_extract([inputs], settings_for(stub, tmp_path, shard=f"{k}/3", answer_cache=False), out)
            outs.append(out)
    logged = [p for out in outs for p in paths_of(out.with_name(out.stem + ".articles.jsonl"))]
    assert sorted(logged) == sorted(str(p) for p in inputs.iterdir()) and len(set(logged)) == 12
    records, duplicates = read_many([*outs, outs[0]])
    assert len(records) == 12 and duplicates == len(lines(outs[0]))
    result = runner.invoke(app, ["catalogue", *map(str, outs), "-o", str(tmp_path / "cat.jsonl")])
    assert result.exit_code == 0, result.output
    assert len(lines(tmp_path / "cat.jsonl")) >= 1


# ---------------------------------------------------------------------------
# --jobs: concurrency, order, resume, Ctrl-C
# ---------------------------------------------------------------------------


def test_jobs_keep_input_order_and_give_the_same_files_as_one_job(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in", 24)
    barrier = threading.Barrier(4, timeout=20)

    def hold_until_four_in_flight(request: dict, stub: ModelStub) -> None:
        if len(stub.requests) <= 4:
            barrier.wait()  # only 4 requests at once get past: one job at a time would time out here
        return None

    with ModelStub(policy=hold_until_four_in_flight) as stub:
        run_extract([inputs], settings_for(stub, tmp_path, jobs=8, answer_cache=False), tmp_path / "j8.jsonl")
    assert stub.max_in_flight >= 4
    with ModelStub() as stub:
        run_extract([inputs], settings_for(stub, tmp_path, jobs=1, answer_cache=False), tmp_path / "j1.jsonl")
        assert stub.max_in_flight == 1
    expected = [str(inputs / f"a{i:05d}.txt") for i in range(24)]
    assert paths_of(tmp_path / "j8.articles.jsonl") == expected
    assert (tmp_path / "j8.jsonl").read_text() == (tmp_path / "j1.jsonl").read_text()
    assert (tmp_path / "j8.articles.jsonl").read_text() == (tmp_path / "j1.articles.jsonl").read_text()


def test_every_request_carries_the_key_and_each_job_keeps_its_connection(tmp_path: Path) -> None:
    """The requests (sent without openai's parameter walk) authenticate; N jobs use at most N kept-alive connections."""
    folder = corpus(tmp_path / "in", 24)
    with ModelStub() as stub:
        settings = settings_for(stub, tmp_path, jobs=4, answer_cache=False, env={"OPENAI_API_KEY": KEY})
        run_extract([folder], settings, tmp_path / "out.jsonl")
    assert len(stub.seen) == 24
    assert {auth for auth, _ in stub.seen} == {f"Bearer {KEY}"}
    assert len({port for _, port in stub.seen}) <= 4  # one connection per job thread, reused


def test_in_order_yields_in_order_and_raises_at_the_items_turn() -> None:
    import time

    assert list(in_order(range(50), lambda i: (time.sleep(0.001 * (i % 5)), i)[1], 8)) == list(range(50))

    def boom(i: int) -> int:
        if i == 7:
            raise ValueError("seven")
        return i

    got = []
    with pytest.raises(ValueError, match="seven"):
        for x in in_order(range(20), boom, 4):
            got.append(x)
    assert got == list(range(7))


def test_interrupted_run_with_jobs_leaves_valid_files_and_resumes(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in", 20)
    out = tmp_path / "out.jsonl"
    seen: list[str] = []

    def ctrl_c_after_five(outcome) -> None:  # noqa: ANN001
        seen.append(outcome.path)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with ModelStub(latency=0.01) as stub:
        s = settings_for(stub, tmp_path, jobs=8)
        with pytest.raises(KeyboardInterrupt):
            run_extract([inputs], s, out, on_article=ctrl_c_after_five)
        log = out.with_name("out.articles.jsonl")
        written = paths_of(log)  # articles finished together are written together: at least the five seen
        assert written == [str(inputs / f"a{i:05d}.txt") for i in range(len(written))] and written[:5] == seen
        assert {r["article"]["path"] for r in lines(out)} == set(written)
        second = run_extract([inputs], s, out)  # the lock was released; finished articles are skipped
        asked_again = len(stub.requests)
    done = len(written)
    assert [o.status for o in second.outcomes[:done]] == ["skipped"] * done
    assert {o.status for o in second.outcomes[done:]} == {"ok"}
    assert paths_of(log) == [str(inputs / f"a{i:05d}.txt") for i in range(20)]
    with ModelStub() as stub:
        run_extract([inputs], settings_for(stub, tmp_path, jobs=1, answer_cache=False), tmp_path / "clean.jsonl")
    assert out.read_text() == (tmp_path / "clean.jsonl").read_text()
    assert asked_again <= 20 + 8  # articles in flight at Ctrl-C came from the cache, not the server twice over


def test_cli_jobs_flag_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = corpus(tmp_path / "in", 6)
    with ModelStub() as stub:
        monkeypatch.setenv("EXTRACTOR_JOBS", "3")
        result = runner.invoke(app, ["extract", str(inputs), "-o", str(tmp_path / "o.jsonl"), "--base-url", stub.url])
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["extract", str(inputs), "-o", str(tmp_path / "p.jsonl"), "--base-url", stub.url, "-j", "2", "--no-cache"])
        assert result.exit_code == 0, result.output
    assert paths_of(tmp_path / "p.articles.jsonl") == paths_of(tmp_path / "o.articles.jsonl")


# ---------------------------------------------------------------------------
# 429: slow down, do not fail
# ---------------------------------------------------------------------------


def test_rate_limited_server_slows_the_run_down_instead_of_failing(tmp_path: Path) -> None:
    limited = {"n": 0}

    def every_other_is_429(request: dict, stub: ModelStub):  # noqa: ANN202
        with stub.lock:
            limited["n"] += 1
            if limited["n"] % 2 == 1 and limited["n"] < 20:
                return 429, {"error": {"message": "Rate limit reached", "type": "rate_limit"}}, {"retry-after-ms": "20"}
        return None

    notes: list[str] = []
    with ModelStub(policy=every_other_is_429) as stub:
        summary = run_extract([corpus(tmp_path / "in", 8)], settings_for(stub, tmp_path, jobs=4), tmp_path / "o.jsonl", log=notes.append)
    assert [o.status for o in summary.outcomes] == ["ok"] * 8
    assert limited["n"] > 8
    assert sum("HTTP 429" in n for n in notes) == 1


# ---------------------------------------------------------------------------
# request shapes: the servers people run
# ---------------------------------------------------------------------------


def _accepting(*shapes: str, status: int = 500, message: str = "Input should be 'text' or 'json_object'"):  # noqa: ANN202
    def policy(request: dict, stub: ModelStub):  # noqa: ANN202
        fmt = request.get("response_format") or {}
        shape = fmt.get("type", "none") + ("+schema" if "schema" in fmt else "")
        if shape not in shapes:
            return status, {"detail": [{"loc": ["body", "response_format", "type"], "msg": message}]}, {}
        return None

    return policy


SERVERS = {
    # llama-cpp-python's server: json_object (+ schema) only; json_schema is an HTTP 500 validation error
    "llama-cpp-python": (_accepting("json_object+schema", "json_object"), "json_object"),
    "llama-server": (_accepting("json_schema", "json_object+schema", "json_object"), "json_schema"),
    "vllm": (_accepting("json_schema", "json_object", status=400, message="response_format unsupported"), "json_schema"),
    "ollama": (_accepting("json_schema", "json_object"), "json_schema"),
    "json-only": (_accepting("json_object", status=400, message="unknown field response_format.schema"), "json_object"),
}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_compatible_backend_works_out_of_the_box(tmp_path: Path, server: str) -> None:
    policy, final_type = SERVERS[server]
    notes: list[str] = []
    with ModelStub(policy=policy) as stub:
        summary = run_extract([corpus(tmp_path / "in", 3)], settings_for(stub, tmp_path, jobs=2), tmp_path / "o.jsonl", log=notes.append)
    assert [o.status for o in summary.outcomes] == ["ok"] * 3, summary.outcomes
    assert stub.requests[-1]["response_format"]["type"] == final_type
    rejected = [n for n in notes if n.startswith("note: the server rejected")]
    assert len(rejected) == (server in ("llama-cpp-python",)) + (server == "json-only") * 2
    assert all("\n" not in n for n in rejected)


def test_a_server_error_that_is_not_about_the_shape_is_not_a_fallback(tmp_path: Path) -> None:
    policy = lambda request, stub: (500, {"error": {"message": "CUDA out of memory"}}, {})  # noqa: E731
    notes: list[str] = []
    with ModelStub(policy=policy) as stub:
        summary = run_extract([corpus(tmp_path / "in", 1)], settings_for(stub, tmp_path, jobs=1), tmp_path / "o.jsonl", log=notes.append)
    assert summary.outcomes[0].status == "failed" and "HTTP 500" in (summary.outcomes[0].error or "")
    assert not [n for n in notes if "rejected" in n]
    assert {r["response_format"]["type"] for r in stub.requests} == {"json_schema"}


# ---------------------------------------------------------------------------
# the answer cache
# ---------------------------------------------------------------------------


def test_cache_answers_a_rerun_with_fresh_and_no_cache_asks_again(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in", 5)
    with ModelStub() as stub:
        s = settings_for(stub, tmp_path, jobs=2)
        run_extract([inputs], s, tmp_path / "a.jsonl")
        first = len(stub.requests)
        run_extract([inputs], s, tmp_path / "b.jsonl", resume=False)  # another output, --fresh: no new request
        assert len(stub.requests) == first
        run_extract([inputs], settings_for(stub, tmp_path, jobs=2, answer_cache=False), tmp_path / "c.jsonl", resume=False)
        assert len(stub.requests) == 2 * first
        run_extract([inputs], settings_for(stub, tmp_path, jobs=2, seed=8), tmp_path / "d.jsonl")
        assert len(stub.requests) == 3 * first  # another seed is another request
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text() == (tmp_path / "c.jsonl").read_text()
    stored = list((tmp_path / "cache" / "answers").rglob("*.json"))
    assert len(stored) == 2 * first


def test_cache_never_stores_a_secret_nor_a_request(tmp_path: Path) -> None:
    def echo_key(request: dict, stub: ModelStub):  # noqa: ANN202
        body = completion(json.dumps(stub_reading(request)).replace("}", f', "note": "{KEY[:12]}"}}', 1))
        return 200, body, {}

    from .model_stub import reading as stub_reading

    with ModelStub() as stub:
        run_extract([corpus(tmp_path / "in", 2)], settings_for(stub, tmp_path, env={"OPENAI_API_KEY": KEY}), tmp_path / "a.jsonl")
    with ModelStub(policy=echo_key) as stub:
        run_extract([corpus(tmp_path / "in2", 2)], settings_for(stub, tmp_path, env={"OPENAI_API_KEY": KEY}), tmp_path / "b.jsonl")
    stored = list((tmp_path / "cache" / "answers").rglob("*"))
    texts = [p.read_text() for p in stored if p.is_file()]
    assert len(texts) == 2  # the first run's answers; the echoing server's answers were not stored
    for text in texts:
        assert KEY[:8] not in text and "Authorization" not in text and "prisoners" not in text


def test_cache_of_an_unusable_answer_is_not_kept(tmp_path: Path) -> None:
    bad = lambda request, stub: (200, completion(json.dumps({"N9": {"received_by": "ukraine", "category": "bodies"}})), {})  # noqa: E731
    with ModelStub(policy=bad) as stub:
        summary = run_extract([corpus(tmp_path / "in", 1)], settings_for(stub, tmp_path), tmp_path / "a.jsonl")
    assert summary.outcomes[0].status == "failed"
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_a_rejected_first_answer_is_counted_once_on_the_record_and_the_log(tmp_path: Path) -> None:
    """First answer names a marker the passage lacks (rejected, asked again), second is valid."""
    wrong = completion(json.dumps({"N9": {"received_by": "ukraine", "category": "bodies"}}))
    policy = lambda request, stub: (200, wrong, {}) if len(stub.requests) == 1 else None  # noqa: E731
    with ModelStub(policy=policy) as stub:
        run_extract([corpus(tmp_path / "in", 1)], settings_for(stub, tmp_path, retries=2), tmp_path / "a.jsonl")
    assert len(stub.requests) == 2
    (record,) = lines(tmp_path / "a.jsonl")
    (logged,) = lines(tmp_path / "a.articles.jsonl")
    assert (record["provenance"]["attempts"], record["provenance"]["first_answer_findings"]) == (2, 1)
    assert (logged["model_calls"], logged["first_answer_findings"], logged["passages_fixed_by_retry"]) == (2, 1, 1)


# ---------------------------------------------------------------------------
# the embedded server starts lazily and always stops
# ---------------------------------------------------------------------------


@pytest.fixture()
def fake_local(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """localmodel with the model and server replaced by the stub: counts prepares, starts and stops."""
    events: dict = {"prepare": 0, "start": 0, "stop": 0}
    with ModelStub() as stub:

        @contextmanager
        def serve(cache_dir: Path, **kw: object) -> Iterator[str]:
            events["start"] += 1
            kw["log"]("starting llama_cpp.server on 127.0.0.1 ...")  # type: ignore[operator]
            try:
                yield stub.url
            finally:
                events["stop"] += 1

        monkeypatch.setattr(localmodel, "require_server", lambda: None)
        monkeypatch.setattr(localmodel, "prepare", lambda *a, **k: events.__setitem__("prepare", events["prepare"] + 1))
        monkeypatch.setattr(localmodel, "serve", serve)
        events["stub"] = stub
        yield events


def test_local_server_is_not_started_when_no_passage_needs_the_model(tmp_path: Path, fake_local: dict) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("published: 2025-12-19\n\nThe weather was fine.\n")
    settings = resolve_settings(backend="local", env={"EXTRACTOR_CACHE_DIR": str(tmp_path / "c")})
    summary = run_extract([tmp_path / "in"], settings, tmp_path / "o.jsonl")
    assert summary.outcomes[0].status == "no_events"
    assert fake_local["start"] == fake_local["prepare"] == 0


def test_local_server_starts_once_on_first_request_and_stops_at_the_end(tmp_path: Path, fake_local: dict) -> None:
    settings = resolve_settings(backend="local", jobs=4, model_answers="use", env={"EXTRACTOR_CACHE_DIR": str(tmp_path / "c")})
    notes: list[str] = []
    summary = run_extract([corpus(tmp_path / "in", 6)], settings, tmp_path / "o.jsonl", log=notes.append)
    assert {o.status for o in summary.outcomes} == {"ok"}
    assert (fake_local["prepare"], fake_local["start"], fake_local["stop"]) == (1, 1, 1)
    assert sum(n.startswith("starting llama_cpp.server") for n in notes) == 1
    assert fake_local["stub"].max_in_flight == 1  # the embedded server has one slot: requests go in turn
    sent = fake_local["stub"].requests
    assert sent and all(r["response_format"]["type"] == "json_object" and "schema" in r["response_format"] for r in sent)
    log = lines(tmp_path / "o.articles.jsonl")
    assert {e["provenance"]["backend"] for e in log} == {"local"}


def test_local_server_stops_on_ctrl_c(tmp_path: Path, fake_local: dict) -> None:
    settings = resolve_settings(backend="local", jobs=2, model_answers="use", env={"EXTRACTOR_CACHE_DIR": str(tmp_path / "c")})

    def interrupt(outcome) -> None:  # noqa: ANN001
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_extract([corpus(tmp_path / "in", 4)], settings, tmp_path / "o.jsonl", on_article=interrupt)
    assert fake_local["start"] == fake_local["stop"] == 1


def test_a_failed_local_start_stops_the_run_with_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.errors import ModelIntegrityError

    def refuse(*a: object, **k: object) -> None:
        raise ModelIntegrityError("model file SHA-256 is 00, expected cc; refusing to run")

    monkeypatch.setattr(localmodel, "require_server", lambda: None)
    monkeypatch.setattr(localmodel, "prepare", refuse)
    settings = resolve_settings(backend="local", jobs=2, model_answers="use", env={"EXTRACTOR_CACHE_DIR": str(tmp_path / "c")})
    with pytest.raises(ModelIntegrityError):
        run_extract([corpus(tmp_path / "in", 3)], settings, tmp_path / "o.jsonl")


def test_ctrl_c_on_the_command_line_with_jobs_stops_cleanly_and_the_rerun_resumes(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    inputs = corpus(tmp_path / "in", 16)
    out = tmp_path / "out.jsonl"
    log = tmp_path / "out.articles.jsonl"
    with ModelStub(latency=0.2) as stub:
        cmd = [sys.executable, "-m", "extractor.cli", "extract", str(inputs), "-o", str(out), "--base-url", stub.url, "--model", "m", "--jobs", "4"]
        env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(tmp_path / "cache")}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(600):  # wait (at most a minute) until something is written
            if log.exists() and log.read_text().count("\n") >= 1 or proc.poll() is not None:
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        if proc.returncode == 0:
            pytest.skip("the run finished before the interrupt arrived")
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
        written = paths_of(log)
        assert written == [str(inputs / f"a{i:05d}.txt") for i in range(len(written))]
        assert {r["article"]["path"] for r in lines(out)} == set(written)  # every line whole, nothing half-written
        summary = run_extract([inputs], settings_for(stub, tmp_path, jobs=4), out)
    assert [o.status for o in summary.outcomes] == ["skipped"] * len(written) + ["ok"] * (16 - len(written))
    assert paths_of(log) == [str(inputs / f"a{i:05d}.txt") for i in range(16)]
