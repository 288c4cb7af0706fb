"""Tests of extractor.settings.resolve_settings: flag > environment > default, backend rules, errors.

Every test passes ``env=`` explicitly; the real environment is cleared anyway so
that a stray variable cannot change a result.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import UsageError
from extractor.settings import DEFAULT_OPENAI_MODEL, LOCAL_MODEL_NAME, Settings, default_cache_dir, resolve_settings

VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "EXTRACTOR_BACKEND",
    "EXTRACTOR_MODEL",
    "EXTRACTOR_MODE",
    "EXTRACTOR_RETRIES",
    "EXTRACTOR_THREADS",
    "EXTRACTOR_CACHE_DIR",
    "XDG_CACHE_HOME",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


KEY = {"OPENAI_API_KEY": "sk-test"}
URL = {"OPENAI_BASE_URL": "http://127.0.0.1:9999/v1"}


def test_defaults_without_anything_are_the_local_model(tmp_path: Path) -> None:
    s = resolve_settings(env={})
    assert isinstance(s, Settings)
    assert s.backend == "local"
    assert s.model == LOCAL_MODEL_NAME
    assert (s.base_url, s.api_key, s.mode, s.retries, s.n_threads) == (None, None, "auto", 2, None)
    assert (s.replay_dir, s.record_dir, s.recording, s.replaying) == (None, None, False, False)
    assert s.cache_dir == tmp_path / "home" / ".cache" / "exchange-extractor"


def test_api_key_selects_openai() -> None:
    s = resolve_settings(env=KEY)
    assert (s.backend, s.model, s.api_key, s.base_url) == ("openai", DEFAULT_OPENAI_MODEL, "sk-test", None)


def test_base_url_selects_compatible_even_with_a_key() -> None:
    s = resolve_settings(env={**KEY, **URL})
    assert (s.backend, s.base_url, s.api_key) == ("compatible", URL["OPENAI_BASE_URL"], "sk-test")
    assert resolve_settings(env=URL).api_key is None


def test_base_url_flag_wins_over_env() -> None:
    s = resolve_settings(base_url="http://flag/v1", env=URL)
    assert (s.backend, s.base_url) == ("compatible", "http://flag/v1")


def test_backend_flag_wins_over_env_and_defaults() -> None:
    s = resolve_settings(backend="local", env={**KEY, **URL, "EXTRACTOR_BACKEND": "openai"})
    assert s.backend == "local"
    assert s.api_key is None and s.base_url is None  # never handed to a backend that does not use them


def test_backend_env_wins_over_default_choice() -> None:
    s = resolve_settings(env={**KEY, **URL, "EXTRACTOR_BACKEND": "openai"})
    assert (s.backend, s.base_url) == ("openai", None)


def test_model_flag_env_default() -> None:
    assert resolve_settings(env={**KEY, "EXTRACTOR_MODEL": "env-model"}).model == "env-model"
    assert resolve_settings(model="flag-model", env={**KEY, "EXTRACTOR_MODEL": "env-model"}).model == "flag-model"
    # the embedded model has one name; EXTRACTOR_MODEL is for remote backends
    assert resolve_settings(env={"EXTRACTOR_MODEL": "env-model"}).model == LOCAL_MODEL_NAME
    assert resolve_settings(model="x", env={}).model == "x"


def test_mode_flag_env_default_and_case() -> None:
    assert resolve_settings(env={}).mode == "auto"
    assert resolve_settings(env={"EXTRACTOR_MODE": "TOOLS"}).mode == "tools"
    assert resolve_settings(mode="json", env={"EXTRACTOR_MODE": "tools"}).mode == "json"


def test_retries_flag_env_default() -> None:
    assert resolve_settings(env={}).retries == 2
    assert resolve_settings(env={"EXTRACTOR_RETRIES": "5"}).retries == 5
    assert resolve_settings(env={"EXTRACTOR_RETRIES": ""}).retries == 2  # empty is unset
    assert resolve_settings(retries=0, env={"EXTRACTOR_RETRIES": "5"}).retries == 0


def test_threads_from_env() -> None:
    assert resolve_settings(env={"EXTRACTOR_THREADS": "3"}).n_threads == 3
    assert resolve_settings(env={"EXTRACTOR_THREADS": ""}).n_threads is None


def test_replay_and_record_default_to_local_even_with_key_url_and_backend_env() -> None:
    env = {**KEY, **URL, "EXTRACTOR_BACKEND": "openai"}
    replay = resolve_settings(replay_dir=Path("cassettes"), env=env)
    assert (replay.backend, replay.replaying, replay.recording) == ("local", True, False)
    record = resolve_settings(record_dir=Path("cassettes"), env=env)
    assert (record.backend, record.recording, record.replaying) == ("local", True, False)


def test_flag_overrides_the_replay_default() -> None:
    s = resolve_settings(backend="openai", replay_dir=Path("c"), env={})
    assert s.backend == "openai"  # replaying needs no key
    assert s.api_key is None


def test_cache_dir_env_and_xdg(tmp_path: Path) -> None:
    assert resolve_settings(env={"EXTRACTOR_CACHE_DIR": str(tmp_path / "c")}).cache_dir == tmp_path / "c"
    assert resolve_settings(env={"XDG_CACHE_HOME": str(tmp_path / "x")}).cache_dir == tmp_path / "x" / "exchange-extractor"
    both = {"EXTRACTOR_CACHE_DIR": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path / "x")}
    assert default_cache_dir(both) == tmp_path / "c"
    assert default_cache_dir({"EXTRACTOR_CACHE_DIR": "~/m"}) == tmp_path / "home" / "m"


def test_api_key_is_not_in_repr() -> None:
    s = resolve_settings(env=KEY)
    assert "sk-test" not in repr(s)


def test_env_none_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-process")
    assert resolve_settings().backend == "openai"


def test_settings_are_frozen() -> None:
    s = resolve_settings(env={})
    with pytest.raises(AttributeError):
        s.backend = "openai"  # type: ignore[misc]


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def err(**kwargs) -> UsageError:  # noqa: ANN003
    with pytest.raises(UsageError) as info:
        resolve_settings(**kwargs)
    assert info.value.exit_code == 2
    return info.value


def test_replay_and_record_together() -> None:
    assert "cannot be used together" in err(replay_dir=Path("a"), record_dir=Path("b"), env={}).message


def test_unknown_backend_from_flag_or_env() -> None:
    assert "'remote'" in err(backend="remote", env={}).message
    e = err(env={"EXTRACTOR_BACKEND": "gpu"})
    assert "'gpu'" in e.message and e.hint and "local" in e.hint


def test_openai_without_key() -> None:
    e = err(backend="openai", env=URL)
    assert "OPENAI_API_KEY" in e.message
    assert "OPENAI_API_KEY" in err(backend="openai", record_dir=Path("c"), env={}).message


def test_compatible_without_url() -> None:
    e = err(backend="compatible", env=KEY)
    assert "server address" in e.message and e.hint and "--base-url" in e.hint


def test_unknown_mode() -> None:
    assert "'xml'" in err(mode="xml", env={}).message
    assert "'yaml'" in err(env={"EXTRACTOR_MODE": "yaml"}).message


def test_negative_retries() -> None:
    assert "--retries" in err(retries=-1, env={}).message
    assert "EXTRACTOR_RETRIES" in err(env={"EXTRACTOR_RETRIES": "-1"}).message


@pytest.mark.parametrize("value", ["two", "1.5", "3x"])
def test_non_integer_retries_env_is_a_usage_error(value: str) -> None:
    e = err(env={"EXTRACTOR_RETRIES": value})
    assert "EXTRACTOR_RETRIES" in e.message and value in e.message


@pytest.mark.parametrize("value", ["many", "0", "-2"])
def test_bad_threads_env_is_a_usage_error(value: str) -> None:
    assert "EXTRACTOR_THREADS" in err(env={"EXTRACTOR_THREADS": value}).message
