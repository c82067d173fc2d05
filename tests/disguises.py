"""Disguised spellings as an evader writes them, shared by `tests/test_evasion.py` and `bench/bench_evasion.py`.

Each disguise rewrites the words of a message and leaves everything else (numbers, punctuation, white space between
words) alone. Random choices are seeded from the text itself, so a disguise of a given message is the same on every run
and in every process (Python's `hash()` of a string is not); a different `seed` draws a different, equally repeatable
disguise.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

# A word is a run of ASCII letters: "don't" is the words "don" and "t", which is how an evader splits it too. Letters
# right after a digit are a number's ending or unit (`8th`, `5pm`, `17m`), not a word.
_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]+")

_LOOK_ALIKES = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р", "s": "ѕ", "x": "х", "y": "у", "h": "һ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т",
    "X": "Х", "Y": "У",
}
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_VOWELS = frozenset("aeiouAEIOU")
# Full leetspeak: every a e i o s t, and b and g about half the time (an evader does not always bother with them).
_LEET_ALWAYS = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7"}
_LEET_SOMETIMES = {"b": "8", "g": "9"}

# (text, seed) -> disguised text; another seed draws other random choices (the same ones on every run).
Disguise = Callable[[str, int], str]


def _rng(name: str, text: str, seed: int) -> random.Random:
    return random.Random(zlib.crc32(f"{name}\0{seed}\0{text}".encode()))


def _words(text: str, change: Callable[[str], str], *, min_letters: int = 1) -> str:
    return _WORD.sub(lambda m: change(m.group()) if len(m.group()) >= min_letters else m.group(), text)


def look_alikes(text: str, seed: int = 0) -> str:
    """Cyrillic letters that look Latin, swapped in for most letters of every word that have one."""
    rng = _rng("look_alikes", text, seed)

    def swap(word: str) -> str:
        return "".join(_LOOK_ALIKES[c] if c in _LOOK_ALIKES and rng.random() < 0.7 else c for c in word)

    return _words(text, swap)


def zero_width(text: str, seed: int = 0) -> str:
    """One or two invisible characters inside every word of 3+ letters."""
    rng = _rng("zero_width", text, seed)

    def hide(word: str) -> str:
        chars = list(word)
        for _ in range(rng.randint(1, 2)):
            chars.insert(rng.randint(1, len(chars) - 1), rng.choice(_INVISIBLE))
        return "".join(chars)

    return _words(text, hide, min_letters=3)


def stretched(text: str, seed: int = 0) -> str:
    """One vowel of every word of 3+ letters (the last letter when there is no vowel) written 3-5 times: `seeeend`."""
    rng = _rng("stretched", text, seed)

    def stretch(word: str) -> str:
        # "y" is a vowel inside a word (`myyy`), not at its start (`yyyour` is not how anyone stretches "your").
        vowels = [i for i, c in enumerate(word) if c in _VOWELS or (i and c in "yY")]
        i = rng.choice(vowels) if vowels else len(word) - 1
        return word[: i + 1] + word[i] * rng.randint(2, 4) + word[i + 1 :]

    return _words(text, stretch, min_letters=3)


def dotted(text: str, seed: int = 0) -> str:
    """Dots between the letters of every word of 3+ letters: `s.e.n.d me a p.i.c`."""
    return _words(text, ".".join, min_letters=3)


def spaced(text: str, seed: int = 0) -> str:
    """Spaces between the letters of every word of 3+ letters, two spaces between words: `s e n d  me  a  p i c`."""
    return _words(re.sub(r"\s+", "  ", text), " ".join, min_letters=3)


def leet(text: str, seed: int = 0) -> str:
    """Full leetspeak: digits and symbols for a e i o s t in every word, b and g sometimes: `53nd m3 4 p1c`."""
    rng = _rng("leet", text, seed)

    def swap(char: str) -> str:
        lower = char.lower()
        if lower in _LEET_ALWAYS:
            return rng.choice(_LEET_ALWAYS[lower])
        if lower in _LEET_SOMETIMES and rng.random() < 0.5:
            return _LEET_SOMETIMES[lower]
        return char

    return _words(text, lambda word: "".join(map(swap, word)))


# "[2024-03-02 16:01] Ad.17: text": everything up to the author's ": " is kept as it is.
_MESSAGE_LINE = re.compile(r"^((?:\[[^\]]*\]\s*)?[^:\n]+?: )(.*)$")


def disguise_chat(text: str, disguise: Disguise, seed: int = 0) -> str:
    """Disguise the text of every "Name: message" line of a chat; titles (`--- name`), time stamps and names stay."""
    lines = []
    for line in text.splitlines():
        match = _MESSAGE_LINE.match(line)
        lines.append(match.group(1) + disguise(match.group(2), seed) if match and not line.startswith("---") else line)
    return "\n".join(lines) + "\n"


DISGUISES: dict[str, Disguise] = {
    "look-alike letters": look_alikes,
    "zero-width characters": zero_width,
    "stretched letters": stretched,
    "dotted letters": dotted,
    "spaced letters": spaced,
    "full leetspeak": leet,
}
