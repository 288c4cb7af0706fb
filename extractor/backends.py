"""Backends: the OpenAI client is built here, once, and the request mode each server supports.

* ``local``: the embedded llama.cpp server (see ``localmodel``), started by
  the run's first request (not before: a run whose passages the words settle
  starts nothing) and always stopped at the end. llama-cpp-python constrains
  output with ``response_format={"type": "json_object", "schema": S}``, so
  instructor's JSON_SCHEMA request is sent in that shape (``shapes``). The
  schema is not pasted into the prompt: the field descriptions are
  (see ``prompts.describe_fields``).
* ``openai``: OpenAI's API with instructor's TOOLS mode.
* ``compatible``: any OpenAI-compatible server (vLLM, Ollama, llama.cpp's
  ``llama-server``, llama-cpp-python's server) at ``--base-url``; default mode
  JSON_SCHEMA, falling back to the shape the server accepts (``shapes``), or
  ``--mode json`` / ``--mode tools``.

A run's threads share one ``RunContext``: the answer cache (``cache``), the
pause after an HTTP 429 (every thread waits for the server's Retry-After, and
the request is sent again, outside its deadline), and one-line notes.

Timeouts: every model call (``create``) has one wall-clock deadline,
``settings.timeout`` seconds (``--timeout`` / ``EXTRACTOR_TIMEOUT``), covering
connecting, sending, waiting and reading, openai's own retries included.
httpx's timeouts are per operation (a read timeout restarts with every byte
received), so a server trickling a byte a second would never time out; here
every socket operation gets at most the time left before the deadline, so a
trickle ends at the deadline like silence does (``openai.APITimeoutError``).
"""

from __future__ import annotations

import contextvars
import threading
import time
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


# --------------------------------------------------------------------------
# A wall-clock deadline per model call
# --------------------------------------------------------------------------

_deadline = threading.local()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every socket operation of this thread inside the block ends by ``seconds`` from now."""
    outer = getattr(_deadline, "at", None)
    mine = time.monotonic() + seconds
    _deadline.at = mine if outer is None else min(outer, mine)
    try:
        yield
    finally:
        _deadline.at = outer


def _left(timeout: float | None, exc_type: type[Exception]) -> float | None:
    """An operation's timeout, shortened to the time left before the deadline (raising when none is)."""
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise exc_type("the request took longer than its deadline (--timeout)")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """An httpcore network stream whose reads and writes respect the deadline."""

    def __init__(self, inner: Any):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore2

        return self._inner.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore2

        self._inner.write(buffer, _left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        import httpcore2

        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore2.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend:
    """Wraps httpcore's network backend: connections whose every operation respects the deadline."""

    def __init__(self, inner: Any):
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kwargs: Any) -> _DeadlineStream:
        import httpcore2

        return _DeadlineStream(self._inner.connect_tcp(host, port, _left(timeout, httpcore2.ConnectTimeout), **kwargs))

    def connect_unix_socket(self, path: str, timeout: float | None = None, **kwargs: Any) -> _DeadlineStream:
        import httpcore2

        return _DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout, httpcore2.ConnectTimeout), **kwargs))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _http_client(timeout: float, ssl_context: Any = None):  # noqa: ANN401
    """openai's default httpx client, on a transport whose sockets respect the per-call deadline.

    ``ssl_context``: one shared by every client of a run (making one reads the CA bundle: 25 ms).
    """
    import httpx2
    import openai

    transport = httpx2.HTTPTransport(verify=ssl_context if ssl_context is not None else True)
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # pragma: no cover - a changed httpx2
        raise RuntimeError("httpx2's transport has no network backend to bound; pin httpx2 or update backends.py")
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return openai.DefaultHttpxClient(
        transport=transport, timeout=httpx2.Timeout(timeout, connect=min(10.0, timeout))
    )


