"""Tests of extractor.prompts: templates are checked, field lists rendered, hashes stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from extractor.errors import PromptError
from extractor.models import AnswerNumber, answer_model
from extractor.prompts import Template, describe_fields, load, prompt_hash


def test_render_fills_every_placeholder() -> None:
    t = Template("t", "A $x and ${y}z.\n")
    assert t.variables == {"x", "y"}
    assert t.render(x="1", y="2") == "A 1 and 2z.\n"


def test_missing_variable_is_an_error_not_an_empty_string() -> None:
    t = Template("greet", "Hello $name, see $passage\n")
    with pytest.raises(PromptError) as info:
        t.render(name="x")
    assert "greet" in info.value.message and "['passage']" in info.value.message


def test_extra_variable_is_an_error() -> None:
    t = Template("greet", "Hello $name\n")
    with pytest.raises(PromptError) as info:
        t.render(name="x", other="y")
    assert "['other']" in info.value.message


def test_dollar_dollar_is_a_literal_dollar() -> None:
    t = Template("t", "costs $$5, a literal $$name, a real $name and $$$name\n")
    assert t.variables == {"name"}
    assert t.render(name="N") == "costs $5, a literal $name, a real N and $N\n"


def test_values_are_not_substituted_again() -> None:
    assert Template("t", "[$x]").render(x="$y and $$") == "[$y and $$]"


@pytest.mark.parametrize("text", ["costs $5 for $x", "a lone $ sign and $x", "trailing $x $"])
def test_a_dollar_that_starts_no_placeholder_is_a_prompt_error(text: str) -> None:
    t = Template("t", text)
    assert t.variables == {"x"}
    with pytest.raises(PromptError) as info:
        t.render(x="1")
    assert info.value.hint and "$$" in info.value.hint


def test_load_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("\n\n  Say $what  \n\n", encoding="utf-8")
    t = load("mine", tmp_path)
    assert t.name == "mine"
    assert t.text == "Say $what\n"
    assert t.render(what="hi") == "Say hi\n"


def test_load_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="nope.md not found"):
        load("nope", tmp_path)
    (tmp_path / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(PromptError, match="empty"):
        load("blank", tmp_path)
    with pytest.raises(PromptError, match="not found"):
        load("no-such-shipped-prompt")


def test_shipped_prompts_need_exactly_their_variables() -> None:
    system = load("system")
    passage = load("passage")
    assert system.variables == {"fields"}
    assert passage.variables == {"passage", "known"}
    rendered = system.render(fields=describe_fields(AnswerNumber))
    assert "$" not in rendered
    assert f"- received_by: {AnswerNumber.model_fields['received_by'].description}" in rendered
    with pytest.raises(PromptError):
        passage.render(passage="x")
    made_up = passage.render(passage="Kyiv got back 5 [N1] bodies.", known="Answer for N1.")
    assert made_up == 'Passage:\n"""\nKyiv got back 5 [N1] bodies.\n"""\nAnswer for N1.\n'


class Inner(BaseModel):
    a: int = Field(description="The a.")
    b: str | None = Field(default=None, description="The b.")


class Outer(BaseModel):
    name: str = Field(description="A name.")
    one: Inner = Field(description="One inner.")
    many: list[Inner] = Field(description="Many inners.")
    maybe: list[Inner] | None = Field(default=None, description="Maybe inners.")


def test_describe_fields_nests_models() -> None:
    assert describe_fields(Outer) == "\n".join(
        [
            "- name: A name.",
            "- one: One inner.",
            "  - a: The a.",
            "  - b: The b.",
            "- many: Many inners.",
            "  - a: The a.",
            "  - b: The b.",
            "- maybe: Maybe inners.",
        ]
    )


def test_describe_fields_of_the_answer_model() -> None:
    # derived from the model, which others change: every field once, each with a description
    expected = [f"- {n}: {i.description}" for n, i in AnswerNumber.model_fields.items()]
    assert describe_fields(AnswerNumber).splitlines() == expected
    assert "None" not in describe_fields(AnswerNumber)


def test_the_answer_schema_admits_exactly_the_open_markers() -> None:
    model = answer_model(("N2", "N5"))
    schema = model.model_json_schema()
    assert sorted(schema["required"]) == ["N2", "N5"] and schema.get("additionalProperties") is False
    ok = model.model_validate({"N2": {"received_by": "ukraine", "category": "bodies"},
                               "N5": {"received_by": "not_handed_over", "category": "other"}})  # fmt: skip
    assert ok.N2.received_by == "ukraine"
    with pytest.raises(ValidationError):
        model.model_validate({"N2": {"received_by": "ukraine", "category": "bodies"}})
    with pytest.raises(ValidationError):
        model.model_validate({"N2": {"received_by": "ukraine", "category": "bodies"},
                              "N5": {"received_by": "russia", "category": "bodies"},
                              "N9": {"received_by": "russia", "category": "bodies"}})  # fmt: skip


def test_prompt_hash_is_stable_and_sensitive() -> None:
    parts = ("system text", {"b": 1, "a": [1, 2]}, ["x"], "json_schema")
    h = prompt_hash(*parts)
    assert len(h) == 16 and int(h, 16) >= 0
    assert prompt_hash(*parts) == h
    assert prompt_hash("system text", {"a": [1, 2], "b": 1}, ["x"], "json_schema") == h  # key order
    assert prompt_hash("system text!", *parts[1:]) != h
    assert prompt_hash("system text", {"b": 2, "a": [1, 2]}, ["x"], "json_schema") != h
    assert prompt_hash("ab", "c") != prompt_hash("a", "bc")  # parts are separated
    # a known value: changing how the hash is computed invalidates every cassette and resume log
    assert prompt_hash("a", {"k": 1}) == "28d17a84e0e1c194"
