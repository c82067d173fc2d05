"""`lurewatch watch` on inputs built to be its worst case: does the time stay linear in the input?

    python bench/bench_watch.py [--size 20000] [--detectors catalogue|combined]

Each stream is fed through `lurewatch watch` (JSONL on stdin, one process) at a quarter of --size and at full size;
`x4` is the ratio of the two times: about 4 is linear, about 16 quadratic. Streams are synthetic and non-explicit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

Stream = Callable[[int], Iterator[dict[str, str]]]


def many_conversations(n: int) -> Iterator[dict[str, str]]:
    # More conversations than --max-conversations keeps: every message evicts the least recently active one.
    for i in range(n):
        yield {"conversation_id": f"c{i}", "author": f"a{i % 7}", "text": "what school do you go to"}


def many_authors(n: int) -> Iterator[dict[str, str]]:
    # One room where nearly every message is from someone new: per-person state grows with every line.
    for i in range(n):
        yield {"conversation_id": "room", "author": f"user{i}", "text": "you're so mature for your age, keep it secret"}


def long_messages(n: int) -> Iterator[dict[str, str]]:
    # Few, huge messages of disguised words (leetspeak, spaced letters): the normaliser's worst case, chunk by chunk.
    body = " ".join(["d0nt t3ll ur m0m", "s e n d  m e  a  p i c", "seeeend it", "wat skool r u at"] * 200)
    for i in range(max(1, n // 200)):
        yield {"conversation_id": f"long{i % 3}", "author": "x", "text": body}


def one_long_conversation(n: int) -> Iterator[dict[str, str]]:
    # Two people and an endless conversation full of findings: findings and stages accumulate.
    lines = ["ur so cute", "dont tell anyone", "send me a pic", "what school do you go to", "add me on snap"]
    for i in range(n):
        yield {"conversation_id": "dm", "author": "a" if i % 2 else "b", "text": lines[i % len(lines)]}


STREAMS: dict[str, Stream] = {
    "many conversations": many_conversations,
    "many authors in one room": many_authors,
    "huge disguised messages": long_messages,
    "one endless conversation": one_long_conversation,
}


def timed(stream: Stream, size: int, detectors: str) -> float:
    payload = "".join(json.dumps(item) + "\n" for item in stream(size)).encode()
    command = [sys.executable, "-m", "lurewatch", "watch", "--alert-level", "critical", "--detectors", detectors,
               "--max-conversations", "1000"]
    started = time.perf_counter()
    subprocess.run(command, input=payload, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000, help="messages in the full-size stream")
    parser.add_argument("--detectors", choices=("catalogue", "combined"), default="catalogue")
    args = parser.parse_args()
    print(f"{'stream':28} {'quarter':>9} {'full':>9} {'x4':>6}   (lurewatch watch --detectors {args.detectors})")
    for name, stream in STREAMS.items():
        quarter = timed(stream, args.size // 4, args.detectors)
        full = timed(stream, args.size, args.detectors)
        print(f"{name:28} {quarter:8.2f}s {full:8.2f}s {full / quarter:6.1f}")


if __name__ == "__main__":
    main()
