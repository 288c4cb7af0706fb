"""One error hierarchy for the whole tool.

Errors are raised where things fail and turned into a one-line message and an
exit code once, in the CLI (``--debug`` shows the traceback). A message says
what (file), what went wrong, and what to do.
"""

from __future__ import annotations

from typing import Iterator


class ExtractorError(Exception):
    """Base class: a failure the user can understand and act on."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, path: str | None = None):
        self.message = message
        self.hint = hint
        self.path = path
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = []
        if self.path:
            parts.append(f"{self.path}:")
        parts.append(self.message)
        line = " ".join(parts)
        if self.hint:
            line += f" ({self.hint})"
        return line


class UsageError(ExtractorError):
    """Bad flags or settings."""

    exit_code = 2


class InputError(ExtractorError):
    """An input article or records file cannot be read or parsed."""


class PromptError(ExtractorError):
    """A prompt template is missing or does not fit its variables."""


class BackendError(ExtractorError):
    """The language model backend failed (connection, HTTP error, bad answer)."""


class ModelError(ExtractorError):
    """The embedded local model cannot be prepared or started."""


class ModelIntegrityError(ModelError):
    """The model file has the wrong size or hash; we refuse to run on it."""


class ReplayError(ExtractorError):
    """A request has no matching recording in the cassettes (missing or stale)."""


class GoldError(ExtractorError):
    """A gold annotation file cannot be read."""


def iter_causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything behind it: causes, contexts, and instructor's failed attempts."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        for attempt in getattr(e, "failed_attempts", None) or []:
            if getattr(attempt, "exception", None) is not None:
                stack.append(attempt.exception)
