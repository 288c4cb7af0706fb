"""Recording and replaying model traffic with vcrpy (which intercepts httpx2, used by openai 3.x).

One cassette per article, ``<dir>/<article stem>.yaml``, human-readable YAML
with decoded JSON bodies. Requests match on method, path and body (JSON bodies
are compared as data), never on host or port, so the loopback port of the
recording does not matter, while a changed prompt, schema or model setting is a
miss. A miss under replay is a ``ReplayError`` naming the cassette and the
re-record command. Before anything is written, the Authorization header and
every other credential header is dropped, the host (URL and Host header) is
replaced by a fixed loopback address, and response headers are reduced to the content type.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # vcrpy (a quarter of a second) is imported only by --replay and --record
    import vcr
    from vcr.errors import CannotOverwriteExistingCassetteException

from .errors import ReplayError, iter_causes

RERECORD_COMMAND = "extractor cassettes record"
SECRET_HEADERS = (
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie", "set-cookie",
)  # fmt: skip
FIXED_HOST = "http://127.0.0.1:8000"
HOST_HEADERS = ("host", "user-agent")  # the recording machine's port and client versions: not ours to keep


def cassette_path(directory: Path, article_path: str) -> Path:
    return directory / f"{Path(article_path).stem}.yaml"


def _scrub_request(request):  # noqa: ANN001, ANN202
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(request.uri)
    fixed = urlsplit(FIXED_HOST)
    request.uri = urlunsplit((fixed.scheme, fixed.netloc, parts.path, parts.query, ""))
    for name in list(request.headers):
        lowered = name.lower()
        if lowered in SECRET_HEADERS or lowered in HOST_HEADERS or lowered.startswith("x-stainless"):
            del request.headers[name]
    if request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, TypeError):
            return request
        request.body = json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return request


def _scrub_response(response):  # noqa: ANN001, ANN202
    keep = {"content-type"}
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() in keep}
    return response


def make_vcr(directory: Path, record_mode: str) -> "vcr.VCR":
    import vcr

    return vcr.VCR(
        cassette_library_dir=str(directory),
        serializer="yaml",
        record_mode=record_mode,
        match_on=("method", "path", "body"),
        filter_headers=list(SECRET_HEADERS),
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


def find_miss(exc: BaseException) -> CannotOverwriteExistingCassetteException | None:
    """The cassette miss behind an error (openai and instructor wrap it), if any."""
    errors = sys.modules.get("vcr.errors")
    if errors is None:  # vcrpy was never imported: nothing replays, nothing can miss
        return None
    return next((e for e in iter_causes(exc) if isinstance(e, errors.CannotOverwriteExistingCassetteException)), None)


@contextmanager
def replaying(directory: Path, article_path: str) -> Iterator[None]:
    """Answer every request for this article from its cassette; a miss is a ReplayError.

    An article that needs no model call (no candidate passage) has no cassette
    and replays fine; one that does and has none fails naming the missing file.
    """
    path = cassette_path(directory, article_path)
    try:
        with make_vcr(directory, "none").use_cassette(path.name, allow_playback_repeats=False):
            yield
    except Exception as exc:  # a miss arrives wrapped by openai and instructor
        if find_miss(exc) is None:
            raise
        what = (
            f"stale cassette {path}: a request (prompt, schema or model setting) differs from the recording"
            if path.is_file()
            else f"no recording for this article: {path} is missing"
        )
        raise ReplayError(what, path=article_path, hint=f"re-record with: {RERECORD_COMMAND}") from exc


@contextmanager
def recording(directory: Path, article_path: str) -> Iterator[None]:
    """Record every request for this article; the cassette is replaced only when the article succeeds.

    vcrpy writes into a temporary name (and not at all on an exception), which is
    renamed over the old cassette at the end, so an interrupted or failed
    recording leaves the previous cassette as it was.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = cassette_path(directory, article_path)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with make_vcr(directory, "all").use_cassette(partial.name, record_on_exception=False):
        yield
    if partial.is_file():
        os.replace(partial, path)
    else:  # no request at all: no cassette is needed (replay handles that)
        path.unlink(missing_ok=True)
