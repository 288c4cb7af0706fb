"""docs/FORMAT.md stays in step with the exported JSON Schemas and the validator's codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.dates import DateValue
from extractor.validate import CHECKS, EXTRACTOR_NOTES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "FORMAT.md"
SECTIONS = {  # heading of the doc's section -> the schema it documents
    "Events: `exchange-event/1`": "exchange-event.schema.json",
    "Articles log: `exchange-article/1`": "exchange-article.schema.json",
    "Catalogue: `exchange-catalogue/1`": "exchange-catalogue.schema.json",
}


def schema_paths(schema: dict) -> set[str]:
    """Every property path of a JSON Schema: ``a``, ``a.b``, ``a[].b`` (``$ref`` followed, cycles cut)."""
    defs = schema.get("$defs", {})
    out: set[str] = set()

    def walk(node: dict, prefix: str, seen: frozenset) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(defs[name], prefix, seen | {name})
            return
        for key in ("anyOf", "allOf", "oneOf"):
            for sub in node.get(key, []):
                walk(sub, prefix, seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], prefix + "[]", seen)
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            out.add(path)
            walk(sub, path, seen)

    walk(schema, "", frozenset())
    return out


def sections() -> dict[str, str]:
    """The doc's ``## `` sections by heading."""
    parts = re.split(r"^## (.+)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """Rows (cells stripped) of every Markdown table in ``text`` whose first header cell is ``first_header``."""
    rows, inside = [], False
    for line in text.splitlines():
        if not line.startswith("|"):
            inside = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == first_header:
            inside = True
        elif inside and not set(cells[0]) <= set("-: "):
            rows.append(cells)
    return rows


def backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@pytest.mark.parametrize(("heading", "schema_file"), SECTIONS.items())
def test_every_schema_field_is_documented(heading: str, schema_file: str) -> None:
    text = sections()[heading]
    named = {name for line in text.splitlines() for name in backticked(line)}
    paths = schema_paths(json.loads((ROOT / "schemas" / schema_file).read_text(encoding="utf-8")))
    assert paths, schema_file
    missing = sorted(p for p in paths if p not in named)
    assert not missing, f"{schema_file}: not in docs/FORMAT.md section '{heading}': {missing}"


@pytest.mark.parametrize(("heading", "schema_file"), SECTIONS.items())
def test_every_documented_field_exists(heading: str, schema_file: str) -> None:
    paths = schema_paths(json.loads((ROOT / "schemas" / schema_file).read_text(encoding="utf-8")))
    rows = table_rows(sections()[heading], "field")
    assert rows, heading
    unknown = sorted(name for row in rows for name in backticked(row[0]) if name not in paths)
    assert not unknown, f"docs/FORMAT.md section '{heading}' names fields {schema_file} does not have: {unknown}"


def test_issue_codes_and_severities_match_the_validator() -> None:
    rows = table_rows(sections()["Events: `exchange-event/1`"], "code")
    documented = {backticked(row[0])[0]: row[1] for row in rows}
    for code, (severity, _) in CHECKS.items():
        assert documented.get(code) == severity, f"{code}: the validator says {severity}, the doc {documented.get(code)}"
    extra = set(documented) - set(CHECKS)
    assert all(code.startswith(EXTRACTOR_NOTES) for code in extra), extra  # the extractor's own notes


def test_date_shapes_table_follows_the_date_rule() -> None:
    rows = table_rows(sections()["Events: `exchange-event/1`"], "shape")
    assert len(rows) == 4
    for row in rows:
        shape, precision, example = backticked(row[0])[0], backticked(row[1])[0], backticked(row[2])[0]
        parsed = DateValue.parse(example)
        assert parsed is not None and parsed.precision == precision, (shape, example)
        assert re.sub(r"[0-9]", "D", example) == re.sub(r"[YMD]", "D", shape)


def test_readme_links_the_format_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared/CONTRACT.md" not in readme
    assert "(docs/FORMAT.md)" in readme
