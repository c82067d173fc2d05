"""The live `Watcher` at platform scale: messages/s on one core over many interleaved conversations, and the memory an
idle conversation costs (goal: at most 2 KB each).

    python bench/bench_watcher_scale.py [--conversations 100000] [--messages 10] [--detectors catalogue|combined]
                                        [--memory-conversations 20000]

Throughput: `--conversations` conversations of `--messages` messages each (bench/live_traffic.py), message k of every
conversation before message k + 1, through one `Watcher` that keeps them all (`max_conversations`). Only `add` is
timed (wall and CPU time: on a shared machine the CPU figure is the one-core speed). Memory: a fresh Watcher fed `--memory-conversations` conversations the same way, measured with tracemalloc
(everything allocated and still held, less what one warmed-up conversation needed); also the size of each state in the
form the Redis workers store (`state_codec.dumps`).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from statistics import mean

from live_traffic import interleaved

from lurewatch import Watcher
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.state_codec import dumps

ROUND = 100_000  # messages generated, then timed, at a time


def throughput(conversations: int, per_conversation: int, detectors: str) -> tuple[int, float, float, int]:
    watcher = Watcher(max_conversations=conversations, detectors=detectors)  # type: ignore[arg-type]
    watcher.add("warm-up", "a", "hello")
    watcher.forget("warm-up")
    stream = interleaved(conversations, per_conversation)
    done, spent, cpu, alerts = 0, 0.0, 0.0, 0
    while True:
        batch = [(m["conversation_id"], m["author"], m["text"], parse_iso_time(m["time"])) for _, m in zip(range(ROUND), stream, strict=False)]
        if not batch:
            return done, spent, cpu, alerts
        started, started_cpu = time.perf_counter(), time.process_time()
        for cid, author, text, when in batch:
            if watcher.add(cid, author, text, when) is not None:
                alerts += 1
        spent += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        done += len(batch)


def memory(conversations: int, per_conversation: int, detectors: str) -> tuple[float, float]:
    """Bytes held per idle conversation (tracemalloc), and the mean size of its state as the Redis workers store it."""
    messages = [
        (m["conversation_id"], m["author"], m["text"], parse_iso_time(m["time"]))
        for m in interleaved(conversations, per_conversation)
    ]
    watcher = Watcher(max_conversations=conversations, detectors=detectors)  # type: ignore[arg-type]
    for cid, author, text, when in messages[:per_conversation]:  # warm caches (recognizer, normaliser, encoder)
        watcher.add("warm-up" + cid, author, text, when)
    watcher.forget("warm-up" + messages[0][0])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for cid, author, text, when in messages:
        watcher.add(cid, author, text, when)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    stored = mean(len(dumps(state)) for state in watcher._states.values())
    return held / conversations, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=10, help="messages per conversation")
    parser.add_argument("--memory-conversations", type=int, default=20_000)
    parser.add_argument("--detectors", choices=("catalogue", "combined"), default="catalogue")
    args = parser.parse_args()
    done, spent, cpu, alerts = throughput(args.conversations, args.messages, args.detectors)
    print(
        f"Watcher ({args.detectors}): {done:,} messages over {args.conversations:,} interleaved conversations in "
        f"{spent:.1f} s wall, {cpu:.1f} s CPU: {done / spent:,.0f} messages/s wall, {done / cpu:,.0f} per CPU second "
        f"({alerts} alerts)"
    )
    per_conversation, stored = memory(args.memory_conversations, args.messages, args.detectors)
    print(
        f"memory per idle conversation ({args.messages} messages each, {args.memory_conversations:,} conversations): "
        f"{per_conversation:,.0f} bytes in the Watcher (tracemalloc); {stored:,.0f} bytes as stored in Redis"
    )


if __name__ == "__main__":
    main()
