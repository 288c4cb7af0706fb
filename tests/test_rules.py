"""extractor.rules: every rule the code can emit is registered, and every registered rule fires on its example.

The examples are made up (extractor/rules.py); each is read by the real reader, as an article would be.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from extractor.rules import RULES, Rule, rule

SOURCE = Path(__file__).resolve().parent.parent / "extractor"
NAME = re.compile(r"(?:role|side|category|count):[a-z][a-z-]*(?::[a-z][a-z-]*)?")
FAMILIES = ("role:", "side:", "category:", "count:")


# ---------------------------------------------------------------------------
# Reading each example with the real reader
# ---------------------------------------------------------------------------


def _marked(example: str) -> list[Any]:
    from extractor.candidates import find_passages
    from extractor.readings import read_article

    return [m for items in read_article(find_passages(example), example) for m in items]


def _value(m: Any, decides: str) -> Any:
    return {"role": m.role, "side": m.side, "category": m.category, "count": m.count}[decides]


def _fired(r: Rule) -> list[tuple[str, Any, Any]]:
    """(count text, value decided, the fired rule) for every number of the example carrying ``r.name``."""
    if r.name == "count:not-stated":
        return _unstated(r)
    items = _marked(r.example)
    if r.name == "role:unanswered":
        from extractor.extract import apply_answer

        apply_answer(items, None)
    elif r.name == "role:undecided":
        items = _undecided(r, items)
    return [
        (m.mark.text, _value(m, r.decides), next(x for x in m.rules if x == r.name)) for m in items if r.name in m.rules
    ]


def _undecided(r: Rule, items: list[Any]) -> list[Any]:
    """What ``extract_article(..., ask_model=False)`` does to the passage's open numbers, and that it lists them."""
    from extractor.articles import Article
    from extractor.extract import extract_article, leave_undecided

    class NoClient:  # skipped answers mean no request at all
        backend, model, mode, request_options = "local", "local", "json_schema", {}

        def create(self, **_: object) -> None:
            pytest.fail("the model must not be asked")

    article = Article(path="x.txt", text=r.example, sha256="0" * 64, published=None, published_source=None)
    result = extract_article(article, NoClient(), retries=0, ask_model=False)  # type: ignore[arg-type]
    assert r.number in [u.text for u in result.undecided]
    leave_undecided(items)
    return items


def _unstated(r: Rule) -> list[tuple[str, Any, Any]]:
    from extractor.api import extract_text
    from extractor.settings import resolve_settings

    records = extract_text(r.example, published="2025-03-04", settings=resolve_settings(backend="local", env={}))
    return [("", t.count, next(x for x in t.rules if x == r.name)) for rec in records for t in rec.transfers if r.name in t.rules]


def _shown(value: Any) -> str:
    return "null" if value is None else str(value)


def _params() -> list[Any]:
    marks = lambda r: [pytest.mark.xfail(strict=True, reason=r.unreached)] if r.unreached else []  # noqa: E731
    return [pytest.param(r, id=r.name, marks=marks(r)) for r in RULES]


@pytest.mark.parametrize("r", _params())
def test_each_rule_fires_on_its_example(r: Rule) -> None:
    fired = [(text, value) for text, value, _ in _fired(r) if text == r.number]
    assert fired, f"{r.name} did not fire on {r.number!r} in {r.example!r}"
    if r.expect == "soldiers?":  # the weak category the passage always settles: read the number's own reading
        assert _weak_soldiers(r)
        return
    assert {_shown(v) for _, v in fired} == {r.expect}


def _weak_soldiers(r: Rule) -> bool:
    from extractor.candidates import find_passages
    from extractor.cues import read_number

    for p in find_passages(r.example):
        for s in p.sentences:
            for m in p.marks:
                if s.start <= m.start < s.end and m.text == r.number:
                    starts = tuple(o.start - s.start for o in p.marks if s.start <= o.start < s.end)
                    reading = read_number(s.text, m.start - s.start, m.end - s.start, starts)
                    if r.name in reading.why:
                        return reading.category == "soldiers?"
    return False


