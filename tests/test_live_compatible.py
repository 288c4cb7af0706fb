"""Live: the `compatible` backend against llama-cpp-python's own server, out of the box (skipped unless `pytest -m live`).

llama-cpp-python's server rejects OpenAI's json_schema response_format (HTTP
500); the backend must fall back to json_object + schema with one note, and
give the same records as the embedded backend on the same model.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extractor import localmodel
from extractor.pipeline import run_extract
from extractor.settings import resolve_settings

from .conftest import SEEDS
from .model_stub import write_corpus

pytestmark = [pytest.mark.live, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]


def test_compatible_against_llama_cpp_python_server_gives_the_embedded_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Path.home() / ".cache" / "exchange-extractor"
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(cache))
    shutil.copytree(SEEDS, tmp_path / "seeds")
    inputs = [tmp_path / "seeds", write_corpus(tmp_path / "extra", 2)]
    env = dict(os.environ)

    local = resolve_settings(backend="local", answer_cache=False, env=env)
    run_extract(inputs, local, tmp_path / "local.jsonl")

    notes: list[str] = []
    with localmodel.serve(cache) as url:
        remote = resolve_settings(base_url=url, model="qwen", answer_cache=False, env=env)
        assert remote.backend == "compatible"
        summary = run_extract(inputs, remote, tmp_path / "compatible.jsonl", log=notes.append)
    assert not summary.failed, summary.failed
    assert [n for n in notes if n.startswith("note: the server rejected response_format json_schema")], notes

    def facts(path: Path) -> list[tuple]:
        import json

        rows = [json.loads(x) for x in path.read_text().splitlines()]
        return [(r["article"]["path"], r["kind"], r["mention"], json.dumps(r["transfers"], sort_keys=True), json.dumps(r["date"], sort_keys=True)) for r in rows]

    assert facts(tmp_path / "compatible.jsonl") == facts(tmp_path / "local.jsonl")
