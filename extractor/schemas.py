"""Export the JSON Schemas of the record formats from the pydantic models (kept in sync by a test)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .catalogue import CatalogueEntry
from .models import ArticleLogEntry, EventRecord, PassageAnswer

SCHEMAS: dict[str, type[BaseModel]] = {
    "exchange-event.schema.json": EventRecord,
    "exchange-article.schema.json": ArticleLogEntry,
    "exchange-catalogue.schema.json": CatalogueEntry,
    "passage-answer.schema.json": PassageAnswer,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
