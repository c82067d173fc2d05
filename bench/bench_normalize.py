"""Worst-case time of the normaliser and the catalogue matcher on one-megabyte messages of disguised words.

    python bench/bench_normalize.py [--repeat N] [--size BYTES]

Every message is built deterministically from the same chat sentences (ordinary and grooming-like), disguised the way
`tests/disguises.py` disguises them for the evasion tests, and repeated with varying seeds until it is `--size`
characters long. For each kind it prints the best of `--repeat` runs of `normalize()` and of
`default_recognizer().scan()` (normalize + RE2 scan + spans back to the original) in milliseconds: wall-clock time, and
the CPU time of this process (one thread), which other jobs on a shared machine disturb less.
Goal (issue 9): every kind normalised and matched in <= 100 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
GOAL_MS = 100.0

SENTENCES = [
    "did you finish the math homework", "what time is practice tomorrow", "my mom made tacos tonight",
    "are you coming to the game on saturday", "we should study together for the test", "who is on your team",
    "you are so mature for your age", "what school do you go to", "are your parents home right now",
    "dont tell anyone about us", "add me on snap", "send me a pic of you", "i can send you robux",
    "we should meet up just us", "if you really liked me you would", "i will send your pics to your family",
    "this is our little secret", "you look so pretty in that photo", "delete our messages after",
    "i am seventeen and you are so cute", "pay me or everyone sees it",
]
# Chat spellings a teenager (or someone imitating one) writes: nearly every word is one the normaliser expands.
CHAT_SENTENCES = [
    "u r so cute wat skool u go 2", "wyd rn", "ur parentz home?", "pls send pix", "add me on snap or insta",
    "dont tell ur mum k", "ily bby", "wanna meet up 2nite", "hmu l8r", "wat u doin 2moro", "thx m8 gr8 pic",
    "lemme c ur vids", "u 4get 2 msg me", "rly srsly sry", "wht r u wearing", "gimme ur num plz",
]
EMOJI = ["🤫", "📸", "💰", "🎁", "😘", "🔥", "👻", "❤️", "🍑", "📱", "😂", "👍🏽", "🙈"]


def _load_disguises() -> ModuleType:
    # tests/ is not an installed package: load the shared disguise module by path, as bench_evasion.py does.
    spec = importlib.util.spec_from_file_location("lurewatch_bench_disguises", REPO / "tests" / "disguises.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fill(size: int, piece: Callable[[int], str], separator: str = " ") -> str:
    """Pieces 0, 1, 2, ... joined until `size` characters, cut to exactly `size`."""
    parts: list[str] = []
    length = 0
    i = 0
    while length < size:
        part = piece(i)
        parts.append(part)
        length += len(part) + len(separator)
        i += 1
    return separator.join(parts)[:size]


def messages(size: int) -> dict[str, str]:
    """Kind -> a message of `size` characters. The same on every run: all randomness is seeded."""
    disguises = _load_disguises()
    rng = random.Random(9)
    sentence = [SENTENCES[rng.randrange(len(SENTENCES))] for _ in range(512)]
    # A few seeds per sentence: the text repeats as a long real message would, but not as one token over and over.
    seeds = 8

    def disguised(disguise: Callable[[str, int], str]) -> Callable[[int], str]:
        table = [disguise(text, seed) for seed in range(seeds) for text in sentence]
        return lambda i: table[i % len(table)]

    def emoji(i: int) -> str:
        words = sentence[i % len(sentence)].split()
        spot = (i * 7) % (len(words) + 1)
        return " ".join([*words[:spot], EMOJI[i % len(EMOJI)], *words[spot:]])

    leet = disguised(disguises.leet)
    look_alikes = disguised(disguises.look_alikes)
    spaced = disguised(disguises.spaced)
    stretched = disguised(disguises.stretched)
    dotted = disguised(disguises.dotted)
    zero_width = disguised(disguises.zero_width)
    mixers: list[Callable[[int], str]] = [
        leet, look_alikes, spaced, stretched, dotted, zero_width, emoji,
        lambda i: CHAT_SENTENCES[i % len(CHAT_SENTENCES)],
    ]
    return {
        "ordinary words": _fill(size, lambda i: sentence[i % len(sentence)]),
        "chat spellings": _fill(size, lambda i: CHAT_SENTENCES[i % len(CHAT_SENTENCES)]),
        "full leetspeak": _fill(size, leet),
        "look-alike letters": _fill(size, look_alikes),
        "zero-width characters": _fill(size, zero_width),
        "emoji": _fill(size, emoji),
        "spaced letters": _fill(size, spaced, separator="  "),
        "dotted letters": _fill(size, dotted),
        "stretched letters": _fill(size, stretched),
        "mixed": _fill(size, lambda i: mixers[i % len(mixers)](i // len(mixers))),
    }


def best_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The shortest wall-clock and the shortest CPU time of `repeat` runs, in milliseconds."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall * 1000, cpu * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2**20, help="characters per message (default 1 MiB)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per message; the best is shown")
    args = parser.parse_args()
    recognizer = default_recognizer()
    recognizer.scan("warm up")
    print(f"{'message (' + format(args.size, ',') + ' chars)':28} {'normalize':>10} {'scan':>10} {'scan CPU':>11} {'hits':>5}")
    slowest = slowest_cpu = 0.0
    for name, text in messages(args.size).items():
        normalize_ms, _ = best_ms(lambda text=text: normalize(text), args.repeat)
        scan_ms, scan_cpu_ms = best_ms(lambda text=text: recognizer.scan(text), args.repeat)
        hits = len(recognizer.scan(text))
        slowest, slowest_cpu = max(slowest, scan_ms), max(slowest_cpu, scan_cpu_ms)
        print(f"{name:28} {normalize_ms:8.1f} ms {scan_ms:7.1f} ms {scan_cpu_ms:8.1f} ms {hits:5}")
    print(f"slowest scan: {slowest:.1f} ms wall, {slowest_cpu:.1f} ms CPU (goal <= {GOAL_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
