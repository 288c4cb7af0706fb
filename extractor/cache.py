"""A cache of model answers, keyed by the exact request, so a rerun does not pay twice for one question.

The key is the SHA-256 of the request as instructor hands it to openai
(messages, response format or tools, model name, temperature, seed,
max_tokens: every word of the prompt and every retry's feedback) together
with the server's identity: the embedded model's SHA-256 for ``local``, the
backend and base URL otherwise. Any change to the prompt, the passage, the
schema, a setting or the model is a different key; the same question after a
crash, a changed ``-o`` or ``--fresh`` is a hit. ``--no-cache`` turns it off;
``--replay`` and ``--record`` never use it (cassettes must see the traffic).

Files: ``<cache dir>/answers/<2 hex>/<sha256>.json``, one answer each,
written to a temporary name and renamed into place, so concurrent writers
(threads of a run, or several runs sharing the folder) never leave a partial
file; a file that does not parse is a miss. Stored: the server's answer only
(never the request, never a header), and only an answer that is worth
reusing (finished normally, with JSON content or a tool call); an answer
holding the API key or a piece of it is not stored at all. Inside ``held()``
(the pipeline wraps each article in it) answers are stored only when the
article was extracted without a failure, so an article that failed on bad
answers asks the server again on the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import redact_secrets
from .settings import Settings

CACHE_VERSION = 1
#: answers of the article being extracted, stored only once it succeeds (see ``AnswerCache.held``).
_PENDING: ContextVar[list[tuple[str, str]] | None] = ContextVar("extractor_cache_pending", default=None)


def _identity(settings: Settings) -> dict[str, Any]:
    if settings.backend == "local":
        from .localmodel import MODEL_SHA256

        return {"backend": "local", "weights": MODEL_SHA256}
    return {"backend": settings.backend, "server": settings.base_url or "https://api.openai.com/v1"}


def _worth_keeping(response: Any) -> bool:  # noqa: ANN401
    """A normal, complete answer: not cut off, not empty, JSON content or a tool call."""
    choices = getattr(response, "choices", None) or []
    if len(choices) != 1 or choices[0].finish_reason not in ("stop", "tool_calls"):
        return False
    message = choices[0].message
    if getattr(message, "tool_calls", None):
        return True
    try:
        return isinstance(json.loads(message.content or ""), dict)
    except ValueError:
        return False


class AnswerCache:
    """Answers on disk, by request; safe for many threads and processes at once."""

    def __init__(self, directory: Path, settings: Settings):
        self.directory = directory
        self._identity = _identity(settings)
        self._secrets = [settings.api_key]
        self._lock = threading.Lock()
        self.hits = 0
        self.stored = 0

    def key(self, request: dict[str, Any]) -> str | None:
        """The request's key; None when it cannot be written as JSON (then it is not cached)."""
        try:
            text = json.dumps(
                {"v": CACHE_VERSION, **self._identity, "request": request},
                sort_keys=True, ensure_ascii=False, separators=(",", ":"),
            )  # fmt: skip
        except (TypeError, ValueError):
            return None
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any:  # noqa: ANN401
        from openai.types.chat import ChatCompletion

        try:
            answer = ChatCompletion.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValueError):
            return None
        with self._lock:
            self.hits += 1
        return answer

    @contextmanager
    def held(self) -> Iterator[Callable[[], None]]:
        """Answers given inside are held back; calling the yielded function stores them."""
        pending: list[tuple[str, str]] = []
        token = _PENDING.set(pending)
        try:
            yield lambda: [self._write(key, text) for key, text in pending]
        finally:
            _PENDING.reset(token)

    def put(self, key: str, response: Any) -> None:  # noqa: ANN401
        if not _worth_keeping(response):
            return
        text = response.model_dump_json(exclude_unset=True)
        if redact_secrets(text, self._secrets) != text:
            return  # never write a secret to disk
        pending = _PENDING.get()
        if pending is not None:
            pending.append((key, text))
        else:
            self._write(key, text)

    def _write(self, key: str, text: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".answer.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a read-only or full cache folder: the run goes on without caching
        with self._lock:
            self.stored += 1

    def wrap(self, create: Callable[..., Any]) -> Callable[..., Any]:
        def create_or_reuse(**kwargs: Any) -> Any:
            key = self.key(kwargs)
            if key is not None:
                cached = self.get(key)
                if cached is not None:
                    return cached
            response = create(**kwargs)
            if key is not None:
                self.put(key, response)
            return response

        return create_or_reuse
