"""Live tests against the embedded model: skipped unless `pytest -m live` (needs the local extra and model)."""

from __future__ import annotations

import pytest

from extractor.articles import read_article
from extractor.backends import open_client
from extractor.extract import extract_article
from extractor.settings import resolve_settings

from .conftest import SEEDS

pytestmark = pytest.mark.live


def test_local_model_extracts_seed_002(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    from pathlib import Path

    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(Path.home() / ".cache" / "exchange-extractor"))
    settings = resolve_settings(backend="local", env=dict(os.environ))
    article = read_article(SEEDS / "002_cd8d3e5dbb996d72.txt", root=SEEDS)
    with open_client(settings) as client:
        records = extract_article(article, client, retries=settings.retries).records
    primary = [r for r in records if r.mention == "primary"]
    assert {(t.to, t.count) for t in primary[0].transfers} == {("ukraine", 1000), ("russia", 24)}
