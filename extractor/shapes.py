"""The request shape for constrained JSON output, per server, with a fallback when a server rejects one.

instructor's JSON_SCHEMA mode sends OpenAI's structured-output shape,
``response_format={"type": "json_schema", "json_schema": {"name", "schema"}}``.
What the servers the README names accept (checked against loopback stubs in
``tests/test_scale.py``, and live against llama-cpp-python's server):

=========================  ===========  ====================  ===========
server                     json_schema  json_object + schema  json_object
=========================  ===========  ====================  ===========
OpenAI, vLLM, Ollama       yes          (schema ignored)      yes
llama.cpp ``llama-server``  yes          yes                   yes
llama-cpp-python server    HTTP 500     yes                   yes
=========================  ===========  ====================  ===========

* ``local`` (the embedded llama-cpp-python server): always json_object + schema.
* ``compatible`` in JSON_SCHEMA mode: json_schema first; when the server
  rejects it (HTTP 400/422/500 naming the response format), every later
  request of the run uses json_object + schema (llama-cpp-python's own
  constrained output: the same request the embedded backend sends, so the
  same records from the same model), with one line saying so; if that is
  rejected too, plain json_object (the field descriptions are in the prompt).
"""

from __future__ import annotations

import re
import threading
from typing import Any, Callable

from instructor import Mode

from .errors import shorten
from .settings import Settings

SHAPES = ("json_schema", "json_object+schema", "json_object")
#: a server error that is about the request's response_format, not about the server's health.
_REJECTED = re.compile(r"response_format|json_schema|json_object|'text'|structured output|guided_json", re.I)


def reshape(kwargs: dict[str, Any], shape: str) -> dict[str, Any]:
    """The request with its json_schema response_format rewritten into ``shape``."""
    fmt = kwargs.get("response_format")
    if shape == "json_schema" or not (isinstance(fmt, dict) and fmt.get("type") == "json_schema"):
        return kwargs
    if shape == "json_object+schema":
        return {**kwargs, "response_format": {"type": "json_object", "schema": fmt["json_schema"]["schema"]}}
    return {**kwargs, "response_format": {"type": "json_object"}}


def rejects_shape(exc: BaseException) -> bool:
    """Whether a server error says the request's response format is not accepted."""
    import openai

    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 415, 422, 500, 501):
        return False
    body = exc.body if isinstance(exc.body, (str, dict, list)) else ""
    return bool(_REJECTED.search(f"{exc.message} {body}"))


def shaped_create(create: Callable[..., Any], settings: Settings, mode: Mode, run: Any) -> Callable[..., Any]:  # noqa: ANN401
    """``create`` sending the shape the server accepts (see the module docstring)."""
    if mode != Mode.JSON_SCHEMA:
        return create
    if settings.backend == "local":
        return lambda **kwargs: create(**reshape(kwargs, "json_object+schema"))
    if settings.backend != "compatible":
        return create
    state = {"shape": 0}
    lock = threading.Lock()

    def create_in_accepted_shape(**kwargs: Any) -> Any:
        while True:
            tried = state["shape"]
            try:
                return create(**reshape(kwargs, SHAPES[tried]))
            except Exception as exc:
                if not rejects_shape(exc):
                    raise
                with lock:
                    if state["shape"] == tried:  # another thread may have moved on already
                        if tried + 1 >= len(SHAPES):
                            raise
                        state["shape"] = tried + 1
                        why = shorten(str(getattr(exc, "message", exc)), 120, secrets=[settings.api_key])
                        run.note_once(
                            f"shape{tried}",
                            f"note: the server rejected response_format {SHAPES[tried]} ({why}); "
                            f"using {SHAPES[tried + 1]} for this run",
                        )

    return create_in_accepted_shape
