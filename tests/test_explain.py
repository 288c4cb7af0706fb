"""``extractor explain``: every number of a made-up article with its reading, rules and the words that fired them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

ARTICLE = (
    "Kyiv welcomes home 120 soldiers\n\n"
    "Ukraine brought home 120 soldiers from Russian captivity on Friday, including 14 officers.\n"
    "Since the start of the war, more than 4,000 people have been freed, the ombudsman said.\n"
    "Another swap of 300 prisoners is planned for next month.\n"
    "About 60 fighters were freed as well.\n"
    "The city has 12 bridges.\n"
)


@pytest.fixture
def explained(tmp_path: Path):  # noqa: ANN201
    from extractor.api import explain_file

    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return explain_file(path, published="2025-06-20")


def _number(explained, text: str, occurrence: int = 0):  # noqa: ANN001, ANN202
    return [n for n in explained.numbers if n.text == text][occurrence]


def test_every_count_is_listed_in_text_order(explained) -> None:  # noqa: ANN001
    assert [n.text for n in explained.numbers] == ["120", "120", "14", "more than 4,000", "300", "About 60", "12"]
    assert all(ARTICLE[n.start : n.end] == n.text for n in explained.numbers)


def test_a_transfer_names_its_rules_and_the_words_that_fired_them(explained) -> None:  # noqa: ANN001
    n = _number(explained, "120", 1)
    assert (n.outcome, n.side, n.category) == ("transfer", "ukraine", "prisoners_of_war")
    rules = {r.name: r.words for r in n.rules}
    assert rules["side:captor"] == "from Russian captivity"
    assert "soldiers" in rules["category:noun:prisoners"]


@pytest.mark.parametrize(
    ("text", "outcome", "rule", "words"),
    [
        ("14", "part of another figure", "role:subgroup", "including"),
        ("more than 4,000", "not handed over", "role:tally", "Since the start"),
        ("300", "not handed over", "role:plan-or-failure", "planned"),
        ("12", "not read", "", ""),  # a sentence with no handover words
    ],
)
def test_numbers_left_out_say_why(explained, text: str, outcome: str, rule: str, words: str) -> None:  # noqa: ANN001
    n = _number(explained, text)
    assert n.outcome == outcome
    assert not rule or any(r.name == rule and words in r.words for r in n.rules), n.rules
    assert n.why


def test_an_open_number_is_said_to_be_open(explained) -> None:  # noqa: ANN001
    n = _number(explained, "About 60")
    assert n.outcome == "open" and n.side is None and "side" in n.why


def test_the_cli_prints_json_and_a_table(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["explain", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["numbers"][1]["side"] == "ukraine"
    table = runner.invoke(app, ["explain", str(path)], env={"COLUMNS": "250"})
    assert table.exit_code == 0 and "side:captor" in table.stdout and "from Russian captivity" in table.stdout


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["explain", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "nope.txt" in result.output and "Traceback" not in result.output
