"""One error hierarchy for the whole tool.

Errors are raised where things fail and turned into a one-line message and an
exit code once, in the CLI (``--debug`` shows the traceback). A message says
what (file), what went wrong, and what to do.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator


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


class OutputError(ExtractorError):
    """An output file cannot be written (disk full, permissions) or must not be overwritten."""


class OutputLockedError(OutputError):
    """Another run is writing the same output file."""


class ServerError(BackendError):
    """The model server cannot be reached (connection refused, timeouts) for every article tried."""


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


# --------------------------------------------------------------------------
# Redaction: no key and nothing secret-looking in anything we print, log or write
# --------------------------------------------------------------------------

_SECRETS: set[str] = set()
#: a run of at least this many characters of a known secret is redacted wherever it appears.
SECRET_FRAGMENT = 8
#: server text is bounded to this many characters before redaction, and cut after it.
_PRE_BOUND = 20_000
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{6,}"), r"\1\2***"),
    (
        re.compile(
            r"(?i)((?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd|authorization)"
            r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;{}]{4,})"
        ),
        r"\1***",
    ),
    (re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{6,}"), "***"),  # OpenAI-style keys: sk-..., sk-proj-...
    (re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}"), "***"),  # long tokens
)


def add_secret(value: str | None) -> None:
    """Remember a secret (the API key) so that every later ``redact`` removes it."""
    if value and len(value) >= SECRET_FRAGMENT:
        _SECRETS.add(value)


def _fragment_spans(text: str, secret: str) -> list[tuple[int, int]]:
    """Spans of ``text`` made of runs of ``SECRET_FRAGMENT``+ characters copied from ``secret``."""
    n = SECRET_FRAGMENT
    grams = {secret[i : i + n] for i in range(len(secret) - n + 1)}
    spans: list[tuple[int, int]] = []
    for i in range(len(text) - n + 1):
        if text[i : i + n] in grams:
            if spans and spans[-1][1] >= i:
                spans[-1] = (spans[-1][0], i + n)
            else:
                spans.append((i, i + n))
    return spans


def redact_secrets(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Remove the known secrets and any 8+ character piece of them (a prefix, a cut-off echo)."""
    known = sorted({*_SECRETS, *(s for s in secrets if s and len(s) >= SECRET_FRAGMENT)}, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, "***")
        spans = _fragment_spans(text, secret)
        for start, end in reversed(spans):
            text = text[:start] + "***" + text[end:]
    return text


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``redact_secrets`` plus anything secret-looking: bearer tokens, ``api_key=...``, ``sk-...``, long tokens."""
    text = redact_secrets(text, secrets)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def shorten(text: str, limit: int = 200, secrets: Iterable[str | None] = ()) -> str:
    """Server text for one line: bounded, redacted, THEN whitespace-collapsed and cut to ``limit``."""
    text = redact(text[:_PRE_BOUND], secrets)
    text = " ".join(text.split())
    return text[:limit] + ("..." if len(text) > limit else "")
