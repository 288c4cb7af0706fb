"""Backends: the OpenAI client is built here, once, and the request mode each server supports.

* ``local``: the embedded llama.cpp server (see ``localmodel``). llama-cpp-python
  constrains output with ``response_format={"type": "json_object", "schema": S}``;
  instructor's JSON_SCHEMA mode sends OpenAI's ``{"type": "json_schema",
  "json_schema": {"schema": S}}``, which that server rejects, so the create
  function below translates the one into the other. The schema is not pasted
  into the prompt: the field descriptions are (see ``prompts.describe_fields``).
* ``openai``: OpenAI's API with instructor's TOOLS mode.
* ``compatible``: any OpenAI-compatible server (vLLM, Ollama, llama.cpp's own
  server) at ``--base-url``; default mode JSON_SCHEMA (structured outputs), or
  ``--mode json`` / ``--mode tools`` for servers without it.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import instructor
from instructor import Mode

from .settings import Settings

REPLAY_BASE_URL = "http://127.0.0.1:8000/v1"  # any loopback address: under replay nothing is sent

_MODES = {"json_schema": Mode.JSON_SCHEMA, "tools": Mode.TOOLS, "json": Mode.JSON}


@dataclass
class Client:
    """What the extraction needs from a backend: a patched create function and its identity."""

    create: Callable[..., Any]
    backend: str
    model: str
    mode: str
    request_options: dict[str, Any]


def choose_mode(settings: Settings) -> Mode:
    if settings.mode != "auto":
        return _MODES[settings.mode]
    if settings.backend == "openai":
        return Mode.TOOLS
    return Mode.JSON_SCHEMA


def _llama_cpp_create(raw_create: Callable[..., Any]) -> Callable[..., Any]:
    """Translate OpenAI's json_schema response_format into llama-cpp-python's json_object + schema."""

    def create(**kwargs: Any) -> Any:
        fmt = kwargs.get("response_format")
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            kwargs["response_format"] = {"type": "json_object", "schema": fmt["json_schema"]["schema"]}
        return raw_create(**kwargs)

    return create


def build_openai(settings: Settings, base_url: str | None):
    """The one place an OpenAI client is constructed."""
    import openai

    return openai.OpenAI(
        api_key=settings.api_key or "not-needed",
        base_url=base_url,
        # Under replay a miss must surface at once with its real message, not after backoff.
        max_retries=0 if settings.replaying else 2,
        timeout=settings.timeout,
    )


def make_client(settings: Settings, base_url: str | None) -> Client:
    raw = build_openai(settings, base_url)
    mode = choose_mode(settings)
    create = raw.chat.completions.create
    if settings.backend == "local" and mode == Mode.JSON_SCHEMA:
        create = _llama_cpp_create(create)
    patched = instructor.patch(create=create, mode=mode)
    options: dict[str, Any] = {"temperature": settings.temperature, "seed": settings.seed}
    if settings.backend == "local":
        options["max_tokens"] = 600
    return Client(
        create=patched,
        backend=settings.backend,
        model=settings.model if settings.backend != "local" else "local",
        mode=mode.value,
        request_options=options,
    )


@contextmanager
def open_client(settings: Settings, *, log: Callable[[str], None] = lambda _: None) -> Iterator[Client]:
    """Yield a ready client; start (and always stop) the embedded server when one is needed."""
    with ExitStack() as stack:
        if settings.replaying:
            base_url = REPLAY_BASE_URL if settings.backend == "local" else settings.base_url
        elif settings.backend == "local":
            from . import localmodel

            localmodel.require_server()  # before a 1 GB download that could not be used
            localmodel.prepare(settings.cache_dir, log=log)  # once: a no-op (after verification) when ready
            base_url = stack.enter_context(localmodel.serve(settings.cache_dir, n_threads=settings.n_threads, log=log))
        else:
            base_url = settings.base_url
        yield make_client(settings, base_url)
