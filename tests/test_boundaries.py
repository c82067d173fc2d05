"""Word boundaries at a pattern's ends (`indicators/boundaries.py`), judged by what the expression finds."""

from __future__ import annotations

import pytest
import re2

from lurewatch.indicators.boundaries import bound


def _finds(group: str, text: str, *, start: bool = True, end: bool = True) -> bool:
    return re2.search(bound(group, start=start, end=end), text) is not None


def test_a_group_of_words_keeps_one_boundary_at_each_end() -> None:
    assert bound("(?:send|share) it", start=True, end=True) == r"\b(?:send|share) it\b"
    assert bound("(?:ok )?you", start=True, end=False) == r"\b(?:ok )?you"  # optional: what follows may come first


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ok!! you on snap", True),  # a boundary before "!" needed a letter before it
        ("ok... you on snap", True),
        ("you on snap", True),
        ("are you on snap", True),
        ("for you on snap", False),  # the word branch keeps its boundary: not "r you on"
    ],
)
def test_branches_that_begin_with_punctuation_lose_only_their_boundary(text: str, found: bool) -> None:
    assert _finds("(?:(?:are|r) |^|[.!?,] )you on snap", text, end=False) == found


@pytest.mark.parametrize(("text", "found"), [("it's $300 now", True), ("300 dollars", True), ("1300 dollars", True)])
def test_a_sum_after_a_currency_sign_is_found(text: str, found: bool) -> None:
    assert _finds(r"(?:(?:\$|£) ?\d+|\d+ dollars)", text, end=False) == found
    assert not _finds(r"(?:(?:\$|£) ?\d+|\d+ dollars)", "x300 dollars", end=False)


@pytest.mark.parametrize(
    ("text", "found"),
    [("your followers, your mom", True), ("your followers", True), ("your followers and family", True),
     ("your followers list idea", False), ("your followersx", False)],
)
def test_branches_that_end_with_punctuation_or_an_anchor_lose_only_their_boundary(text: str, found: bool) -> None:
    assert _finds(r"your followers(?:[,.!;\]]| and|$)", text, start=False) == found


def test_named_groups_classes_and_escapes_are_kept_whole() -> None:
    expression = bound(r"(?:(?P<age>\d+)|[\].] ?x|\(a\))", start=True, end=True)
    assert re2.compile(expression).groupindex == {"age": 1}
    assert _finds(r"(?:(?P<age>\d+)|[\].] ?x|\(a\))", "a ] x")
    assert not _finds(r"(?:(?P<age>\d+)|[\].] ?x|\(a\))", "a12b")
