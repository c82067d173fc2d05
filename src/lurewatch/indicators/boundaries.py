"""Word boundaries at a pattern's ends, put only where a word can begin or end.

A boundary before a pattern keeps "r you on" from matching inside "for you on". Put before a whole group that also has
branches beginning with punctuation or an anchor ("(?:are |^|[.!?,] )you on", "(?:\\$|£) ?\\d+"), it made those
branches fail: a boundary before "!" or "$" needs a letter before it, so "ok!! you on snap?" and "it's $300" were never
found. Such a group gets a boundary in each branch that needs one instead, at either end. A group whose branches all
begin (or end) with a word keeps the one boundary outside, as before."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from functools import cache
from itertools import pairwise

_BOUNDARY = r"\b"
_WORD_ESCAPES = frozenset("dwpP")  # \d \w \pL may be a word character; \$ \. \s \b may not
_HEX_ESCAPE = re.compile(r"\\x\{([0-9a-fA-F]+)\}")  # "[\x{AC00}-\x{D7A3}]" is a class of Hangul, not of "x", "A" or "C"


class _Edge(Enum):
    WORD = "word"  # may be a word character: needs a boundary
    OPEN = "open"  # punctuation, a space, an anchor or a boundary already
    MIXED = "mixed"  # a group with branches of both kinds


def bound(group: str, *, start: bool, end: bool) -> str:
    """A pattern wrapped as one group "(?:...)", with its boundaries."""
    if start:
        group = _bound_start(group)
    if end:
        group = _bound_end(group)
    return group


def _bound_start(sequence: str) -> str:
    atoms = _atoms(sequence)
    kind = _sequence_start_kind(sequence)
    if kind is _Edge.OPEN:
        return sequence
    if kind is _Edge.WORD:
        return _BOUNDARY + sequence
    first = sequence[slice(*atoms[0])]
    return _opener(first) + "|".join(map(_bound_start, _branches(first))) + ")" + sequence[atoms[0][1] :]


def _bound_end(sequence: str) -> str:
    atoms = _atoms(sequence)
    kind = _sequence_end_kind(sequence)
    if kind is _Edge.OPEN:
        return sequence
    if kind is _Edge.WORD:
        return sequence + _BOUNDARY
    last = sequence[slice(*atoms[-1])]
    return sequence[: atoms[-1][0]] + _opener(last) + "|".join(map(_bound_end, _branches(last))) + ")"


@cache
def _sequence_start_kind(sequence: str) -> _Edge:
    atoms = _atoms(sequence)
    if _open_through_optional(sequence, atoms, _start_kind):
        return _Edge.OPEN
    return _start_kind(sequence[slice(*atoms[0])]) if atoms else _Edge.WORD


@cache
def _sequence_end_kind(sequence: str) -> _Edge:
    atoms = _atoms(sequence)
    if _open_through_optional(sequence, tuple(reversed(atoms)), _end_kind):
        return _Edge.OPEN
    return _end_kind(sequence[slice(*atoms[-1])]) if atoms else _Edge.WORD


def _open_through_optional(sequence: str, atoms: tuple[tuple[int, int], ...], kind: Callable[[str], _Edge]) -> bool:
    """Whether the edge is open whichever way optional groups there are taken: "(?:吗)?" after "发照片" (no ASCII word
    character can be at the end either way), where a boundary would keep the pattern from ever matching."""
    for start, end in atoms:
        atom = sequence[start:end]
        if not (atom.startswith("(") and _optional(atom)):
            return kind(atom) is _Edge.OPEN
        if kind(atom[: atom.rindex(")") + 1]) is not _Edge.OPEN:
            return False
    return False


def _optional(group: str) -> bool:
    """Whether a group may be skipped: "?", "*", "{0,n}" (lazy or not)."""
    quantifier = _quantifier(group)
    return quantifier[:1] in ("?", "*") or quantifier.startswith("{0")


@cache
def _start_kind(atom: str) -> _Edge:
    if not atom.startswith("("):
        return _atom_kind(atom)
    if _quantifier(atom) not in ("", "+"):  # an optional group: what follows it may come first, so as before
        return _Edge.WORD
    return _combine(_sequence_start_kind(branch) if branch else _Edge.WORD for branch in _branches(atom))


@cache
def _end_kind(atom: str) -> _Edge:
    if not atom.startswith("(") or _quantifier(atom):
        return _atom_kind(atom)
    return _combine(_sequence_end_kind(branch) if branch else _Edge.WORD for branch in _branches(atom))


def _atom_kind(atom: str) -> _Edge:
    """Whether one atom (a quantified group counts as a word) may be a word character."""
    if atom.startswith("["):
        members = _HEX_ESCAPE.sub(lambda code: chr(int(code.group(1), 16)), atom[1 : _class_end(atom, 0) - 1])
        may_be_word = members.startswith("^") or any(_is_word(c) for c in members.replace("\\s", ""))
        return _Edge.WORD if may_be_word else _Edge.OPEN
    if atom.startswith("\\"):
        return _Edge.WORD if atom[1:2] in _WORD_ESCAPES else _Edge.OPEN
    return _Edge.WORD if _is_word(atom[0]) or atom[0] in "_(" else _Edge.OPEN


def _is_word(char: str) -> bool:
    """Whether RE2's `\\b` sees a word character: ASCII ones only. A pattern that ends in a letter of another script
    gets no boundary there (one would never match), so "скинь фот" also finds "фотку" and "фоточку"."""
    return char.isascii() and char.isalnum()


def _combine(kinds: Iterable[_Edge]) -> _Edge:
    seen = set(kinds)
    return seen.pop() if len(seen) == 1 else _Edge.MIXED


def _quantifier(group: str) -> str:
    return group[group.rindex(")") + 1 :]


def _opener(group: str) -> str:
    """"(?:", "(?P<name>" or "("."""
    if group.startswith("(?:"):
        return "(?:"
    if group.startswith("(?P<"):
        return group[: group.index(">") + 1]
    return "("


@cache
def _branches(group: str) -> tuple[str, ...]:
    """The top-level branches of a group without a quantifier: its body cut at the "|" that are atoms of their own."""
    body = group[len(_opener(group)) : -1]
    edges = [-1, *(start for start, end in _atoms(body) if body[start:end] == "|"), len(body)]
    return tuple(body[left + 1 : right] for left, right in pairwise(edges))


@cache  # the macros' word lists recur in hundreds of patterns: each is read once at start-up
def _atoms(sequence: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) offsets of a sequence's top-level atoms, each with its quantifier ("|" is one too)."""
    atoms: list[tuple[int, int]] = []
    index = 0
    while index < len(sequence):
        begin = index
        run = _LITERALS.match(sequence, index)
        if run is not None and run.end() - index > 1:  # each but the last a plain atom (the last may be quantified)
            index = run.end() - 1
            atoms.extend(zip(range(begin, index), range(begin + 1, index + 1), strict=True))
            begin = index
        if sequence[index] == "\\":
            index += 2
        elif sequence[index] == "[":
            index = _class_end(sequence, index)
        elif sequence[index] == "(":
            index = _group_end(sequence, index)
        else:
            index += 1
        while index < len(sequence) and sequence[index] in "?*+{":
            index = sequence.index("}", index) + 1 if sequence[index] == "{" else index + 1
        atoms.append((begin, index))
    return tuple(atoms)


def _class_end(text: str, index: int) -> int:
    """The offset after the character class that opens at `index`."""
    index += 1
    if text.startswith("^", index):
        index += 1
    if text.startswith("]", index):  # a literal "]" first in the class
        index += 1
    end = _CLASS_END.match(text, index)
    if end is None:
        raise ValueError(f"a character class is not closed: {text[index - 1 :]!r}")
    return end.end()


def _group_end(text: str, index: int) -> int:
    """The offset after the group that opens at `index`."""
    depth = 0
    while True:
        char = text[index]
        if char == "[":
            index = _class_end(text, index)
        elif char == "\\":
            index += 2
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return index + 1
            index += 1
        # Straight to the next character that matters: the long literal runs of a pattern in other scripts are skipped
        # in C (the catalogue loads in a fraction of the time).
        special = _SPECIAL.search(text, index)
        if special is None:
            raise ValueError(f"a group is not closed: {text!r}")
        index = special.start()


_SPECIAL = re.compile(r"[\[\]()\\]")
_CLASS_END = re.compile(r"(?:[^\]\\]|\\.)*\]")  # from a class's first member to its "]"
_LITERALS = re.compile(r"[^\\\[\]()|?*+{}]+")
