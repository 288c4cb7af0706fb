"""``benchmarks/accuracy.py``: the README's accuracy table from a clone (here offline, on the seeds)."""

from __future__ import annotations

import importlib.util
import sys
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from .conftest import CASSETTES, ROOT


def _script():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


accuracy = _script()


def test_every_set_is_in_the_repository() -> None:
    for articles, gold in accuracy.SETS.values():
        assert articles.is_dir() and gold.is_file()


def test_the_halves_of_dev2_split_it() -> None:
    names = sorted(p.name for p in accuracy.SETS["dev2"][0].glob("*.txt"))
    halves = [[n for n in names if any(fnmatchcase(n, g) for g in globs)] for _, _, globs in accuracy.HALVES]
    assert sorted(halves[0] + halves[1]) == names and not set(halves[0]) & set(halves[1])
    assert all(int(n[:2]) % 2 == 0 for n in halves[0]) and all(int(n[:2]) % 2 == 1 for n in halves[1])


def test_seeds_table_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "table.md"
    assert accuracy.main(["--replay", str(CASSETTES), "--sets", "seeds", "--out", str(out), "--keep", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == table
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ")[1].strip(" |") for line in table.splitlines()
            if line.startswith("| ") and " | " in line}  # fmt: skip
    assert rows["measure"] == "seeds"
    assert rows["articles (failed)"] == "5 (0)"
    assert rows["fact F1 (precision / recall)"] == "1.000 (1.000 / 1.000)"
    assert rows["gold mentions found / missed"] == "8 / 0 of 8"
    assert rows["invented records"] == "0"
    assert rows["gold transfers right (side, category, count)"] == "17/17 (100%)"
    assert rows["precision, basis text"] == "17/17 (100%)"
    assert float(rows["median seconds per article"]) >= 0
    assert (tmp_path / "seeds.jsonl").is_file()


def test_an_unknown_set_is_refused() -> None:
    with pytest.raises(SystemExit):
        accuracy.parse_args(["--sets", "seeds,nope"])
