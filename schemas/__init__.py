"""Exported JSON Schemas, shipped in the wheel as extractor._schemas (data only)."""
