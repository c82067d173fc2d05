"""Throughput with the semantic layer on: ordinary chat-room traffic, and traffic where every message is read by MiniLM.

    python bench/bench_semantic.py [--data ../shared/data] [--messages 200000]

1. Ordinary traffic: the first --messages messages of the IRC #ubuntu corpus written to a temporary JSONL (outside the
   repository), then `lurewatch analyze FILE --format json` in one process, timed end to end, for
   `--detectors catalogue` and `--detectors combined`. Goal: >= 50,000 messages/s combined.
2. All-suspicious traffic: messages per second when every message goes through MiniLM (`SemanticLayer.confirm`).

Prints numbers only, never message text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def ordinary_traffic(data: Path, messages: int, out: Path) -> int:
    written = 0
    with gzip.open(data / "benign" / "irc_ubuntu.jsonl.gz", "rt", encoding="utf-8") as source, out.open("w") as sink:
        for line in source:
            row = json.loads(line)
            item = {"conversation_id": row["conversation_id"], "author": row["author"], "text": row["text"] or ""}
            sink.write(json.dumps(item) + "\n")
            written += 1
            if written >= messages:
                break
    return written


def timed_analyze(path: Path, detectors: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lurewatch", "analyze", str(path), "--format", "json", "--detectors", detectors],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def all_suspicious(data: Path, messages: int) -> float:
    from lurewatch.semantic.layer import default_semantic_layer

    layer = default_semantic_layer()
    with gzip.open(data / "benign" / "topical_chat.jsonl.gz", "rt", encoding="utf-8") as source:
        texts = [json.loads(line)["text"] or "" for _, line in zip(range(messages), source, strict=False)]
    layer.confirm("warm up")
    started = time.perf_counter()
    for text in texts:
        layer.confirm(text)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--suspicious", type=int, default=1000, help="messages for the all-suspicious figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ordinary.jsonl"
        count = ordinary_traffic(args.data, args.messages, path)
        for detectors in ("catalogue", "combined"):
            seconds = timed_analyze(path, detectors)
            print(f"ordinary chat-room traffic, {detectors:9}: {count:,} messages in {seconds:5.1f} s = "
                  f"{count / seconds:9,.0f} messages/s (one process, JSON out, start-up included)")
    rate = all_suspicious(args.data, args.suspicious)
    print(f"all-suspicious traffic (every message read by MiniLM, one message at a time): {rate:,.0f} messages/s")


if __name__ == "__main__":
    main()
