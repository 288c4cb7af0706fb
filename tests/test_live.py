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


def test_local_model_answers_an_open_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A made-up article whose numbers the words leave open: the embedded model is started and answers them."""
    import os
    from pathlib import Path

    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(Path.home() / ".cache" / "exchange-extractor"))
    settings = resolve_settings(backend="local", env=dict(os.environ), answer_cache=False)
    folder = SEEDS.parent / "tests" / "data" / "articles"
    article = read_article(folder / "open-sides.txt", root=folder)
    with open_client(settings) as client:
        result = extract_article(article, client, retries=settings.retries)
    assert result.stats()["model_calls"] >= 1 and result.stats()["passages_left_with_findings"] == 0
    assert all(t.basis in ("model", "text+model") for r in result.records for t in r.transfers)
