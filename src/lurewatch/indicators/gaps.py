"""Patterns with gaps within a sentence (`[^.!?]{0,40}?`, `[^.!?]*`), in the catalogue set by one of their pieces.

A gap makes RE2 follow every place it may end: a set holding many of them outgrew its DFA budget and rebuilt its states
on every message of ordinary chat (the catalogue path on 200,000 IRC messages, 3.6 -> 7.3 s of CPU for 22 more). So the
set holds the pattern's anchor instead, the piece between gaps that needs the most characters (the rarest, as a rule),
and the whole pattern runs on its own only on a message in which the set found the anchor: it cannot match elsewhere.
"""

from __future__ import annotations

import re

from lurewatch.indicators.catalogue import expand_pattern

_GAP = re.compile(r"\[\^\.!\?\](?:\{0,\d+\}|\*)\??")
_COUNT = re.compile(r"\{(\d+)(?:,\d*)?\}\??")
_ZERO_WIDTH_ESCAPES = frozenset("bBAz")


def split_at_gaps(pattern: str) -> list[str]:
    """The pieces of a pattern between its top-level gaps; the pattern alone when it has none, or a top-level `|`."""
    pieces: list[str] = []
    depth = 0
    in_class = False
    start = i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            gap = _GAP.match(pattern, i) if depth == 0 else None
            if gap is not None:
                pieces.append(pattern[start:i])
                start = i = gap.end()
                continue
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return [pattern]
        i += 1
    pieces.append(pattern[start:])
    return pieces


def anchor_expression(pattern: str, macros: dict[str, str]) -> str | None:
    """What the catalogue set holds for a pattern with gaps: the piece of it that needs the most characters, with the
    word boundary of the end it shares with the pattern. None for a pattern without gaps (the set holds it whole)."""
    pieces = split_at_gaps(pattern)
    if len(pieces) == 1:
        return None
    expressions = [
        expand_pattern(piece, macros, bound_start=number == 0, bound_end=number == len(pieces) - 1)
        for number, piece in enumerate(pieces)
    ]
    return max(expressions, key=min_length)  # the first of equals


def min_length(expression: str) -> int:
    """The fewest characters an RE2 expression matches (the subset the catalogue writes: groups, alternation, classes,
    escapes and the quantifiers ? * + {m,n})."""
    length, _ = _alternation(expression, 0)
    return length


def _alternation(expression: str, i: int) -> tuple[int, int]:
    """Shortest branch from `i` to the `)` closing the group (or the end); returns it and the position of that `)`."""
    branches: list[int] = []
    total = 0
    while i < len(expression) and expression[i] != ")":
        if expression[i] == "|":
            branches.append(total)
            total = 0
            i += 1
            continue
        atom, i = _atom(expression, i)
        quantifier = _COUNT.match(expression, i)
        if quantifier is not None:
            atom *= int(quantifier.group(1))
            i = quantifier.end()
        elif i < len(expression) and expression[i] in "?*+":
            atom = 0 if expression[i] in "?*" else atom
            i += 2 if expression[i + 1 : i + 2] == "?" else 1
        total += atom
    branches.append(total)
    return min(branches), i


def _atom(expression: str, i: int) -> tuple[int, int]:
    """The fewest characters of the atom at `i` and where it ends."""
    char = expression[i]
    if char == "(":
        if expression.startswith("(?P<", i):
            i = expression.index(">", i) + 1
        elif expression.startswith("(?", i):
            i = expression.index(":", i) + 1
        else:
            i += 1
        length, close = _alternation(expression, i)
        return length, close + 1
    if char == "[":
        end = i + 1
        end += expression[end] == "^"
        end += expression[end] == "]"  # a `]` first in a class is a member
        while expression[end] != "]":
            end += 2 if expression[end] == "\\" else 1
        return 1, end + 1
    if char == "\\":
        return (0 if expression[i + 1] in _ZERO_WIDTH_ESCAPES else 1), i + 2
    if char in "^$":
        return 0, i + 1
    return 1, i + 1
