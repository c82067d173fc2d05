"""Throughput of `analyze` on one core over a synthetic corpus (default 200,000 messages).

    python bench/bench_analyze.py [--messages N] [--seed S] [--profile]

Prints messages per second for the whole pipeline (normalize, catalogue scan, conversation analysis, scoring, advice)
and for the catalogue path alone (normalize + scan). Goal: >= 50,000 messages/s on the catalogue path.
"""

from __future__ import annotations

import argparse
import random
import time

from lurewatch.api import analyze_conversation
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Conversation, Message

ORDINARY = [
    "gg that was close", "lol", "did you finish the math homework", "what time is practice tomorrow",
    "my mom made tacos tonight", "queue again?", "I'm so tired today", "that movie was actually good",
    "can you send me the notes from class", "brb dinner", "no way haha", "the new update broke my build",
    "are you coming to the game on saturday", "I'll kill you next round", "we should study together for the test",
    "ok see you tomorrow", "my dog ate my charger again", "this level is impossible", "who's on your team",
    "did you see what happened in chemistry", "u coming online later?", "ur cat is so cute", "idk maybe",
    "thanks for helping me with the project", "I got a new skin in fortnite", "the bus was late again",
    "let's go to the mall after school", "haha same", "what are you doing this weekend", "nothing much, just gaming",
]
GROOMING = [
    "ur so mature for ur age", "what school do you go to", "are your parents home right now",
    "dont tell anyone about us", "add me on snap", "send me a pic of you", "i can send you robux",
    "we should meet up, just us", "if you really liked me you would", "I'll send your pics to your family",
]


def corpus(messages: int, seed: int) -> list[Conversation]:
    rng = random.Random(seed)
    conversations = []
    made = 0
    while made < messages:
        size = min(rng.randint(20, 60), messages - made)
        grooming = rng.random() < 0.05
        lines = [
            rng.choice(GROOMING) if grooming and rng.random() < 0.3 else rng.choice(ORDINARY) for _ in range(size)
        ]
        people = ("alex", "sam")
        conversations.append(
            Conversation(
                id=f"c{len(conversations)}",
                messages=[Message(author=people[i % 2], text=text) for i, text in enumerate(lines)],
            )
        )
        made += size
    return conversations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="run under cProfile and print the top functions")
    args = parser.parse_args()
    conversations = corpus(args.messages, args.seed)
    total = sum(len(c.messages) for c in conversations)
    recognizer = default_recognizer()
    recognizer.scan("warm up")

    started = time.perf_counter()
    for conversation in conversations:
        for message in conversation.messages:
            recognizer.scan(message.text)
    scan_seconds = time.perf_counter() - started

    def run() -> int:
        # Catalogue only: this bench tracks the pattern pipeline; bench_semantic.py measures the semantic layer.
        return sum(len(analyze_conversation(c, detectors="catalogue").findings) for c in conversations)

    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("run()", globals(), {"run": run}, "/tmp/lurewatch.prof")
        pstats.Stats("/tmp/lurewatch.prof").sort_stats("cumulative").print_stats(25)
    started = time.perf_counter()
    findings = run()
    full_seconds = time.perf_counter() - started
    print(f"corpus: {total:,} messages in {len(conversations):,} conversations; {len(recognizer.catalogue.indicators)} indicators")
    print(f"catalogue path (normalize + scan): {total / scan_seconds:,.0f} messages/s")
    print(f"full analyze:                      {total / full_seconds:,.0f} messages/s ({findings:,} findings)")
    long_messages(recognizer)


# One-megabyte messages shaped to stress each normalisation rule and the matcher. Goal: well under 100 ms each.
LONG_MESSAGES = {
    "ordinary words": ("did you finish the math homework " * 40_000)[:2**20],
    "one endless word": "a" * 2**20,
    "leetspeak": ("pr3tty s3cr3t h0t " * 70_000)[:2**20],
    "spaced letters": ("s e c r e t " * 90_000)[:2**20],
    "chat spellings": ("u r so cute wat skool " * 50_000)[:2**20],
    "white space": (" \n\t" * 400_000)[:2**20],
    "non-ASCII look-alikes": ("Ѕеnd mе а ріс 📸 " * 70_000)[:2**20],
}


def long_messages(recognizer: object) -> None:
    from lurewatch.indicators.recognizer import Recognizer

    assert isinstance(recognizer, Recognizer)
    for name, text in LONG_MESSAGES.items():
        started = time.perf_counter()
        hits = recognizer.scan(text)
        elapsed = time.perf_counter() - started
        print(f"1 MB message, {name:22} {elapsed * 1000:7.1f} ms ({len(hits)} indicators)")


if __name__ == "__main__":
    main()
