"""Prompt templates, shipped in the wheel as extractor._prompts (data only)."""
