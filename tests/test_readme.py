"""The README opens with the two set-up commands, and CI runs the second one verbatim."""

from __future__ import annotations

from .conftest import ROOT


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("```bash") < text.index("\n## "), "the commands come first"
    commands = _setup_commands()
    assert len(commands) == 2
    assert "extractor extract seeds/" in commands[0]
    # The embedded model is built and fetched only when the default configuration uses it: by default its
    # answers are not used (--model-answers auto is skip for it), so the main job needs neither.
    from extractor.settings import resolve_settings

    uses_model = resolve_settings(env={}).asks_model
    assert ("[local]" in commands[0] and "model prepare" in commands[0]) == uses_model
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def _python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Library", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_python_example_runs(monkeypatch, capsys) -> None:  # noqa: ANN001
    """The library example of the README, run as written (its numbers are decided by the words: no model)."""
    monkeypatch.chdir(ROOT)
    exec(compile(_python_example(), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "2025-06-20 [('ukraine', 'bodies', 212), ('russia', 'bodies', 19)]" in printed
