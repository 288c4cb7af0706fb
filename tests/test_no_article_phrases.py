"""Rules, prompts and tests are general English: none shares a six-word phrase with a seed or dev article.

The development articles live outside the repository (``../shared/dev/articles``); where they are
present they are checked too. Phrases that are the domain's general wording are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

DEV = ROOT.parent / "shared" / "dev" / "articles"
GENERAL = (
    "since the start of the war",
    "international committee of the red cross",
    "coordination headquarters for the treatment of prisoners of war",
    "treatment of prisoners of war",
)
CHECKED = [*sorted((ROOT / "extractor").glob("*.py")), *sorted((ROOT / "prompts").glob("*.md")),
           *sorted((ROOT / "tests").glob("*.py")), *sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")),
           *sorted((ROOT / "tests" / "data" / "html").glob("*.html"))]  # fmt: skip


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _articles() -> set[str]:
    found: set[str] = set()
    for path in [*SEEDS.glob("*.txt"), *(DEV.glob("*.txt") if DEV.is_dir() else [])]:
        found |= _shingles(path.read_text(encoding="utf-8"))
    return found


ARTICLES = _articles()


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_phrase_of_an_article(path: Path) -> None:
    shared = _shingles(path.read_bytes().decode("utf-8", "replace")) & ARTICLES  # the legacy-charset pages' English too
    specific = sorted(s for s in shared if not any(s in g or g in s for g in GENERAL))
    assert not specific, f"{path.name} quotes an article: {specific[:5]}"
