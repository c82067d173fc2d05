"""A catalogue of one indicator, `c.asked`, for the tests of one recognizer mechanism: a test names only what it is
about (the patterns, and a top-level key such as `other_language_words` or `other_scripts`)."""

from __future__ import annotations

import json


def tiny_catalogue(patterns: list[str], *, top: str = "", other_languages: tuple[str, ...] = ()) -> str:
    """The catalogue's YAML; `top`: lines for its top level, each ending in a newline."""
    entry = f"    other_languages: {json.dumps(list(other_languages), ensure_ascii=False)}\n" if other_languages else ""
    return f"""
version: 1
stages: [{{id: contact, label: C, description: d}}]
categories: {{c: {{label: C, description: d}}}}
macros: {{}}
{top}indicators:
  - id: c.asked
    category: c
    stage: contact
    severity: 1
    title: t
    description: d
    explanation: e
    patterns: {json.dumps(patterns, ensure_ascii=False)}
{entry}    examples: {{match: [x, y], no_match: [x, y]}}
"""