@pytest.mark.parametrize("r", _params())
def test_each_rule_names_the_words_that_fired_it(r: Rule) -> None:
    fired = [f for text, _, f in _fired(r) if text == r.number]
    assert fired, f"{r.name} did not fire on {r.number!r}"
    words = {getattr(f, "words", "") for f in fired}
    if r.wordless:  # a rule that reads no words says why; it must then carry none (or drop its ``wordless``)
        assert words == {""}, f"{r.name} now carries words: drop its wordless reason"
        return
    text = " ".join(r.example.split())
    for w in words:
        assert w, f"{r.name} names no words"
        for part in w.split(" ... "):
            assert part in text, f"{r.name}: {part!r} is not in its example"


# ---------------------------------------------------------------------------
# The registry against the source
# ---------------------------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
    return out


def _loop_values(scope: ast.AST) -> dict[str, set[str]]:
    """The strings each loop variable of ``scope`` takes: ``for words, category in ((X, "children"), ...)``."""
    values: dict[str, set[str]] = {}
    for node in ast.walk(scope):
        if not isinstance(node, ast.For) or not isinstance(node.iter, (ast.Tuple, ast.List)):
            continue
        names = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
        for item in node.iter.elts:
            parts = item.elts if isinstance(item, ast.Tuple) else [item]
            for target, part in zip(names, parts):
                if isinstance(target, ast.Name) and isinstance(part, ast.Constant) and isinstance(part.value, str):
                    values.setdefault(target.id, set()).add(part.value)
    return values


def _expand(node: ast.JoinedStr, values: dict[str, set[str]]) -> set[str]:
    """Every name an f-string rule name can take, its placeholders filled from the loops around it."""
    names = {""}
    for part in node.values:
        if isinstance(part, ast.Constant):
            names = {n + str(part.value) for n in names}
            continue
        assert isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name), ast.unparse(node)
        options = values.get(part.value.id)
        assert options, f"{ast.unparse(node)}: no loop gives {part.value.id} its values; teach this test"
        names = {n + o for n in names for o in options}
    return names


def emitted_names() -> dict[str, set[str]]:
    """Every rule name literal of the source (docstrings aside), with the modules it occurs in."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.glob("*.py")):
        if path.name == "rules.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for scope in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
            values = _loop_values(scope)
            for node in ast.walk(scope):
                if isinstance(node, ast.JoinedStr):
                    head = node.values[0] if node.values else None
                    if isinstance(head, ast.Constant) and str(head.value).startswith(FAMILIES):
                        for name in _expand(node, values):
                            found.setdefault(name, set()).add(path.stem)
                        skip.update(id(v) for v in node.values)
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                    if NAME.fullmatch(node.value):
                        found.setdefault(node.value, set()).add(path.stem)
    return found


def test_every_name_the_code_emits_is_registered() -> None:
    emitted = emitted_names()
    registered = {r.name for r in RULES}
    assert sorted(set(emitted) - registered) == [], "emitted by the code but not in extractor/rules.py"
    assert sorted(registered - set(emitted)) == [], "registered but emitted nowhere (stale entries)"


def test_each_rule_lives_where_the_registry_says() -> None:
    emitted = emitted_names()
    wrong = {r.name: sorted(emitted.get(r.name, ())) for r in RULES if emitted.get(r.name) != {r.module}}
    assert wrong == {}


def test_names_are_unique_and_say_what_they_decide() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.name.split(":")[0] == r.decides for r in RULES)
    assert all(r.means and r.example and (r.number or r.name == "count:not-stated") for r in RULES)


def test_rule_looks_up_by_name() -> None:
    assert rule("side:nationality").decides == "side"
    with pytest.raises(KeyError):
        rule("side:no-such-rule")


def test_the_static_scan_sees_what_a_read_emits() -> None:
    """The scan is no stub: the names fired by a real reading are among those it finds."""
    fired = {str(x) for m in _marked("Kyiv received 19 captives, and Moscow got back 40 bodies.") for x in m.rules}
    assert fired and fired <= set(emitted_names())


# ---------------------------------------------------------------------------
# extractor rules
# ---------------------------------------------------------------------------


def test_rules_command_lists_every_rule_of_a_family() -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["rules", "side"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    sides = [r.name for r in RULES if r.decides == "side"]
    assert all(name in result.output for name in sides)
    assert "role:tally" not in result.output


def test_rules_command_refuses_an_unknown_family() -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["rules", "colour"])
    assert result.exit_code == 2
    assert "unknown rule family 'colour'" in result.output
