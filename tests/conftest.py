"""Shared fixtures: every test runs with a clean environment and its own cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASSETTES = ROOT / "cassettes"
GOLD = ROOT / "tests" / "data" / "seeds.gold.json"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "EXTRACTOR_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def vcr_config() -> dict:
    """pytest-recording's shared config. record_mode is deliberately absent: CI passes --record-mode=none."""
    from extractor.cassettes import SECRET_HEADERS

    return {"filter_headers": list(SECRET_HEADERS), "match_on": ("method", "path", "body")}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Live-model tests run only when asked for with -m live."""
    if "live" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="needs the embedded model; run with -m live")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)
