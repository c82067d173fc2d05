"""Write a synthetic PAN 2012-shaped XML corpus (ordinary chat, plus a few conversations with mild grooming cues).

    python bench/gen_pan12.py OUT.xml --messages 2000000 --conversations 150000 [--seed N]

The text is drawn from a small built-in vocabulary of everyday chat (school, games, pets, weekend plans); about 2% of
conversations also carry non-explicit grooming-like cues so that analysis benchmarks have findings to report.
Written as a stream, one conversation at a time, so memory stays flat for any size.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

# Pre-escaped for XML: "&amp;" makes the parser's unescaping part of what is measured.
OPENERS = ("hey", "hi", "yo", "sup", "hello", "hey there", "hiya", "morning", "lol hi", "heyy")
SUBJECTS = ("school", "the maths test", "practice", "my dog", "the new game", "homework", "the weekend", "my cat",
            "the football match", "band rehearsal", "the science project", "my little brother", "the movie",
            "minecraft", "the bus", "lunch", "the concert", "swimming", "art class", "the holidays")
COMMENTS = ("was so boring", "was actually fun", "is tomorrow right", "took forever", "was kinda hard",
            "is at 4", "got cancelled", "was awesome", "is next week", "made me laugh so much")
QUESTIONS = ("did you finish {s}", "are you going to {s}", "what did you think of {s}", "you ready for {s}",
             "how was {s}", "who else is coming to {s}", "did you hear about {s}")
REPLIES = ("yeah", "nah", "lol", "idk", "maybe", "same", "ok", "haha true", "for real", "cool", "brb", "gtg soon",
           "not yet", "yes finally", "me &amp; my mum are going", "i guess", "omg yes", "no way", "sounds good", "k")
PLANS = ("want to play later", "see you at the park", "lets meet at the library at 3", "bring your charger",
         "ill ask my dad to drive us", "we could watch a film saturday", "my mum says dinner is ready", "cya tomorrow")

# Mild, non-explicit cues of the kind grooming-detection lexicons look for (personal info, secrecy, platform moves,
# image requests, flattery, isolation).
CUES = ("what school do you go to", "how old are you", "dont tell your parents about me", "add me on snap",
        "send me a pic", "are you home alone", "you seem really mature for your age", "this is our little secret",
        "delete our chat after ok", "nobody understands you like i do", "lets talk on a private app",
        "i can buy you a gift card", "where do you live", "is your room private", "your parents wouldnt get it")

CUE_SHARE = 0.02
EMPTY_TEXT_SHARE = 0.003  # PAN has a few empty <text/> elements


@dataclass
class Stats:
    conversations: int = 0
    messages: int = 0
    cue_conversations: int = 0
    cue_messages: int = 0
    bytes_written: int = 0


def _ordinary_line(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(OPENERS)
    if roll < 0.45:
        return rng.choice(REPLIES)
    if roll < 0.70:
        return rng.choice(QUESTIONS).format(s=rng.choice(SUBJECTS))
    if roll < 0.90:
        return f"{rng.choice(SUBJECTS)} {rng.choice(COMMENTS)}"
    return rng.choice(PLANS)


def _hash(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _conversation_sizes(rng: random.Random, messages: int, conversations: int) -> Callable[[], int]:
    """Sizes drawn one at a time (no list of all sizes): exponential around the remaining mean, at least 1 each."""
    state = {"messages": messages, "conversations": conversations}

    def next_size() -> int:
        left_m, left_c = state["messages"], state["conversations"]
        if left_c == 1:
            size = left_m
        else:
            mean = left_m / left_c
            size = max(1, min(left_m - (left_c - 1), round(rng.expovariate(1.0 / mean)) if mean > 1 else 1))
        state["messages"] -= size
        state["conversations"] -= 1
        return size

    return next_size


def _write_conversation(out: TextIO, rng: random.Random, size: int, stats: Stats) -> None:
    people = [_hash(rng) for _ in range(2 if rng.random() < 0.85 else 3)]
    suspect = people[0] if rng.random() < CUE_SHARE else None
    minute = rng.randrange(24 * 60)
    parts = [f'  <conversation id="{_hash(rng)}">\n']
    cue_count = 0
    for line in range(1, size + 1):
        author = rng.choice(people)
        if author == suspect and rng.random() < 0.3:
            text = rng.choice(CUES)
            cue_count += 1
        elif rng.random() < EMPTY_TEXT_SHARE:
            text = ""
        else:
            text = _ordinary_line(rng)
        minute = (minute + (rng.random() < 0.4)) % (24 * 60)
        text_xml = f"<text>{text}</text>" if text else "<text />"
        parts.append(f'    <message line="{line}">\n      <author>{author}</author>\n'
                     f"      <time>{minute // 60:02d}:{minute % 60:02d}</time>\n      {text_xml}\n    </message>\n")
    parts.append("  </conversation>\n")
    stats.bytes_written += out.write("".join(parts))
    stats.conversations += 1
    stats.messages += size
    if suspect is not None:
        stats.cue_conversations += 1
        stats.cue_messages += cue_count


def generate(out: TextIO, messages: int, conversations: int, seed: int = 0) -> Stats:
    """Write the whole corpus to `out` (a text stream); returns what was written."""
    if conversations < 1 or messages < conversations:
        raise ValueError("need at least one conversation and at least one message per conversation")
    rng = random.Random(seed)
    stats = Stats()
    next_size = _conversation_sizes(rng, messages, conversations)
    stats.bytes_written += out.write("<conversations>\n")
    for _ in range(conversations):
        _write_conversation(out, rng, next_size(), stats)
    stats.bytes_written += out.write("</conversations>\n")
    return stats


def generate_file(path: Path, messages: int, conversations: int, seed: int = 0) -> Stats:
    with path.open("w", encoding="utf-8", newline="\n", buffering=1024 * 1024) as out:
        return generate(out, messages, conversations, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="XML file to write")
    parser.add_argument("--messages", type=int, default=2_000_000)
    parser.add_argument("--conversations", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        stats = generate_file(args.out, args.messages, args.conversations, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out}: {stats.conversations} conversations, {stats.messages} messages, "
          f"{stats.cue_conversations} with cues ({stats.cue_messages} cue messages), "
          f"{stats.bytes_written / 2**20:.1f} MiB of text in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
