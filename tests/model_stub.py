"""A loopback OpenAI-compatible model server for tests and benchmarks (no model, no network beyond 127.0.0.1).

``ModelStub`` answers every chat completion with a valid reading of the
passage it was asked about (every open marker received by Ukraine, bodies),
whatever the answer schema of the request, after ``latency`` seconds; a
``policy`` may answer differently (rate limits, rejected request shapes).
Also runnable as a process: ``python -m tests.model_stub --latency 0.2``
prints its base URL and serves until killed (the benchmarks use it so that
the server does not compete with the tool for the GIL).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

MARKER = re.compile(r"\[(N\d+)\]")

#: ``policy(request, stub) -> (status, body, headers) | None``; None gives the normal answer.
Policy = Callable[[dict, "ModelStub"], "tuple[int, dict, dict] | None"]


def _schema(request: dict) -> dict:
    fmt = request.get("response_format") or {}
    if isinstance(fmt.get("json_schema"), dict):
        return fmt["json_schema"].get("schema") or {}
    if isinstance(fmt.get("schema"), dict):
        return fmt["schema"]
    tools = request.get("tools") or []
    return tools[0]["function"].get("parameters", {}) if tools else {}


def reading(request: dict) -> dict:
    """A valid answer for the request's passage: every marker to Ukraine, bodies (in the request's answer shape)."""
    text = " ".join(str(m.get("content") or "") for m in request.get("messages", []) if m.get("role") == "user")
    schema = _schema(request)
    one = {"received_by": "ukraine", "category": "bodies"}
    if "numbers" in (schema.get("properties") or {}):
        marks = list(dict.fromkeys(MARKER.findall(text)))
        return {"exchange": True, "earlier": False, "when": None, "numbers": [{"id": m, **one} for m in marks]}
    keys = schema.get("required") or list(dict.fromkeys(MARKER.findall(text)))
    return {k: dict(one) for k in keys}


#: article sentences whose count the words leave open (so the model is asked); the first that still does is used.
TEMPLATES = (
    "The exchange took place on Thursday: {n} prisoners came home, officials said.",
    "On Thursday, {n} bodies were repatriated in the exchange, and 24 were handed over, officials said.",
    "The sides carried out an exchange on Thursday, with {n} people returned, officials said.",
)


def open_template() -> str:
    """A sentence template that needs exactly one model request per article with the extraction core as it is."""
    from extractor.candidates import find_passages
    from extractor.readings import read_article

    for template in TEMPLATES:
        text = template.format(n=137) + "\n"
        passages = find_passages(text)
        asked = [p for p, items in zip(passages, read_article(passages)) if any(i.open for i in items)]
        if len(asked) == 1:
            return template
    raise AssertionError("no template leaves a number open for the model: add one to tests/model_stub.TEMPLATES")


def write_corpus(folder, n: int, *, extra_lines: int = 0):  # noqa: ANN001, ANN201
    """``n`` articles ``a00000.txt`` ... each needing one model request; ``extra_lines`` of filler make them longer."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    template = open_template()
    filler = "".join(f"Paragraph {k} of background about the war and the talks.\n" for k in range(extra_lines))
    for i in range(n):
        text = "published: 2025-12-19\n\n" + template.format(n=100 + i) + "\n" + filler
        (folder / f"a{i:05d}.txt").write_text(text)
    return folder


def completion(content: str, *, tool: bool = False) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool:
        call = {"id": "call_1", "type": "function", "function": {"name": "PassageAnswer", "arguments": content}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return {
        "id": "stub", "object": "chat.completion", "created": 0, "model": "stub",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool else "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }  # fmt: skip


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # 64 jobs connect at once

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that went away (Ctrl-C, a deadline) is not the stub's problem


class ModelStub:
    """A threading HTTP server on 127.0.0.1 answering /v1/chat/completions."""

    def __init__(self, latency: float = 0.0, policy: Policy | None = None):
        self.latency, self.policy = latency, policy
        self.requests: list[dict] = []
        self.seen: list[tuple[str, int]] = []  # (Authorization header, client port) of every request
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802  (llama_cpp-style readiness probe)
                self._send(200, {"data": [{"id": "stub"}]}, {})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                request = json.loads(raw or b"{}")
                with stub.lock:
                    stub.requests.append(request)
                    stub.seen.append((self.headers.get("authorization") or "", self.client_address[1]))
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                try:
                    if stub.latency:
                        time.sleep(stub.latency)
                    status, body, headers = (stub.policy and stub.policy(request, stub)) or (200, stub.answer(request), {})
                finally:
                    with stub.lock:
                        stub.in_flight -= 1
                self._send(status, body, headers)

            def _send(self, status: int, body: dict, headers: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def answer(self, request: dict) -> dict:
        return completion(json.dumps(reading(request)), tool=bool(request.get("tools")))

    def __enter__(self) -> "ModelStub":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    with ModelStub(args.latency) as stub:
        print(stub.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    sys.exit(main())
