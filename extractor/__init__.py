"""exchange-extractor: typed, validated, source-grounded records of exchanges between Russia and Ukraine.

The public API (``extractor.api``) is importable from here; nothing heavy is
imported until a name is first used:

    from extractor import extract_text, extract_files, validate_records, build_catalogue, Settings
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("Settings", "build_catalogue", "catalogue_summary", "evaluate_records", "explain_file", "extract_files", "extract_text",
        "list_rules", "resolve_settings", "review_page", "validate_records")  # fmt: skip
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
