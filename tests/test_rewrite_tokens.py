"""The rewrite's token scan in C (`_chunks.rewrite_tokens`) finds exactly what its `re` pattern finds, in leetspeak and
out of it."""

from __future__ import annotations

import random
import re

import pytest

from lurewatch import _chunks
from lurewatch import normalize as norm

LONGEST = max(map(len, norm._CHAT_BYTES))
# Bytes that each pattern branch turns on, a few it must pass over (capitals, `_`, `!`, a character outside ASCII), and
# every kind of white space.
ALPHABET = list(b"abelosuxz0134@$'!.-_*~,? \t\n\r\x0b\x0cAZ\xc3\xa9")


def by_pattern(data: bytes, start: int, leet: bool) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in norm._REWRITERS[leet, False].finditer(data, start)]


def in_c(data: bytes, start: int, leet: bool) -> list[tuple[int, int, str]]:
    return _chunks.rewrite_tokens(data, start, leet, norm._CHAT_BYTES, LONGEST)


def random_text(rng: random.Random) -> bytes:
    """Short runs of the bytes above, chat spellings, spaced and dotted letters, leetspeak words and e-mail addresses."""
    parts = []
    for _ in range(rng.randint(0, 14)):
        kind = rng.random()
        if kind < 0.15:
            parts.append(rng.choice(sorted(norm._CHAT_BYTES)))
        elif kind < 0.25:
            sep = rng.choice([b" ", b".", b"-", b"_", b"*", b"~", b" .", b""])
            parts.append(sep.join(bytes([rng.choice(b"abcsx")]) for _ in range(rng.randint(1, 6))))
        elif kind < 0.32:
            parts.append(rng.choice([b"m3", b"gr8", b"h4ck3r", b"i386", b"x86_64", b"n'1", b"4'u", b"mia@mail.com", b"soooo",
                                     b"p!c", b"!nd", b"wh4t!", b"1337", b"$$", b"@!"]))
        elif kind < 0.45:
            parts.append(rng.choice([b" ", b"  ", b"   ", b"\t", b" \n "]))
        else:
            parts.append(bytes([rng.choice(ALPHABET)]) * rng.choice([1, 1, 1, 2, 3]))
    return b"".join(parts)


def test_chat_spellings_are_letters_and_digits() -> None:
    """What the C scan relies on: a chat spelling can only match as a whole run of word characters."""
    assert all(re.fullmatch(rb"[a-z0-9]+", word) for word in norm._CHAT_BYTES)


@pytest.mark.parametrize("leet", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_same_matches_as_the_pattern_on_random_text(seed: int, leet: bool) -> None:
    rng = random.Random(seed)
    for _ in range(20_000):
        data = random_text(rng)
        start = rng.choice([0, 0, 1, 2])
        assert in_c(data, start, leet) == by_pattern(data, start, leet), (data, start)


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"   ",
        b"s e n d me",
        b"s e n d",
        b"s.e.n.d.",
        b"s.e.n.d.x",
        b"a.b.c_d",
        b"e.g. this",
        b"lol brb",
        b"lolz",
        b"$lol",
        b"!lol",
        b"'lol",
        b"mia@mail.com",
        b"m3 4 p1c",
        b"dont  tell\tany1",
        b"sooo cuuute",
        b"x11 i386 k3rn3l 2.6.24-16",
        b"s3nd m3 4 p!c !nd33d wh4t! 1337 $$ @!",
    ],
)
@pytest.mark.parametrize("leet", [False, True])
def test_same_matches_as_the_pattern_on_chosen_text(text: bytes, leet: bool) -> None:
    for start, data in ((0, text), (2, b"  " + text)):
        assert in_c(data, start, leet) == by_pattern(data, start, leet)