def _with_deadline(create: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    def create_with_deadline(**kwargs: Any) -> Any:
        with deadline(seconds):
            return create(**kwargs)

    return create_with_deadline


def _openai_class():  # noqa: ANN202
    """openai.OpenAI, except that a 429 is not retried inside the call: ``_polite`` waits outside its deadline."""
    import openai

    class OpenAI(openai.OpenAI):
        def _should_retry(self, response: Any) -> bool:  # noqa: ANN401
            return response.status_code != 429 and super()._should_retry(response)

    return OpenAI


#: keyword arguments of ``chat.completions.create`` that are request options, not body fields.
_OPTION_ARGS = ("extra_headers", "extra_query", "extra_body", "timeout")


def chat_create(client: Any) -> Callable[..., Any]:  # noqa: ANN401
    """``client.chat.completions.create`` for our requests, sent through the same client.

    The same POST, authentication, retries, error classes and parsed
    ``ChatCompletion``; what is skipped is openai's per-call walk of every
    parameter against its TypedDicts (a fifth of a request's CPU in
    ``benchmarks/bench_scale.py``), which changes nothing in our bodies:
    messages of plain strings, a model name, numbers and a JSON Schema.
    Streaming, never asked for here, goes through openai's own ``create``.
    """
    from openai._base_client import make_request_options
    from openai.types.chat import ChatCompletion

    def create(**kwargs: Any) -> Any:  # noqa: ANN401
        if kwargs.get("stream"):
            return client.chat.completions.create(**kwargs)
        options = make_request_options(
            **{k: kwargs.pop(k) for k in _OPTION_ARGS if k in kwargs}, security={"bearer_auth": True}
        )  # fmt: skip
        return client.post("/chat/completions", body=kwargs, options=options, cast_to=ChatCompletion)

    return create


def build_openai(settings: Settings, base_url: str | None, ssl_context: Any = None):  # noqa: ANN401
    """The one place an OpenAI client is constructed."""
    return _openai_class()(
        api_key=settings.api_key or "not-needed",
        base_url=base_url,
        # Under replay a miss must surface at once with its real message, not after backoff.
        max_retries=0 if settings.replaying else 2,
        timeout=settings.timeout,
        http_client=_http_client(settings.timeout, ssl_context),
    )


def _request_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"temperature": settings.temperature, "seed": settings.seed}
    if settings.backend == "local":
        options["max_tokens"] = 600
    return options


@dataclass(frozen=True)
class RequestIdentity:
    """What fixes a request besides the article: request mode, model name, sampling options (from settings)."""

    mode: str
    model: str
    request_options: dict[str, Any]


def request_identity(settings: Settings) -> RequestIdentity:
    """The identity every request of a run shares, resolved once from the settings (no client needed)."""
    model = settings.model if settings.backend != "local" else "local"
    return RequestIdentity(mode=choose_mode(settings).value, model=model, request_options=_request_options(settings))


def make_client(
    settings: Settings,
    base_url: str | None,
    *,
    run: "RunContext | None" = None,
    start: Callable[[], str] | None = None,
) -> Client:
    """The client of a run. ``start`` (the embedded server) is called on the first request only, once.

    Layers of a request, outermost first: instructor (response model, retries
    with feedback), the answer cache, the request shape the server accepts,
    rate-limit waits (429), the embedded server's slots (requests in turn),
    the per-call deadline, openai.
    """
    from .shapes import shaped_create

    mode = choose_mode(settings)
    run = run or RunContext(settings)
    lazy = _LazyRaw(settings, base_url, start)
    create: Callable[..., Any] = _with_deadline(lazy, settings.timeout)
    if settings.backend == "local" and not settings.replaying:
        create = _one_at_a_time(create, localmodel_slots())
    create = _polite(create, run)
    create = shaped_create(create, settings, mode, run)
    if run.cache is not None:
        create = run.cache.wrap(create)
    patched = instructor.patch(create=_counted(create), mode=mode)

    def first_starts_server(**kwargs: Any) -> Any:
        lazy.ensure()  # outside instructor: a failed start is the run's error, not a bad answer
        return patched(**kwargs)

    identity = request_identity(settings)
    return Client(
        create=first_starts_server,
        backend=settings.backend,
        model=identity.model,
        mode=identity.mode,
        request_options=identity.request_options,
    )


@dataclass
class RequestCount:
    count: int = 0


_COUNTING: contextvars.ContextVar[RequestCount | None] = contextvars.ContextVar("extractor_requests", default=None)


@contextmanager
def counting_requests() -> Iterator[RequestCount]:
    """Count the answers asked for inside (instructor's retries included; a cached answer counts)."""
    box = RequestCount()
    token = _COUNTING.set(box)
    try:
        yield box
    finally:
        _COUNTING.reset(token)


def _counted(create: Callable[..., Any]) -> Callable[..., Any]:
    def create_counted(**kwargs: Any) -> Any:
        box = _COUNTING.get()
        if box is not None:
            box.count += 1
        return create(**kwargs)

    return create_counted


def localmodel_slots() -> int:
    from .localmodel import SERVER_SLOTS

    return SERVER_SLOTS


def _one_at_a_time(create: Callable[..., Any], slots: int) -> Callable[..., Any]:
    """At most ``slots`` requests at the server at once; the deadline starts when a request is sent, not queued."""
    gate = threading.BoundedSemaphore(slots)

    def create_in_turn(**kwargs: Any) -> Any:
        with gate:
            return create(**kwargs)

    return create_in_turn


class _LazyRaw:
    """openai's create function, built when first needed (after ``start`` gave the server's address).

    Each thread of the run gets its own client (its own connection): one
    pool shared by many threads makes every request wait on the pool's lock
    and look at every other connection (measured in ``benchmarks/bench_scale.py``).
    """

    def __init__(self, settings: Settings, base_url: str | None, start: Callable[[], str] | None):
        self._settings, self._base_url, self._start = settings, base_url, start
        self._lock = threading.Lock()
        self._url: str | None = None
        self._failed: BaseException | None = None
        self._local = threading.local()
        self._ssl: Any = None

    def ensure(self) -> str:
        """The server's address, starting the server the first time (once for every thread)."""
        if self._url is not None:
            return self._url
        with self._lock:
            if self._failed is not None:
                raise self._failed  # the server could not start: every later request says the same
            if self._url is None:
                try:
                    url = self._start() if self._start is not None else self._base_url
                except BaseException as exc:
                    self._failed = exc
                    raise
                import httpx2

                self._ssl = httpx2.create_ssl_context()
                self._url = url or ""
        return self._url

    def __call__(self, **kwargs: Any) -> Any:
        create = getattr(self._local, "create", None)
        if create is None:
            create = self._local.create = chat_create(build_openai(self._settings, self.ensure() or None, self._ssl))
        return create(**kwargs)


