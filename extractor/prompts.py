"""Prompts are data files in ``prompts/`` (shipped as ``extractor._prompts``).

Each template is loaded and checked on load: ``$name`` placeholders use
``string.Template`` syntax, and a placeholder without a value, or a value
with no placeholder, is a ``PromptError``, never an empty string.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from .errors import PromptError


@dataclass(frozen=True)
class Template:
    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        # string.Template's own parser: "$$" is a literal "$", "$5" is no placeholder.
        return set(string.Template(self.text).get_identifiers())

    def render(self, **values: str) -> str:
        missing = self.variables - values.keys()
        if missing:
            raise PromptError(f"prompt {self.name} needs {sorted(missing)} but they were not given")
        extra = values.keys() - self.variables
        if extra:
            raise PromptError(f"prompt {self.name} has no placeholder for {sorted(extra)}")
        try:
            return string.Template(self.text).substitute(values)
        except ValueError as exc:  # a lone "$" that starts no placeholder
            raise PromptError(f"prompt {self.name}: {exc}", hint="write $$ for a literal $") from exc


def load(name: str, directory: Path | None = None) -> Template:
    """Load ``prompts/<name>.md`` (or from ``directory``, for tests and experiments)."""
    try:
        if directory is not None:
            text = (directory / f"{name}.md").read_text(encoding="utf-8")
        else:
            text = resources.files("extractor._prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise PromptError(f"prompt template {name}.md not found", hint=str(exc)) from exc
    if not text.strip():
        raise PromptError(f"prompt template {name}.md is empty")
    return Template(name=name, text=text.strip() + "\n")


def describe_fields(model: type[BaseModel]) -> str:
    """Render a model's field descriptions as the model-facing field list.

    The pydantic field descriptions are the instructions: the same words land
    in the exported JSON Schema and in the prompt.
    """
    lines: list[str] = []

    def walk(m: type[BaseModel], indent: str) -> None:
        for name, info in m.model_fields.items():
            lines.append(f"{indent}- {name}: {info.description}")
            ann = info.annotation
            inner = getattr(ann, "__args__", (ann,))
            for arg in inner:
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    walk(arg, indent + "  ")

    walk(model, "")
    return "\n".join(lines)


def prompt_hash(*parts: str | dict | list) -> str:
    """A short stable hash of everything that shapes a request (templates, schema, settings)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, str) else json.dumps(part, sort_keys=True)
        digest.update(data.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]
