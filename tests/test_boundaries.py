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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("скинь фото", True),
        ("скинь фоточку плиз", True),  # a stem: the word forms that grow from it
        ("ну скинь фото", True),  # after a space: RE2's \b sees no word there, so a boundary would never match
        ("скиньфото", False),
    ],
)
def test_a_pattern_in_another_script_gets_no_ascii_boundary(text: str, found: bool) -> None:
    assert _finds("скинь фот", text) == found
    assert bound("скинь фот", start=True, end=True) == "скинь фот"
    assert bound("(?:zł|zl)", start=True, end=True) == r"\b(?:zł|zl\b)"  # "ł" ends no ASCII word: no boundary after it


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("发照片(?:吗)?", "你能发照片吗", True),  # an optional group at the end, next to no ASCII letter either way
        ("发照片(?:吗)?", "发照片", True),
        ("(?:快点)?发照片", "快点发照片", True),
        ("(?:ok )?you", "yourself", False),  # an ASCII word either way: bounded as before
        ("send(?:吗)?", "resend", False),
    ],
)
def test_an_optional_group_at_an_edge_is_bounded_only_where_a_word_can_be(pattern: str, text: str, found: bool) -> None:
    assert _finds(f"(?:{pattern})", text) == found


def test_a_class_written_with_code_points_is_judged_by_its_characters() -> None:
    assert _finds(r"(?:[\x{AC00}-\x{D7A3}]+요)", "안녕하세요")  # Hangul, though "AC00" has ASCII letters
    assert bound(r"(?:[\x{61}-\x{7A}]+)", start=True, end=True) == r"\b(?:[\x{61}-\x{7A}]+)\b"  # ASCII letters
