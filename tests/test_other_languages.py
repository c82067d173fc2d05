"""Other-language patterns are a set of their own, scanned only in messages with words of those languages."""

from __future__ import annotations

import pytest

from lurewatch.indicators.catalogue import CatalogueError, parse_catalogue
from lurewatch.indicators.recognizer import Recognizer

TINY = """
version: 1
stages: [{id: contact, label: C, description: d}]
categories: {c: {label: C, description: d}}
macros: {}
other_language_words: "que|tienes"
indicators:
  - id: c.asked
    category: c
    stage: contact
    severity: 1
    title: t
    description: d
    explanation: e
    patterns: ["what school"]
    other_languages: ["(?:cual|que) escuela"]
    examples: {match: [x, y], no_match: [x, y]}
"""


def _found(text: str) -> list[str]:
    return [hit.evidence for hit in Recognizer(parse_catalogue(TINY, "tiny.yaml")).scan(text)]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("y a que escuela vas?", ["que escuela"]),
        ("cual escuela, que me dices", ["cual escuela"]),  # the language's word elsewhere in the message
        ("cual escuela", []),  # none of the language's words: not scanned for them
        ("what school do you go to", ["what school"]),  # the English patterns as before
    ],
)
def test_other_language_patterns_run_only_where_the_language_is(text: str, evidence: list[str]) -> None:
    assert _found(text) == evidence


def test_one_finding_per_indicator_whichever_set_found_it() -> None:
    assert _found("what school? que escuela?") == ["what school"]


def test_other_language_patterns_need_the_words_of_those_languages() -> None:
    with pytest.raises(CatalogueError, match="other_language_words"):
        parse_catalogue(TINY.replace('other_language_words: "que|tienes"\n', ""), "tiny.yaml")
