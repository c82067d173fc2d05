"""Patterns with gaps within a sentence are in the catalogue set by an anchor piece; the whole pattern decides."""

from __future__ import annotations

import json

import pytest
import re2

from lurewatch.indicators.catalogue import expand_pattern, load_catalogue, parse_catalogue
from lurewatch.indicators.gaps import anchor_expression, min_length, split_at_gaps
from lurewatch.indicators.recognizer import Recognizer
from lurewatch.normalize import normalize
from tests.test_catalogue import EVERYDAY_ROWS
from tests.test_english_rounds import FIXTURES as ROUNDS
from tests.tiny_catalogue import tiny_catalogue

CATALOGUE = load_catalogue()
GAPPED = [
    (spec, pattern)
    for spec in CATALOGUE.indicators
    for pattern in spec.patterns + spec.other_languages
    if len(split_at_gaps(pattern)) > 1
]
EXAMPLES = sorted(
    {
        text
        for spec in CATALOGUE.indicators
        if spec.examples is not None
        for text in spec.examples.match + spec.examples.no_match + spec.examples.similar
    }
    | {text for _, text, _ in EVERYDAY_ROWS}
    | {text for path in ROUNDS for _, text in json.loads(path.read_text(encoding="utf-8"))["found"]}  # the rounds' own rows
)


def test_pieces_are_cut_only_at_top_level_gaps() -> None:
    assert split_at_gaps(r"if you (?:say|tell)[^.!?]{0,30}? it goes[^.!?]*out") == ["if you (?:say|tell)", " it goes", "out"]
    assert split_at_gaps(r"a[^.!?]*?b") == ["a", "b"]
    assert split_at_gaps(r"a (?:b[^.!?]{0,9}c)") == [r"a (?:b[^.!?]{0,9}c)"]  # inside a group: the pattern stays whole
    assert split_at_gaps(r"a[^.!?]{0,9}b|c") == [r"a[^.!?]{0,9}b|c"]  # a top-level alternative: whole too
    assert split_at_gaps(r"a[^.!]{0,9}b\[^.!?]*c") == [r"a[^.!]{0,9}b\[^.!?]*c"]  # other classes and escapes are no gaps


@pytest.mark.parametrize(
    ("expression", "length"),
    [
        ("abc", 3),
        (r"\bif (?:you|u) x\b", 6),
        (r"(?:\$ ?\d+(?:[.,]\d+)?k?|\d{2,5} ?(?:dollars|usd)?)", 2),
        ("(?P<age>1[0-9])'?s?", 2),
        (r"[]a]b*c+d{3}e{2,}?f{0,4}", 7),
        ("^x$", 1),
    ],
)
def test_min_length(expression: str, length: int) -> None:
    assert min_length(expression) == length


def test_the_anchor_is_the_piece_that_needs_most_characters() -> None:
    assert anchor_expression(r"\d+ ?bucks[^.!?]{0,40}? or (?:i post|it goes)", {}) == r"(?: or (?:i post|it goes))\b"
    assert anchor_expression(r"half now[^.!?]*? half (?:later|on)", {}) == r"\b(?:half now)"  # the first of equals
    assert anchor_expression("no gap here", {}) is None


@pytest.mark.parametrize(("spec", "pattern"), GAPPED, ids=lambda value: getattr(value, "id", ""))
def test_the_anchor_matches_wherever_its_pattern_does(spec: object, pattern: str) -> None:
    # The set only reports a gapped pattern through its anchor: a text the pattern finds without the anchor would be
    # a finding lost. Checked on every example text of the catalogue, each normalised as the recognizer sees it.
    whole = re2.compile(expand_pattern(pattern, CATALOGUE.macros))
    anchor = re2.compile(anchor_expression(pattern, CATALOGUE.macros))
    found = 0
    for text in EXAMPLES:
        canonical = normalize(text).encoded
        if whole.search(canonical):
            found += 1
            assert anchor.search(canonical), text
    assert found, "a gapped pattern no example finds"


TINY = tiny_catalogue(["if you (?:tell|say)[^.!?]{0,20}? it goes out"])


def test_a_gapped_finding_keeps_the_whole_pattern_span() -> None:
    recognizer = Recognizer(parse_catalogue(TINY, "tiny.yaml"))
    text = "ok. If you tell your mum it goes out tonight"
    [hit] = recognizer.scan(text)
    assert hit.evidence == "If you tell your mum it goes out"
    assert (hit.start, hit.end) == (4, 36)


@pytest.mark.parametrize(
    "text",
    [
        "it goes out tonight",  # the anchor alone
        "it goes out, if you tell anyone",  # both pieces, in the wrong order
        "if you tell me. it goes out",  # a sentence end between them
        "if you tell your mum and your dad and the teacher it goes out",  # further apart than the gap allows
    ],
)
def test_an_anchor_without_the_rest_of_its_pattern_is_no_finding(text: str) -> None:
    assert Recognizer(parse_catalogue(TINY, "tiny.yaml")).scan(text) == []
