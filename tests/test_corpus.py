"""The evaluation corpora in ``benchmarks/corpus/`` are the annotations as delivered, and consistent.

``SHA256SUMS`` was written from the delivered files; an edited article or gold fails here on any clone.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from extractor.evaluate import load_gold

from .conftest import GOLD, ROOT, SEEDS

CORPUS = ROOT / "benchmarks" / "corpus"
SETS = {"seeds": (SEEDS, GOLD), "dev": (CORPUS / "dev" / "articles", CORPUS / "dev" / "gold.json"),
        "dev2": (CORPUS / "dev2" / "articles", CORPUS / "dev2" / "gold.json")}  # fmt: skip


def _sums() -> list[tuple[str, str]]:
    lines = (CORPUS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("  ", 1)) for line in lines if line.strip()]  # type: ignore[misc]


SUMS = _sums()


def test_every_set_is_summed() -> None:
    names = {name for _, name in SUMS}
    for folder, gold in SETS.values():
        for path in [*folder.glob("*.txt"), gold]:
            assert str(Path("../..") / path.relative_to(ROOT)) in names or str(path.relative_to(CORPUS)) in names, path


@pytest.mark.parametrize(("digest", "name"), SUMS, ids=[name for _, name in SUMS])
def test_file_is_as_delivered(digest: str, name: str) -> None:
    assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == digest, f"{name} differs from the delivered file"


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_names_exactly_the_articles(name: str) -> None:
    folder, gold_path = SETS[name]
    gold = load_gold(gold_path)
    articles = {p.name for p in folder.glob("*.txt")}
    assert set(gold.articles) == articles
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        assert {row["file"] for row in csv.DictReader(fh)} == articles


@pytest.mark.parametrize("name", ["dev", "dev2"])
def test_negatives_have_no_gold_events(name: str) -> None:
    gold = load_gold(SETS[name][1])
    negatives = [a for a in gold.articles if "_NEG_" in a]
    assert negatives
    assert all(not gold.articles[a].events for a in negatives)
