"""Throughput with the semantic layer on: ordinary chat-room traffic, and traffic where every message is read by MiniLM.

    python bench/bench_semantic.py [--data ../shared/data] [--messages 200000]

1. Ordinary traffic: the first --messages messages of the IRC #ubuntu corpus written to a temporary JSONL (outside the
   repository), then `lurewatch analyze FILE --format json` in one process, timed end to end, for
   `--detectors catalogue` and `--detectors combined`. Goal: >= 50,000 messages/s combined.
2. All-suspicious traffic: one-to-one Topical-Chat conversations (the first --suspicious messages), where the semantic
   layer reads every message: through `lurewatch analyze --detectors combined` as in 1, and in-process with
   `analyze_conversation` one conversation at a time, the model loaded outside the timing.

Prints numbers only, never message text. Wall and CPU time both, and the load average before and after: the machine
may be shared, and then the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def traffic(corpus: Path, messages: int, out: Path) -> int:
    """The first `messages` messages of a shared corpus as message JSONL."""
    written = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as source, out.open("w") as sink:
        for line in source:
            row = json.loads(line)
            item = {"conversation_id": row["conversation_id"], "author": row["author"], "text": row["text"] or ""}
            sink.write(json.dumps(item) + "\n")
            written += 1
            if written >= messages:
                break
    return written


def timed_analyze(path: Path, detectors: str) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the analysing process: on a shared machine the CPU time
    varies much less with what else runs than the wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lurewatch", "analyze", str(path), "--format", "json", "--detectors", detectors],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def all_suspicious(data: Path, messages: int) -> float:
    from collections import defaultdict

    from lurewatch.api import analyze_conversation
    from lurewatch.model import Conversation, Message

    by_conversation: dict[str, list[Message]] = defaultdict(list)
    with gzip.open(data / "benign" / "topical_chat.jsonl.gz", "rt", encoding="utf-8") as source:
        for _, line in zip(range(messages), source, strict=False):
            row = json.loads(line)
            by_conversation[row["conversation_id"]].append(Message(author=row["author"], text=row["text"] or ""))
    conversations = [Conversation(id=key, messages=value) for key, value in by_conversation.items()]
    analyze_conversation(conversations[0])  # load the model outside the timing
    started = time.perf_counter()
    for conversation in conversations[1:]:
        analyze_conversation(conversation)
    return sum(len(c.messages) for c in conversations[1:]) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--suspicious", type=int, default=2000, help="messages for the all-suspicious figure")
    args = parser.parse_args()
    runs = [
        ("ordinary chat-room traffic", "irc_ubuntu", args.messages, ("catalogue", "combined")),
        ("all-suspicious traffic", "topical_chat", args.suspicious, ("combined",)),
    ]
    print(f"load average (1 / 5 / 15 min) before: {load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        for name, corpus, messages, detector_runs in runs:
            path = Path(folder) / f"{corpus}.jsonl"
            count = traffic(args.data / "benign" / f"{corpus}.jsonl.gz", messages, path)
            for detectors in detector_runs:
                wall, cpu = timed_analyze(path, detectors)
                print(f"{name}, {detectors:9}: {count:,} messages in {wall:5.1f} s = "
                      f"{count / wall:9,.0f} messages/s (one process, JSON out, start-up included); "
                      f"CPU {cpu:5.1f} s = {count / cpu:9,.0f} messages per CPU second")
    rate = all_suspicious(args.data, args.suspicious)
    print(f"all-suspicious traffic, in-process, one conversation at a time, model loaded: {rate:,.0f} messages/s")
    print(f"load average (1 / 5 / 15 min) after: {load_average()}")


if __name__ == "__main__":
    main()