# --------------------------------------------------------------------------
# A run's shared state: rate-limit gate, notes, answer cache, cancellation
# --------------------------------------------------------------------------

#: the longest one request waits in all for a rate-limited server before its article fails.
MAX_RATE_LIMIT_WAIT = 900.0


class RunContext:
    """What every thread of one run shares: when the server allows the next request, notes already given."""

    def __init__(self, settings: Settings, log: Callable[[str], None] = lambda _: None):
        from .cache import AnswerCache

        self.log = log
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._notes: set[str] = set()
        self.rate_limited = 0
        usable = settings.answer_cache and not settings.replaying and not settings.recording
        self.cache = AnswerCache(settings.cache_dir / "answers", settings) if usable else None

    def note_once(self, key: str, message: str) -> None:
        with self._lock:
            if key in self._notes:
                return
            self._notes.add(key)
        self.log(message)

    def pause(self, seconds: float) -> None:
        """Nobody sends a request for ``seconds`` from now (a 429 with Retry-After)."""
        with self._lock:
            self.rate_limited += 1
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def wait_turn(self) -> None:
        while True:
            with self._lock:
                left = self._not_before - time.monotonic()
            if left <= 0:
                return
            if self.cancelled.wait(min(left, 1.0)):
                raise KeyboardInterrupt


def _retry_after(exc: Any, attempt: int) -> float:  # noqa: ANN401
    """Seconds to wait after a 429: the server's Retry-After(-ms), else 1, 2, 4 ... 30 s."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            value = float(headers.get(name)) * scale
        except (TypeError, ValueError):
            continue
        if 0 <= value < 3600:
            return value
    return float(min(30, 2**attempt))


def _polite(create: Callable[..., Any], run: RunContext) -> Callable[..., Any]:
    """A 429 pauses every thread of the run for the server's Retry-After, then the request is sent again."""
    import openai

    def create_politely(**kwargs: Any) -> Any:
        waited, attempt = 0.0, 0
        while True:
            run.wait_turn()
            try:
                return create(**kwargs)
            except openai.RateLimitError as exc:
                delay = _retry_after(exc, attempt)
                if waited + delay > MAX_RATE_LIMIT_WAIT:
                    raise
                waited, attempt = waited + delay, attempt + 1
                run.note_once("429", "the model server is rate-limiting (HTTP 429): slowing down as its Retry-After says")
                run.pause(delay)

    return create_politely


# --------------------------------------------------------------------------
# Opening a run's client
# --------------------------------------------------------------------------


class _LocalServer:
    """The embedded server, started on first use by a thread that lives as long as it does.

    (The server dies with the thread that started it, PR_SET_PDEATHSIG, so a
    worker thread must not start it.) Model download and SHA-256 verification
    come before the start, as always.
    """

    def __init__(self, settings: Settings, log: Callable[[str], None]):
        self._settings, self._log = settings, log
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._url: str | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        self._thread = threading.Thread(target=self._keep, name="extractor-local-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        assert self._url is not None
        return self._url

    def _keep(self) -> None:
        from . import localmodel

        try:
            localmodel.require_server()  # before a 1 GB download that could not be used
            localmodel.prepare(self._settings.cache_dir, log=self._log)  # once: a no-op (after verification) when ready
            with localmodel.serve(
                self._settings.cache_dir, n_threads=self._settings.n_threads, log=self._log, stop=self._stop
            ) as url:  # fmt: skip
                self._url = url
                self._ready.set()
                self._stop.wait()
        except BaseException as exc:  # handed to the thread that asked
            self._error = exc
        finally:
            self._ready.set()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


@contextmanager
def open_client(settings: Settings, *, log: Callable[[str], None] = lambda _: None, run: RunContext | None = None) -> Iterator[Client]:
    """Yield the run's client; the embedded server starts at its first request and is always stopped at the end."""
    run = run or RunContext(settings, log)
    with ExitStack() as stack:
        start = None
        if settings.replaying:
            base_url = REPLAY_BASE_URL if settings.backend == "local" else settings.base_url
        elif settings.backend == "local":
            server = _LocalServer(settings, log)
            stack.callback(server.close)
            base_url, start = None, server.start
        else:
            base_url = settings.base_url
        try:
            yield make_client(settings, base_url, run=run, start=start)
        finally:
            run.cancelled.set()  # threads still waiting (rate limit) give up
