"""Synthetic live chat traffic for the Watcher and Redis benchmarks: many conversations, their messages interleaved as a
platform's message bus would carry them. Ordinary lines from gen_pan12's vocabulary, and in 2% of conversations one
person who also sends mild, non-explicit grooming cues. The same seed gives the same stream."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from gen_pan12 import CUE_SHARE, CUES, _ordinary_line

START = datetime(2026, 1, 1, tzinfo=UTC)


def interleaved(
    conversations: int, per_conversation: int, seed: int = 0, cue_share: float = CUE_SHARE
) -> Iterator[dict[str, str]]:
    """`conversations` x `per_conversation` messages, round robin: message k of every conversation, then k + 1;
    `cue_share` of the conversations have cues."""
    rng = random.Random(seed)
    cued = {c for c in range(conversations) if rng.random() < cue_share}
    for k in range(per_conversation):
        when = (START + timedelta(minutes=k)).isoformat()
        for c in range(conversations):
            author = f"u{c}a" if k % 2 == 0 else f"u{c}b"
            cue = c in cued and k % 2 == 0 and rng.random() < 0.5
            text = rng.choice(CUES) if cue else _ordinary_line(rng).replace("&amp;", "&")
            yield {"conversation_id": f"c{c}", "author": author, "text": text, "time": when}
