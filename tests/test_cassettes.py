"""Cassettes: readable, scrubbed, really intercepting openai's httpx2 transport."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openai
import pytest
import yaml

from extractor.cassettes import SECRET_HEADERS, cassette_path, make_vcr

from .conftest import CASSETTES, SEEDS

ALL = sorted(CASSETTES.glob("*.yaml"))
SECRET_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_-]{10,}"),
    re.compile(r"Bearer\s+\S+", re.IGNORECASE),
    re.compile(r"authorization", re.IGNORECASE),
    re.compile(r"api[-_]?key", re.IGNORECASE),
]


MADE_UP = SEEDS.parent / "tests" / "data" / "articles"


def test_a_cassette_exactly_for_the_articles_that_ask_the_model() -> None:
    """The seeds' numbers are all decided by their words (no request, no cassette); the made-up articles
    in tests/data/articles/ that leave numbers open each have their recording."""
    for seed in sorted(SEEDS.glob("*.txt")):
        assert not cassette_path(CASSETTES, str(seed)).is_file(), f"{seed.name}: a cassette nobody replays"
    asked = {"ambiguous-returned", "children-reunited", "open-sides"}
    assert {p.stem for p in ALL} == asked


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_cassette_is_valid_yaml_with_json_bodies(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    posts = [i for i in data["interactions"] if i["request"]["method"] == "POST"]
    assert posts, "no model request in the cassette"
    for i in data["interactions"]:
        assert i["request"]["uri"].startswith("http://127.0.0.1:8000/"), "host or port not scrubbed"
    for i in posts:
        request = json.loads(i["request"]["body"])
        assert request["messages"] and request["model"]
        response = json.loads(i["response"]["body"]["string"])
        assert response["choices"][0]["message"]["content"]
        assert i["request"]["uri"].startswith("http://127.0.0.1:8000/"), "host or port not scrubbed"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_cassette_holds_no_secret_and_no_local_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for pattern in SECRET_PATTERNS:
        assert not pattern.search(text), f"{path.name}: matches {pattern.pattern}"
    assert "/root/" not in text and "/home/" not in text and ".cache/" not in text
    ports = set(re.findall(r"127\.0\.0\.1:(\d+)", text)) | set(re.findall(r"localhost:(\d+)", text))
    assert ports <= {"8000"}, f"{path.name}: host-specific port(s) {ports}"
    data = yaml.safe_load(text)
    for i in data["interactions"]:
        names = {k.lower() for k in i["request"]["headers"]} | {k.lower() for k in i["response"]["headers"]}
        assert not names & set(SECRET_HEADERS)


def test_a_request_without_recording_fails_and_never_reaches_the_network(tmp_path: Path) -> None:
    """vcrpy must intercept httpx2 (openai 3.x): with no cassette entry the call fails at once."""
    client = openai.OpenAI(api_key="sk-test-not-a-real-key-0000", base_url="http://127.0.0.1:9/v1", max_retries=0)
    with make_vcr(tmp_path, "none").use_cassette("empty.yaml"):
        with pytest.raises(openai.APIConnectionError) as info:
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    from vcr.errors import CannotOverwriteExistingCassetteException

    cause = info.value.__cause__ or info.value.__context__
    assert isinstance(cause, CannotOverwriteExistingCassetteException)


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_recording_scrubs_the_authorization_header(tmp_path: Path) -> None:
    """Record against a tiny loopback server with a fake key; the written cassette has no trace of it."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps({
                "id": "x", "object": "chat.completion", "created": 0, "model": "m",
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
            }).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        key = "sk-test-SECRET-abcdefghijklmnop"
        client = openai.OpenAI(api_key=key, base_url=f"http://127.0.0.1:{server.server_port}/v1", max_retries=0)
        with make_vcr(tmp_path, "all").use_cassette("rec.yaml"):
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    finally:
        server.shutdown()
    text = (tmp_path / "rec.yaml").read_text()
    assert key not in text and "SECRET" not in text
    assert "authorization" not in text.lower()
    assert str(server.server_port) not in text
